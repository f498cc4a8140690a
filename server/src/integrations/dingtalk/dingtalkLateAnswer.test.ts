import { ACTIONS } from '../../../../cards/src/actions';
import { actionRef } from '../../../../cards/src/model';
import { encodeActionRef } from '../../../../cards/src/actionRef';
import { effects, outTrackIdOf, ProbeState, probeModule, sendProbeCard } from './dingtalkProbe';
import { DingtalkRig, startDingtalkRig, until } from './dingtalkTestRig';

const probe: ProbeState = { events: [], gate: null };
let rig: DingtalkRig;
/**
 * How long the handler leaves the command's own card refresh before updating the card itself. The
 * refresh is a job (woken, then a PUT to the peer): on a slow machine it can take far more than a
 * few hundred ms, and a handler update before it would make two updates of one click.
 */
const LATE_UPDATE_MS = 1500;

beforeAll(async () => {
  rig = await startDingtalkRig({ modules: [probeModule(probe)], frames: { answerBudgetMs: 30, lateUpdateMs: LATE_UPDATE_MS } });
});
afterAll(async () => {
  await rig?.close();
});

/** A probe card delivered to 张伟, with the clicks' processing held until `release()`. */
async function gatedProbeCard(deps: DingtalkRig['server']['deps']): Promise<{ subjectId: string; id: string; release: () => void }> {
  const subjectId = await sendProbeCard(deps, 'zhangwei');
  let outTrackId: string | null = null;
  await until(async () => (outTrackId = await outTrackIdOf(deps, subjectId)) !== null, 8000, 'card delivered');
  let release: () => void = () => undefined;
  probe.gate = new Promise<void>((r) => { release = r; });
  return { subjectId, id: outTrackId as unknown as string, release: () => release() };
}

describe('a click whose processing outlasts the answer budget', () => {
  it('is acked at once with the clicker\'s buttons replaced by "processing", then the card is updated in place', async () => {
    const deps = rig.server.deps;
    const { subjectId, id, release } = await gatedProbeCard(deps);

    const { ack, response } = await rig.peer.state.clickCard(id, 'dt_zhangwei', { ref: encodeActionRef(actionRef(ACTIONS.noop, 'probe', subjectId, 1)) });
    expect(ack.code).toBe(200);
    expect(ack.latencyMs).toBeLessThan(1000);
    expect(response).toEqual({
      cardUpdateOptions: { updatePrivateDataByKey: true },
      userPrivateData: { cardParamMap: { status: '已收到，正在处理。', finished: 'false', show_actions: 'false', buttons: '[]', selects: '[]', submit_label: '', submit_ref: '' } },
    });
    const card = rig.peer.state.cards.get(id)!;
    expect(card.privateData.dt_zhangwei).toMatchObject({ show_actions: 'false', status: '已收到，正在处理。' });
    expect(await effects(deps, 'probe.clicked', subjectId)).toBe(0);

    release();
    await until(() => card.apiUpdates >= 1 && card.privateData.dt_zhangwei.finished === 'true', 8000, 'card updated through the API');
    expect(card.cardData).toMatchObject({ finished: 'true', status: '已处理 ×1' });
    expect(await effects(deps, 'probe.clicked', subjectId)).toBe(1);
    // The command's refresh updated the card: the handler did not update it a second time.
    await new Promise((r) => setTimeout(r, LATE_UPDATE_MS + 300));
    expect(card.apiUpdates).toBe(1);
  });

  it('a refused click (nothing refreshes) still gets its card back instead of a stuck "processing"', async () => {
    const deps = rig.server.deps;
    const { subjectId, id, release } = await gatedProbeCard(deps);
    const { response } = await rig.peer.state.clickCard(id, 'dt_zhangwei', { ref: encodeActionRef(actionRef(ACTIONS.permit_ack, 'probe', subjectId, 1)) });
    expect(response).toMatchObject({ userPrivateData: { cardParamMap: { show_actions: 'false', status: '已收到，正在处理。' } } });
    release();
    const card = rig.peer.state.cards.get(id)!;
    await until(() => card.apiUpdates === 1 && card.privateData.dt_zhangwei.show_actions === 'true', 8000, 'buttons back');
    expect(await effects(deps, 'probe.privileged', subjectId)).toBe(0);
  });
});
