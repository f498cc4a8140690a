import { AlarmEventKind, AlarmRecord, AlarmRule } from './alarmTypes';

/** A lifecycle action on one open alarm. Raising is `openAlarm`, not an action. */
export type AlarmAction = { type: 'acknowledge'; by: string } | { type: 'clear' } | { type: 'reactivate' };

/** Stable refusal codes (message keys in cards/src/i18n/messages/alarms.ts). */
export type AlarmRefusalCode =
  | 'alarms.refusal.unknown_alarm'
  | 'alarms.refusal.closed'
  | 'alarms.refusal.already_acknowledged'
  | 'alarms.refusal.not_active'
  | 'alarms.refusal.not_cleared';

/** Why an action was not applied; `params` fill the message placeholders. */
export interface AlarmRefusal {
  refusal: AlarmRefusalCode;
  params: Record<string, string>;
}

/** The alarm after an action and the lifecycle events it produced, in order. */
export interface AlarmTransition {
  next: AlarmRecord;
  events: AlarmEventKind[];
}

/** Creates the alarm of a new rule episode (state raised: active, unacknowledged). */
export function openAlarm(alarmId: string, rule: AlarmRule, measured: number, limit: number, now: Date): AlarmRecord {
  return {
    alarmId,
    ruleId: rule.id,
    tagId: rule.tagId,
    kind: rule.kind,
    severity: rule.severity,
    condition: 'active',
    acknowledged: null,
    raisedAt: now,
    clearedAt: null,
    closedAt: null,
    triggerValue: measured,
    peakValue: measured,
    limit,
    relapses: 0,
  };
}

/** True once the alarm is both acknowledged and cleared. */
export function isClosed(alarm: AlarmRecord): boolean {
  return alarm.closedAt !== null;
}

/**
 * Lifecycle: raised → acknowledged → cleared, where acknowledge and clear may come in either order
 * and the alarm closes as soon as both happened. A cleared but unacknowledged alarm whose
 * condition comes back is re-activated (ISA-18.2 "return to normal unacknowledged"), so one rule
 * episode never produces two alarms.
 */
export function alarmTransition(alarm: AlarmRecord, action: AlarmAction, now: Date): AlarmTransition | AlarmRefusal {
  if (isClosed(alarm)) return refuse('alarms.refusal.closed', alarm);
  switch (action.type) {
    case 'acknowledge': {
      if (alarm.acknowledged) {
        return refuse('alarms.refusal.already_acknowledged', alarm, {
          by: alarm.acknowledged.by,
          at: alarm.acknowledged.at.toISOString(),
        });
      }
      const next: AlarmRecord = { ...alarm, acknowledged: { by: action.by, at: now } };
      return closeIfDone(next, ['alarm_acknowledged'], now);
    }
    case 'clear': {
      if (alarm.condition !== 'active') return refuse('alarms.refusal.not_active', alarm);
      const next: AlarmRecord = { ...alarm, condition: 'cleared', clearedAt: now };
      return closeIfDone(next, ['alarm_cleared'], now);
    }
    case 'reactivate': {
      if (alarm.condition !== 'cleared') return refuse('alarms.refusal.not_cleared', alarm);
      const next: AlarmRecord = { ...alarm, condition: 'active', clearedAt: null, relapses: alarm.relapses + 1 };
      return { next, events: ['alarm_reactivated'] };
    }
  }
}

/** Narrows a transition (or engine acknowledgement) result. */
export function isRefusal<T extends object>(r: T | AlarmRefusal): r is AlarmRefusal {
  return 'refusal' in r;
}

function closeIfDone(next: AlarmRecord, events: AlarmEventKind[], now: Date): AlarmTransition {
  if (next.acknowledged && next.condition === 'cleared') {
    return { next: { ...next, closedAt: now }, events: [...events, 'alarm_closed'] };
  }
  return { next, events };
}

function refuse(code: AlarmRefusalCode, alarm: AlarmRecord, extra: Record<string, string> = {}): AlarmRefusal {
  return { refusal: code, params: { alarmId: alarm.alarmId, ...extra } };
}
