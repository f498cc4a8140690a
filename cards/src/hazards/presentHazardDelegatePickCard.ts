import { ACTIONS } from '../actions';
import { t } from '../i18n/catalogue';
import { Card, actionRef, card, finishCard, option, select } from '../model';
import { HazardCardEnv, HazardCardView, statusLine } from './hazardCardView';

/** Option id that ends a delegation. */
export const END_DELEGATION_OPTION = 'none';

/**
 * Asks the assignee whom to hand the task to while absent (people of their department or their
 * configured deputies, at most 10); "end delegation" is offered while a delegate is set.
 */
export function presentHazardDelegatePickCard(
  v: HazardCardView,
  env: HazardCardEnv,
  pick: { candidates: Array<{ key: string; name: string }>; currentDelegateKey: string | null; canDelegate: boolean },
): Card {
  const L = env.locale;
  const ref = actionRef(ACTIONS.hazard_delegate, 'hazard', v.id, env.cardVersion);
  const options = pick.candidates.filter((c) => c.key !== pick.currentDelegateKey).map((c) => option(c.key, c.name));
  if (pick.currentDelegateKey) options.unshift(option(END_DELEGATION_OPTION, t(L, 'hazards.delegate.end')));
  const live = pick.canDelegate && options.length > 0;
  const c = card('hazard.delegate_pick', t(L, 'hazards.delegate.title', { code: v.code }), {
    locale: L,
    text: t(L, 'hazards.delegate.text', { description: v.description }),
    selects: live ? [select('delegate', t(L, 'hazards.delegate.label'), options.slice(0, 10), ref)] : [],
    footer: v.code,
  });
  if (live) return c;
  return finishCard(c, v.delegateName ? t(L, 'hazards.delegate.current', { name: v.delegateName }) : statusLine(v, env));
}
