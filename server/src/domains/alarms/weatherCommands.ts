import { randomUUID } from 'node:crypto';
import { weatherTitle } from '../../../../cards/src/alarms/presentWeatherNotice';
import { t } from '../../../../cards/src/i18n/catalogue';
import type { Tx } from '../../platform/db/db';
import { enqueueDelivery } from '../../platform/delivery/delivery';
import { appendEvidence } from '../../platform/evidence/evidenceChain';
import { ALARM_CARDS, WEATHER_ACTOR, WEATHER_SUBJECT, type AlarmContext } from './alarmContext';
import { notifyCrews } from './alarmNotify';
import type { AlarmPlant } from './alarmPlant';
import { weatherGroups } from './alarmRecipients';
import { insertWarning, loadWarningForUpdate, releaseWarning, type WarningStatus } from './weatherRepo';
import type { WeatherEffect } from './weatherTracker';
import type { Warning } from './weatherTypes';
import { warningBeaufort } from './weatherRules';
import { warningView } from './weatherView';

const RELEASE_STATUS: Record<Extract<WeatherEffect, { kind: 'release' }>['reason'], WarningStatus> = {
  cancel: 'cancelled',
  update: 'replaced',
  expired: 'expired',
  wind_calm: 'ended',
};

/**
 * Carries out the tracker's effects, each in its own transaction: a warning that applies gets its
 * row, holds on the outdoor permits of the stopped types (which also block new applications until
 * it expires), a level raise on new applications of the raised types (outdoor hot work at force 5),
 * evacuation cards to the crews when the rule says so, and a group notice; a release (cancel,
 * update, expiry, calm wind) lifts exactly the holds and raises that warning placed.
 */
export async function applyWeatherEffects(ctx: AlarmContext, plant: AlarmPlant, effects: readonly WeatherEffect[], message: Warning | null = null): Promise<void> {
  for (const effect of effects) {
    const started = Date.now();
    await ctx.deps.db.transaction(async (tx) => {
      if (effect.kind === 'apply') {
        for (const old of effect.replaces) await release(ctx, tx, plant, old, 'update');
        await apply(ctx, tx, plant, effect);
      } else if (effect.kind === 'release') {
        for (const id of effect.identifiers) await release(ctx, tx, plant, id, effect.reason);
        // The Cancel message itself is remembered too, so a restart does not replay it as unknown.
        if (message?.msgType === 'Cancel' && effect.reason === 'cancel') {
          await insertWarning(tx, { id: randomUUID(), plantId: plant.plantId, warning: message, status: 'ended', matched: [], receivedAt: ctx.deps.now() });
        }
      } else {
        await ignore(ctx, tx, plant, effect);
      }
    });
    ctx.metrics.commandSeconds.observe({ kind: `weather_${effect.kind}` }, (Date.now() - started) / 1000);
  }
}

async function apply(ctx: AlarmContext, tx: Tx, plant: AlarmPlant, effect: Extract<WeatherEffect, { kind: 'apply' }>): Promise<void> {
  const { warning, decision } = effect;
  const now = ctx.deps.now();
  const id = randomUUID();
  if (!(await insertWarning(tx, { id, plantId: plant.plantId, warning, status: 'active', matched: decision.matched, receivedAt: now }))) return;
  const view = warningView(warning, decision.matched, null, 0);
  const title = weatherTitle(view, plant.locale);
  const holdIds: string[] = [];
  const held = new Set<string>();
  const evacuated = new Set<string>();
  // Per outdoor/anywhere split: one hold covering every stopped type of the matched rules, and one
  // level raise on new applications of the raised types (outdoor hot work at force 5, 5.2.15);
  // running permits keep the level they were approved at.
  const raiseIds: string[] = [];
  const beaufort = plant.weather ? warningBeaufort(plant.weather.policy, warning) : warning.beaufort;
  const reason = t(plant.locale, 'alarms.hold.reason.weather', { title });
  for (const outdoorOnly of [true, false]) {
    const rules = decision.matched.filter((m) => m.outdoorOnly === outdoorOnly);
    const stopTypes = [...new Set(rules.flatMap((m) => m.stopTypes))];
    if (stopTypes.length) {
      const hold = await ctx.holds.placeHold(tx, {
        plantId: plant.plantId, scope: { types: stopTypes, outdoorOnly }, source: 'weather', sourceId: warning.identifier,
        reason, blockNewApplications: true, until: warning.expires, actor: WEATHER_ACTOR,
      });
      holdIds.push(hold.holdId);
      hold.affectedPermitIds.forEach((p) => held.add(p));
      if (rules.some((m) => m.evacuate && m.stopTypes.length)) hold.affectedPermitIds.forEach((p) => evacuated.add(p));
    }
    const raiseTypes = [...new Set(rules.flatMap((m) => m.raiseLevel))];
    if (raiseTypes.length) {
      const raise = await ctx.holds.placeLevelRaise(tx, {
        plantId: plant.plantId, scope: { types: raiseTypes, outdoorOnly }, source: 'weather', sourceId: warning.identifier,
        reason, beaufort, until: warning.expires, actor: WEATHER_ACTOR,
      });
      raiseIds.push(raise.restrictionId);
    }
  }
  await tx.query('UPDATE weather_warnings SET hold_ids = $3, held_permit_ids = $4 WHERE plant_id = $1 AND id = $2', [plant.plantId, id, holdIds, [...held]]);
  await appendEvidence(tx, {
    plantId: plant.plantId, kind: 'weather.applied', subjectType: WEATHER_SUBJECT, subjectId: id, actor: WEATHER_ACTOR, occurredAt: now,
    data: {
      identifier: warning.identifier, source: warning.source, msgType: warning.msgType, event: warning.event, eventType: warning.eventType,
      level: warning.level, beaufort: warning.beaufort, expires: warning.expires, replaces: effect.replaces, matched: decision.matched,
      holdIds, affectedPermitIds: [...held], levelRaiseIds: raiseIds,
    },
  });
  await notifyCrews(ctx, tx, plant.plantId, [...evacuated], { subjectType: WEATHER_SUBJECT, subjectId: id, cause: 'weather', causeText: title, evacuate: true }, now);
  await noticeGroups(ctx, tx, plant, id);
  ctx.metrics.weatherWarnings.inc({ outcome: 'applied' });
}

async function release(ctx: AlarmContext, tx: Tx, plant: AlarmPlant, identifier: string, reason: keyof typeof RELEASE_STATUS): Promise<void> {
  const row = await loadWarningForUpdate(tx, plant.plantId, identifier);
  if (!row || row.status !== 'active') return;
  const now = ctx.deps.now();
  const released = await ctx.holds.releaseHoldsBySource(tx, { plantId: plant.plantId, source: 'weather', sourceId: identifier, actor: WEATHER_ACTOR });
  await releaseWarning(tx, plant.plantId, row.id, RELEASE_STATUS[reason], reason, now);
  await appendEvidence(tx, {
    plantId: plant.plantId, kind: 'weather.released', subjectType: WEATHER_SUBJECT, subjectId: row.id, actor: WEATHER_ACTOR, occurredAt: now,
    data: { identifier, reason, releasedHoldIds: released.holdIds, releasedRestrictionIds: released.restrictionIds },
  });
  await noticeGroups(ctx, tx, plant, row.id);
  ctx.metrics.weatherWarnings.inc({ outcome: `released_${reason}` });
}

async function ignore(ctx: AlarmContext, tx: Tx, plant: AlarmPlant, effect: Extract<WeatherEffect, { kind: 'ignored' }>): Promise<void> {
  ctx.metrics.weatherWarnings.inc({ outcome: `ignored_${effect.reason}` });
  if (effect.reason === 'duplicate') return;
  const w = effect.warning;
  const log = effect.reason === 'unknown_reference' ? ctx.deps.log.warn.bind(ctx.deps.log) : ctx.deps.log.info.bind(ctx.deps.log);
  log({ plant: plant.plantId, identifier: w.identifier, msgType: w.msgType, event: w.event, reason: effect.reason }, 'weather warning changes nothing here');
  // Remembered so a restart does not treat it as new (the identifier is unique per plant).
  await insertWarning(tx, { id: randomUUID(), plantId: plant.plantId, warning: w, status: 'ignored', ignoreReason: effect.reason, matched: [], receivedAt: ctx.deps.now() });
}

async function noticeGroups(ctx: AlarmContext, tx: Tx, plant: AlarmPlant, warningRowId: string): Promise<void> {
  for (const groupKey of weatherGroups(plant, ctx.enabledPlatforms())) {
    await enqueueDelivery(tx, ctx.deps.jobs, plant.plantId, { groupKey }, { type: 'notice', kind: ALARM_CARDS.weather, subjectType: WEATHER_SUBJECT, subjectId: warningRowId });
  }
}
