import { startTestServer, type TestServer } from '../../../../testkit/testServer';
import { startWecomHarness, type WecomHarness } from './wecomTestHarness';
import { wecomModule } from './wecomModule';

jest.setTimeout(60_000);

let h: WecomHarness;
beforeAll(async () => {
  h = await startWecomHarness({ record: false });
});
afterAll(() => h.close());

const me = (token: string) => h.server.http().get('/api/me').set('Authorization', `Bearer ${token}`);

describe('mini-program login (wx.qy.login → jscode2session)', () => {
  it('exchanges a code for a session token of the person', async () => {
    const code = h.peer.state.issueLoginCode('zhangwei');
    const res = await h.server.http().post('/api/sessions/wecom/miniprogram').send({ code });
    expect(res.status).toBe(200);
    expect(res.body.person).toMatchObject({ id: await h.personId('zhangwei'), plantId: h.plantId, name: '张伟', roles: ['worker'] });
    expect(new Date(res.body.expiresAt).getTime()).toBeGreaterThan(Date.now());
    const who = await me(res.body.token);
    expect(who.body).toMatchObject({ personId: await h.personId('zhangwei'), via: 'wecom' });
  });

  it('a code the peer rejects (40029, here: used twice) → 401 with no WeCom detail', async () => {
    const code = h.peer.state.issueLoginCode('zhangwei');
    expect((await h.server.http().post('/api/sessions/wecom/miniprogram').send({ code })).status).toBe(200);
    const again = await h.server.http().post('/api/sessions/wecom/miniprogram').send({ code });
    expect(again.status).toBe(401);
    expect(again.body.error.code).toBe('invalid_token');
    expect(JSON.stringify(again.body)).not.toMatch(/40029|invalid code|hint|from ip/);
  });

  it('a member who is not a person of the plant → 403', async () => {
    const res = await h.server.http().post('/api/sessions/wecom/miniprogram').send({ code: h.peer.state.issueLoginCode('someone_else') });
    expect(res.status).toBe(403);
  });

  it('a missing code → 400 naming the field', async () => {
    const res = await h.server.http().post('/api/sessions/wecom/miniprogram').send({});
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(/body\.code/);
  });
});

describe('H5 login inside WeCom (OAuth → auth/getuserinfo)', () => {
  it('GET with ?code= and POST with {code} both give a session', async () => {
    const viaGet = await h.server.http().get(`/api/sessions/wecom/oauth?code=${h.peer.state.issueLoginCode('liqiang')}`);
    expect(viaGet.status).toBe(200);
    expect((await me(viaGet.body.token)).body.personId).toBe(await h.personId('liqiang'));
    const viaPost = await h.server.http().post('/api/sessions/wecom/oauth').send({ code: h.peer.state.issueLoginCode('AndyLin') });
    expect(viaPost.body.person).toMatchObject({ id: await h.personId('lin_andi'), locale: 'en' });
  });

  it('an expired code → 401', async () => {
    const code = h.peer.state.issueLoginCode('liqiang');
    h.peer.state.advanceClock(6 * 60 * 1000);
    try {
      expect((await h.server.http().get(`/api/sessions/wecom/oauth?code=${code}`)).status).toBe(401);
    } finally {
      h.peer.state.advanceClock(-6 * 60 * 1000);
    }
  });
});

describe('without WeCom credentials', () => {
  let plain: TestServer;
  beforeAll(async () => {
    plain = await startTestServer({ modules: [wecomModule] });
  });
  afterAll(() => plain.close());

  it('the module is inert: no callback route, login answers 404, no WeCom messenger', async () => {
    expect((await plain.http().post('/api/sessions/wecom/miniprogram').send({ code: 'x' })).status).toBe(404);
    expect((await plain.http().post('/wecom/callback').send('<xml/>')).status).toBe(404);
    expect(plain.deps.messengers.get('wecom')).toBeUndefined();
    expect(plain.deps.jobs.queueNames()).not.toContain('wecom-inbound');
  });
});
