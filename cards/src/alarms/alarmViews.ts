/**
 * Plain data the alarm presenters take. The server-side builders load rows and fill these; the
 * presenters never query anything.
 */

/** Alarm priority, lowest first. */
export type AlarmSeverity = 'low' | 'medium' | 'high' | 'critical';

/** One alarm episode as cards show it. */
export interface AlarmView {
  id: string;
  /** Readable code, e.g. BJ-20261124-0001. */
  code: string;
  label: string;
  tagId: string;
  uom: string | null;
  areaName: string | null;
  unitName: string | null;
  severity: AlarmSeverity;
  ruleKind: 'high' | 'low' | 'deviation' | 'rate';
  /** Setpoint and deviation of deviation rules; sustain of any rule. */
  setpoint?: number;
  deviation?: number;
  sustainSeconds?: number;
  triggerValue: number;
  peakValue: number;
  limitValue: number;
  condition: 'active' | 'cleared';
  raisedAt: Date;
  clearedAt: Date | null;
  ackedAt: Date | null;
  ackedBy: string | null;
  closedAt: Date | null;
  /** Permits held because of this alarm. */
  heldPermits: number;
  /** Stored trend chart (PNG), if any. */
  trendFileId: string | null;
  escalationLevel: number;
}

/** Rendering context every presenter needs. */
export interface PresentOptions {
  locale: string;
  /** IANA zone for times (plant time). */
  timezone: string;
  now: Date;
}

/** One held or stopped permit whose crew is told to stop or withdraw. */
export interface EvacuationView {
  /** Why: an alarm (code + text) or a weather warning (headline). */
  cause: 'alarm' | 'weather';
  causeText: string;
  /** Withdraw to a safe place (true) or only stop work (false). */
  evacuate: boolean;
  permitCode: string | null;
  place: string | null;
  at: Date;
}

/** A weather warning and what it did. */
export interface WeatherWarningView {
  identifier: string;
  event: string;
  level: 'blue' | 'yellow' | 'orange' | 'red' | null;
  sender: string | null;
  headline: string | null;
  beaufort: number | null;
  windSpeedMs: number | null;
  expiresAt: Date | null;
  stopTypes: string[];
  raiseLevel: string[];
  outdoorOnly: boolean;
  evacuate: boolean;
  heldPermits: number;
  /** Set when the warning ended (cancel, update, expiry, calm wind). */
  releasedReason: 'cancel' | 'update' | 'expired' | 'wind_calm' | null;
}
