import { sessionFor } from '../../../../testkit/sandboxLogin';
import { startTestServer, TestServer } from '../../../../testkit/testServer';

describe('Sandbox switched off', () => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startTestServer({ env: { SANDBOX: '0' }, work: false });
  });
  afterAll(async () => {
    await s?.close();
  });

  it('does not serve the page and refuses Sandbox sessions', async () => {
    await s.http().get('/sandbox').expect(404);
    await s.http().get('/sandbox/api/people').expect(404);
    const { token } = await sessionFor(s, 'zhangwei');
    const r = await s.http().get('/api/me').set('Authorization', `Bearer ${token}`).expect(401);
    expect(r.body.error.code).toBe('invalid_token');
    const ready = await s.http().get('/readyz').expect(200);
    expect(ready.body.components.sandbox.state).toBe('off');
  });

  it('reports not ready while draining and refuses new work', async () => {
    s.deps.health.draining = true;
    try {
      await s.http().get('/readyz').expect(503);
      const r = await s.http().get('/api/me').expect(503);
      expect(r.body.error.code).toBe('unavailable');
    } finally {
      s.deps.health.draining = false;
    }
  });
});
