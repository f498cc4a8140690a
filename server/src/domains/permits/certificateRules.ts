import { CertificateRequirement, CertificateType, PermitPersonRole, PermitPolicy, RuleIssue, WorkType } from './permitModel';
import { daysBetween, localDate } from './plantTime';

/** One certificate from the registry. Dates are plant-local 'YYYY-MM-DD'. */
export interface CertificateRecord {
  type: CertificateType;
  number: string;
  holderId: string;
  issuedOn: string;
  expiresOn: string;
  /** Next periodic review (复审), e.g. every 3 years for special-operation cards; null when none. */
  nextReviewOn: string | null;
}

/** A person who must be checked, in the role they play on the permit, and the application field naming them. */
export interface CertificateNeed {
  personId: string;
  personRole: PermitPersonRole;
  field: string;
}

/** Job facts that switch conditional requirements on. */
export interface CertificateConditions {
  /** Hot work by welding or cutting; unknown counts as yes. */
  weldingOrCutting?: boolean;
  /** Scaffold erection or installation/maintenance/dismantling at height (a 特种作业). */
  heightSpecialOperation?: boolean;
}

/** Status of one certificate on a given local day. */
export type CertificateStatus = 'valid' | 'due_soon' | 'review_overdue' | 'expired';

/** Requirements that apply to a role on a work type under the job's conditions. */
export function requiredCertificates(type: WorkType, personRole: PermitPersonRole, conditions: CertificateConditions, policy: PermitPolicy): CertificateRequirement[] {
  return policy.certificates.requirements.value.filter((r) => {
    if (r.workType !== '*' && r.workType !== type) return false;
    if (r.personRole !== personRole) return false;
    if (r.condition === 'welding_or_cutting') return conditions.weldingOrCutting !== false;
    if (r.condition === 'height_special_operation') return conditions.heightSpecialOperation === true;
    return true;
  });
}

/** Classifies a certificate on `today`: expired and overdue review block, due within `warnDays` warns. */
export function certificateStatus(cert: CertificateRecord, today: string, warnDays: number): CertificateStatus {
  if (cert.expiresOn < today) return 'expired';
  if (cert.nextReviewOn !== null && cert.nextReviewOn < today) return 'review_overdue';
  const due = cert.nextReviewOn !== null && cert.nextReviewOn < cert.expiresOn ? cert.nextReviewOn : cert.expiresOn;
  return daysBetween(today, due) <= warnDays ? 'due_soon' : 'valid';
}

const STATUS_RANK: Record<CertificateStatus, number> = { valid: 0, due_soon: 1, review_overdue: 2, expired: 3 };

/** Context of a certificate check. */
export interface CertificateCheckContext {
  now: Date;
  timezone: string;
  policy: PermitPolicy;
  /** End of the permit window: a certificate that lapses before it blocks too. */
  workEndsAt?: Date;
}

/**
 * Checks every person against the certificates their role needs on this type of work. Missing,
 * expired, review-overdue or lapsing-during-the-work certificates are errors; one due within the
 * warning window is a warning. Of several matching cards the healthiest is used.
 */
export function checkCertificates(
  type: WorkType,
  needs: CertificateNeed[],
  conditions: CertificateConditions,
  registry: CertificateRecord[],
  ctx: CertificateCheckContext,
): { errors: RuleIssue[]; warnings: RuleIssue[] } {
  const errors: RuleIssue[] = [];
  const warnings: RuleIssue[] = [];
  const today = localDate(ctx.now, ctx.timezone);
  const workEnd = ctx.workEndsAt ? localDate(ctx.workEndsAt, ctx.timezone) : today;
  const warnDays = ctx.policy.certificates.warnWithinDays.value;
  for (const need of needs) {
    for (const req of requiredCertificates(type, need.personRole, conditions, ctx.policy)) {
      const base = { personId: need.personId, personRole: need.personRole };
      const held = registry.filter((c) => c.holderId === need.personId && (req.anyOf as string[]).includes(c.type));
      if (held.length === 0) {
        errors.push({ code: 'certificate_missing', field: need.field, params: { ...base, anyOf: req.anyOf }, sourceRef: req.sourceRef });
        continue;
      }
      const best = [...held].sort((a, b) => STATUS_RANK[certificateStatus(a, today, warnDays)] - STATUS_RANK[certificateStatus(b, today, warnDays)] || b.expiresOn.localeCompare(a.expiresOn))[0];
      const status = certificateStatus(best, today, warnDays);
      const card = { ...base, type: best.type, number: best.number, expiresOn: best.expiresOn, nextReviewOn: best.nextReviewOn };
      if (status === 'expired') errors.push({ code: 'certificate_expired', field: need.field, params: card, sourceRef: req.sourceRef });
      else if (status === 'review_overdue') errors.push({ code: 'certificate_review_overdue', field: need.field, params: card, sourceRef: req.sourceRef });
      else if (best.expiresOn < workEnd) errors.push({ code: 'certificate_expires_during_work', field: need.field, params: { ...card, workEndsOn: workEnd }, sourceRef: req.sourceRef });
      else if (status === 'due_soon') warnings.push({ code: 'certificate_due_soon', field: need.field, params: card, sourceRef: ctx.policy.certificates.warnWithinDays.sourceRef });
    }
  }
  return { errors, warnings };
}

/** Someone to remind about an expiring certificate or a due review. */
export interface CertificateReminder {
  holderId: string;
  type: CertificateType;
  number: string;
  kind: 'expiry' | 'review';
  dueOn: string;
  /** Days from today to `dueOn`; negative when overdue. */
  daysLeft: number;
  overdue: boolean;
}

/**
 * Lists who to remind: every certificate whose expiry or next review falls within `warnDays` of
 * today (plant-local) or has passed, soonest first. A review due after expiry is not reminded.
 */
export function certificateReminders(certs: CertificateRecord[], now: Date, timezone: string, warnDays = 90): CertificateReminder[] {
  const today = localDate(now, timezone);
  const out: CertificateReminder[] = [];
  for (const c of certs) {
    const dues: Array<['expiry' | 'review', string]> = [['expiry', c.expiresOn]];
    if (c.nextReviewOn !== null && c.nextReviewOn < c.expiresOn) dues.push(['review', c.nextReviewOn]);
    for (const [kind, dueOn] of dues) {
      const daysLeft = daysBetween(today, dueOn);
      if (daysLeft <= warnDays) out.push({ holderId: c.holderId, type: c.type, number: c.number, kind, dueOn, daysLeft, overdue: daysLeft < 0 });
    }
  }
  return out.sort((a, b) => a.dueOn.localeCompare(b.dueOn) || a.holderId.localeCompare(b.holderId));
}
