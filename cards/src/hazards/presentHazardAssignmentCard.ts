import { ACTIONS } from '../actions';
import { t } from '../i18n/catalogue';
import { Button, Card, actionRef, button, card, finishCard } from '../model';
import { HazardCardEnv, HazardCardView, beforeImage, hazardFields, statusLine } from './hazardCardView';

/** What the viewer may do from the assignment card. */
export interface AssignmentCapabilities {
  /** Accept and start rectification (status assigned, viewer is the holder). */
  canStart: boolean;
  /** Report the fix (status assigned or rectifying, viewer is the holder). */
  canRectify: boolean;
  /** Hand over to a delegate (viewer is the assignee proper). */
  canDelegate: boolean;
}

/** Which card: the assignee's task, or the delegate's copy of it. */
export type AssignmentKind = 'hazard.assignment' | 'hazard.delegated';

/**
 * The rectification task for the assignee (or delegate): the hazard, its photo and deadline, and the
 * buttons accept / rectified / delegate. Major hazards missing any of the five elements say so, because
 * rectification cannot start before they are recorded.
 */
export function presentHazardAssignmentCard(v: HazardCardView, env: HazardCardEnv, can: AssignmentCapabilities, kind: AssignmentKind = 'hazard.assignment'): Card {
  const L = env.locale;
  const ref = (a: Parameters<typeof actionRef>[0]) => actionRef(a, 'hazard', v.id, env.cardVersion);
  const buttons: Button[] = [];
  if (can.canStart) buttons.push(button(t(L, 'hazards.button.accept'), ref(ACTIONS.hazard_accept), 'primary'));
  if (can.canRectify) buttons.push(button(t(L, 'hazards.button.rectified'), ref(ACTIONS.hazard_rectified), can.canStart ? 'default' : 'primary'));
  if (can.canDelegate) buttons.push(button(t(L, 'hazards.button.delegate'), ref(ACTIONS.hazard_delegate)));
  const notes = [v.description];
  if (v.majorElementsMissing.length > 0) {
    notes.push(t(L, 'hazards.card.major_missing', { missing: v.majorElementsMissing.map((m) => t(L, `hazards.element.${m}`)).join('、') }));
  }
  if (v.lastReason && v.returnedCount > 0) notes.push(t(L, 'hazards.card.returned_reason', { reason: v.lastReason }));
  const c = card(kind, t(L, kind === 'hazard.delegated' ? 'hazards.card.delegated.title' : 'hazards.card.assignment.title', { code: v.code }), {
    locale: L,
    subtitle: kind === 'hazard.delegated' ? t(L, 'hazards.card.delegated.subtitle', { assignee: v.assigneeName ?? '-' }) : undefined,
    tone: v.grade === 'major' ? 'danger' : 'warning',
    fields: hazardFields(v, env),
    text: notes.join('\n'),
    image: beforeImage(v, L),
    buttons,
    footer: v.code,
  });
  return buttons.length > 0 ? c : finishCard(c, statusLine(v, env));
}
