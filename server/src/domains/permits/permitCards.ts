import { t } from '../../../../cards/src/i18n/catalogue';
import type { Card } from '../../../../cards/src/model';
import type { PermitCardView } from '../../../../cards/src/permits/permitCardView';
import { localMinute, roleLabel } from '../../../../cards/src/permits/permitLabels';
import { presentPermitApprovalCard } from '../../../../cards/src/permits/presentPermitApprovalCard';
import { presentPermitCheckInCard } from '../../../../cards/src/permits/presentPermitCheckInCard';
import { presentPermitClosedCard } from '../../../../cards/src/permits/presentPermitClosedCard';
import { presentPermitExpiryCard } from '../../../../cards/src/permits/presentPermitExpiryCard';
import { presentPermitInterruptionCard } from '../../../../cards/src/permits/presentPermitInterruptionCard';
import { presentPermitShiftCheckCard } from '../../../../cards/src/permits/presentPermitShiftCheckCard';
import { presentPermitStepResultCard, type PermitStepEvent } from '../../../../cards/src/permits/presentPermitStepResultCard';
import { presentPermitSuspensionCard } from '../../../../cards/src/permits/presentPermitSuspensionCard';
import type { Queryable } from '../../platform/db/db';
import type { CardBuildContext } from '../../platform/delivery/deliveryTypes';
import type { ServerDeps } from '../../platform/serverDeps';
import { complianceRate } from './complianceRate';
import type { ApprovalStep } from './permitModel';
import { placeNames } from './permitAreas';
import { presentIssue } from './permitErrors';
import { PERMIT_CARDS } from './permitNotify';
import { loadPeople } from './permitPeople';
import { checkInUrl, issuePermitQrToken } from './permitQrToken';
import type { PermitRow } from './permitRecord';
import { listGasTests } from './permitRecordsRepo';
import { loadPermit } from './permitRepo';
import type { PermitState } from './permitState';

interface Loaded {
  row: PermitRow;
  view: PermitCardView;
  names: Map<string, string>;
  roleNames: Map<string, string>;
}

async function load(q: Queryable, ctx: CardBuildContext): Promise<Loaded | null> {
  const row = await loadPermit(q, ctx.plantId, ctx.subjectId);
  if (!row) return null;
  const names = new Map((await loadPeople(q, ctx.plantId)).map((p) => [p.id, p.name]));
  const roles = await q.query<{ key: string; name: string }>('SELECT key, name FROM roles WHERE plant_id = $1', [ctx.plantId]);
  const places = await placeNames(q, ctx.plantId);
  const n = (id: string) => names.get(id) ?? id;
  const view: PermitCardView = {
    id: row.id, code: row.code, type: row.type, level: row.level, status: row.status, areaName: places.areas.get(row.areaKey) ?? row.areaKey,
    site: row.application.form.site, windowFrom: localMinute(row.validFrom, ctx.timezone), windowTo: localMinute(row.validTo, ctx.timezone),
    content: row.application.form.content, applicantName: n(row.applicantId), guardianNames: row.guardianIds.map(n), performerNames: row.performerIds.map(n),
  };
  return { row, view, names, roleNames: new Map(roles.rows.map((r) => [r.key, r.name])) };
}

/** Roles that may still sign the current step (the machine's rule, for deciding what a card offers). */
function openRoles(s: PermitState): string[] {
  const step = s.chain[s.step];
  if (!step) return [];
  if (step.mode === 'any') return step.roles;
  const signed = new Set(s.approvals.filter((a) => a.step === s.step).map((a) => a.role));
  return step.roles.filter((r) => !signed.has(r));
}

function stepName(step: ApprovalStep | undefined, locale: string, roleNames: Map<string, string>): string {
  if (!step) return '—';
  return `${step.roles.map((r) => roleLabel(locale, r, roleNames)).join('/')}${t(locale, `permits.stepKind.${step.kind}`)}`;
}

const EVENT_OF_STATUS: Partial<Record<PermitState['status'], PermitStepEvent>> = {
  approved: 'approved', rejected: 'rejected', active: 'activated', completed: 'completed', cancelled: 'cancelled', expired: 'expired', voided: 'voided',
};

type Builder = (ctx: CardBuildContext, l: Loaded) => Promise<Card | null> | Card | null;

/** Registers the builders of every permit card: they load current data and call the pure presenters. */
export function registerPermitCards(deps: ServerDeps): void {
  const reg = (kind: string, build: Builder) => deps.cards.register(kind, async (ctx) => {
    const l = await load(ctx.q, ctx);
    return l ? build(ctx, l) : null;
  });

  reg(PERMIT_CARDS.approval, (ctx, { row, view, roleNames }) => {
    const s = row.state;
    const viewer = ctx.viewer;
    if (!viewer) return null;
    const mine = s.approvals.find((a) => a.personId === viewer.id);
    const awaiting = ['submitted', 'approving'].includes(s.status) && viewer.id !== row.applicantId && viewer.roles.some((r) => openRoles(s).includes(r));
    const stepIndex = typeof ctx.params.step === 'number' ? ctx.params.step : mine?.step ?? s.step;
    return presentPermitApprovalCard(view, {
      locale: ctx.locale, cardVersion: ctx.cardVersion, stepName: stepName(s.chain[stepIndex], ctx.locale, roleNames),
      stage: mine ? 'signed' : awaiting ? 'awaiting' : 'moved_on', signedAt: mine ? localMinute(mine.at, ctx.timezone) : undefined, signedMode: mine?.mode,
      onsiteUrl: `${ctx.publicUrl}/m/permits/${row.id}/approve`, remoteAllowed: s.rules.remoteApprovalAllowed.value,
    });
  });

  reg(PERMIT_CARDS.stepResult, (ctx, { row, view, names, roleNames }) => {
    const s = row.state;
    // A refresh rebuilds without params: the card then tells the latest step the state shows.
    const event = (typeof ctx.params.event === 'string' ? ctx.params.event : EVENT_OF_STATUS[s.status] ?? 'status') as PermitStepEvent;
    const p = ctx.params;
    const params: Record<string, string> = {
      name: names.get(String(p.personId ?? '')) ?? '', mode: t(ctx.locale, `permits.mode.${p.mode === 'remote' ? 'remote' : 'onsite'}`),
      step: stepName(s.chain.find((c) => c.id === p.stepId), ctx.locale, roleNames),
      reason: String(s.ended?.params.reason ?? ''), cause: s.ended?.params.cause ? t(ctx.locale, `permits.voidCause.${String(s.ended.params.cause)}`) : '',
    };
    return presentPermitStepResultCard(view, { locale: ctx.locale, cardVersion: ctx.cardVersion, event, params });
  });

  reg(PERMIT_CARDS.checkInQr, (ctx, { row, view }) => {
    const open = row.status === 'approved';
    const token = open ? issuePermitQrToken(deps.appSecret, { plantId: row.plantId, permitId: row.id, now: deps.now(), expiresAt: row.validTo }) : null;
    const entryLog = row.type === 'CSE' && ['active', 'interrupted', 'suspended'].includes(row.status);
    return presentPermitCheckInCard(view, {
      locale: ctx.locale, qrFileId: row.qrFileId, checkInUrl: token ? checkInUrl(ctx.publicUrl, row.id, token) : null, open,
      entryLogUrl: entryLog ? `${ctx.publicUrl}/m/permits/${row.id}/entries` : null,
    });
  });

  reg(PERMIT_CARDS.shiftCheck, (ctx, { row, view, names }) => {
    const sc = row.state.shiftCheck;
    return presentPermitShiftCheckCard(view, {
      locale: ctx.locale, cardVersion: ctx.cardVersion, open: row.status === 'approved' && !sc,
      done: sc ? { name: names.get(sc.personId) ?? sc.personId, at: localMinute(sc.at, ctx.timezone) } : null,
    });
  });

  reg(PERMIT_CARDS.interruption, async (ctx, { row, view, names }) => {
    const s = row.state;
    const last = s.interruptions[s.interruptions.length - 1];
    const event = (ctx.params.event as 'interrupted' | 'resumed' | 'gas_alert') ?? (row.status === 'interrupted' ? 'interrupted' : 'resumed');
    let failures: string[] = [];
    if (event === 'gas_alert' && typeof ctx.params.testId === 'string') {
      const test = (await listGasTests(ctx.q, row.plantId, row.id)).find((g) => g.testId === ctx.params.testId);
      failures = (test?.failures ?? []).map((f) => presentIssue(ctx.locale, f, names).message);
    }
    return presentPermitInterruptionCard(view, {
      locale: ctx.locale, cardVersion: ctx.cardVersion, event, reason: typeof ctx.params.reason === 'string' ? ctx.params.reason : last?.reason,
      retestAfterMin: s.rules.gasRequired.value ? s.rules.retestAfterGapMin?.value ?? null : null, failures,
    });
  });

  reg(PERMIT_CARDS.expiryReminder, (ctx, { row, view }) => {
    const at = typeof ctx.params.remindAt === 'string' ? Date.parse(ctx.params.remindAt) : row.validTo.getTime();
    return presentPermitExpiryCard(view, { locale: ctx.locale, cardVersion: ctx.cardVersion, minutesLeft: (row.validTo.getTime() - at) / 60_000 });
  });

  reg(PERMIT_CARDS.suspension, async (ctx, { row, view }) => {
    const s = row.state;
    const event = (ctx.params.event as 'placed' | 'cleared') ?? (row.status === 'suspended' && s.holds.length ? 'placed' : 'cleared');
    let reason = s.holds[s.holds.length - 1]?.reason;
    let source = 'person';
    if (typeof ctx.params.holdId === 'string') {
      const h = (await ctx.q.query<{ reason: string; source: string }>('SELECT reason, source FROM permit_holds WHERE plant_id = $1 AND id = $2', [row.plantId, ctx.params.holdId])).rows[0];
      if (h) ({ reason, source } = h);
    }
    return presentPermitSuspensionCard(view, { locale: ctx.locale, cardVersion: ctx.cardVersion, event, reason, source, holdsLeft: s.holds.length, gasRetest: s.rules.gasRequired.value });
  });

  reg(PERMIT_CARDS.closed, (ctx, { row, view, names }) => {
    const s = row.state;
    const c = complianceRate(s);
    return presentPermitClosedCard(view, {
      locale: ctx.locale,
      compliance: { rate: c.rate, executed: c.executed, required: c.required, missed: c.missed.map((m) => t(ctx.locale, `permits.node.${m.node}`)) },
      acceptedBy: s.acceptance.map((a) => names.get(a.personId) ?? a.personId).join('、'), closedAt: s.closedAt ? localMinute(s.closedAt, ctx.timezone) : '',
      pdfUrl: `${ctx.publicUrl}/api/permits/${row.id}/pdf`,
    });
  });
}
