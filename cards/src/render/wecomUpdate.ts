import { Card, isFinished } from '../model';
import { assertValidCard } from '../validateCard';
import { oneLine, truncateChars } from './truncateText';
import { WECOM_LIMITS as L } from './wecomLimits';
import { WecomRenderOptions, WecomTemplateCard, renderWecomTemplateCard } from './wecomTemplateCard';

/** Who and which card an update_template_card call addresses (doc 94888). */
export interface WecomUpdateOptions {
  agentId: number;
  /** From message/send or from the click callback; single use, valid 72 h (doc 94888). */
  responseCode: string;
  /** Update only these users' view; omit with `atAll` to update every recipient. */
  userIds?: string[];
  atAll?: boolean;
  /** Needed only to replace an unfinished card with a new one (task_id is ignored on update, doc 101032). */
  render?: WecomRenderOptions;
}

/** Body of `POST /cgi-bin/message/update_template_card` (doc 94888). */
export type WecomUpdateBody = WecomUpdateTarget & ({ button: { replace_name: string } } | { template_card: WecomTemplateCard });

/** Addressing part of an update body. */
export interface WecomUpdateTarget {
  userids?: string[];
  atall?: 0 | 1;
  agentid: number;
  response_code: string;
}

/**
 * The grey, unclickable button text shown on a finished card: the card's status, cut to one line.
 * Also what the bot adapter puts in a passive `update_button` reply (`<ReplaceName>`, doc 90241).
 */
export function wecomReplaceName(card: Card): string {
  if (!isFinished(card)) throw new Error(`wecomReplaceName: card ${card.kind} has no status`);
  return truncateChars(oneLine(card.status as string), L.replaceNameChars);
}

/**
 * Builds the update_template_card body. A finished card (status set) becomes the button form
 * `{"button":{"replace_name": status}}`, which greys every button of button/vote/multiple cards
 * (doc 94888, verbatim example in shared/integrations.md §2.3). An unfinished card replaces the whole
 * card (`template_card`), which needs `opts.render`.
 */
export function renderWecomUpdate(card: Card, opts: WecomUpdateOptions): WecomUpdateBody {
  assertValidCard(card);
  const target: WecomUpdateTarget = { agentid: opts.agentId, response_code: opts.responseCode };
  if (opts.userIds && opts.userIds.length > 0) target.userids = [...opts.userIds];
  if (opts.atAll) target.atall = 1;
  if (isFinished(card)) return { ...target, button: { replace_name: wecomReplaceName(card) } };
  if (!opts.render) throw new Error(`renderWecomUpdate: card ${card.kind} is not finished and no render options were given`);
  return { ...target, template_card: renderWecomTemplateCard(card, opts.render) };
}
