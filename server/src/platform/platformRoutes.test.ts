import { binaryBody } from '../../../testkit/binaryBody';
import { DB_KINDS } from '../../../testkit/testDb';
import { authAs } from '../../../testkit/sandboxLogin';
import { startTestServer, TestServer } from '../../../testkit/testServer';

const JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(200, 7)]);

describe.each(DB_KINDS)('platform HTTP on %s', (kind) => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startTestServer({ kind, work: false });
  });
  afterAll(async () => {
    await s?.close();
  });

  it('answers health, readiness and metrics without credentials', async () => {
    await s.http().get('/healthz').expect(200, { status: 'ok' });
    const ready = await s.http().get('/readyz').expect(200);
    expect(ready.body.components.database).toMatchObject({ ok: true, state: 'up' });
    expect(ready.body.components.jobs).toMatchObject({ ok: true });
    const metrics = await s.http().get('/metrics').expect(200);
    expect(metrics.text).toContain('anquan_http_requests_total');
  });

  it('publishes an OpenAPI document that lists its routes', async () => {
    const doc = await s.http().get('/api/openapi.json').expect(200);
    expect(doc.body.openapi).toBe('3.1.0');
    expect(doc.body.paths['/api/admin/tokens'].post.parameters.map((p: { name: string }) => p.name)).toContain('Idempotency-Key');
    expect(doc.body.paths['/api/files/{id}'].get).toBeDefined();
  });

  it('lists the plant\'s people for pickers without phone numbers or messenger ids', async () => {
    await s.http().get('/api/people').expect(401);
    const r = await s.http().get('/api/people').set(await authAs(s, 'zhangwei')).expect(200);
    const zhoujie = r.body.people.find((p: { key: string }) => p.key === 'zhoujie');
    expect(zhoujie).toEqual({ id: expect.any(String), key: 'zhoujie', name: '周杰', department: { key: 'electrical_ws', name: '电仪车间' } });
    expect(JSON.stringify(r.body)).not.toMatch(/phone|messengerIds/);
  });

  it('refuses requests without or with a forged token', async () => {
    const none = await s.http().get('/api/me').expect(401);
    expect(none.body.error.code).toBe('unauthenticated');
    const forged = await s.http().get('/api/me').set('Authorization', 'Bearer eyJwIjoiIn0.AAAA').expect(401);
    expect(forged.body.error.code).toBe('invalid_token');
    const fakeApi = await s.http().get('/api/me').set('Authorization', 'Bearer aq_not-a-real-token').expect(401);
    expect(fakeApi.body.error.code).toBe('invalid_token');
    const badScheme = await s.http().get('/api/me').set('Authorization', 'Basic abc').expect(401);
    expect(badScheme.body.error.message).toContain('Bearer');
  });

  it('refuses an action by someone without the role (403 naming the right)', async () => {
    const worker = await authAs(s, 'zhangwei');
    const res = await s.http().get('/api/admin/config').set(worker).expect(403);
    expect(res.body.error).toMatchObject({ code: 'forbidden', details: { right: 'admin.config.read' } });
  });

  it('serves the configuration to an admin with secrets redacted', async () => {
    const admin = await authAs(s, 'majun');
    const res = await s.http().get('/api/admin/config').set(admin).expect(200);
    expect(res.body.plant.areas.length).toBeGreaterThan(3);
    const text = JSON.stringify(res.body);
    expect(text).not.toMatch(/1[3-9]\d{9}/); // phone numbers are masked
  });

  it('issues API tokens that then authenticate with the token role', async () => {
    const admin = await authAs(s, 'majun');
    const created = await s.http().post('/api/admin/tokens').set(admin).send({ name: 'ci', role: 'inspector' }).expect(201);
    expect(created.body.token).toMatch(/^aq_/);
    const me = await s.http().get('/api/me').set('Authorization', `Bearer ${created.body.token}`).expect(200);
    expect(me.body).toMatchObject({ via: 'api_token', roles: ['inspector'] });
    expect(me.body.rights).toContain('audit.verify');
    const stored = await s.deps.db.query<{ token_hash: string }>('SELECT token_hash FROM api_tokens WHERE id = $1', [created.body.id]);
    expect(stored.rows[0].token_hash).not.toContain(created.body.token);
  });

  it('names the bad field on missing, wrong-typed and unknown input', async () => {
    const admin = await authAs(s, 'majun');
    const missing = await s.http().post('/api/admin/tokens').set(admin).send({ role: 'inspector' }).expect(400);
    expect(missing.body.error.code).toBe('validation_failed');
    expect(missing.body.error.message).toContain('body.name');
    const wrongType = await s.http().post('/api/admin/tokens').set(admin).send({ name: 5, role: 'inspector' }).expect(400);
    expect(wrongType.body.error.details.fields[0].field).toBe('body.name');
    const unknownRole = await s.http().post('/api/admin/tokens').set(admin).send({ name: 'x', role: 'nope' }).expect(400);
    expect(unknownRole.body.error.message).toContain('body.role');
    const unknownId = await s.http().get('/api/files/00000000-0000-4000-8000-000000000000').set(admin).expect(404);
    expect(unknownId.body.error.code).toBe('not_found');
    const badId = await s.http().get('/api/files/not-a-uuid').set(admin).expect(400);
    expect(badId.body.error.message).toContain('params.id');
  });

  it('answers malformed JSON and oversized bodies with a clear 4xx', async () => {
    const admin = await authAs(s, 'majun');
    const bad = await s.http().post('/api/admin/tokens').set(admin).set('Content-Type', 'application/json').send('{"name": ').expect(400);
    expect(bad.body.error.code).toBe('invalid_json');
    const huge = await s.http().post('/api/admin/tokens').set(admin).send({ name: 'x'.repeat(1_100_000), role: 'admin' }).expect(413);
    expect(huge.body.error.code).toBe('payload_too_large');
  });

  it('replays the same Idempotency-Key and refuses it with a different body (409), writing once', async () => {
    const admin = await authAs(s, 'majun');
    const before = (await s.deps.db.query<{ n: number }>('SELECT count(*)::int AS n FROM api_tokens')).rows[0].n;
    const a = await s.http().post('/api/admin/tokens').set(admin).set('Idempotency-Key', 'key-1').send({ name: 'one', role: 'worker' }).expect(201);
    const b = await s.http().post('/api/admin/tokens').set(admin).set('Idempotency-Key', 'key-1').send({ name: 'one', role: 'worker' }).expect(201);
    expect(b.body).toEqual(a.body);
    expect(b.headers['idempotent-replayed']).toBe('true');
    const c = await s.http().post('/api/admin/tokens').set(admin).set('Idempotency-Key', 'key-1').send({ name: 'two', role: 'worker' }).expect(409);
    expect(c.body.error.code).toBe('idempotency_conflict');
    const after = (await s.deps.db.query<{ n: number }>('SELECT count(*)::int AS n FROM api_tokens')).rows[0].n;
    expect(after).toBe(before + 1);
  });

  it('stores uploads content-addressed and refuses non-images and oversized files', async () => {
    const worker = await authAs(s, 'zhangwei');
    const up = await s.http().post('/api/files').set(worker).set('Content-Type', 'image/jpeg').send(JPEG).expect(201);
    expect(up.body).toMatchObject({ mime: 'image/jpeg', size: JPEG.length });
    const back = await s.http().get(`/api/files/${up.body.id}`).set(worker).buffer(true).parse(binaryBody).expect(200);
    expect(Buffer.compare(back.body as Buffer, JPEG)).toBe(0);
    expect(back.headers['x-content-sha256']).toBe(up.body.sha256);
    const fake = await s.http().post('/api/files').set(worker).set('Content-Type', 'image/jpeg').send(Buffer.from('not an image at all')).expect(415);
    expect(fake.body.error.code).toBe('unsupported_media_type');
    const big = Buffer.alloc(s.env.UPLOAD_LIMIT_BYTES + 10, 1);
    big.set([0xff, 0xd8, 0xff], 0);
    const tooBig = await s.http().post('/api/files').set(worker).set('Content-Type', 'image/jpeg').send(big).expect(413);
    expect(tooBig.body.error.code).toBe('payload_too_large');
  });
});
