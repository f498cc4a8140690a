import { randomUUID } from 'node:crypto';
import type { BotEvent } from '../../../../bot/src/messenger';
import { ACTIONS } from '../../../../cards/src/actions';
import { actionRef, button, card, field, finishCard, notice } from '../../../../cards/src/model';
import { actorOf } from '../../platform/auth/principal';
import type { BotCommandContext } from '../../platform/bot/commandRegistry';
import { enqueueCardRefresh, enqueueDelivery } from '../../platform/delivery/delivery';
import { appendEvidence } from '../../platform/evidence/evidenceChain';
import type { ServerDeps, ServerModule } from '../../platform/serverDeps';

/** What the probe saw; `gate`, when set, holds texts and card clicks in their listener until it resolves. */
export interface ProbeState {
  events: BotEvent[];
  gate: Promise<void> | null;
}

/**
 * A stand-in capability for the DingTalk tests and the benchmark: text and image listeners, a
 * card (`probe.card`) whose button runs a command that records evidence and refreshes the card,
 * a button that needs a right most people lack, and a group notice. Effects are evidence rows,
 * so "one effect" is a count.
 */
export function probeModule(state: ProbeState): ServerModule {
  return {
    name: 'dingtalk-probe',
    register(deps: ServerDeps) {
      const record = (kind: string, subjectId: string) => ({
        run: async ({ tx, principal, payload }: BotCommandContext) => {
          if (kind === 'probe.clicked') await enqueueCardRefresh(tx, deps.jobs, principal.plantId, 'probe', String(payload.subjectId));
          // Evidence last, as domain commands do: the chain-head lock is then held only until the commit.
          await appendEvidence(tx, { plantId: principal.plantId, kind, subjectType: 'probe', subjectId: String(payload.subjectId ?? subjectId), actor: actorOf(principal), occurredAt: deps.now(), data: payload });
        },
      });
      deps.commands.register('probe.note', record('probe.noted', 'chat'));
      deps.commands.register('probe.click', record('probe.clicked', 'card'));
      deps.commands.register('probe.privileged', { right: 'admin.sync', ...record('probe.privileged', 'card') });
      deps.router.on('text', async (ev, bus) => {
        state.events.push(ev);
        if (state.gate) await state.gate;
        await bus.execute(ev, 'probe.note', { text: ev.text ?? '' });
        return true;
      });
      deps.router.on('image', async (ev, bus) => {
        state.events.push(ev);
        await bus.execute(ev, 'probe.note', { fileId: ev.image?.fileId ?? '' });
        return true;
      });
      deps.router.onAction(ACTIONS.noop, async (ev, bus) => {
        state.events.push(ev);
        if (state.gate) await state.gate;
        await bus.execute(ev, 'probe.click', { subjectId: ev.action?.subjectId ?? '' });
      });
      deps.router.onAction(ACTIONS.permit_ack, async (ev, bus) => {
        state.events.push(ev);
        if (state.gate) await state.gate;
        await bus.execute(ev, 'probe.privileged', { subjectId: ev.action?.subjectId ?? '' });
      });
      deps.cards.register('probe.card', async (ctx) => {
        const r = await ctx.q.query<{ n: number }>(
          "SELECT count(*)::int AS n FROM evidence_events WHERE plant_id = $1 AND subject_type = 'probe' AND subject_id = $2 AND kind = 'probe.clicked'",
          [ctx.plantId, ctx.subjectId],
        );
        const ref = (a: typeof ACTIONS.noop | typeof ACTIONS.permit_ack) => actionRef(a, 'probe', ctx.subjectId, ctx.cardVersion);
        const c = card('probe.card', '探针卡片', {
          locale: ctx.locale === 'en' ? 'en' : 'zh-CN',
          fields: [field('编号', ctx.subjectId.slice(0, 8))],
          buttons: [button('处理', ref(ACTIONS.noop), 'primary'), button('需要权限', ref(ACTIONS.permit_ack))],
        });
        return r.rows[0].n > 0 ? finishCard(c, `已处理 ×${r.rows[0].n}`) : c;
      });
      deps.cards.register('probe.notice', async () => notice('罐区通知', '**T-203** 呼吸阀已更换'));
    },
  };
}

/** Sends a probe card to a demo person through the delivery job; returns the subject id. */
export async function sendProbeCard(deps: ServerDeps, personKey: string, subjectId: string = randomUUID()): Promise<string> {
  const plantId = (await deps.directory.plantIds())[0];
  const person = await deps.directory.personByKey(plantId, personKey);
  if (!person) throw new Error(`no person ${personKey}`);
  await deps.db.transaction((tx) => enqueueDelivery(tx, deps.jobs, plantId, { personId: person.id }, { type: 'card', kind: 'probe.card', subjectType: 'probe', subjectId }));
  return subjectId;
}

/** Evidence rows of one kind (optionally for one subject): the effect count. */
export async function effects(deps: ServerDeps, kind: string, subjectId?: string): Promise<number> {
  const r = await deps.db.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM evidence_events WHERE kind = $1 ${subjectId ? 'AND subject_id = $2' : ''}`,
    subjectId ? [kind, subjectId] : [kind],
  );
  return r.rows[0].n;
}

/** The outTrackId of the card sent about a subject, once the delivery job has run. */
export async function outTrackIdOf(deps: ServerDeps, subjectId: string): Promise<string | null> {
  const r = await deps.db.query<{ t: string }>("SELECT sent_ref -> 'ref' ->> 'outTrackId' AS t FROM sent_messages WHERE platform = 'dingtalk' AND subject_id = $1", [subjectId]);
  return r.rows[0]?.t ?? null;
}
