import { ACTIONS } from '../actions';
import { t } from '../i18n/catalogue';
import { Card, actionRef, button, card, field, finishCard } from '../model';
import { HazardCardEnv, HazardCardView, afterImage, formatPlantTime, hazardFields, statusLine } from './hazardCardView';

/** The reviewer's card: the after-photo and approve / return (the reason is asked in the chat). */
export function presentHazardVerificationCard(v: HazardCardView, env: HazardCardEnv, can: { canVerify: boolean }): Card {
  const L = env.locale;
  const ref = (a: Parameters<typeof actionRef>[0]) => actionRef(a, 'hazard', v.id, env.cardVersion);
  const fields = hazardFields(v, env);
  if (v.returnedCount > 0) fields.push(field(t(L, 'hazards.card.field.returned_count'), String(v.returnedCount)));
  const c = card('hazard.verification', t(L, 'hazards.card.verification.title', { code: v.code }), {
    locale: L,
    tone: 'info',
    fields,
    text: t(L, 'hazards.card.verification.text', { description: v.description, reported: formatPlantTime(v.reportedAt, env.timezone) }),
    image: afterImage(v, L),
    buttons: can.canVerify
      ? [
          button(t(L, 'hazards.button.approve'), ref(ACTIONS.hazard_verify_approve), 'primary'),
          button(t(L, 'hazards.button.return'), ref(ACTIONS.hazard_verify_return), 'danger'),
        ]
      : [],
    footer: v.code,
  });
  if (can.canVerify) return c;
  const by = v.verifiedByName && (v.status === 'closed' || v.status === 'reinspected') ? ` · ${v.verifiedByName}` : '';
  return finishCard(c, `${statusLine(v, env)}${by}`);
}
