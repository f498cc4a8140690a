import exifr from 'exifr';
import sharp from 'sharp';
import { authAs } from '../../../../testkit/sandboxLogin';
import { startTestServer, type TestServer } from '../../../../testkit/testServer';
import { attachPhotoContext } from './photoCommands';
import { signedPhotoPath } from './photoLinks';
import { photosModule } from './photosModule';
import { pngBomb, testJpeg } from './photoTestImages';

/** Polls GET /api/photos/:id until processing is over. */
async function settled(server: TestServer, auth: Record<string, string>, id: string, until = (b: { status: string }) => b.status !== 'pending') {
  for (let i = 0; i < 100; i++) {
    const r = await server.http().get(`/api/photos/${id}`).set(auth);
    if (until(r.body)) return r.body;
    await new Promise((res) => setTimeout(res, 100));
  }
  throw new Error(`photo ${id} never settled`);
}

describe('photo routes', () => {
  let server: TestServer;
  let auth: Record<string, string>;
  beforeAll(async () => {
    server = await startTestServer({ modules: [photosModule] });
    auth = await authAs(server, 'zhangwei');
  });
  afterAll(() => server.close());

  const upload = (bytes: Buffer, fields: Record<string, string> = {}, name = 'photo.jpg') => {
    let req = server.http().post('/api/photos').set(auth);
    for (const [k, v] of Object.entries(fields)) req = req.field(k, v);
    return req.attach('file', bytes, name);
  };

  test('401 without a session', async () => {
    await server.http().post('/api/photos').attach('file', Buffer.from('x'), 'a.jpg').expect(401);
  });

  test('answers at once with the id; the job renders watermarked variants and checks EXIF (match)', async () => {
    // Taken now at the synthesis hall: EXIF GPS (WGS-84) vs the reported GCJ-02 fix of the same spot.
    const jpeg = await testJpeg(2000, 1500, { takenAt: '2026:11:24 12:00:00', offset: '+08:00', gps: { lat: 31.90454, lng: 118.79883 } });
    const r = await upload(jpeg, { capturedAt: '2026-11-24T04:01:00Z', lat: '31.9025', lng: '118.8040', datum: 'GCJ-02', clientId: 'photo-ok-000001' }).expect(201);
    expect(r.body).toMatchObject({ status: 'pending', mime: 'image/jpeg', size: jpeg.length, areaKey: 'synthesis', outsidePlant: false });
    const p = await settled(server, auth, r.body.id);
    expect(p).toMatchObject({ status: 'ready', exifVerdict: 'match', width: 1600, height: 1200, display: `/api/files/${r.body.id}/display` });

    const original = await server.http().get(`/api/files/${r.body.id}`).set(auth).expect(200);
    expect(Buffer.compare(original.body, jpeg)).toBe(0);
    for (const kind of ['display', 'thumb']) {
      const v = await server.http().get(`/api/files/${r.body.id}/${kind}`).set(auth).buffer(true).expect(200);
      expect(v.headers['content-type']).toBe('image/jpeg');
      expect(await exifr.parse(v.body, { gps: true })).toBeUndefined();
      const meta = await sharp(v.body).metadata();
      expect(Math.max(meta.width!, meta.height!)).toBe(kind === 'display' ? 1600 : 320);
    }
    const ev = await server.deps.db.query<{ kind: string; canonical: string }>(`SELECT kind, canonical FROM evidence_events WHERE subject_id = $1 ORDER BY seq`, [r.body.id]);
    expect(ev.rows.map((e) => e.kind)).toEqual(['file.stored', 'photo.processed']);
    expect(ev.rows[0].canonical).toContain(r.body.sha256);
    expect(ev.rows[1].canonical).toContain('张伟');
  });

  test('an old photo from elsewhere is flagged as a mismatch, not rejected', async () => {
    const jpeg = await testJpeg(800, 600, { takenAt: '2024:05:01 08:00:00', gps: { lat: 31.2304, lng: 121.4737 } }, 2);
    const r = await upload(jpeg, { capturedAt: '2026-11-24T04:01:00Z', lat: '31.9025', lng: '118.8040', datum: 'GCJ-02' }).expect(201);
    const p = await settled(server, auth, r.body.id);
    expect(p).toMatchObject({ status: 'ready', exifVerdict: 'mismatch', exifCheck: { reasons: ['time', 'place'] } });
  });

  test('a chat image without EXIF is "no_exif"', async () => {
    const r = await upload(await testJpeg(600, 400, {}, 3)).expect(201);
    expect((await settled(server, auth, r.body.id)).exifVerdict).toBe('no_exif');
  });

  test('GPS far outside the plant: accepted, no area, flagged outside, stamped 厂区外', async () => {
    const r = await upload(await testJpeg(600, 400, {}, 4), { lat: '31.2304', lng: '121.4737', datum: 'WGS-84' }).expect(201);
    expect(r.body).toMatchObject({ areaKey: null, outsidePlant: true });
    const ev = await settled(server, auth, r.body.id);
    expect(ev.outsidePlant).toBe(true);
    const processed = await server.deps.db.query<{ canonical: string }>(`SELECT canonical FROM evidence_events WHERE subject_id = $1 AND kind = 'photo.processed'`, [r.body.id]);
    expect(processed.rows[0].canonical).toContain('厂区外');
  });

  describe('bad input', () => {
    test('a text file named .jpg → 415, nothing stored', async () => {
      const before = (await server.deps.db.query<{ n: string }>('SELECT count(*) AS n FROM files')).rows[0].n;
      const r = await upload(Buffer.from('this is not a photo at all, just text pretending'), {}, 'evil.jpg').expect(415);
      expect(r.body.error.code).toBe('unsupported_media_type');
      expect((await server.deps.db.query<{ n: string }>('SELECT count(*) AS n FROM files')).rows[0].n).toBe(before);
    });

    test('a truncated JPEG → 415 truncated', async () => {
      const jpeg = await testJpeg(800, 600, {}, 5);
      const r = await upload(jpeg.subarray(0, Math.floor(jpeg.length / 2))).expect(415);
      expect(r.body.error.details.reason).toBe('truncated');
    });

    test('a 50 MB upload → 413 before it is read', async () => {
      const big = Buffer.alloc(50 * 1024 * 1024, 0xff);
      big[0] = 0xff; big[1] = 0xd8; big[2] = 0xff;
      const r = await server.http().post('/api/photos').set(auth).set('Content-Type', 'image/jpeg').send(big);
      expect(r.status).toBe(413);
      expect(r.body.error.code).toBe('payload_too_large');
    });

    test('a decompression bomb (tiny PNG declaring 1.6 gigapixels) → 413 too_many_pixels', async () => {
      const r = await upload(pngBomb(40_000), {}, 'bomb.png').expect(413);
      expect(r.body.error.details).toMatchObject({ reason: 'too_many_pixels', width: 40_000 });
    });

    test('a replayed client id: same content → same answer; other content → 409 and nothing overwritten', async () => {
      const a = await testJpeg(400, 300, {}, 6);
      const b = await testJpeg(400, 300, {}, 7);
      const first = await upload(a, { clientId: 'replay-000001' }).expect(201);
      const again = await upload(a, { clientId: 'replay-000001' }).expect(201);
      expect(again.body.id).toBe(first.body.id);
      expect(again.headers['idempotent-replayed']).toBe('true');
      const other = await upload(b, { clientId: 'replay-000001' }).expect(409);
      expect(other.body.error.code).toBe('idempotency_conflict');
      const stored = await server.http().get(`/api/files/${first.body.id}`).set(auth).expect(200);
      expect(Buffer.compare(stored.body, a)).toBe(0);
      const n = await server.deps.db.query<{ n: string }>(`SELECT count(*) AS n FROM photos WHERE client_id = 'replay-000001'`);
      expect(Number(n.rows[0].n)).toBe(1);
    });

    test('lat without datum → 400 naming the field', async () => {
      const r = await upload(await testJpeg(100, 100), { lat: '31.9', lng: '118.8' }).expect(400);
      expect(r.body.error.message).toContain('datum');
    });
  });

  test('a domain attaching the photo to a report re-stamps it with the code', async () => {
    const r = await upload(await testJpeg(600, 400, {}, 8)).expect(201);
    const first = await settled(server, auth, r.body.id);
    expect(first.code).toBeNull();
    await server.deps.db.transaction((tx) =>
      attachPhotoContext(tx, server.deps.jobs, { plantId: 'jiangning-fine-chem', fileId: r.body.id, context: { code: 'YH-20261124-0042', subject: { type: 'hazard', id: 'h1' } }, now: new Date() }),
    );
    const again = await settled(server, auth, r.body.id, (b: { status: string; restamping?: boolean }) => b.status === 'ready' && b.restamping === false);
    expect(again.code).toBe('YH-20261124-0042');
    const stamps = await server.deps.db.query<{ canonical: string }>(`SELECT canonical FROM evidence_events WHERE subject_id = $1 AND kind = 'photo.processed' ORDER BY seq`, [r.body.id]);
    expect(stamps.rows).toHaveLength(2);
    expect(stamps.rows[0].canonical).toContain('待编号');
    expect(stamps.rows[1].canonical).toContain('YH-20261124-0042');
  });

  test('variants of an unknown photo → 404', async () => {
    await server.http().get('/api/files/00000000-0000-4000-8000-000000000000/display').set(auth).expect(404);
  });
});

describe('signed photo links (hazard ledger exports)', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ modules: [photosModule] });
  });
  afterAll(() => server.close());

  it('open the display copy without a login, for that file only and until they expire', async () => {
    const auth = await authAs(server, 'zhangwei');
    const jpeg = await testJpeg(1200, 900, { takenAt: '2026:11:24 12:00:00', offset: '+08:00', gps: { lat: 31.90454, lng: 118.79883 } });
    const a = (await server.http().post('/api/photos').set(auth).attach('file', jpeg, 'a.jpg').expect(201)).body.id as string;
    const b = (await server.http().post('/api/photos').set(auth).attach('file', await testJpeg(800, 600), 'b.jpg').expect(201)).body.id as string;
    await settled(server, auth, a);
    const plantId = (await server.deps.directory.plantIds())[0];
    const path = (fileId: string, expiresAt = new Date(Date.now() + 3600_000)) => signedPhotoPath(server.deps.appSecret, { plantId, fileId, expiresAt });

    const ok = await server.http().get(path(a)).buffer(true).expect(200);
    expect(ok.headers['content-type']).toBe('image/jpeg');
    expect(await exifr.parse(ok.body, { gps: true })).toBeUndefined();
    expect((await sharp(ok.body).metadata()).width).toBe(1200);

    // Another file's link, a tampered token, an expired link, no token: refused with the field named.
    const other = await server.http().get(path(b).replace(`/shared/photos/${b}`, `/shared/photos/${a}`)).expect(403);
    expect(other.body.error.details).toMatchObject({ reason: 'bad_link', field: 'query.t' });
    const tampered = path(a).replace(/t=([A-Za-z0-9_-]+)\./, (_m, p: string) => `t=${p.slice(0, -2)}AA.`);
    expect((await server.http().get(tampered).expect(403)).body.error.message).toBe('照片链接无效。');
    const expired = await server.http().get(path(a, new Date(Date.now() - 1000))).expect(401);
    expect(expired.body.error).toMatchObject({ code: 'invalid_token', message: '照片链接已过期，请重新导出台账。' });
    expect((await server.http().get(`/shared/photos/${a}`).expect(400)).body.error.details.fields[0].field).toMatch(/t/);
    // The original stays behind a login.
    await server.http().get(`/api/files/${a}`).expect(401);
  });
});
