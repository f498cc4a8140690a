import { ACTIONS } from '../actions';
import { t } from '../i18n/catalogue';
import { Card, actionRef, button, card, finishCard } from '../model';
import { HazardCardEnv, HazardCardView, afterImage, formatPlantTime, hazardFields, statusLine } from './hazardCardView';

/**
 * The reporter's re-inspection (复查) some time after closure: "still fixed" closes it for good, "came
 * back" opens a new hazard linked to this one.
 */
export function presentHazardReinspectionCard(v: HazardCardView, env: HazardCardEnv, can: { canAnswer: boolean }): Card {
  const L = env.locale;
  const ref = (a: Parameters<typeof actionRef>[0]) => actionRef(a, 'hazard', v.id, env.cardVersion);
  const c = card('hazard.reinspection', t(L, 'hazards.card.reinspection.title', { code: v.code }), {
    locale: L,
    tone: 'info',
    fields: hazardFields(v, env, { people: false }),
    text: t(L, 'hazards.card.reinspection.text', { description: v.description, at: v.closedAt ? formatPlantTime(v.closedAt, env.timezone) : '-' }),
    image: afterImage(v, L),
    buttons: can.canAnswer
      ? [
          button(t(L, 'hazards.button.reinspect_ok'), ref(ACTIONS.hazard_reinspect_ok), 'primary'),
          button(t(L, 'hazards.button.reinspect_recurred'), ref(ACTIONS.hazard_reinspect_recurred), 'danger'),
        ]
      : [],
    footer: v.code,
  });
  if (can.canAnswer) return c;
  const outcome = v.reinspectionOutcome ? t(L, `hazards.reinspection.${v.reinspectionOutcome}`) : statusLine(v, env);
  return finishCard(c, outcome);
}
