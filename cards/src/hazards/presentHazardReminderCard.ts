import { ACTIONS } from '../actions';
import { t } from '../i18n/catalogue';
import { Card, actionRef, button, card, finishCard } from '../model';
import { HazardCardEnv, HazardCardView, formatPlantTime, hazardFields, statusLine } from './hazardCardView';

/** The reminder to the holder before the deadline, with the "rectified" button while it is still theirs. */
export function presentHazardReminderCard(v: HazardCardView, env: HazardCardEnv, can: { canRectify: boolean }): Card {
  const L = env.locale;
  const c = card('hazard.reminder', t(L, 'hazards.card.reminder.title', { code: v.code }), {
    locale: L,
    tone: 'warning',
    fields: hazardFields(v, env, { people: false }),
    text: t(L, 'hazards.card.reminder.text', { deadline: formatPlantTime(v.deadline, env.timezone), description: v.description }),
    buttons: can.canRectify ? [button(t(L, 'hazards.button.rectified'), actionRef(ACTIONS.hazard_rectified, 'hazard', v.id, env.cardVersion), 'primary')] : [],
    footer: v.code,
  });
  return can.canRectify ? c : finishCard(c, statusLine(v, env));
}
