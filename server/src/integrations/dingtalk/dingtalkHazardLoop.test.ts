import { ACTIONS } from '../../../../cards/src/actions';
import { DB_KINDS } from '../../../../testkit/testDb';
import { hazardsModule } from '../../domains/hazards/hazardsModule';
import { testJpeg } from '../../platform/files/photoTestImages';
import { DingtalkRig, startDingtalkRig, textsTo, until, visibleRef, waitForCard } from './dingtalkTestRig';

/**
 * The whole hazard loop through the local DingTalk peer, as people would do it in DingTalk:
 * a worker reports (picture + text, then the draft card's submit with area and category), the
 * assignee accepts and sends the after-photo, a reviewer approves. Every card is an interactive
 * card updated in place; redelivered frames and a repeated click change nothing.
 */
describe.each(DB_KINDS)('hazard loop through DingTalk (%s)', (kind) => {
  let rig: DingtalkRig;
  beforeAll(async () => {
    rig = await startDingtalkRig({ kind, modules: [hazardsModule] });
  }, 60_000);
  afterAll(async () => {
    await rig?.close();
  });

  async function hazardState(id: string): Promise<{ status: string; code: string }> {
    const r = await rig.server.deps.db.query<{ code: string; status: string }>('SELECT code, status FROM hazards WHERE id = $1', [id]);
    return { status: r.rows[0]?.status, code: r.rows[0]?.code };
  }

  it('report → assign → accept → rectify → verify → closed', async () => {
    const { peer, server } = rig;
    const deps = server.deps;
    // 1. The worker sends a photo and a line; the draft card comes back as an interactive card.
    expect((await peer.state.sendRobotPicture('dt_zhangwei', await testJpeg(320, 240))).code).toBe(200);
    expect((await peer.state.sendRobotText('dt_zhangwei', '合成车间3号配电箱未上锁')).code).toBe(200);
    const draftCard = await waitForCard(deps, 'hazard.draft', 'dt_zhangwei');
    const submit = visibleRef(peer, draftCard, 'dt_zhangwei', ACTIONS.hazard_draft_submit);
    expect(peer.state.cards.get(draftCard)!.cardData.show_actions).toBe('false');

    // 2. Submit with the selects; the answer shows the draft as submitted at once.
    const submitted = await peer.state.clickCard(draftCard, 'dt_zhangwei', { ref: submit, area: 'synthesis', category: 'elec_box_unlocked' });
    expect(submitted.ack.code).toBe(200);
    expect(submitted.response).toMatchObject({ cardData: { cardParamMap: { finished: 'true' } } });
    const hazard = await deps.db.query<{ id: string }>('SELECT id FROM hazards ORDER BY created_at DESC LIMIT 1');
    const hazardId = hazard.rows[0].id;
    const { code } = await hazardState(hazardId);
    await until(() => textsTo(peer, 'dt_zhangwei').some((t) => t.includes(code) && t.includes('周')), 10_000, 'reported reply');

    // 3. The assignee (synthesis + electrical → zhoujie) accepts; a redelivery of that click does nothing more.
    const assignment = await waitForCard(deps, 'hazard.assignment', 'dt_zhoujie', hazardId);
    // The report photo shows on the card: uploaded once through oapi media/upload, shown by media id.
    const shown = peer.state.cards.get(assignment)!.cardData;
    expect(shown.has_image).toBe('true');
    const uploaded = peer.state.media.get(shown.image);
    expect(uploaded?.contentType).toBe('image/jpeg');
    expect(uploaded?.bytes.subarray(0, 2).toString('hex')).toBe('ffd8');
    const accepted = await peer.state.clickCard(assignment, 'dt_zhoujie', { ref: visibleRef(peer, assignment, 'dt_zhoujie', ACTIONS.hazard_accept) });
    expect(accepted.ack.code).toBe(200);
    // The ack carries no result when processing outlasts the answer budget: wait for the state.
    await until(async () => (await hazardState(hazardId)).status === 'rectifying', 10_000, 'accepted');

    // 4. "Rectified" asks for the after-photo in the chat; the photo submits the fix.
    await peer.state.clickCard(assignment, 'dt_zhoujie', { ref: visibleRef(peer, assignment, 'dt_zhoujie', ACTIONS.hazard_rectified) });
    await until(() => textsTo(peer, 'dt_zhoujie').some((t) => t.includes('整改后的现场照片')), 10_000, 'after-photo prompt');
    expect((await peer.state.sendRobotPicture('dt_zhoujie', await testJpeg(320, 240, {}, 2))).code).toBe(200);
    await until(async () => (await hazardState(hazardId)).status === 'awaiting_verification', 10_000, 'awaiting verification');

    // 5. A reviewer approves; the hazard is closed and the reviewer's card is finished in place.
    const verification = "SELECT target ->> 'userId' AS u, sent_ref -> 'ref' ->> 'outTrackId' AS t FROM sent_messages WHERE card_kind = 'hazard.verification' AND subject_id = $1 AND platform = 'dingtalk'";
    await until(async () => (await deps.db.query(verification, [hazardId])).rowCount > 0, 10_000, 'verification card');
    const review = (await deps.db.query<{ u: string; t: string }>(verification, [hazardId])).rows[0];
    const approveRef = visibleRef(peer, review.t, review.u, ACTIONS.hazard_verify_approve);
    const approved = await peer.state.clickCard(review.t, review.u, { ref: approveRef });
    expect(approved.ack.code).toBe(200);
    expect(approved.response).toMatchObject({ cardData: { cardParamMap: { finished: 'true' } }, userPrivateData: { cardParamMap: { show_actions: 'false' } } });
    expect((await hazardState(hazardId)).status).toBe('closed');
    await until(() => textsTo(peer, review.u).some((t) => t.includes(code)), 10_000, 'approve reply');

    // 6. The assignee's card follows (PUT update in place); a stale second approve is refused, not repeated.
    await until(() => peer.state.cards.get(assignment)!.cardData.finished === 'true', 10_000, 'assignment card finished');
    expect(peer.state.cards.get(assignment)!.cardData).toMatchObject({ has_image: 'true', image: shown.image });
    const closedEvents = async () => (await deps.db.query("SELECT 1 FROM evidence_events WHERE subject_id = $1", [hazardId])).rowCount;
    const before = await closedEvents();
    const replies = textsTo(peer, review.u).length;
    const again = await peer.state.clickCard(review.t, review.u, { ref: approveRef });
    expect(again.ack.code).toBe(200);
    await until(() => textsTo(peer, review.u).length > replies, 10_000, 'refusal reply');
    expect(await closedEvents()).toBe(before);
    expect((await hazardState(hazardId)).status).toBe('closed');
    expect(peer.state.stream.protocolErrors.filter((e) => !e.includes('did not subscribe'))).toEqual([]);
  }, 90_000);
});
