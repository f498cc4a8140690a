import { ACTIONS } from '../actions';
import { t } from '../i18n/catalogue';
import { Card, actionRef, button, card, finishCard, option, select } from '../model';
import { HazardCardEnv, HazardCardView, beforeImage, hazardFields, statusLine } from './hazardCardView';

/**
 * The safety officer's copy of a new report (评估): the grade defaults from the category and can be
 * changed here (一般隐患 / 重大隐患), or the report rejected as not a hazard (驳回, reason asked in chat).
 * Live while the hazard is open; then it shows the status.
 */
export function presentHazardTriageCard(v: HazardCardView, env: HazardCardEnv, can: { canGrade: boolean }): Card {
  const L = env.locale;
  const ref = actionRef(ACTIONS.hazard_set_grade, 'hazard', v.id, env.cardVersion);
  const open = ['reported', 'assigned', 'rectifying', 'awaiting_verification'].includes(v.status);
  const live = can.canGrade && open;
  const c = card('hazard.triage', t(L, 'hazards.card.triage.title', { code: v.code }), {
    locale: L,
    tone: v.grade === 'major' ? 'danger' : 'info',
    fields: hazardFields(v, env),
    text: v.description,
    image: beforeImage(v, L),
    selects: live
      ? [select('grade', t(L, 'hazards.card.field.grade'), [option('general', t(L, 'hazards.grade.general')), option('major', t(L, 'hazards.grade.major'))], ref, { selectedIds: [v.grade] })]
      : [],
    buttons: live
      ? [button(t(L, 'hazards.button.set_grade'), ref, 'primary'), button(t(L, 'hazards.button.reject'), actionRef(ACTIONS.hazard_reject, 'hazard', v.id, env.cardVersion), 'danger')]
      : [],
    footer: v.code,
  });
  return live ? c : finishCard(c, statusLine(v, env));
}
