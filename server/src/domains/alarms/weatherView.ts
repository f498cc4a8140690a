import type { WeatherWarningView } from '../../../../cards/src/alarms/alarmViews';
import type { MatchedWeatherRule } from './weatherRules';
import type { WarningRow } from './weatherRepo';
import type { Warning } from './weatherTypes';

/** The presenters' view of a warning and what its matched rules do. */
export function warningView(w: Warning, matched: readonly MatchedWeatherRule[], releasedReason: WeatherWarningView['releasedReason'], heldPermits: number): WeatherWarningView {
  const speed = w.parameters.find((p) => p.valueName === 'windSpeedMs');
  return {
    identifier: w.identifier,
    event: w.event,
    level: w.level,
    sender: w.source === 'wind' ? null : w.sender,
    headline: w.headline,
    beaufort: w.beaufort,
    windSpeedMs: w.source === 'wind' && speed ? Number(speed.value) : null,
    expiresAt: w.expires,
    stopTypes: [...new Set(matched.flatMap((m) => m.stopTypes))],
    raiseLevel: [...new Set(matched.flatMap((m) => m.raiseLevel))],
    outdoorOnly: matched.length > 0 && matched.every((m) => m.outdoorOnly),
    evacuate: matched.some((m) => m.evacuate),
    heldPermits,
    releasedReason,
  };
}

/** The view of a stored warning (released ones say why they ended). */
export function warningRowView(row: WarningRow): WeatherWarningView {
  const reason = row.status === 'active' || row.status === 'ignored' ? null : ((row.releaseReason as WeatherWarningView['releasedReason']) ?? 'expired');
  return warningView(row.warning, row.matched, reason, row.heldPermitIds.length);
}

/** The JSON shape of a warning in the HTTP API. */
export function presentWarningJson(row: WarningRow) {
  const w = row.warning;
  return {
    id: row.id,
    identifier: row.identifier,
    status: row.status,
    ignoreReason: row.ignoreReason,
    source: w.source,
    msgType: w.msgType,
    event: w.event,
    eventType: w.eventType,
    level: w.level,
    beaufort: w.beaufort,
    sender: w.sender,
    headline: w.headline,
    sent: w.sent?.toISOString() ?? null,
    onset: w.onset?.toISOString() ?? null,
    expires: w.expires?.toISOString() ?? null,
    references: w.references,
    matchedRules: row.matched,
    holdIds: row.holdIds,
    heldPermitIds: row.heldPermitIds,
    receivedAt: row.receivedAt.toISOString(),
    releasedAt: row.releasedAt?.toISOString() ?? null,
    releaseReason: row.releaseReason,
  };
}
