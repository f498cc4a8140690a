import {
  HAZARD_UPDATE_KINDS,
  HazardCardEnv,
  HazardUpdateKind,
  presentHazardAssignmentCard,
  presentHazardClosedCard,
  presentHazardClosedNotice,
  presentHazardDelegatePickCard,
  presentHazardDraftCard,
  presentHazardEscalationCard,
  presentHazardEscalationNotice,
  presentHazardReinspectionCard,
  presentHazardReminderCard,
  presentHazardReportedNotice,
  presentHazardReturnedCard,
  presentHazardTriageCard,
  presentHazardUpdateCard,
  presentHazardVerificationCard,
} from '../../../../cards/src/hazards';
import type { Locale } from '../../../../cards/src/i18n/messageTypes';
import { t } from '../../../../cards/src/i18n/catalogue';
import { isNotice, type Card, type Notice } from '../../../../cards/src/model';
import { hasRight } from '../../platform/auth/principal';
import type { CardBuildContext } from '../../platform/delivery/deliveryTypes';
import type { ServerDeps } from '../../platform/serverDeps';
import { getConversationAny } from './conversationState';
import { LoadedHazard, loadCardHazard } from './hazardCardViews';
import { draftView, HazardDraft } from './hazardDraftState';
import { escalationPerson } from './hazardNotify';
import { loadHazardPolicy } from './hazardPolicy';
import { HAZARD_RIGHTS } from './hazardTypes';

/**
 * Server-side card builders: load current data, work out what the viewer may do, call the pure
 * presenters in cards/src/hazards. Built at delivery time and again on every refresh, so a card
 * always shows the hazard as it is now (finished cards show a status line instead of buttons).
 */

type Builder = (ctx: CardBuildContext) => Promise<Card | Notice | null>;
type Viewer = NonNullable<CardBuildContext['viewer']>;

const OPEN = ['assigned', 'rectifying'];

/** Registers a builder for every hazard card kind. */
export function registerHazardCards(deps: ServerDeps): void {
  const demoProfile = deps.env.DEMO_PROFILE;
  const env = (ctx: CardBuildContext): HazardCardEnv => ({ locale: ctx.locale as Locale, timezone: ctx.timezone, cardVersion: ctx.cardVersion, now: deps.now() });
  const rights = async (ctx: CardBuildContext, viewer: Viewer) => ({ rights: new Set(await deps.directory.rightsOf(ctx.plantId, viewer.roles)) });
  const can = async (ctx: CardBuildContext, viewer: Viewer, right: string) => hasRight(await rights(ctx, viewer), right);

  const holderCaps = async (ctx: CardBuildContext, h: LoadedHazard, viewer: Viewer) => {
    const s = h.row.state;
    const holder = (viewer.id === s.assigneeId || viewer.id === s.delegateId) && (await can(ctx, viewer, HAZARD_RIGHTS.rectify));
    return {
      canStart: holder && s.status === 'assigned',
      canRectify: holder && OPEN.includes(s.status),
      canDelegate: viewer.id === s.assigneeId && OPEN.includes(s.status),
    };
  };

  /**
   * Wraps a builder that needs the hazard; null when it vanished. Every hazard card opens the H5
   * detail page (photos before/after, history) unless it links somewhere else already.
   */
  const withHazard = (fn: (ctx: CardBuildContext, h: LoadedHazard) => Promise<Card | Notice | null>): Builder => async (ctx) => {
    const h = await loadCardHazard(ctx.q, ctx.plantId, ctx.subjectId, demoProfile);
    if (!h) return null;
    const out = await fn(ctx, h);
    if (!out || isNotice(out) || out.link) return out;
    return { ...out, link: { label: t(ctx.locale, 'card.details'), url: `${ctx.publicUrl}/m/hazards/${h.row.id}` } };
  };

  const builders: Record<string, Builder> = {
    'hazard.draft': async (ctx) => {
      if (!ctx.viewer) return null;
      const found = await getConversationAny<HazardDraft>(ctx.q, ctx.plantId, ctx.viewer.id, 'hazard_draft');
      const policy = await loadHazardPolicy(ctx.q, ctx.plantId, { demoProfile });
      const expired = !found || found.expiresAt.getTime() <= deps.now().getTime();
      return presentHazardDraftCard(draftView(found?.state ?? null, ctx.subjectId, policy, expired), env(ctx));
    },
    'hazard.triage': withHazard(async (ctx, h) =>
      ctx.viewer ? presentHazardTriageCard(h.view, env(ctx), { canGrade: await can(ctx, ctx.viewer, HAZARD_RIGHTS.grade) }) : null,
    ),
    'hazard.reported': withHazard(async (ctx, h) => presentHazardReportedNotice(h.view, env(ctx))),
    'hazard.assignment': withHazard(async (ctx, h) => (ctx.viewer ? presentHazardAssignmentCard(h.view, env(ctx), await holderCaps(ctx, h, ctx.viewer)) : null)),
    'hazard.delegated': withHazard(async (ctx, h) =>
      ctx.viewer ? presentHazardAssignmentCard(h.view, env(ctx), await holderCaps(ctx, h, ctx.viewer), 'hazard.delegated') : null,
    ),
    'hazard.reminder': withHazard(async (ctx, h) => (ctx.viewer ? presentHazardReminderCard(h.view, env(ctx), await holderCaps(ctx, h, ctx.viewer)) : null)),
    'hazard.returned': withHazard(async (ctx, h) => (ctx.viewer ? presentHazardReturnedCard(h.view, env(ctx), await holderCaps(ctx, h, ctx.viewer)) : null)),
    'hazard.escalation': withHazard(async (ctx, h) => {
      const viewer = ctx.viewer;
      if (viewer) {
        // The step that reached this viewer, not the current one: cards are rebuilt on every refresh.
        let level = h.row.state.escalationLevel;
        while (level > 1 && escalationPerson(h.policy, h.row, level)?.id !== viewer.id) level--;
        return presentHazardEscalationCard(h.view, env(ctx), { level });
      }
      return presentHazardEscalationNotice(h.view, env(ctx), { targetName: escalationPerson(h.policy, h.row, h.row.state.escalationLevel)?.name ?? null });
    }),
    'hazard.verification': withHazard(async (ctx, h) => {
      if (!ctx.viewer) return null;
      const s = h.row.state;
      const canVerify =
        s.status === 'awaiting_verification' &&
        ctx.viewer.id !== s.assigneeId &&
        ctx.viewer.id !== s.delegateId &&
        (!s.reviewerId || s.reviewerId === ctx.viewer.id) &&
        (await can(ctx, ctx.viewer, HAZARD_RIGHTS.verify));
      return presentHazardVerificationCard(h.view, env(ctx), { canVerify });
    }),
    'hazard.closed': withHazard(async (ctx, h) => (ctx.viewer ? presentHazardClosedCard(h.view, env(ctx)) : presentHazardClosedNotice(h.view, env(ctx)))),
    'hazard.reinspection': withHazard(async (ctx, h) => {
      if (!ctx.viewer) return null;
      const s = h.row.state;
      const due = s.reinspection.dueAt && s.reinspection.dueAt.getTime() <= deps.now().getTime();
      return presentHazardReinspectionCard(h.view, env(ctx), { canAnswer: s.status === 'closed' && ctx.viewer.id === s.reporterId && !!due });
    }),
    'hazard.delegate_pick': withHazard(async (ctx, h) => {
      const viewer = ctx.viewer;
      if (!viewer) return null;
      const s = h.row.state;
      const candidates = [];
      for (const p of await deps.directory.people(ctx.plantId)) {
        if (p.id === s.assigneeId || p.departmentKey !== viewer.departmentKey || !p.departmentKey) continue;
        if (hasRight({ rights: new Set(await deps.directory.rightsOf(ctx.plantId, p.roles)) }, HAZARD_RIGHTS.rectify)) candidates.push({ key: p.key, name: p.name });
      }
      candidates.sort((a, b) => (a.key < b.key ? -1 : 1));
      const currentDelegateKey = h.policy.people.find((p) => p.id === s.delegateId)?.key ?? null;
      return presentHazardDelegatePickCard(h.view, env(ctx), {
        candidates,
        currentDelegateKey,
        canDelegate: viewer.id === s.assigneeId && OPEN.includes(s.status),
      });
    }),
  };
  for (const kind of HAZARD_UPDATE_KINDS) {
    builders[kind] = withHazard(async (ctx, h) => (ctx.viewer ? presentHazardUpdateCard(kind as HazardUpdateKind, h.view, env(ctx)) : null));
  }
  for (const [kind, builder] of Object.entries(builders)) deps.cards.register(kind, builder);
}
