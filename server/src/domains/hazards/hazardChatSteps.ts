import type { BotEvent } from '../../../../bot/src/messenger';
import { t } from '../../../../cards/src/i18n/catalogue';
import type { Principal } from '../../platform/auth/principal';
import type { Tx } from '../../platform/db/db';
import { enqueueDelivery } from '../../platform/delivery/delivery';
import { AppError } from '../../platform/errors';
import { deleteConversation, getConversation, HazardConversationKind, putConversation } from './conversationState';
import { actOnHazard, previewAction } from './hazardCommands';
import { policyFor } from './hazardCommit';
import { isCancel, replyTo } from './hazardChat';
import { callerOf, HAZARD_SUBJECT, HazardDeps } from './hazardDeps';
import { refusalError } from './hazardRefusals';
import { HAZARD_GRADES, HazardAction, HazardGrade } from './hazardTypes';

/**
 * Chat steps on an existing hazard: "type the return reason" and "send the after-photo" (free input
 * is a conversation step, not a card field: WeCom button cards have no text box), delegation through a
 * picker card, and the plain card buttons.
 */

/** A pending step: which hazard the next message belongs to. */
interface StepState {
  hazardId: string;
  code: string;
  note?: string | null;
}

async function startStep(deps: HazardDeps, tx: Tx, event: BotEvent, kind: HazardConversationKind, state: StepState): Promise<void> {
  const policy = await policyFor(deps, tx, event.plantId);
  const now = deps.now();
  await putConversation(tx, event.plantId, event.sender.personId, kind, state, new Date(now.getTime() + policy.settings.hazardDraftMinutes * 60_000), now);
}

/** Steps that wait for a reason as the next text message, and what the reason then does. */
const REASON_STEPS = {
  hazard_return_reason: { action: (reason: string): HazardAction => ({ type: 'return', reason }), ask: 'hazards.chat.ask_return_reason', done: 'hazards.chat.returned' },
  hazard_reject_reason: { action: (reason: string): HazardAction => ({ type: 'reject', reason }), ask: 'hazards.chat.ask_reject_reason', done: 'hazards.chat.rejected' },
} as const;
type ReasonStep = keyof typeof REASON_STEPS;

/** A card button that needs a reason: check the person may, then ask for it as the next message. */
async function reasonPrompt(deps: HazardDeps, tx: Tx, principal: Principal, event: BotEvent, hazardId: string, kind: ReasonStep): Promise<void> {
  const caller = callerOf(principal);
  const { row, refusal } = await previewAction(deps, tx, { plantId: event.plantId, hazardId, action: REASON_STEPS[kind].action('-'), caller });
  if (refusal) throw refusalError(principal.locale, refusal);
  // One reason at a time: a pending return/reject for another hazard is replaced by this one.
  for (const other of Object.keys(REASON_STEPS) as ReasonStep[]) if (other !== kind) await deleteConversation(tx, event.plantId, event.sender.personId, other);
  await startStep(deps, tx, event, kind, { hazardId, code: row.code });
  await replyTo(deps, tx, event, REASON_STEPS[kind].ask, { code: row.code });
}

/** The reviewer pressed "return" on a verification card. */
export function returnPrompt(deps: HazardDeps, tx: Tx, principal: Principal, event: BotEvent, hazardId: string): Promise<void> {
  return reasonPrompt(deps, tx, principal, event, hazardId, 'hazard_return_reason');
}

/** The safety officer pressed "reject" on a triage card (the report is not a hazard). */
export function rejectPrompt(deps: HazardDeps, tx: Tx, principal: Principal, event: BotEvent, hazardId: string): Promise<void> {
  return reasonPrompt(deps, tx, principal, event, hazardId, 'hazard_reject_reason');
}

/**
 * Runs a step's action; a refusal (someone else was faster) ends the step with the refusal as the
 * answer instead of leaving the person stuck in it.
 */
async function finishStep(
  deps: HazardDeps,
  tx: Tx,
  event: BotEvent,
  kind: HazardConversationKind,
  run: () => Promise<void>,
): Promise<void> {
  await deleteConversation(tx, event.plantId, event.sender.personId, kind);
  try {
    await tx.query('SAVEPOINT hazard_step');
    await run();
    await tx.query('RELEASE SAVEPOINT hazard_step');
  } catch (err) {
    if (!(err instanceof AppError) || !err.expose) throw err;
    await tx.query('ROLLBACK TO SAVEPOINT hazard_step');
    await replyTo(deps, tx, event, 'bot.raw', { text: err.message });
  }
}

/** A text while the person owes a return or reject reason; claims it only then. */
export async function returnReasonText(deps: HazardDeps, tx: Tx, principal: Principal, event: BotEvent, text: string): Promise<{ claimed: boolean }> {
  for (const kind of Object.keys(REASON_STEPS) as ReasonStep[]) {
    const step = await getConversation<StepState>(tx, event.plantId, event.sender.personId, kind, deps.now(), { forUpdate: true });
    if (!step) continue;
    if (isCancel(text)) {
      await deleteConversation(tx, event.plantId, event.sender.personId, kind);
      await replyTo(deps, tx, event, 'hazards.chat.step_cancelled');
      return { claimed: true };
    }
    await finishStep(deps, tx, event, kind, async () => {
      await actOnHazard(deps, tx, { plantId: event.plantId, hazardId: step.hazardId, action: REASON_STEPS[kind].action(text), caller: callerOf(principal) });
      await replyTo(deps, tx, event, REASON_STEPS[kind].done, { code: step.code });
    });
    return { claimed: true };
  }
  return { claimed: false };
}

/** The holder pressed "rectified": accept first when still assigned, then ask for the after-photo. */
export async function rectifyPrompt(deps: HazardDeps, tx: Tx, principal: Principal, event: BotEvent, hazardId: string): Promise<void> {
  const caller = callerOf(principal);
  const base = { plantId: event.plantId, hazardId, caller };
  let { row, refusal } = await previewAction(deps, tx, { ...base, action: { type: 'submit_rectification', afterPhotoIds: ['pending'] } });
  if (row.state.status === 'assigned') {
    row = (await actOnHazard(deps, tx, { ...base, action: { type: 'start_rectification' } })).row;
    ({ refusal } = await previewAction(deps, tx, { ...base, action: { type: 'submit_rectification', afterPhotoIds: ['pending'] } }));
  }
  if (refusal) throw refusalError(principal.locale, refusal);
  await startStep(deps, tx, event, 'hazard_after_photo', { hazardId, code: row.code, note: null });
  await replyTo(deps, tx, event, 'hazards.chat.send_after_photo', { code: row.code });
}

/** A photo while the holder owes the after-photo: submits the rectification. */
export async function afterPhoto(deps: HazardDeps, tx: Tx, principal: Principal, event: BotEvent, fileId: string): Promise<{ claimed: boolean }> {
  const step = await getConversation<StepState>(tx, event.plantId, event.sender.personId, 'hazard_after_photo', deps.now(), { forUpdate: true });
  if (!step) return { claimed: false };
  await finishStep(deps, tx, event, 'hazard_after_photo', async () => {
    const action: HazardAction = { type: 'submit_rectification', afterPhotoIds: [fileId], ...(step.note ? { note: step.note } : {}) };
    await actOnHazard(deps, tx, { plantId: event.plantId, hazardId: step.hazardId, action, caller: callerOf(principal), extras: { photos: { role: 'after', fileIds: [fileId] } } });
    await replyTo(deps, tx, event, 'hazards.chat.rectification_submitted', { code: step.code });
  });
  return { claimed: true };
}

/** A text while the holder owes the after-photo: kept as the rectification note (or cancels the step). */
export async function afterPhotoNote(deps: HazardDeps, tx: Tx, event: BotEvent, text: string): Promise<{ claimed: boolean }> {
  const step = await getConversation<StepState>(tx, event.plantId, event.sender.personId, 'hazard_after_photo', deps.now(), { forUpdate: true });
  if (!step) return { claimed: false };
  if (isCancel(text)) {
    await deleteConversation(tx, event.plantId, event.sender.personId, 'hazard_after_photo');
    await replyTo(deps, tx, event, 'hazards.chat.step_cancelled');
    return { claimed: true };
  }
  await startStep(deps, tx, event, 'hazard_after_photo', { ...step, note: step.note ? `${step.note}；${text}` : text });
  await replyTo(deps, tx, event, 'hazards.chat.note_saved');
  return { claimed: true };
}

/** "Delegate" without a choice sends the picker card; with a choice (person key or 'none') delegates. */
export async function delegateStep(deps: HazardDeps, tx: Tx, principal: Principal, event: BotEvent, hazardId: string, choice: string | null): Promise<void> {
  const caller = callerOf(principal);
  if (choice === null) {
    const { row, refusal } = await previewAction(deps, tx, { plantId: event.plantId, hazardId, action: { type: 'delegate', delegateId: null }, caller });
    // 'no_change' only says there is no delegate to end; anything else (not the assignee, closed) is final.
    if (refusal && refusal.code !== 'no_change') throw refusalError(principal.locale, refusal);
    await enqueueDelivery(tx, deps.jobs, event.plantId, { personId: event.sender.personId, platform: event.platform }, { type: 'card', kind: 'hazard.delegate_pick', subjectType: HAZARD_SUBJECT, subjectId: row.id });
    return;
  }
  const policy = await policyFor(deps, tx, event.plantId);
  const delegate = choice === 'none' ? null : policy.people.find((p) => p.key === choice);
  if (delegate === undefined) throw new AppError('validation_failed', t(principal.locale, 'hazards.chat.unknown_delegate'), { fields: [{ field: 'selections.delegate', message: 'unknown' }] });
  const { row } = await actOnHazard(deps, tx, { plantId: event.plantId, hazardId, action: { type: 'delegate', delegateId: delegate?.id ?? null }, caller });
  if (delegate) await replyTo(deps, tx, event, 'hazards.chat.delegated', { code: row.code, name: delegate.name });
  else await replyTo(deps, tx, event, 'hazards.chat.delegation_ended', { code: row.code });
}

/** Card buttons that map to one machine action. */
export type ButtonAction = 'start_rectification' | 'approve' | 'reinspect_ok' | 'reinspect_recurred' | 'set_grade';

/** One button click: the action, then a short confirmation in the chat. */
export async function buttonAction(
  deps: HazardDeps,
  tx: Tx,
  principal: Principal,
  event: BotEvent,
  input: { hazardId: string; action: ButtonAction; grade?: string },
): Promise<void> {
  let action: HazardAction;
  if (input.action === 'set_grade') {
    if (!HAZARD_GRADES.includes(input.grade as HazardGrade)) {
      throw new AppError('validation_failed', t(principal.locale, 'hazards.refusal.no_change'), { fields: [{ field: 'selections.grade', message: 'unknown grade' }] });
    }
    action = { type: 'set_grade', grade: input.grade as HazardGrade };
    const current = await previewAction(deps, tx, { plantId: event.plantId, hazardId: input.hazardId, action, caller: callerOf(principal) });
    // The same grade again confirms the default: an answer, not a "nothing to change" refusal.
    if (current.refusal?.code === 'no_change') {
      const grade = t(principal.locale, `hazards.grade.${current.row.state.grade}`);
      await replyTo(deps, tx, event, 'hazards.chat.done.confirm_grade', { code: current.row.code, grade });
      return;
    }
  } else action = { type: input.action };
  const { row, opened } = await actOnHazard(deps, tx, { plantId: event.plantId, hazardId: input.hazardId, action, caller: callerOf(principal) });
  await replyTo(deps, tx, event, `hazards.chat.done.${input.action}`, {
    code: row.code,
    newCode: opened?.code ?? '-',
    grade: t(principal.locale, `hazards.grade.${row.state.grade}`),
  });
}
