import { t } from '../../../../cards/src/i18n/catalogue';
import { levelLabel } from '../../../../cards/src/permits/permitLabels';
import { AppError } from '../../platform/errors';
import { UPGRADE_REASONS } from './permitCodes';
import type { RuleIssue } from './permitModel';
import type { Refusal } from './permitState';

/** A rule finding ready for a client: the stable code, field, clause and a localised message. */
export interface PresentedIssue {
  code: string;
  field: string;
  sourceRef: string;
  message: string;
  params: Record<string, unknown>;
}

/** Makes params printable: lists joined, person ids replaced by names when known. */
export function printable(params: Record<string, unknown>, names?: ReadonlyMap<string, string>): Record<string, unknown> {
  const name = (v: unknown) => (typeof v === 'string' && names?.has(v) ? names.get(v) : v);
  return Object.fromEntries(
    Object.entries(params).map(([k, v]) => [k, Array.isArray(v) ? v.map(name).join('、') : v === null || v === undefined ? '' : name(v)]),
  );
}

const LEVEL_CHANGE_CODES = new Set(['hot_work_upgraded', 'hot_work_upgrade_capped', 'level_too_low']);

/** Level ids and upgrade reasons of a level-change finding, in words (二级动火, 夜间). */
function wordedLevelChange(locale: string, params: Record<string, unknown>): Record<string, unknown> {
  const type = typeof params.type === 'string' ? params.type : 'HOT';
  const level = (v: unknown) => (typeof v === 'string' ? levelLabel(locale, type, v) : v);
  const reasons = Array.isArray(params.reasons) ? params.reasons.map((r) => ((UPGRADE_REASONS as readonly unknown[]).includes(r) ? t(locale, `permits.upgrade.${r}`) : r)) : params.reasons;
  const because = Array.isArray(reasons) && reasons.length ? t(locale, 'permits.rule.because', { reasons: reasons.join('、') }) : '';
  const worded: Record<string, unknown> = { ...params, reasons, because };
  for (const k of ['from', 'to', 'declared', 'required']) if (k in params) worded[k] = level(params[k]);
  return worded;
}

/** Localises one finding (messages: permits.rule.<code>). */
export function presentIssue(locale: string, issue: RuleIssue, names?: ReadonlyMap<string, string>): PresentedIssue {
  const params = LEVEL_CHANGE_CODES.has(issue.code) ? wordedLevelChange(locale, issue.params) : issue.params;
  return { code: issue.code, field: issue.field, sourceRef: issue.sourceRef, params: issue.params, message: t(locale, `permits.rule.${issue.code}`, printable(params, names)) };
}

/**
 * 422 naming the first failed rule (details.rule, details.sourceRef, details.field) and listing
 * every finding, so one answer shows the applicant everything to fix.
 */
export function rulesFailed(locale: string, errors: RuleIssue[], warnings: RuleIssue[] = [], names?: ReadonlyMap<string, string>): AppError {
  const findings = errors.map((e) => presentIssue(locale, e, names));
  const first = findings[0];
  return new AppError('rule_failed', first.message, {
    rule: first.code, sourceRef: first.sourceRef, field: first.field,
    findings, warnings: warnings.map((w) => presentIssue(locale, w, names)),
  });
}

/** 422 for one rule checked outside the pure core (QR token, geofence, restrictions, sample age). */
export function ruleFailed(locale: string, code: string, sourceRef: string, params: Record<string, unknown> = {}, field?: string): AppError {
  return rulesFailed(locale, [{ code, field: field ?? '', params, sourceRef }]);
}

/**
 * A machine refusal as an HTTP error: a refusal that names a clause is a safety rule (422
 * rule_failed, details.rule + sourceRef); one without is a state or role problem (409 action_refused).
 */
export function refusalError(locale: string, refusal: Refusal, names?: ReadonlyMap<string, string>): AppError {
  const message = t(locale, `permits.refusal.${refusal.code}`, printable(refusal.params, names));
  if (refusal.sourceRef) return new AppError('rule_failed', message, { rule: refusal.code, sourceRef: refusal.sourceRef, params: refusal.params });
  return new AppError('action_refused', message, { reason: refusal.code, params: refusal.params });
}
