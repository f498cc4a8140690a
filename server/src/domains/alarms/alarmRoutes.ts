import { z } from 'zod';
import { actorOf } from '../../platform/auth/principal';
import { AppError } from '../../platform/errors';
import { listEvidence } from '../../platform/evidence/evidenceChain';
import { runCommand } from '../../platform/http/idempotency';
import type { ServerDeps } from '../../platform/serverDeps';
import { ackAlarm } from './alarmAck';
import { ALARM_SUBJECT, type AlarmContext } from './alarmContext';
import { listAlarms, loadAlarm } from './alarmRepo';
import type { PlantAlarmRuntime } from './alarmRuntime';
import { presentAlarmJson } from './alarmView';
import { listWarnings } from './weatherRepo';
import { presentWarningJson } from './weatherView';

const key = z.string().regex(/^[a-z0-9][a-z0-9_-]{0,63}$/);
const AlarmsListQuery = z.object({
  status: z.enum(['open', 'active', 'unacked', 'closed', 'all']).default('all'),
  areaKey: key.optional(),
  tagId: z.string().min(1).max(80).optional(),
  severity: z.enum(['low', 'medium', 'high', 'critical']).optional(),
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
  before: z.iso.datetime({ offset: true }).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
const IdParams = z.object({ id: z.uuid() });

/**
 * Alarm and weather routes: the alarm list (filters), one alarm with its evidence timeline and live
 * trend, acknowledgement (alarm.ack, Idempotency-Key honoured) and the weather warnings.
 */
export function registerAlarmRoutes(deps: ServerDeps, ctx: AlarmContext, runtimeOf: (plantId: string) => PlantAlarmRuntime | undefined): void {
  const { api, db } = deps;
  const tags = ['alarms'];

  api.route({
    method: 'get', path: '/api/alarms', summary: 'List alarms (filters: status, area, tag, severity, time range; newest first)', tags,
    right: 'alarm.read', query: AlarmsListQuery,
    handler: async (_ctx, { principal, query }) => {
      const date = (s?: string) => (s ? new Date(s) : undefined);
      const rows = await listAlarms(db, principal.plantId, {
        status: query.status === 'all' ? undefined : query.status, areaKey: query.areaKey, tagId: query.tagId, severity: query.severity,
        from: date(query.from), to: date(query.to), before: date(query.before), limit: query.limit,
      });
      const plant = await ctx.plantOf(principal.plantId);
      const last = rows.length === query.limit ? rows[rows.length - 1] : null;
      return { items: rows.map((r) => presentAlarmJson(r, plant)), nextBefore: last ? last.raisedAt.toISOString() : null };
    },
  });

  api.route({
    method: 'get', path: '/api/alarms/:id', summary: 'One alarm with its evidence timeline and (on the leader) the live trend', tags,
    right: 'alarm.read', params: IdParams,
    handler: async (_ctx, { principal, params }) => {
      const row = await loadAlarm(db, principal.plantId, params.id);
      if (!row) throw new AppError('not_found', 'alarm not found', { alarmId: params.id });
      const plant = await ctx.plantOf(principal.plantId);
      const timeline = await listEvidence(db, principal.plantId, ALARM_SUBJECT, row.id);
      const runtime = runtimeOf(principal.plantId);
      return {
        ...presentAlarmJson(row, plant),
        timeline: timeline.map((e) => ({ seq: e.seq, kind: e.kind, at: e.occurredAt.toISOString(), actor: e.actor, data: e.data, hash: e.hash })),
        liveTrend: runtime ? runtime.trend(row.tagId).map((p) => ({ t: new Date(p.t).toISOString(), v: p.v })) : null,
      };
    },
  });

  api.route({
    method: 'post', path: '/api/alarms/:id/ack', summary: 'Acknowledge an alarm (stops escalation; closes it if it already cleared)', tags,
    right: 'alarm.ack', params: IdParams, idempotent: true, status: 200,
    handler: async (ctx2, { principal, params }) => {
      const plant = await ctx.plantOf(principal.plantId);
      return runCommand(db, ctx2, principal, async (tx) => {
        const row = await ackAlarm(ctx, tx, {
          plantId: principal.plantId, alarmId: params.id, personId: principal.personId, byLabel: principal.label, actor: actorOf(principal), locale: principal.locale,
        });
        return presentAlarmJson(row, plant);
      });
    },
  });

  api.route({
    method: 'get', path: '/api/weather/warnings', summary: 'Weather warnings received for the plant (active, or all with what was done)', tags: ['weather'],
    right: 'alarm.read', query: z.object({ status: z.enum(['active', 'all']).default('active'), limit: z.coerce.number().int().min(1).max(200).default(50) }),
    handler: async (_ctx, { principal, query }) => ({ items: (await listWarnings(db, principal.plantId, query)).map(presentWarningJson) }),
  });
}
