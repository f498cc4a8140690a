import type { AlarmView } from '../../../../cards/src/alarms/alarmViews';
import type { AlarmPlant } from './alarmPlant';
import type { AlarmRow } from './alarmRepo';

/** The presenters' view of a stored alarm, with area/unit names from the plant. */
export function toAlarmView(a: AlarmRow, plant: Pick<AlarmPlant, 'areas' | 'units'> | null): AlarmView {
  const rule = a.rule;
  return {
    id: a.id,
    code: a.code,
    label: a.label,
    tagId: a.tagId,
    uom: a.uom,
    areaName: a.areaKey ? (plant?.areas.get(a.areaKey)?.name ?? a.areaKey) : null,
    unitName: a.unitKey ? (plant?.units.get(a.unitKey)?.name ?? a.unitKey) : null,
    severity: a.severity,
    ruleKind: a.ruleKind,
    setpoint: rule.kind === 'deviation' ? rule.setpoint : undefined,
    deviation: rule.kind === 'deviation' ? rule.deviation : undefined,
    sustainSeconds: rule.sustainSeconds,
    triggerValue: a.triggerValue,
    peakValue: a.peakValue,
    limitValue: a.limitValue,
    condition: a.condition,
    raisedAt: a.raisedAt,
    clearedAt: a.clearedAt,
    ackedAt: a.ackedAt,
    ackedBy: a.ackedByLabel,
    closedAt: a.closedAt,
    heldPermits: a.heldPermitIds.length,
    trendFileId: a.trendFileId,
    escalationLevel: a.escalationLevel,
  };
}

/** The JSON shape of an alarm in the HTTP API. */
export function presentAlarmJson(a: AlarmRow, plant: Pick<AlarmPlant, 'areas' | 'units'> | null) {
  return {
    id: a.id,
    code: a.code,
    ruleId: a.ruleId,
    kind: a.ruleKind,
    tagId: a.tagId,
    label: a.label,
    uom: a.uom,
    areaKey: a.areaKey,
    areaName: a.areaKey ? (plant?.areas.get(a.areaKey)?.name ?? null) : null,
    unitKey: a.unitKey,
    unitName: a.unitKey ? (plant?.units.get(a.unitKey)?.name ?? null) : null,
    severity: a.severity,
    status: a.closedAt ? 'closed' : a.ackedAt ? 'acknowledged' : a.condition === 'cleared' ? 'cleared' : 'active',
    condition: a.condition,
    raisedAt: a.raisedAt.toISOString(),
    acknowledgedAt: a.ackedAt?.toISOString() ?? null,
    acknowledgedBy: a.ackedBy ? { personId: a.ackedBy, name: a.ackedByLabel } : null,
    clearedAt: a.clearedAt?.toISOString() ?? null,
    closedAt: a.closedAt?.toISOString() ?? null,
    triggerValue: a.triggerValue,
    peakValue: a.peakValue,
    limit: a.limitValue,
    relapses: a.relapses,
    holdIds: a.holdIds,
    heldPermitIds: a.heldPermitIds,
    restrictionId: a.restrictionId,
    trendFileId: a.trendFileId,
    escalationLevel: a.escalationLevel,
    hazardId: a.hazardId,
    version: a.version,
  };
}
