import { t } from '../../../../cards/src/i18n/catalogue';
import { AppError } from '../../platform/errors';
import type { HazardRefusal, HazardRefusalCode } from './hazardTypes';

/**
 * Turns a machine refusal into the error catalogue, with text in the caller's language:
 * who-may-act refusals → 403, bad input → 400 naming the field, everything else (state, rules) → 409
 * action_refused. `details.reason` always carries the stable refusal code.
 */

const FORBIDDEN: ReadonlySet<HazardRefusalCode> = new Set([
  'missing_right',
  'not_assignee',
  'not_reviewer',
  'not_reporter',
  'self_verification',
  'system_only',
  'human_only',
]);

/** Refusals caused by one input field, and the field they name. */
const FIELD_OF: Partial<Record<HazardRefusalCode, string>> = {
  reason_required: 'body.reason',
  after_photo_required: 'body.afterPhotoIds',
  assignee_required: 'body.assigneeId',
  invalid_deadline: 'body.deadline',
  invalid_delegate: 'body.delegateId',
  invalid_major_elements: 'body',
};

/** Five-element names (refusal params) → request body fields. */
const ELEMENT_FIELD: Record<string, string> = {
  measures: 'measures',
  responsible_person: 'responsiblePersonId',
  funds: 'fundsYuan',
  deadline: 'deadline',
  emergency_plan: 'emergencyPlan',
};

/** Refusal params are codes; the message shows their translations. */
function messageParams(locale: string, params: Record<string, unknown> = {}): Record<string, unknown> {
  const out: Record<string, unknown> = { ...params };
  if (Array.isArray(params.missing)) out.missing = params.missing.map((m) => t(locale, `hazards.element.${String(m)}`)).join('、');
  if (Array.isArray(params.fields)) out.fields = params.fields.map((m) => t(locale, `hazards.element.${String(m)}`)).join('、');
  if (typeof params.status === 'string') out.status = t(locale, `hazards.status.${params.status}`);
  return out;
}

/** The localized text of a refusal. */
export function refusalMessage(locale: string, refusal: HazardRefusal): string {
  return t(locale, `hazards.refusal.${refusal.code}`, messageParams(locale, refusal.params));
}

/** The AppError for a refusal. */
export function refusalError(locale: string, refusal: HazardRefusal): AppError {
  const message = refusalMessage(locale, refusal);
  const details = { reason: refusal.code, ...(refusal.params ?? {}) };
  if (FORBIDDEN.has(refusal.code)) return new AppError('forbidden', message, details);
  const field = FIELD_OF[refusal.code];
  if (field) {
    const fields = Array.isArray(refusal.params?.fields)
      ? (refusal.params.fields as string[]).map((f) => ({ field: `body.${ELEMENT_FIELD[f] ?? f}`, message: refusal.code }))
      : [{ field, message: refusal.code }];
    return new AppError('validation_failed', message, { ...details, fields });
  }
  return new AppError('action_refused', message, details);
}

/** A 400 naming one field, with a catalogue message. */
export function fieldError(locale: string, field: string, key: string, params: Record<string, unknown> = {}): AppError {
  const message = t(locale, key, params);
  return new AppError('validation_failed', message, { fields: [{ field, message }] });
}
