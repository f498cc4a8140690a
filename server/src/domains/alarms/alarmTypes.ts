/**
 * Shared shapes of the alarms capability: readings coming in from the signal sources (OPC UA, MQTT),
 * the rules that judge them, the alarms they raise and the events the rule engine returns.
 * Types only: no behaviour lives here.
 */

/** OPC UA-style quality of one reading. Only 'good' and 'uncertain' values are judged. */
export type Quality = 'good' | 'bad' | 'uncertain';

/** One sample of one tag, as delivered by a source. */
export interface Reading {
  /** Plant-wide tag id (the configured name, not the OPC UA NodeId). */
  tagId: string;
  /** Expected to be a finite number; anything else is treated as a sensor fault. */
  value: unknown;
  quality: Quality;
  /** When the field device / DCS sampled the value (not when we received it). */
  sourceTime: Date;
}

/** Alarm priority, lowest first. */
export type Severity = 'low' | 'medium' | 'high' | 'critical';

/** Which side of a deviation or a rate counts. */
export type Direction = 'both' | 'up' | 'down';

/** Settings every rule kind shares. */
export interface RuleBase {
  /** Stable id from the plant config; alarms reference it. */
  id: string;
  tagId: string;
  severity: Severity;
  /** The condition must hold continuously this long before an alarm is raised (default 0). */
  sustainSeconds?: number;
  /** Hysteresis: the value must be this far back inside the limit to count as normal (default 0). */
  deadband?: number;
  /** The value must stay back inside the deadband this long before the alarm clears (default 0). */
  clearSeconds?: number;
  /** Engineering unit, only for messages (`ppm`, `%LEL`, `°C`). */
  unit?: string;
  /** Human label of the measured point, only for messages (`R-101 温度`). */
  label?: string;
}

/** Alarm when value ≥ limit. */
export interface HighLimitRule extends RuleBase {
  kind: 'high';
  limit: number;
}

/** Alarm when value ≤ limit. */
export interface LowLimitRule extends RuleBase {
  kind: 'low';
  limit: number;
}

/** Alarm when the value strays more than `deviation` from `setpoint` (|v − sp| > d, or one side only). */
export interface DeviationRule extends RuleBase {
  kind: 'deviation';
  setpoint: number;
  deviation: number;
  /** 'up' = only v − sp > d, 'down' = only sp − v > d (default 'both'). */
  direction?: Direction;
}

/** Alarm when the value changes faster than `ratePerMinute`, measured across `windowSeconds`. */
export interface RateOfChangeRule extends RuleBase {
  kind: 'rate';
  /** Threshold in units per minute (≥ trips). */
  ratePerMinute: number;
  /** Span of readings the rate is measured over; no rate is computed before half of it is covered. */
  windowSeconds: number;
  /** 'up' = rising only, 'down' = falling only (default 'both'). */
  direction?: Direction;
}

/** Any alarm rule the engine understands. */
export type AlarmRule = HighLimitRule | LowLimitRule | DeviationRule | RateOfChangeRule;

/** Kind discriminator of a rule. */
export type RuleKind = AlarmRule['kind'];

/** One trend point: epoch milliseconds and value (compact, JSON-friendly). */
export interface TrendPoint {
  t: number;
  v: number;
}

/** Who acknowledged an alarm, and when. */
export interface Acknowledgement {
  by: string;
  at: Date;
}

/**
 * One alarm = one rule episode. It is open from raise until it is both acknowledged and cleared
 * (in either order); while it is open the rule raises nothing new (a relapse re-activates it).
 */
export interface AlarmRecord {
  alarmId: string;
  ruleId: string;
  tagId: string;
  kind: RuleKind;
  severity: Severity;
  /** 'active' while the condition is (still) judged abnormal, 'cleared' once it returned to normal. */
  condition: 'active' | 'cleared';
  acknowledged: Acknowledgement | null;
  raisedAt: Date;
  clearedAt: Date | null;
  closedAt: Date | null;
  /** The measured quantity when raised (the value, or the rate per minute for rate rules). */
  triggerValue: number;
  /** Worst measured quantity seen while active. */
  peakValue: number;
  /** The threshold crossed, in the same quantity as triggerValue. */
  limit: number;
  /** How many times a cleared-but-unacknowledged alarm came back. */
  relapses: number;
}

/** Kinds of alarm lifecycle events. */
export type AlarmEventKind = 'alarm_raised' | 'alarm_acknowledged' | 'alarm_cleared' | 'alarm_reactivated' | 'alarm_closed';

/** A lifecycle transition of one alarm, with the recent trend of its tag. */
export interface AlarmEvent {
  kind: AlarmEventKind;
  at: Date;
  tagId: string;
  /** The alarm after the transition. */
  alarm: AlarmRecord;
  /** Readings of the tag over the last trend window, oldest first. */
  trend: TrendPoint[];
}

/** Why a reading could not be judged. */
export type FaultReason = 'bad_quality' | 'not_a_number';

/** A tag's sensor started (once per episode) or stopped producing unusable readings. */
export interface SensorEvent {
  kind: 'sensor_fault' | 'sensor_recovered';
  at: Date;
  tagId: string;
  /** Set on 'sensor_fault'. */
  reason?: FaultReason;
}

/** A source lost (stale) or regained (fresh) its connection for a tag. */
export interface StaleEvent {
  kind: 'stale' | 'fresh';
  at: Date;
  tagId: string;
}

/** Everything the rule engine returns. */
export type EngineEvent = AlarmEvent | SensorEvent | StaleEvent;

/** Connection state of one source endpoint or tag, for /readyz. */
export type SourceState = 'connecting' | 'up' | 'down' | 'fault';

/** The pino-compatible subset of a logger that the signal sources use. */
export interface SignalLogger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

/**
 * A source reporting a change in its health. Feed `stale`/`tagIds` to `engine.setStale`, and the
 * state to /readyz. 'fault' with one tagId = that tag cannot be read (e.g. unknown NodeId).
 */
export interface SourceStatusChange {
  /** Endpoint id (OPC UA) or broker id (MQTT). */
  sourceId: string;
  state: SourceState;
  /** True while the tags' values cannot be trusted to be current. */
  stale: boolean;
  tagIds: string[];
  /** Stable reason code, e.g. 'connection_lost', 'BadNodeIdUnknown'. */
  reason?: string;
}
