import sharp from 'sharp';
import { decodeActionRef } from '../../../../cards/src/actionRef';
import { ACTIONS } from '../../../../cards/src/actions';
import type { PeerSentMessage } from '../../../../scripts/sim/wecomPeer';
import { hazardsModule } from '../../domains/hazards/hazardsModule';
import { startWecomHarness, waitFor, type WecomHarness } from './wecomTestHarness';

/**
 * The whole hazard loop inside WeCom, driven only by encrypted callbacks: a worker reports with a
 * photo and a line, submits the draft card, the assignee gets the assignment card, accepts it, and
 * the card updates in place; the verifier's approval closes it.
 */

jest.setTimeout(60_000);

let h: WecomHarness;
beforeAll(async () => {
  h = await startWecomHarness({ record: false, modules: [hazardsModule] });
});
afterAll(() => h.close());

type TemplateCard = {
  card_type: string;
  task_id: string;
  main_title: { title: string };
  button_list?: Array<{ key?: string; text: string }>;
  submit_button?: { key: string };
  select_list?: Array<{ question_key: string; option_list: Array<{ id: string }> }>;
  button_selection?: { question_key: string; option_list: Array<{ id: string }> };
};
const cards = (userId: string): TemplateCard[] =>
  h.peer.state.messagesTo(userId).filter((m: PeerSentMessage) => m.body.msgtype === 'template_card').map((m) => m.body.template_card as TemplateCard);
/** The keys a member can click on a card: buttons and the submit button, decoded. */
const keyFor = (card: TemplateCard, action: string): string | undefined =>
  [...(card.button_list ?? []).map((b) => b.key), card.submit_button?.key].find((k) => k && decodeActionRef(k)?.action === action);
const cardWith = (userId: string, action: string) => () => cards(userId).find((c) => keyFor(c, action));

it('report → assignment card → accept → the card updates in place → verification → closed', async () => {
  const photo = await sharp({ create: { width: 32, height: 24, channels: 3, background: '#a52' } }).jpeg().toBuffer();
  await h.deliver({ kind: 'image', from: 'zhangwei', image: photo });
  await h.deliver({ kind: 'text', from: 'zhangwei', content: '3号配电箱未上锁' });

  // The draft card: area and category as selects, filed by its submit button.
  const draft = await waitFor(cardWith('zhangwei', ACTIONS.hazard_draft_submit), 15_000);
  const draftKey = keyFor(draft, ACTIONS.hazard_draft_submit) as string;
  await h.deliver({
    kind: 'template_card_event', from: 'zhangwei', taskId: draft.task_id, eventKey: draftKey,
    selectedItems: [{ questionKey: 'area', optionIds: ['synthesis'] }, { questionKey: 'category', optionIds: ['elec_box_unlocked'] }],
  });

  // synthesis + electrical → zhoujie gets the assignment card, with the photo sent just before it.
  const assignment = await waitFor(cardWith('zhoujie', ACTIONS.hazard_accept), 15_000);
  expect(assignment.card_type).toBe('button_interaction');
  const hazard = (await h.server.deps.db.query<{ id: string; code: string }>('SELECT id, code FROM hazards')).rows[0];
  expect(hazard.code).toMatch(/^YH-\d{8}-0001$/);
  expect(decodeActionRef(keyFor(assignment, ACTIONS.hazard_accept))?.subjectId).toBe(hazard.id);
  const toZhoujie = h.peer.state.messagesTo('zhoujie');
  expect(toZhoujie.some((m) => m.body.msgtype === 'image')).toBe(true);
  await waitFor(() => h.peer.state.messagesTo('zhangwei').find((m) => JSON.stringify(m.body).includes(hazard.code)));

  // The assignee accepts on the card: one state change, and the card updates in place.
  const updates = h.peer.state.updates.length;
  await h.deliver({ kind: 'template_card_event', from: 'zhoujie', taskId: assignment.task_id, eventKey: keyFor(assignment, ACTIONS.hazard_accept) as string });
  // The update that shows the accepted state (a refresh still pending from the assignment may land
  // first and spend the send's code); the click's own response_code is used for one of them.
  const sinceClick = () => h.peer.state.updates.slice(updates).filter((u) => u.taskId === assignment.task_id);
  const update = await waitFor(() => sinceClick().find((u) => keyFor(u.body.template_card as TemplateCard, ACTIONS.hazard_rectified)), 15_000);
  expect(sinceClick().some((u) => u.responseCodeSource === 'callback')).toBe(true);
  const status = async () => (await h.server.deps.db.query<{ status: string }>('SELECT status FROM hazards WHERE id = $1', [hazard.id])).rows[0].status;
  expect(await status()).toBe('rectifying');

  // A second click on the same (already updated) card is refused in the chat; no second effect.
  await h.deliver({ kind: 'template_card_event', from: 'zhoujie', taskId: assignment.task_id, eventKey: keyFor(assignment, ACTIONS.hazard_accept) as string });
  const kinds = async () => (await h.server.deps.db.query<{ kind: string }>('SELECT kind FROM evidence_events WHERE subject_id = $1 ORDER BY seq', [hazard.id])).rows.map((r) => r.kind);
  await new Promise((r) => setTimeout(r, 1500));
  expect((await kinds()).filter((k) => k === 'hazard.start_rectification')).toHaveLength(1);
  expect(await kinds()).toEqual(expect.arrayContaining(['hazard.reported', 'hazard.assign', 'hazard.start_rectification']));

  // "Rectified" on the updated card, then the after-photo in the chat, submits the fix.
  const updated = update.body.template_card as TemplateCard;
  const rectifiedKey = keyFor(updated, ACTIONS.hazard_rectified) as string;
  expect(rectifiedKey).toBeDefined();
  await h.deliver({ kind: 'template_card_event', from: 'zhoujie', taskId: assignment.task_id, eventKey: rectifiedKey });
  // The after-photo prompt itself: a count of new messages is already met by the accept and refusal replies.
  await waitFor(async () => (await kinds()).includes('hazard.start_rectification') &&
    h.peer.state.messagesTo('zhoujie').slice(toZhoujie.length).find((m) => JSON.stringify(m.body).includes('整改后的现场照片')));
  const after = await sharp({ create: { width: 32, height: 24, channels: 3, background: '#2a5' } }).jpeg().toBuffer();
  await h.deliver({ kind: 'image', from: 'zhoujie', image: after });
  await waitFor(async () => (await status()) === 'awaiting_verification', 15_000);

  // The verifier approves on the verification card: closed, and that card greys out in place.
  const sentVerification = await waitFor(
    () => h.peer.state.messages.find((m) => m.body.msgtype === 'template_card' && keyFor(m.body.template_card as TemplateCard, ACTIONS.hazard_verify_approve)),
    15_000,
  );
  const verifyUser = sentVerification.touser[0];
  const verification = sentVerification.body.template_card as TemplateCard;
  const beforeApprove = h.peer.state.updates.length;
  await h.deliver({ kind: 'template_card_event', from: verifyUser, taskId: verification.task_id, eventKey: keyFor(verification, ACTIONS.hazard_verify_approve) as string });
  await waitFor(async () => (await status()) === 'closed', 15_000);
  const greyed = await waitFor(() => h.peer.state.updates.slice(beforeApprove).find((u) => u.taskId === verification.task_id), 15_000);
  expect(greyed.body).toHaveProperty('button.replace_name');
  expect(await kinds()).toEqual(['hazard.reported', 'hazard.assign', 'hazard.start_rectification', 'hazard.submit_rectification', 'hazard.approve']);
});
