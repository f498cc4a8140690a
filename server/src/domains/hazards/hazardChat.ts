import { randomUUID } from 'node:crypto';
import type { BotEvent, Platform } from '../../../../bot/src/messenger';
import { t } from '../../../../cards/src/i18n/catalogue';
import type { Principal } from '../../platform/auth/principal';
import type { Tx } from '../../platform/db/db';
import { enqueueCardRefresh, enqueueDelivery } from '../../platform/delivery/delivery';
import { AppError } from '../../platform/errors';
import { locateArea } from './areaLocator';
import { getConversation, lockConversation, putConversation } from './conversationState';
import { policyFor } from './hazardCommit';
import { createHazard } from './hazardCreate';
import { callerOf, DRAFT_SUBJECT, HazardDeps } from './hazardDeps';
import { HazardDraft, isDraftOpen, isDraftReady, suggestedCategory } from './hazardDraftState';
import { policyPerson } from './hazardPolicy';
import { fieldError } from './hazardRefusals';
import type { HazardLocation } from './hazardRepo';

/**
 * The report conversation on the server side: photo, text and location in any order fill one draft
 * per person; once it has a description (and a photo where the plant requires one) the reporter gets
 * the draft card; its submit files the hazard and answers with the code.
 */

/** One piece of chat input. */
export type DraftInput = { text: string } | { fileId: string } | { location: HazardLocation };

const CANCEL = /^(取消|cancel|撤销|算了)$/i;

/** True for the words that cancel a chat step or draft. */
export function isCancel(text: string): boolean {
  return CANCEL.test(text.trim());
}

/** Sends a catalogue text to the person who wrote, on the platform they wrote from. */
export async function replyTo(deps: HazardDeps, tx: Tx, event: BotEvent, key: string, params: Record<string, unknown> = {}): Promise<void> {
  await enqueueDelivery(tx, deps.jobs, event.plantId, { personId: event.sender.personId, platform: event.platform }, { type: 'text', messageKey: key, params });
}

function expiry(now: Date, minutes: number): Date {
  return new Date(now.getTime() + minutes * 60_000);
}

function freshDraft(platform: Platform): HazardDraft {
  return { draftId: randomUUID(), text: null, photoFileIds: [], location: null, locatedAreaKey: null, platform, cardSent: false, submitted: null, cancelled: false };
}

/** Adds one input to the person's draft and answers. Always claims the message. */
export async function draftInput(deps: HazardDeps, tx: Tx, principal: Principal, event: BotEvent, input: DraftInput): Promise<{ claimed: true; draftId: string | null }> {
  const personId = event.sender.personId;
  await lockConversation(tx, event.plantId, personId);
  const now = deps.now();
  const policy = await policyFor(deps, tx, event.plantId);
  const current = await getConversation<HazardDraft>(tx, event.plantId, personId, 'hazard_draft', now);
  if ('text' in input && isCancel(input.text)) {
    if (!isDraftOpen(current)) {
      await replyTo(deps, tx, event, 'hazards.chat.nothing_to_cancel');
      return { claimed: true, draftId: null };
    }
    await putConversation(tx, event.plantId, personId, 'hazard_draft', { ...current, cancelled: true }, expiry(now, policy.settings.hazardDraftMinutes), now);
    if (current.cardSent) await enqueueCardRefresh(tx, deps.jobs, event.plantId, DRAFT_SUBJECT, current.draftId);
    await replyTo(deps, tx, event, 'hazards.chat.draft_cancelled');
    return { claimed: true, draftId: current.draftId };
  }
  const draft: HazardDraft = isDraftOpen(current) ? { ...current } : freshDraft(event.platform);
  const replies: Array<[string, Record<string, unknown>]> = [];
  if ('text' in input) {
    const text = input.text.trim();
    if (draft.text) replies.push(['hazards.chat.text_updated', {}]);
    draft.text = draft.text ? `${draft.text}；${text}` : text;
  } else if ('fileId' in input) {
    if (!draft.photoFileIds.includes(input.fileId)) draft.photoFileIds = [...draft.photoFileIds, input.fileId];
    if (draft.cardSent || draft.photoFileIds.length > 1) replies.push(['hazards.chat.photo_added', { count: draft.photoFileIds.length }]);
  } else {
    draft.location = input.location;
    draft.locatedAreaKey = locateArea([input.location.lng, input.location.lat], input.location.datum, policy.areas);
    const area = policy.areas.find((a) => a.key === draft.locatedAreaKey);
    replies.push(area ? ['hazards.chat.location_area', { area: area.name }] : ['hazards.chat.location_unknown', {}]);
  }
  const ready = isDraftReady(draft, policy.settings.requirePhoto);
  const sendCard = ready && !draft.cardSent;
  if (sendCard) draft.cardSent = true;
  await putConversation(tx, event.plantId, personId, 'hazard_draft', draft, expiry(now, policy.settings.hazardDraftMinutes), now);
  for (const [key, params] of replies) await replyTo(deps, tx, event, key, params);
  if (sendCard) {
    await enqueueDelivery(tx, deps.jobs, event.plantId, { personId, platform: event.platform }, { type: 'card', kind: 'hazard.draft', subjectType: DRAFT_SUBJECT, subjectId: draft.draftId });
  } else if (draft.cardSent) {
    await enqueueCardRefresh(tx, deps.jobs, event.plantId, DRAFT_SUBJECT, draft.draftId);
  } else if (!draft.text && replies.length === 0) {
    await replyTo(deps, tx, event, 'hazards.chat.need_text');
  } else if (draft.text && !ready) {
    await replyTo(deps, tx, event, 'hazards.chat.need_photo');
  }
  return { claimed: true, draftId: draft.draftId };
}

/** The draft card's submit: selections area/category (falling back to the located area and top suggestion). */
export async function draftSubmit(
  deps: HazardDeps,
  tx: Tx,
  principal: Principal,
  event: BotEvent,
  input: { draftId: string; areaKey?: string; categoryKey?: string },
): Promise<{ hazardId: string; code: string }> {
  const personId = event.sender.personId;
  await lockConversation(tx, event.plantId, personId);
  const now = deps.now();
  const policy = await policyFor(deps, tx, event.plantId);
  const draft = await getConversation<HazardDraft>(tx, event.plantId, personId, 'hazard_draft', now);
  if (draft?.draftId === input.draftId && draft.submitted) {
    throw new AppError('action_refused', t(principal.locale, 'hazards.chat.draft_already_submitted', { code: draft.submitted.code }), { reason: 'already_submitted' });
  }
  if (!isDraftOpen(draft) || draft.draftId !== input.draftId) {
    throw new AppError('action_refused', t(principal.locale, 'hazards.chat.draft_expired'), { reason: 'draft_expired' });
  }
  const areaKey = input.areaKey ?? draft.locatedAreaKey;
  const categoryKey = input.categoryKey ?? suggestedCategory(draft.text, policy);
  if (!areaKey) throw fieldError(principal.locale, 'selections.area', 'hazards.error.unknown_area', { areaKey: '-' });
  if (!categoryKey) throw fieldError(principal.locale, 'selections.category', 'hazards.error.unknown_category', { categoryKey: '-' });
  const row = await createHazard(
    deps,
    tx,
    {
      plantId: event.plantId,
      reporterId: personId,
      areaKey,
      categoryKey,
      description: draft.text ?? '',
      photoFileIds: draft.photoFileIds,
      location: draft.location,
      source: 'chat',
    },
    callerOf(principal),
  );
  await putConversation(tx, event.plantId, personId, 'hazard_draft', { ...draft, submitted: { hazardId: row.id, code: row.code } }, expiry(now, policy.settings.hazardDraftMinutes), now);
  await enqueueCardRefresh(tx, deps.jobs, event.plantId, DRAFT_SUBJECT, draft.draftId);
  const assignee = policyPerson(policy, row.state.assigneeId);
  if (assignee) await replyTo(deps, tx, event, 'hazards.chat.reported', { code: row.code, assignee: assignee.name });
  else await replyTo(deps, tx, event, 'hazards.chat.reported_unassigned', { code: row.code });
  return { hazardId: row.id, code: row.code };
}
