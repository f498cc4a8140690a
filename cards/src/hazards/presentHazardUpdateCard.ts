import { t } from '../i18n/catalogue';
import { Card, card, finishCard } from '../model';
import { HazardCardEnv, HazardCardView, hazardFields, statusLine } from './hazardCardView';

/** Card kinds that only inform (no buttons): one title and one text key each. */
export const HAZARD_UPDATE_KINDS = [
  'hazard.reassigned_away',
  'hazard.delegation_ended',
  'hazard.rejected',
  'hazard.overdue',
  'hazard.grade_changed',
  'hazard.major_elements_required',
  'hazard.major_elements_complete',
  'hazard.recurred',
] as const;
/** One informational card kind. */
export type HazardUpdateKind = (typeof HAZARD_UPDATE_KINDS)[number];

const TONE: Record<HazardUpdateKind, 'info' | 'warning' | 'danger' | 'success'> = {
  'hazard.reassigned_away': 'info',
  'hazard.delegation_ended': 'info',
  'hazard.rejected': 'info',
  'hazard.overdue': 'danger',
  'hazard.grade_changed': 'warning',
  'hazard.major_elements_required': 'danger',
  'hazard.major_elements_complete': 'success',
  'hazard.recurred': 'warning',
};

/**
 * A short informational card about a change (reassigned away, delegation ended, rejected, overdue,
 * grade changed, five elements required/complete, recurred). It carries the current status line, so a
 * refresh after later changes keeps it truthful.
 */
export function presentHazardUpdateCard(kind: HazardUpdateKind, v: HazardCardView, env: HazardCardEnv): Card {
  const L = env.locale;
  const suffix = kind.slice('hazard.'.length);
  const params = {
    code: v.code,
    reason: v.lastReason ?? '-',
    grade: t(L, `hazards.grade.${v.grade}`),
    level: v.escalationLevel,
    missing: v.majorElementsMissing.map((m) => t(L, `hazards.element.${m}`)).join('、') || '-',
    description: v.description,
  };
  const c = card(kind, t(L, `hazards.card.${suffix}.title`, params), {
    locale: L,
    tone: TONE[kind],
    fields: hazardFields(v, env),
    text: t(L, `hazards.card.${suffix}.text`, params),
    footer: v.code,
  });
  return finishCard(c, statusLine(v, env));
}
