import { hazardsModule } from '../../server/src/domains/hazards/hazardsModule';
import { SessionTokens } from '../../server/src/platform/auth/sessionTokens';
import { testJpeg } from '../../server/src/platform/files/photoTestImages';
import { photosModule } from '../../server/src/platform/files/photosModule';
import { h5Module } from '../../server/src/platform/h5/h5Module';
import { bindWechat } from '../../server/src/platform/h5/wechatBinding';
import { start as startWechatPeer, type WechatPeer } from '../../scripts/sim/wechatPeer';
import { sessionFor } from '../../testkit/sandboxLogin';
import { startTestServer, type TestServer } from '../../testkit/testServer';
import { makeFakeWx, type FakeCall } from '../testkit/fakeWx';
import { realServerNet } from '../testkit/realServerNet';

/**
 * The mini-program's outbox, services and session against the real server (hazards, photos,
 * h5 modules), with `wx` faked down to the network: offline → online → exactly once, an
 * answer lost after the server acted, an expired session, a replayed client id.
 */
describe('outbox against the real server', () => {
  let server: TestServer;
  let peer: WechatPeer;
  let fake: ReturnType<typeof makeFakeWx>;
  let me: { personId: string; plantId: string };
  let drop: (c: FakeCall) => boolean = () => false;
  const files = new Map<string, Buffer>();
  // Loaded after `wx` exists: the modules read it at call time, the outbox is a singleton.
  let mp: { queueCapture: typeof import('./wxOutbox').queueCapture; outbox: typeof import('./wxOutbox').outbox };
  let reportHazard: typeof import('../services/hazards/reportHazard').reportHazard;

  beforeAll(async () => {
    peer = await startWechatPeer({ appId: 'wx-app', secret: 'wx-secret' });
    server = await startTestServer({ modules: [hazardsModule, photosModule, h5Module], listen: true, env: { WECHAT_APP_ID: 'wx-app', WECHAT_APP_SECRET: 'wx-secret', WECHAT_API_BASE: peer.url } });
    const s = await sessionFor(server, 'zhangwei');
    me = { personId: s.personId, plantId: s.plantId };
    await bindWechat(server.deps.db, 'openid-zhangwei', s.plantId, s.personId, new Date());
    fake = makeFakeWx({ files, net: realServerNet(server.url!, files, { dropAnswer: (c) => drop(c) }), loginCode: () => peer.login('openid-zhangwei') });
    (global as unknown as { wx: unknown }).wx = fake.wx;
    fake.wx.setStorageSync('anquan.serverUrl', server.url);
    mp = await import('./wxOutbox');
    reportHazard = (await import('../services/hazards/reportHazard')).reportHazard;
    files.set('wxfile://tmp/a.jpg', await testJpeg(1200, 900, {}, 11));
    files.set('wxfile://tmp/b.jpg', await testJpeg(1200, 900, {}, 12));
  }, 60_000);
  afterAll(async () => {
    await server?.close();
    await peer?.stop();
  });

  const hazardsOfMine = async () => {
    const auth = { Authorization: `Bearer ${server.deps.sessions.issue(me.plantId, me.personId, 'sandbox').token}` };
    return (await server.http().get(`/api/hazards?reporterId=${me.personId}&limit=200`).set(auth).expect(200)).body.items as Array<{ id: string; description: string }>;
  };

  const capture = (description: string, photos = ['wxfile://tmp/a.jpg', 'wxfile://tmp/b.jpg'], fix = { lat: 31.9046, lng: 118.7980, datum: 'WGS-84' as const }) =>
    mp.queueCapture({
      kind: 'hazard.report', payload: { areaKey: 'synthesis', categoryKey: 'elec_box_unlocked', description, location: fix },
      tempPhotoPaths: photos, capturedAt: new Date().toISOString(), fix,
    });

  test('offline → online → exactly once, photos and all', async () => {
    fake.state.setOffline(true);
    const { id } = await capture('配电箱门未上锁（离线上报）');
    const offline = await mp.outbox().flush();
    expect(offline).toMatchObject({ offline: true, waiting: 1 });
    expect((await mp.outbox().items())[0]).toMatchObject({ id, attempts: 1, state: 'queued' });

    fake.state.setOffline(false);
    const online = await mp.outbox().flush({ force: true });
    expect(online.sent).toEqual([id]);
    expect(await mp.outbox().items()).toEqual([]);
    const mine = (await hazardsOfMine()).filter((h) => h.description === '配电箱门未上锁（离线上报）');
    expect(mine).toHaveLength(1);
    // Photos went up through the pipeline with their client ids, once each.
    const photos = await server.deps.db.query<{ client_id: string }>(`SELECT client_id FROM photos WHERE client_id LIKE $1 ORDER BY client_id`, [`${id}-p%`]);
    expect(photos.rows.map((r) => r.client_id)).toEqual([`${id}-p0`, `${id}-p1`]);
    // A second flush has nothing to do.
    expect((await mp.outbox().flush({ force: true })).sent).toEqual([]);
  }, 60_000);

  test('the server acted but the answer was lost: the retry gets the same hazard, not a second one', async () => {
    let dropped = 0;
    drop = (c) => c.url.endsWith('/api/hazards') && c.method === 'POST' && dropped++ === 0;
    const { id } = await capture('消防通道堵塞（应答丢失）', ['wxfile://tmp/a.jpg']);
    await mp.outbox().flush();
    expect((await mp.outbox().items()).map((i) => i.id)).toEqual([id]);
    drop = () => false;
    expect((await mp.outbox().flush({ force: true })).sent).toEqual([id]);
    expect((await hazardsOfMine()).filter((h) => h.description === '消防通道堵塞（应答丢失）')).toHaveLength(1);
  }, 60_000);

  test('an expired session: the outbox signs in again (wx.login → /api/sessions/wechat) and sends', async () => {
    const past = new SessionTokens(server.env.APP_SECRET!, 60, () => new Date(Date.now() - 3600_000)).issue(me.plantId, me.personId, 'wechat');
    // The phone still believes its token is good; the server says 401.
    fake.wx.setStorageSync('anquan.session', { token: past.token, expiresAt: '2099-01-01T00:00:00Z', person: { id: me.personId, plantId: me.plantId, name: '张伟', roles: ['worker'], locale: 'zh-CN' } });
    const logins = peer.calls.length;
    const { id } = await capture('护栏松动（会话过期）', ['wxfile://tmp/a.jpg']);
    expect((await mp.outbox().flush()).sent).toEqual([id]);
    expect(peer.calls.length).toBe(logins + 1);
    expect((fake.wx.getStorageSync('anquan.session') as { token: string }).token).not.toBe(past.token);
  }, 60_000);

  test('a replayed client id with different content: 409, nothing overwritten', async () => {
    const { id } = await capture('原始描述', ['wxfile://tmp/b.jpg']);
    expect((await mp.outbox().flush()).sent).toEqual([id]);
    const before = (await hazardsOfMine()).filter((h) => h.description === '原始描述');
    expect(before).toHaveLength(1);
    // Same id, other content (a reinstalled app reusing an id, or a tampered client).
    const err = await reportHazard({ areaKey: 'synthesis', categoryKey: 'elec_box_unlocked', description: '篡改后的描述', photoFileIds: [] }, id).catch((e: unknown) => e);
    expect(err).toMatchObject({ status: 409, code: 'idempotency_conflict' });
    const after = await hazardsOfMine();
    expect(after.filter((h) => h.description === '篡改后的描述')).toHaveLength(0);
    expect(after.filter((h) => h.description === '原始描述').map((h) => h.id)).toEqual(before.map((h) => h.id));
  }, 60_000);

  test('GPS far outside the plant: the report goes, its photos are flagged off site', async () => {
    const far = { lat: 31.2304, lng: 121.4737, datum: 'WGS-84' as const };
    const { id } = await capture('厂区外拍摄的照片', ['wxfile://tmp/b.jpg'], far);
    const r = await mp.outbox().flush();
    expect(r.sent).toEqual([id]);
    const photo = await server.deps.db.query<{ context: { outsidePlant: boolean; areaKey: string | null } }>(`SELECT context FROM photos WHERE client_id = $1`, [`${id}-p0`]);
    expect(photo.rows[0].context).toMatchObject({ outsidePlant: true, areaKey: 'synthesis' });
  }, 60_000);
});
