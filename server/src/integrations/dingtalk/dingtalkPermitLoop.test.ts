import { ACTIONS } from '../../../../cards/src/actions';
import { authAs } from '../../../../testkit/sandboxLogin';
import { DB_KINDS } from '../../../../testkit/testDb';
import { permitsModule } from '../../domains/permits/permitsModule';
import { hotWorkApplication, seedCertificates, statusOf, T0, testClock } from '../../domains/permits/permitTestKit';
import { DingtalkRig, startDingtalkRig, textsTo, until, visibleRef, waitForCard } from './dingtalkTestRig';

/**
 * A hot-work permit approved and rejected through DingTalk: the approvers get interactive cards
 * (buttons only in their private data), sign remotely from the card, the card updates in place,
 * and a rejection's reason is typed to the robot. A stale click is refused and changes nothing.
 */
describe.each(DB_KINDS)('permit approval through DingTalk (%s)', (kind) => {
  let rig: DingtalkRig;
  const clock = testClock();

  beforeAll(async () => {
    rig = await startDingtalkRig({ kind, modules: [permitsModule], now: clock.now });
    await seedCertificates(rig.server);
  }, 60_000);
  afterAll(async () => {
    await rig?.close();
  });

  async function submitHotWork(): Promise<{ id: string; code: string }> {
    clock.set(T0);
    const http = rig.server.http();
    const created = await http.post('/api/permits').set(await authAs(rig.server, 'liqiang')).send(hotWorkApplication(T0));
    expect(created.status).toBe(201);
    const { id, code } = created.body.permit as { id: string; code: string };
    expect((await http.post(`/api/permits/${id}/submit`).set(await authAs(rig.server, 'liqiang')).send({})).status).toBe(200);
    return { id, code };
  }

  it('signs remotely from the card, then rejects with a reason typed to the robot', async () => {
    const { peer, server } = rig;
    const { id, code } = await submitHotWork();

    const first = await waitForCard(server.deps, 'permit.approval', 'dt_zhaolei', id);
    const card = peer.state.cards.get(first)!;
    expect(card.cardData).toMatchObject({ kind: 'permit.approval', show_actions: 'false' });
    const buttons = JSON.parse(card.privateData.dt_zhaolei.buttons) as Array<{ label: string; url: string; ref: string }>;
    expect(buttons.map((b) => b.label)).toEqual(['到现场审批', '远程批准', '驳回']);
    expect(buttons[0].url).toMatch(new RegExp(`/m/permits/${id}/approve$`));

    const signed = await peer.state.clickCard(first, 'dt_zhaolei', { ref: visibleRef(peer, first, 'dt_zhaolei', ACTIONS.permit_approve) });
    expect(signed.ack.code).toBe(200);
    expect(await statusOf(server, id)).toBe('approving');
    // The card answer already shows the signature; the buttons are gone for the signer.
    expect(signed.response).toMatchObject({ cardData: { cardParamMap: { finished: 'true', status: expect.stringMatching(/^已远程签字/) } }, userPrivateData: { cardParamMap: { show_actions: 'false' } } });
    await until(() => textsTo(peer, 'dt_zhaolei').some((t) => t.includes(code)), 10_000, 'approved reply');
    await waitForCard(server.deps, 'permit.step_result', 'dt_liqiang', id);

    const second = await waitForCard(server.deps, 'permit.approval', 'dt_wangfang', id);
    await peer.state.clickCard(second, 'dt_wangfang', { ref: visibleRef(peer, second, 'dt_wangfang', ACTIONS.permit_reject) });
    await until(() => textsTo(peer, 'dt_wangfang').some((t) => t.includes('驳回作业票')), 10_000, 'the reason question');
    expect((await peer.state.sendRobotText('dt_wangfang', '动火点周边可燃物未清理')).code).toBe(200);
    await until(async () => (await statusOf(server, id)) === 'rejected', 10_000, 'the rejection');
    const record = await server.http().get(`/api/permits/${id}`).set(await authAs(server, 'liqiang'));
    expect(record.body.ended).toMatchObject({ code: 'rejected', params: { reason: '动火点周边可燃物未清理' } });
    await until(() => peer.state.cards.get(second)!.cardData.finished === 'true', 10_000, 'the rejecter\'s card to finish in place');
    expect(peer.state.stream.protocolErrors.filter((e) => !e.includes('did not subscribe'))).toEqual([]);
  }, 90_000);

  it('refuses a stale click from the card with a chat reply and changes nothing', async () => {
    const { peer, server } = rig;
    const { id } = await submitHotWork();
    const stale = await waitForCard(server.deps, 'permit.approval', 'dt_chenjing', id);
    const ref = visibleRef(peer, stale, 'dt_chenjing', ACTIONS.permit_approve);
    await server.http().post(`/api/permits/${id}/approve`).set(await authAs(server, 'zhaolei')).send({ mode: 'remote' });
    const before = textsTo(peer, 'dt_chenjing').length;
    const click = await peer.state.clickCard(stale, 'dt_chenjing', { ref });
    expect(click.ack.code).toBe(200);
    await until(() => textsTo(peer, 'dt_chenjing').slice(before).some((t) => t.includes('审批环节')), 10_000, 'the refusal reply');
    expect(await statusOf(server, id)).toBe('approving');
  }, 60_000);
});
