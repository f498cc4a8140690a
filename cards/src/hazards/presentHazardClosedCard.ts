import { t } from '../i18n/catalogue';
import { Card, card, finishCard } from '../model';
import { HazardCardEnv, HazardCardView, afterImage, formatPlantTime, hazardFields, statusLine } from './hazardCardView';

/** Closure (验收通过 · 销号), for the reporter and the holder: finished from the start. */
export function presentHazardClosedCard(v: HazardCardView, env: HazardCardEnv): Card {
  const L = env.locale;
  const c = card('hazard.closed', t(L, 'hazards.card.closed.title', { code: v.code }), {
    locale: L,
    tone: 'success',
    fields: hazardFields(v, env),
    text: t(L, 'hazards.card.closed.text', {
      description: v.description,
      reviewer: v.verifiedByName ?? '-',
      at: v.closedAt ? formatPlantTime(v.closedAt, env.timezone) : '-',
    }),
    image: afterImage(v, L),
    footer: v.code,
  });
  return finishCard(c, statusLine(v, env));
}
