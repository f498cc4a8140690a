import { ACTIONS } from '../actions';
import { t } from '../i18n/catalogue';
import { Card, actionRef, button, card, finishCard } from '../model';
import { HazardCardEnv, HazardCardView, beforeImage, hazardFields, statusLine } from './hazardCardView';

/** The holder's card when the reviewer sends the fix back: the reason and the "rectified" button again. */
export function presentHazardReturnedCard(v: HazardCardView, env: HazardCardEnv, can: { canRectify: boolean }): Card {
  const L = env.locale;
  const c = card('hazard.returned', t(L, 'hazards.card.returned.title', { code: v.code }), {
    locale: L,
    tone: 'warning',
    fields: hazardFields(v, env, { people: false }),
    text: t(L, 'hazards.card.returned.text', { reason: v.lastReason ?? '-', description: v.description }),
    image: beforeImage(v, L),
    buttons: can.canRectify ? [button(t(L, 'hazards.button.rectified'), actionRef(ACTIONS.hazard_rectified, 'hazard', v.id, env.cardVersion), 'primary')] : [],
    footer: v.code,
  });
  return can.canRectify ? c : finishCard(c, statusLine(v, env));
}
