import type { EvidenceActor } from '../../platform/evidence/evidenceChain';
import type { ServerDeps } from '../../platform/serverDeps';
import type { createPermitHoldService } from '../permits/permitHolds';
import type { AlarmMetrics } from './alarmMetrics';
import type { AlarmPlant } from './alarmPlant';

/** The permits service's hold operations (server/src/domains/permits/permitHolds.ts). */
export type PermitHoldService = ReturnType<typeof createPermitHoldService>;

/** What alarm and weather commands, jobs, routes and card builders share. */
export interface AlarmContext {
  deps: ServerDeps;
  holds: PermitHoldService;
  metrics: AlarmMetrics;
  /** The plant's alarm plan (cached; null when it configures neither dcs nor weather). */
  plantOf(plantId: string): Promise<AlarmPlant | null>;
  /** Runs after an acknowledgement committed: tells the leader's engine when it runs in this process. */
  onAcked(plantId: string, alarmId: string, byLabel: string, at: Date): void;
  /** Platforms with an enabled messenger (group notices skip the others). */
  enabledPlatforms(): Set<string>;
}

/** Subject types in deliveries, sent messages and evidence. */
export const ALARM_SUBJECT = 'alarm';
export const DIGEST_SUBJECT = 'alarm_digest';
export const WEATHER_SUBJECT = 'weather_warning';
export const TAG_SUBJECT = 'dcs_tag';

/** Card and notice kinds of the capability (builders in alarmCardBuilders.ts). */
export const ALARM_CARDS = {
  card: 'alarm.card',
  escalation: 'alarm.escalation',
  digest: 'alarm.digest',
  evacuation: 'alarm.evacuation',
  notice: 'alarm.notice',
  sensor: 'alarm.sensor',
  weather: 'weather.notice',
} as const;

/** Queues of the capability (handlers in alarmJobs.ts). */
export const ALARM_QUEUES = {
  escalate: 'alarms.escalate',
  digest: 'alarms.digest',
  hazard: 'alarms.hazard',
} as const;

/** Evidence actors of machine-made transitions. */
export const ALARM_ACTOR: EvidenceActor = { type: 'system', id: 'alarm', label: 'DCS alarm' };
export const WEATHER_ACTOR: EvidenceActor = { type: 'system', id: 'weather', label: 'weather warning' };
