import { AlarmRefusal } from './alarmMachine';
import { AlarmEvent, AlarmRecord, AlarmRule, EngineEvent, Reading, TrendPoint } from './alarmTypes';

/** Tuning of the engine; every field has a default. */
export interface RuleEngineOptions {
  /** Readings kept per tag for trends and rates (default 1200: 20 min at 1 Hz). */
  bufferCapacity?: number;
  /** Minutes of trend attached to each alarm event (default 10). */
  trendMinutes?: number;
  /** Alarms still open from before a restart (loaded from the database); matched to rules by ruleId. */
  openAlarms?: readonly AlarmRecord[];
  /** Alarm id factory; the default `<ruleId>@<ISO time>` is unique because one rule has one open alarm. */
  newAlarmId?: (rule: AlarmRule, at: Date) => string;
  /** Treat 'uncertain' quality like 'bad' (default false: uncertain values are judged). */
  uncertainIsFault?: boolean;
}

/** Monotonic counters for /metrics. */
export interface EngineCounters {
  readings: number;
  outOfOrder: number;
  duplicates: number;
  invalidTime: number;
  unknownTag: number;
  badReadings: number;
  faultEpisodes: number;
  alarmsRaised: number;
}

/** Per-tag view for /readyz and the dashboard. */
export interface TagSnapshot {
  tagId: string;
  lastValue: number | null;
  lastTime: Date | null;
  stale: boolean;
  faulted: boolean;
}

/** Serializable engine state. */
export interface EngineSnapshot {
  alarms: AlarmRecord[];
  tags: TagSnapshot[];
  counters: EngineCounters;
  /** Restored alarms whose rule no longer exists (the caller should close them). */
  orphanAlarms: AlarmRecord[];
}

/** Acknowledgement outcome: the lifecycle events, or why nothing happened. */
export type AckResult = { events: AlarmEvent[] } | AlarmRefusal;

/** The stateful, I/O-free rule engine. Every method takes the current time; nothing reads a clock. */
export interface RuleEngine {
  /** Judges one reading. O(rules on that tag), independent of history length. */
  ingest(reading: Reading, now: Date): EngineEvent[];
  /** Advances sustain/clear timers when values stop changing (OPC UA reports on change only). */
  tick(now: Date): EngineEvent[];
  acknowledge(alarmId: string, by: string, now: Date): AckResult;
  /** Set by a source on disconnect/reconnect; emits 'stale'/'fresh' once per change. */
  setStale(tagIds: readonly string[], stale: boolean, now: Date): EngineEvent[];
  /** The recent readings of a tag, oldest first. */
  trend(tagId: string): TrendPoint[];
  snapshot(): EngineSnapshot;
}
