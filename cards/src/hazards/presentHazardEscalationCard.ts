import { t } from '../i18n/catalogue';
import { Card, card, finishCard } from '../model';
import { HazardCardEnv, HazardCardView, beforeImage, formatPlantTime, hazardFields, statusLine } from './hazardCardView';

/**
 * The escalation card to the next person up the chain (班组长 → 车间主任 → 安全总监): the hazard is
 * overdue, who holds it, since when. `level` is the step that reached this person (a refresh after later
 * steps keeps it). Informational (the escalated person follows up in person or via
 * the API); once the hazard is no longer open it shows the outcome.
 */
export function presentHazardEscalationCard(v: HazardCardView, env: HazardCardEnv, opts: { level: number }): Card {
  const L = env.locale;
  const open = ['reported', 'assigned', 'rectifying', 'awaiting_verification'].includes(v.status);
  const c = card('hazard.escalation', t(L, 'hazards.card.escalation.title', { code: v.code, level: opts.level }), {
    locale: L,
    tone: 'danger',
    fields: hazardFields(v, env),
    text: t(L, 'hazards.card.escalation.text', {
      deadline: formatPlantTime(v.deadline, env.timezone),
      assignee: v.delegateName ?? v.assigneeName ?? t(L, 'hazards.card.unassigned'),
      description: v.description,
    }),
    image: beforeImage(v, L),
    footer: v.code,
  });
  return open ? c : finishCard(c, statusLine(v, env));
}
