import { start as startWechatPeer, type WechatPeer } from '../../../../scripts/sim/wechatPeer';
import { authAs } from '../../../../testkit/sandboxLogin';
import { startTestServer, type TestServer } from '../../../../testkit/testServer';
import { h5Module } from './h5Module';
import { PRIVACY_NOTICE_VERSION } from './consentRoutes';

/** Polls the Sandbox DM of a person until the bot's reply with a binding code shows up. */
async function bindCodeFromChat(server: TestServer, auth: Record<string, string>): Promise<string> {
  for (let i = 0; i < 60; i++) {
    const r = await server.http().get('/sandbox/api/poll?since=0').set(auth);
    const text = JSON.stringify(r.body);
    const m = /([A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{4})/.exec(text);
    if (m) return m[1];
    await new Promise((res) => setTimeout(res, 150));
  }
  throw new Error('no binding code arrived in the chat');
}

describe('h5 module routes', () => {
  let server: TestServer;
  let peer: WechatPeer;
  let auth: Record<string, string>;
  beforeAll(async () => {
    peer = await startWechatPeer({ appId: 'wx-test-app', secret: 'wx-test-secret' });
    server = await startTestServer({ modules: [h5Module], env: { WECHAT_APP_ID: 'wx-test-app', WECHAT_APP_SECRET: 'wx-test-secret', WECHAT_API_BASE: peer.url } });
    auth = await authAs(server, 'zhangwei');
  });
  afterAll(async () => {
    await server.close();
    await peer.stop();
  });

  describe('WeChat sign-in with a one-time binding code from chat', () => {
    test('unbound → 403 binding_required; "绑定微信" in chat → code; code binds once; later logins need no code', async () => {
      const first = await server.http().post('/api/sessions/wechat').send({ code: peer.login('openid-zhangwei') }).expect(403);
      expect(first.body.error.details.reason).toBe('binding_required');

      await server.http().post('/sandbox/api/messages').set(auth).send({ kind: 'text', clientId: 'bindwechat-0001', text: '绑定微信' }).expect(202);
      const bindCode = await bindCodeFromChat(server, auth);

      const bound = await server.http().post('/api/sessions/wechat').send({ code: peer.login('openid-zhangwei'), bindCode: bindCode.toLowerCase() }).expect(200);
      expect(bound.body.person.name).toBe('张伟');
      const me = await server.http().get('/api/me').set('Authorization', `Bearer ${bound.body.token}`).expect(200);
      expect(me.body.personId).toBe(bound.body.person.id);

      // The code is single use: another WeChat user cannot take it.
      const stolen = await server.http().post('/api/sessions/wechat').send({ code: peer.login('openid-intruder'), bindCode }).expect(403);
      expect(stolen.body.error.details.reason).toBe('bind_code_invalid');

      const later = await server.http().post('/api/sessions/wechat').send({ code: peer.login('openid-zhangwei') }).expect(200);
      expect(later.body.person.id).toBe(bound.body.person.id);
      const ev = await server.deps.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM evidence_events WHERE kind = 'wechat.bound'`);
      expect(ev.rows[0].n).toBe(1);
    });

    test('a reused or unknown wx.login code → 401', async () => {
      const code = peer.login('openid-x');
      await server.http().post('/api/sessions/wechat').send({ code }).expect(403);
      const again = await server.http().post('/api/sessions/wechat').send({ code }).expect(401);
      expect(again.body.error.code).toBe('invalid_token');
    });
  });

  describe('consent to the privacy notice', () => {
    test('needed first, recorded once per client id, then not needed', async () => {
      const before = await server.http().get('/api/consents/me').set(auth).expect(200);
      expect(before.body).toMatchObject({ needed: true, currentVersion: PRIVACY_NOTICE_VERSION, latest: null });
      const body = { noticeVersion: PRIVACY_NOTICE_VERSION, purposes: ['location', 'photos'], granted: true, channel: 'miniprogram', clientId: 'consent-0000001' };
      const a = await server.http().post('/api/consents').set(auth).send(body).expect(201);
      const b = await server.http().post('/api/consents').set(auth).send(body).expect(201);
      expect(b.body.id).toBe(a.body.id);
      await server.http().post('/api/consents').set(auth).send({ ...body, granted: false }).expect(409);
      const after = await server.http().get('/api/consents/me').set(auth).expect(200);
      expect(after.body.needed).toBe(false);
      const ev = await server.deps.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM evidence_events WHERE kind = 'consent.recorded'`);
      expect(ev.rows[0].n).toBe(1);
    });

    test('401 without a session', async () => {
      await server.http().get('/api/consents/me').expect(401);
    });
  });

  describe('geo', () => {
    test('a WGS-84 GPS fix is located in a GCJ-02 fence; far away is outside the plant', async () => {
      // The synthesis hall (GCJ-02 118.8030, 31.9025) as GPS reports it.
      const inHall = await server.http().post('/api/geo/locate').set(auth).send({ lat: 31.90454 - 0.0000, lng: 118.79783, datum: 'WGS-84' }).expect(200);
      expect(inHall.body).toMatchObject({ areaKey: 'synthesis', areaName: '合成车间', outsidePlant: false });
      const far = await server.http().post('/api/geo/locate').set(auth).send({ lat: 31.2304, lng: 121.4737, datum: 'wgs84' }).expect(200);
      expect(far.body).toMatchObject({ areaKey: null, outsidePlant: true });
      await server.http().post('/api/geo/locate').set(auth).send({ lat: 31.2, lng: 121.4 }).expect(400);
    });

    test('areas can be fetched converted to the client\'s datum', async () => {
      const gcj = await server.http().get('/api/geo/areas').set(auth).expect(200);
      const wgs = await server.http().get('/api/geo/areas?datum=WGS-84').set(auth).expect(200);
      const a = gcj.body.items.find((x: { key: string }) => x.key === 'tank_farm');
      const b = wgs.body.items.find((x: { key: string }) => x.key === 'tank_farm');
      expect(a.datum).toBe('GCJ-02');
      expect(b).toMatchObject({ datum: 'WGS-84', declaredDatum: 'GCJ-02' });
      expect(b.geofence.points[0][0]).toBeLessThan(a.geofence.points[0][0] - 0.004);
    });
  });
});
