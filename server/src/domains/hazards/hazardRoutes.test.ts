import { binaryBody } from '../../../../testkit/binaryBody';
import { authAs } from '../../../../testkit/sandboxLogin';
import { DB_KINDS } from '../../../../testkit/testDb';
import { startTestServer, TestServer } from '../../../../testkit/testServer';
import { verifyPhotoLink } from '../../platform/files/photoLinks';
import { hazardsModule } from './hazardsModule';
import { personId, TestClock, uploadPhoto } from './hazardTestKit';

describe.each(DB_KINDS)('hazard HTTP API on %s', (kind) => {
  let s: TestServer;
  const clock = new TestClock();
  let as: (key: string) => Promise<Record<string, string>>;

  beforeAll(async () => {
    s = await startTestServer({ kind, modules: [hazardsModule], work: false, now: clock.now });
    as = (key) => authAs(s, key);
  });
  afterAll(async () => {
    await s?.close();
  });

  async function report(by: string, body: Record<string, unknown> = {}) {
    const photo = await uploadPhoto(s, by);
    return s.http().post('/api/hazards').set(await as(by)).send({ areaKey: 'synthesis', categoryKey: 'elec_box_unlocked', description: '3号配电箱未上锁', photoFileIds: [photo], ...body });
  }
  const act = async (by: string, id: string, action: string, body: Record<string, unknown> = {}) =>
    s.http().post(`/api/hazards/${id}/${action}`).set(await as(by)).send(body);
  const evidenceKinds = async (id: string) =>
    (await s.testDb.db.query<{ kind: string }>('SELECT kind FROM evidence_events WHERE subject_id = $1 ORDER BY seq', [id])).rows.map((r) => r.kind);

  it('refuses without credentials, without the right, and names the bad field', async () => {
    await s.http().get('/api/hazards').expect(401);
    const inspector = await s.http().post('/api/hazards').set(await as('lin_andi')).send({ areaKey: 'synthesis', categoryKey: 'elec_box_unlocked', description: 'x' });
    expect(inspector.status).toBe(403);
    expect(inspector.body.error.details.right).toBe('hazard.report');
    const unknownArea = await report('zhangwei', { areaKey: 'moon_base' });
    expect(unknownArea.status).toBe(400);
    expect(unknownArea.body.error.details.fields[0].field).toBe('body.areaKey');
    const unknownCategory = await report('zhangwei', { categoryKey: 'nope' });
    expect(unknownCategory.status).toBe(400);
    expect(unknownCategory.body.error.details.fields[0].field).toBe('body.categoryKey');
    const notLeaf = await report('zhangwei', { categoryKey: 'elec_box' });
    expect(notLeaf.body.error.details.fields[0].field).toBe('body.categoryKey');
    const noPhoto = await s.http().post('/api/hazards').set(await as('zhangwei')).send({ areaKey: 'synthesis', categoryKey: 'elec_box_unlocked', description: '无照片' });
    expect(noPhoto.status).toBe(400);
    expect(noPhoto.body.error.details.fields[0].field).toBe('body.photoFileIds');
    expect(noPhoto.body.error.message).toContain('照片');
    // Nothing half-written: no hazard row and no code burnt by the refused reports.
    const count = await s.testDb.db.query<{ n: number }>('SELECT count(*)::int AS n FROM hazards');
    expect(count.rows[0].n).toBe(0);
  });

  it('reports, assigns by rule, and walks the loop to closure with one effect per action', async () => {
    const created = await report('zhangwei');
    expect(created.status).toBe(201);
    const h = created.body;
    expect(h.code).toMatch(/^YH-\d{8}-0001$/);
    expect(h).toMatchObject({ status: 'assigned', grade: 'general', area: { key: 'synthesis', name: '合成车间' }, equipmentTag: null });
    // synthesis + electrical → zhoujie (area + category rule beats the area rule)
    expect(h.assignee.key).toBe('zhoujie');
    expect(h.photos).toHaveLength(1);
    expect(h.photos[0].url).toBe(`http://localhost:3000/api/files/${h.photos[0].fileId}`);
    expect(await evidenceKinds(h.id)).toEqual(['hazard.reported', 'hazard.assign']);

    const notRectified = await act('zhaolei', h.id, 'approve');
    expect(notRectified.status).toBe(409);
    expect(notRectified.body.error.details.reason).toBe('invalid_status');

    expect((await act('zhangwei', h.id, 'start')).status).toBe(403);
    expect((await act('zhoujie', h.id, 'start')).body.hazard.status).toBe('rectifying');
    const noPhoto = await act('zhoujie', h.id, 'submit', { afterPhotoIds: [] });
    expect(noPhoto.status).toBe(400);
    expect(noPhoto.body.error.details).toMatchObject({ reason: 'after_photo_required', fields: [{ field: 'body.afterPhotoIds' }] });
    const after = await uploadPhoto(s, 'zhoujie', 9);
    const submitted = await act('zhoujie', h.id, 'submit', { afterPhotoIds: [after], note: '已加锁' });
    expect(submitted.body.hazard.status).toBe('awaiting_verification');

    const worker = await act('zhangwei', h.id, 'approve');
    expect(worker.status).toBe(403);
    expect(worker.body.error.details).toMatchObject({ reason: 'missing_right', right: 'hazard.verify' });
    const approved = await act('zhaolei', h.id, 'approve');
    expect(approved.status).toBe(200);
    expect(approved.body.hazard).toMatchObject({ status: 'closed', verifiedBy: { key: 'zhaolei' } });
    const again = await act('zhaolei', h.id, 'approve');
    expect(again.status).toBe(409);
    expect(again.body.error.details.reason).toBe('already_closed');
    expect((await evidenceKinds(h.id)).filter((k) => k === 'hazard.approve')).toHaveLength(1);

    const detail = await s.http().get(`/api/hazards/${h.id}`).set(await as('zhaolei')).expect(200);
    expect(detail.body.timeline.map((e: { kind: string }) => e.kind)).toEqual([
      'hazard.reported', 'hazard.assign', 'hazard.start_rectification', 'hazard.submit_rectification', 'hazard.approve',
    ]);
    expect(detail.body.photos.map((p: { role: string }) => p.role)).toEqual(['after', 'before']);
    expect(detail.body.reinspection.dueAt).not.toBeNull();

    // Reinspection: not due yet, then due (clock + 73 h), answered once.
    expect((await act('zhangwei', h.id, 'reinspection', { outcome: 'ok' })).body.error.details.reason).toBe('reinspection_not_due');
    clock.advanceHours(73);
    expect((await act('zhaolei', h.id, 'reinspection', { outcome: 'ok' })).status).toBe(403);
    expect((await act('zhangwei', h.id, 'reinspection', { outcome: 'ok' })).body.hazard.status).toBe('reinspected');
    const twice = await act('zhangwei', h.id, 'reinspection', { outcome: 'recurred' });
    expect(twice.status).toBe(409);
    expect(twice.body.error.details.reason).toBe('already_reinspected');
  });

  it('links a repeat report as recurring and a reinspection that found it back', async () => {
    const first = (await report('xulin', { areaKey: 'tank_farm', categoryKey: 'leak_flange', description: 'V-301 法兰泄漏' })).body;
    expect(first.equipmentTag).toBe('V-301');
    const otherTag = (await report('xulin', { areaKey: 'tank_farm', categoryKey: 'leak_flange', description: 'V-311 法兰泄漏' })).body;
    expect(otherTag.recurring).toBe(false);
    const repeat = (await report('xulin', { areaKey: 'tank_farm', categoryKey: 'leak_flange', description: 'V-301 法兰又漏了' })).body;
    expect(repeat).toMatchObject({ recurring: true, recurrenceOf: { id: first.id, code: first.code } });

    const assignee = first.assignee.key;
    await act(assignee, first.id, 'start');
    await act(assignee, first.id, 'submit', { afterPhotoIds: [await uploadPhoto(s, assignee, 3)] });
    await act('heping', first.id, 'approve');
    clock.advanceHours(73);
    const recurred = await act('xulin', first.id, 'reinspection', { outcome: 'recurred', note: '又滴漏' });
    expect(recurred.status).toBe(200);
    expect(recurred.body.hazard.reinspection.outcome).toBe('recurred');
    expect(recurred.body.opened).toMatchObject({ status: 'assigned', reinspectionOf: { id: first.id }, recurring: true, source: 'reinspection' });
    expect(recurred.body.opened.description).toContain('又滴漏');
    expect(recurred.body.opened.photos.length).toBeGreaterThan(0);
  });

  it('refuses a delegate who is not allowed and accepts one of the same department', async () => {
    const h = (await report('zhangwei', { areaKey: 'distillation', categoryKey: 'guardrail_missing', description: '护栏松动' })).body;
    expect(h.assignee.key).toBe('liqiang');
    const outsider = await act('liqiang', h.id, 'delegate', { delegateId: await personId(s, 'zhaolei') });
    expect(outsider.status).toBe(409);
    expect(outsider.body.error.details.reason).toBe('delegate_not_allowed');
    const unknown = await act('liqiang', h.id, 'delegate', { delegateId: '00000000-0000-4000-8000-000000000000' });
    expect(unknown.body.error.details.fields[0].field).toBe('body.delegateId');
    const notAssignee = await act('zhangwei', h.id, 'delegate', { delegateId: await personId(s, 'xulin') });
    expect(notAssignee.status).toBe(403);
    const ok = await act('liqiang', h.id, 'delegate', { delegateId: await personId(s, 'xulin') });
    expect(ok.body.hazard.delegate.key).toBe('xulin');
    expect((await act('xulin', h.id, 'start')).body.hazard.status).toBe('rectifying');
  });

  it('keeps a major hazard from starting until the five elements are recorded, and reports it', async () => {
    const h = (await report('zhaolei', { areaKey: 'synthesis', categoryKey: 'hot_work_no_permit', description: '反应釜旁无票动火' })).body;
    expect(h).toMatchObject({ grade: 'major', major: { flagged: true, missing: ['measures', 'responsible_person', 'funds', 'deadline', 'emergency_plan'] } });
    const blocked = await act(h.assignee.key, h.id, 'start');
    expect(blocked.status).toBe(409);
    expect(blocked.body.error.details.reason).toBe('major_elements_missing');
    expect((await act('zhangwei', h.id, 'major-elements', { measures: '停止动火' })).status).toBe(403);
    const deadline = new Date(clock.now().getTime() + 7 * 86_400_000).toISOString();
    const recorded = await act('liuyang', h.id, 'major-elements', {
      measures: '停止动火，补办动火票', responsiblePersonId: await personId(s, 'wangfang'), fundsYuan: 2000, deadline, emergencyPlan: 'YA-03 火灾应急预案',
      cause: '作业人员未办票', severity: '可能引发火灾爆炸', difficulty: '易整改',
    });
    expect(recorded.status).toBe(200);
    expect(recorded.body.hazard.major.missing).toEqual([]);
    expect((await act(h.assignee.key, h.id, 'start')).status).toBe(200);

    const day = h.createdAt.slice(0, 10);
    const report2 = await s.http().get(`/api/hazards/regulator-report?from=${day}&to=${day}&format=json`).set(await as('zhaolei')).expect(200);
    const entry = report2.body.entries.find((e: { code: string }) => e.code === h.code);
    expect(entry).toMatchObject({ cause: '作业人员未办票', severity: '可能引发火灾爆炸', treatmentPlan: { responsiblePerson: '王芳', fundsYuan: 2000, missing: [] } });
  });

  it('lists with filters and visibility, and exports the ledger with a clear range limit', async () => {
    const admin = await as('zhaolei');
    const all = await s.http().get('/api/hazards?limit=200').set(admin).expect(200);
    expect(all.body.items.length).toBeGreaterThan(4);
    const major = await s.http().get('/api/hazards?grade=major').set(admin).expect(200);
    expect(major.body.items.every((h: { grade: string }) => h.grade === 'major')).toBe(true);
    const zhoujie = await personId(s, 'zhoujie');
    const mine = await s.http().get(`/api/hazards?assigneeId=${zhoujie}&status=assigned,rectifying,awaiting_verification,closed,reinspected`).set(admin).expect(200);
    expect(mine.body.items.every((h: { assignee: { id: string } }) => h.assignee.id === zhoujie)).toBe(true);
    const overdue = await s.http().get('/api/hazards?overdue=true').set(admin).expect(200);
    expect(overdue.body.items.every((h: { overdue: boolean }) => h.overdue)).toBe(true);
    const page = await s.http().get('/api/hazards?limit=2').set(admin).expect(200);
    const next = await s.http().get(`/api/hazards?limit=2&cursor=${page.body.nextCursor}`).set(admin).expect(200);
    expect(next.body.items[0].id).not.toBe(page.body.items[0].id);
    expect((await s.http().get('/api/hazards?status=bogus').set(admin)).body.error.details.fields[0].field).toBe('query.status');
    // A worker sees own reports and hazards in their department's areas, not the tank farm's.
    const worker = await s.http().get('/api/hazards?limit=200').set(await as('zhangwei')).expect(200);
    expect(worker.body.items.every((h: { area: { key: string } }) => ['synthesis', 'distillation'].includes(h.area.key))).toBe(true);

    const today = all.body.items[0].createdAt.slice(0, 10);
    const csv = await s.http().get(`/api/hazards/ledger?from=2026-01-01&to=${today}&format=csv`).set(admin).expect(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.text.charCodeAt(0)).toBe(0xfeff);
    expect(csv.text).toContain('隐患编号');
    expect(csv.text).toContain(all.body.items[0].code);
    // Photo links open without a login (signed, expiring): the ledger goes to inspectors.
    const link = /\/shared\/photos\/([0-9a-f-]{36})\?t=([A-Za-z0-9_.%-]+)/.exec(csv.text);
    expect(link).not.toBeNull();
    expect(csv.text).not.toContain('/api/files/');
    const token = decodeURIComponent(link![2]);
    const inDays = (d: number) => new Date(s.deps.now().getTime() + d * 86_400_000);
    expect(verifyPhotoLink(s.deps.appSecret, token, link![1], inDays(89))).toEqual({ ok: true, plantId: 'jiangning-fine-chem' });
    expect(verifyPhotoLink(s.deps.appSecret, token, link![1], inDays(91))).toEqual({ ok: false, reason: 'expired' });
    const xlsx = await s.http().get(`/api/hazards/ledger?from=${today}&to=${today}&format=xlsx`).set(admin).buffer(true).parse(binaryBody);
    expect(xlsx.status).toBe(200);
    expect((xlsx.body as Buffer).subarray(0, 2).toString()).toBe('PK');
    const tooLong = await s.http().get('/api/hazards/ledger?from=2025-01-01&to=2026-06-30').set(admin);
    expect(tooLong.status).toBe(400);
    expect(tooLong.body.error.details.fields[0].field).toBe('query.to');
    expect(tooLong.body.error.message).toContain('366');
    expect((await s.http().get(`/api/hazards/ledger?from=${today}&to=${today}`).set(await as('zhangwei'))).status).toBe(403);
  });

  it('publishes every hazard route in the OpenAPI document', async () => {
    const doc = await s.http().get('/api/openapi.json').expect(200);
    for (const p of ['/api/hazards', '/api/hazards/{id}', '/api/hazards/{id}/approve', '/api/hazards/{id}/major-elements', '/api/hazards/ledger', '/api/hazards/regulator-report']) {
      expect(doc.body.paths[p]).toBeDefined();
    }
  });
});
