import { PDFDocument } from 'pdf-lib';
import type { Response } from 'supertest';
import { binaryBody } from '../../../../testkit/binaryBody';
import { authAs, sessionFor } from '../../../../testkit/sandboxLogin';
import { DB_KINDS } from '../../../../testkit/testDb';
import { startTestServer, type TestServer } from '../../../../testkit/testServer';
import { permitsModule } from './permitsModule';
import { issuePermitQrToken } from './permitQrToken';
import {
  activate, allDone, approvedHotWork, at, hotWorkApplication, OFFICE_GCJ, passingGasTest, seedCertificates, statusOf, T0, testClock, WASTEWATER_GCJ,
} from './permitTestKit';

/** Every "bad input" of issue 6: a clear 4xx naming the rule, and nothing written. */
describe.each(DB_KINDS)('permit bad input (%s)', (kind) => {
  let server: TestServer;
  let plantId: string;
  const clock = testClock();

  beforeAll(async () => {
    server = await startTestServer({ kind, modules: [permitsModule], now: clock.now, work: false });
    plantId = (await sessionFor(server, 'liqiang')).plantId;
    await seedCertificates(server);
  });
  afterAll(async () => server.close());
  beforeEach(() => clock.set(T0));

  const post = async (who: string, path: string, body: object = {}, headers: Record<string, string> = {}) =>
    server.http().post(path).set({ ...(await authAs(server, who)), ...headers }).send(body);
  const counts = async () => (await server.deps.db.query<{ e: string; p: string; a: string; g: string; c: string }>(
    `SELECT (SELECT count(*) FROM evidence_events)::text AS e, (SELECT count(*) FROM permits)::text AS p, (SELECT count(*) FROM permit_approvals)::text AS a,
            (SELECT count(*) FROM permit_gas_tests)::text AS g, (SELECT count(*) FROM permit_checkins)::text AS c`,
  )).rows[0];
  /** Runs a request that must be refused and checks that nothing was written. */
  const refused = async (run: () => Promise<Response>, status: number, rule: string): Promise<Response> => {
    const before = await counts();
    const res = await run();
    expect({ status: res.status, rule: res.body.error?.details?.rule ?? res.body.error?.details?.reason }).toEqual({ status, rule });
    expect(res.body.error.message).toBeTruthy();
    expect(await counts()).toEqual(before);
    return res;
  };
  const token = (id: string, expiresAt = new Date(at(T0, 240))) => issuePermitQrToken(server.deps.appSecret, { plantId, permitId: id, now: clock.now(), expiresAt });

  it('unknown type: 400 naming body.type', async () => {
    const before = await counts();
    const res = await post('liqiang', '/api/permits', { ...hotWorkApplication(T0), type: 'WELD' });
    expect(res.status).toBe(400);
    expect(res.body.error.details.fields[0].field).toBe('body.type');
    expect(await counts()).toEqual(before);
  });

  it('a photo that is not a file of this plant: 400 naming body.photoFileIds[i], on apply and on check-in', async () => {
    const ghost = '0b7c4a2e-9d51-4f7e-8a3c-5e2f1d6b9a70';
    const before = await counts();
    const res = await post('liqiang', '/api/permits', { ...hotWorkApplication(T0), photoFileIds: [ghost] });
    expect(res.status).toBe(400);
    expect(res.body.error.details.fields[0]).toMatchObject({ field: 'body.photoFileIds[0]' });
    expect(res.body.error.message).toBe(`照片不存在：${ghost}（请先上传照片）`);
    expect(await counts()).toEqual(before);
    const id = await approvedHotWork(server, T0);
    await post('zhengtao', `/api/permits/${id}/shift-check`);
    await post('zhaolei', `/api/permits/${id}/gas-tests`, passingGasTest(T0.toISOString()));
    const mid = await counts();
    const checkIn = await post('xulin', `/api/permits/${id}/check-in`, { qrToken: token(id), location: WASTEWATER_GCJ, photoFileIds: [ghost] });
    expect(checkIn.status).toBe(400);
    expect(checkIn.body.error.details.fields[0].field).toBe('body.photoFileIds[0]');
    expect(await counts()).toEqual(mid);
    expect(await statusOf(server, id)).not.toBe('active');
  });

  it('a hold or restriction naming an area, unit or permit the plant lacks, or ending in the past: 400 naming the field, nothing placed', async () => {
    const live = async () => (await server.deps.db.query<{ n: string }>('SELECT ((SELECT count(*) FROM permit_holds) + (SELECT count(*) FROM work_restrictions))::text AS n')).rows[0].n;
    const before = await live();
    const cases: Array<[string, object, string, string]> = [
      ['/api/permits/restrictions', { scope: { areaKeys: ['wastewater', 'wastwater'] }, reason: '检修' }, 'body.scope.areaKeys[1]', '本厂没有区域“wastwater”。'],
      ['/api/permits/restrictions', { scope: { unitKeys: ['synthesis_9'] }, reason: '检修' }, 'body.scope.unitKeys[0]', '本厂没有装置“synthesis_9”。'],
      ['/api/permits/holds', { scope: { permitIds: ['0b7c4a2e-9d51-4f7e-8a3c-5e2f1d6b9a70'] }, reason: '监护人离岗' }, 'body.scope.permitIds[0]', '本厂没有作业票 0b7c4a2e-9d51-4f7e-8a3c-5e2f1d6b9a70。'],
      ['/api/permits/holds', { scope: { areaKeys: ['wastewater'] }, reason: '检修', until: at(T0, -5) }, 'body.until', `截止时间 ${at(T0, -5)} 已经过去。`],
    ];
    for (const [path, body, field, message] of cases) {
      const res = await post('zhaolei', path, body);
      expect({ status: res.status, field: res.body.error.details.fields[0].field, message: res.body.error.message }).toEqual({ status: 400, field, message });
    }
    expect(await live()).toBe(before);
    // A well-formed restriction still goes through (and is lifted again for the other tests).
    const ok = await post('zhaolei', '/api/permits/restrictions', { scope: { areaKeys: ['wastewater'] }, reason: '检修', until: at(T0, 60) });
    expect(ok.status).toBe(201);
    expect((await post('zhaolei', `/api/permits/restrictions/${ok.body.id}/release`)).status).toBe(200);
  });

  it('an unknown area, an unknown unit, or a unit of another area: 400 naming body.location.*', async () => {
    const before = await counts();
    const cases: Array<[object, string, string]> = [
      [{ areaKey: 'wastwater', site: '生化池' }, 'body.location.areaKey', '本厂没有区域“wastwater”。'],
      [{ areaKey: 'wastewater', unitKey: 'bio_9', site: '生化池' }, 'body.location.unitKey', '本厂没有装置“bio_9”。'],
      [{ areaKey: 'wastewater', unitKey: 'synthesis_1', site: '生化池' }, 'body.location.unitKey', '装置“synthesis_1”不在区域“wastewater”内。'],
    ];
    for (const [location, field, message] of cases) {
      const res = await post('liqiang', '/api/permits', { ...hotWorkApplication(T0), location });
      expect({ status: res.status, field: res.body.error.details.fields[0].field, message: res.body.error.message }).toEqual({ status: 400, field, message });
    }
    expect(await counts()).toEqual(before);
  });

  it('an unknown person (performer, guardian or gas analyst): 400 naming the field, in the catalogue\'s words', async () => {
    const before = await counts();
    const app = hotWorkApplication(T0);
    const people = app.people as Record<string, unknown>;
    const cases: Array<[object, string, string]> = [
      [{ ...app, people: { ...people, performers: ['zhangwei', 'zhangwie'] } }, 'body.people.performers[1]', '本厂没有人员“zhangwie”。'],
      [{ ...app, people: { ...people, guardians: ['nobody'] } }, 'body.people.guardians[0]', '本厂没有人员“nobody”。'],
      [{ ...app, gasTests: [{ ...passingGasTest(at(T0, -10)), analyst: 'ghost' }] }, 'body.gasTests[0].analyst', '本厂没有人员“ghost”。'],
    ];
    for (const [body, field, message] of cases) {
      const res = await post('liqiang', '/api/permits', body);
      expect({ status: res.status, field: res.body.error.details.fields[0].field, message: res.body.error.message }).toEqual({ status: 400, field, message });
    }
    expect(await counts()).toEqual(before);
  });

  it('特级 hot work: the work plan must be approved and attached as files of this plant', async () => {
    const special = (hotWork: object) => ({ ...hotWorkApplication(T0), level: undefined, hotWork: { method: 'welding', onOperatingEquipment: true, ...hotWork } });
    const flagOnly = await refused(() => post('liqiang', '/api/permits', special({ workPlanApproved: true })), 422, 'work_plan_document_required');
    expect(flagOnly.body.error.details.field).toBe('hotWork.workPlanFileIds');
    const ghost = await post('liqiang', '/api/permits', special({ workPlanApproved: true, workPlanFileIds: ['0b7c4a2e-9d51-4f7e-8a3c-5e2f1d6b9a70'] }));
    expect([ghost.status, ghost.body.error.details.fields[0].field]).toEqual([400, 'body.hotWork.workPlanFileIds[0]']);
    // A photo of the signed plan, uploaded first, is accepted and shows in the record.
    const jpeg = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(400, 9)]);
    const file = await server.http().post('/api/files').set({ ...(await authAs(server, 'liqiang')), 'content-type': 'image/jpeg' }).send(jpeg);
    expect(file.status).toBe(201);
    const ok = await post('liqiang', '/api/permits', special({ workPlanApproved: true, workPlanFileIds: [file.body.id] }));
    expect([ok.status, ok.body.permit?.level]).toEqual([201, 'special']);
    const record = (await server.http().get(`/api/permits/${ok.body.permit.id}`).set(await authAs(server, 'liqiang'))).body;
    expect(record.form.workPlan).toEqual([{ fileId: file.body.id, url: `/api/files/${file.body.id}`, mime: 'image/jpeg' }]);
  });

  it('a work plan may be a PDF document (appended to the permit PDF); a site photo may not', async () => {
    const doc = await PDFDocument.create();
    doc.addPage();
    doc.addPage();
    const pdf = Buffer.from(await doc.save());
    const auth = await authAs(server, 'liqiang');
    const file = await server.http().post('/api/files').set({ ...auth, 'content-type': 'application/pdf' }).send(pdf);
    expect([file.status, file.body.mime, file.body.pages]).toEqual([201, 'application/pdf', 2]);
    const before = await counts();
    const asPhoto = await post('liqiang', '/api/permits', { ...hotWorkApplication(T0), photoFileIds: [file.body.id] });
    expect([asPhoto.status, asPhoto.body.error.details.fields[0].field]).toEqual([400, 'body.photoFileIds[0]']);
    expect(asPhoto.body.error.message).toContain('不是照片');
    expect(await counts()).toEqual(before);
    const special = { ...hotWorkApplication(T0), level: undefined, hotWork: { method: 'welding', onOperatingEquipment: true, workPlanApproved: true, workPlanFileIds: [file.body.id] } };
    const ok = await post('liqiang', '/api/permits', special);
    expect(ok.status).toBe(201);
    const record = (await server.http().get(`/api/permits/${ok.body.permit.id}`).set(auth)).body;
    expect(record.form.workPlan).toEqual([{ fileId: file.body.id, url: `/api/files/${file.body.id}`, mime: 'application/pdf' }]);
    const download = await server.http().get(record.form.workPlan[0].url).set(auth).buffer(true).parse(binaryBody);
    expect([download.status, download.headers['content-type'], Buffer.compare(download.body as Buffer, pdf)]).toEqual([200, 'application/pdf', 0]);
    // The permit's printable PDF carries the plan's two pages after the form; attachments=0 leaves them out.
    const pdfPages = async (query: string) => {
      const res = await server.http().get(`/api/permits/${ok.body.permit.id}/pdf${query}`).set(auth).buffer(true).parse(binaryBody);
      expect(res.status).toBe(200);
      return (await PDFDocument.load(res.body as Buffer)).getPageCount();
    };
    expect((await pdfPages('')) - (await pdfPages('?attachments=0'))).toBe(2);
  });

  it('unknown level: 422 level_unknown', async () => {
    await refused(() => post('liqiang', '/api/permits', { ...hotWorkApplication(T0), level: 'L9' }), 422, 'level_unknown');
  });

  it('window over the maximum: 422 validity_exceeds_max naming the maximum', async () => {
    // Confined space: 24 h at most (6.10); a 30 h window is refused.
    const cse = {
      ...hotWorkApplication(T0, 30), type: 'CSE', level: undefined, hotWork: undefined, checklist: allDone('CSE'),
      location: { areaKey: 'synthesis', site: 'R-101 反应釜内部' }, content: '反应釜内部清理',
    };
    const res = await refused(() => post('liqiang', '/api/permits', cse), 422, 'validity_exceeds_max');
    expect(res.body.error.details.sourceRef).toBe('GB 30871-2022 6.10');
    expect(res.body.error.details.findings[0].params).toMatchObject({ maxHours: 24, requestedHours: 30 });
  });

  it('gas reading over the limit: 422 at application, and check-in refused after a failing test', async () => {
    const over = { ...passingGasTest(at(T0, -5)), readings: [{ kind: 'combustible', gasId: 'methane', value: 12, unit: 'lel_pct' }] };
    const res = await refused(() => post('liqiang', '/api/permits', hotWorkApplication(T0, 4, { gasTests: [over] })), 422, 'combustible_over_limit');
    expect(res.body.error.details.field).toBe('gasTests[0].readings[0]');
    const id = await approvedHotWork(server, T0);
    expect((await post('zhengtao', `/api/permits/${id}/shift-check`)).status).toBe(200);
    const failing = await post('zhaolei', `/api/permits/${id}/gas-tests`, { ...over, takenAt: T0.toISOString() });
    expect(failing.status).toBe(200);
    await refused(() => post('xulin', `/api/permits/${id}/check-in`, { qrToken: token(id), location: WASTEWATER_GCJ }), 422, 'gas_test_failed');
  });

  it('gas reading older than allowed: 422 gas_sample_too_old (application and gas-tests)', async () => {
    await refused(() => post('liqiang', '/api/permits', hotWorkApplication(T0, 4, { gasTests: [passingGasTest(at(T0, -45))] })), 422, 'gas_sample_too_old');
    const id = await approvedHotWork(server, T0);
    await refused(() => post('zhaolei', `/api/permits/${id}/gas-tests`, passingGasTest(at(T0, -40))), 422, 'gas_sample_too_old');
  });

  it('operator without a valid certificate: 422 certificate_missing / certificate_expired', async () => {
    const noCard = { people: { workLeader: 'liqiang', performers: ['wuxiuying'], guardians: ['xulin'] } };
    const res = await refused(() => post('liqiang', '/api/permits', hotWorkApplication(T0, 4, noCard)), 422, 'certificate_missing');
    expect(res.body.error.details.field).toBe('people.performerIds[0]');
    expect(res.body.error.message).toContain('吴秀英');
    const imported = await post('zhaolei', '/api/certificates', { holder: 'wuxiuying', type: 'special_op_welding', number: 'EXPIRED-1', issuedOn: '2019-01-01', expiresOn: '2025-01-01' });
    expect(imported.status).toBe(201);
    await refused(() => post('liqiang', '/api/permits', hotWorkApplication(T0, 4, noCard)), 422, 'certificate_expired');
  });

  it('approval by someone not in the chain: 409 not_step_role (and 403 without the right)', async () => {
    const created = await post('liqiang', '/api/permits', hotWorkApplication(T0));
    const id = created.body.permit.id;
    await post('liqiang', `/api/permits/${id}/submit`);
    await refused(() => post('heping', `/api/permits/${id}/approve`, { mode: 'onsite', location: WASTEWATER_GCJ }), 409, 'not_step_role');
    const noRight = await post('zhangwei', `/api/permits/${id}/approve`, { mode: 'remote' });
    expect(noRight.status).toBe(403);
  });

  it('approval twice: the second is refused; a retried request (same key) has one effect', async () => {
    const id = (await post('liqiang', '/api/permits', hotWorkApplication(T0))).body.permit.id;
    await post('liqiang', `/api/permits/${id}/submit`);
    const body = { mode: 'onsite', location: WASTEWATER_GCJ };
    const first = await post('zhaolei', `/api/permits/${id}/approve`, body, { 'Idempotency-Key': `approve-${id}` });
    expect(first.status).toBe(200);
    const replay = await post('zhaolei', `/api/permits/${id}/approve`, body, { 'Idempotency-Key': `approve-${id}` });
    expect(replay.status).toBe(200);
    expect(replay.headers['idempotent-replayed']).toBe('true');
    await refused(() => post('zhaolei', `/api/permits/${id}/approve`, body), 409, 'already_approved');
    const rows = await server.deps.db.query('SELECT 1 FROM permit_approvals WHERE permit_id = $1', [id]);
    expect(rows.rowCount).toBe(1);
  });

  it('on-site approval outside the geofence: 422 outside_geofence', async () => {
    const id = (await post('liqiang', '/api/permits', hotWorkApplication(T0))).body.permit.id;
    await post('liqiang', `/api/permits/${id}/submit`);
    const res = await refused(() => post('zhaolei', `/api/permits/${id}/approve`, { mode: 'onsite', location: OFFICE_GCJ }), 422, 'outside_geofence');
    expect(res.body.error.details.params.distanceM).toBeGreaterThan(400);
    await refused(() => post('zhaolei', `/api/permits/${id}/approve`, { mode: 'onsite' }), 422, 'location_required');
  });

  it('check-in outside the geofence: 422 outside_geofence', async () => {
    const id = await approvedHotWork(server, T0);
    await post('zhengtao', `/api/permits/${id}/shift-check`);
    await post('zhaolei', `/api/permits/${id}/gas-tests`, passingGasTest(T0.toISOString()));
    await refused(() => post('xulin', `/api/permits/${id}/check-in`, { qrToken: token(id), location: OFFICE_GCJ }), 422, 'outside_geofence');
  });

  it('check-in by someone other than the named guardian: 422 not_guardian', async () => {
    const id = await approvedHotWork(server, T0);
    await post('zhengtao', `/api/permits/${id}/shift-check`);
    await post('zhaolei', `/api/permits/${id}/gas-tests`, passingGasTest(T0.toISOString()));
    await refused(() => post('zhangwei', `/api/permits/${id}/check-in`, { qrToken: token(id), location: WASTEWATER_GCJ }), 422, 'not_guardian');
  });

  it('expired or altered QR token: 422 qr_token_expired / qr_token_bad_signature / qr_token_wrong_permit', async () => {
    const id = await approvedHotWork(server, T0);
    const other = await approvedHotWork(server, T0);
    await post('zhengtao', `/api/permits/${id}/shift-check`);
    await post('zhaolei', `/api/permits/${id}/gas-tests`, passingGasTest(T0.toISOString()));
    const checkIn = (qrToken: string) => () => post('xulin', `/api/permits/${id}/check-in`, { qrToken, location: WASTEWATER_GCJ });
    await refused(checkIn(token(id, new Date(at(T0, -1)))), 422, 'qr_token_expired');
    const good = token(id);
    const [payload, sig] = good.split('.');
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString());
    const forged = `${Buffer.from(JSON.stringify({ ...claims, exp: claims.exp + 86_400 })).toString('base64url')}.${sig}`;
    await refused(checkIn(forged), 422, 'qr_token_bad_signature');
    await refused(checkIn(`${payload}.${sig.slice(0, -2)}AA`), 422, 'qr_token_bad_signature');
    await refused(checkIn(token(other)), 422, 'qr_token_wrong_permit');
    expect((await checkIn(good)()).status).toBe(200);
  });

  it('resuming with a hold present: 409 holds_active', async () => {
    const id = await approvedHotWork(server, T0);
    await activate(server, id, clock.now(), token(id));
    await post('zhaolei', '/api/permits/holds', { scope: { permitIds: [id] }, reason: '气体报警' });
    await refused(() => post('xulin', `/api/permits/${id}/resume`, { conditionsReconfirmed: true }), 409, 'holds_active');
    expect(await statusOf(server, id)).toBe('suspended');
  });

  it('resuming without the required re-test: 422 gas_retest_required', async () => {
    const id = await approvedHotWork(server, T0);
    await activate(server, id, clock.now(), token(id));
    await post('xulin', `/api/permits/${id}/interrupt`, { reason: '吃饭' });
    clock.advanceMin(61);
    const res = await refused(() => post('xulin', `/api/permits/${id}/resume`, {}), 422, 'gas_retest_required');
    expect(res.body.error.details.params).toMatchObject({ gapMin: 61, limitMin: 60 });
  });

  it('a second live blind-plate permit for the same plate: 422 blind_plate_duplicate (and the location diagram is required)', async () => {
    const diagram = await server.http().post('/api/files').set({ ...(await authAs(server, 'liqiang')), 'content-type': 'image/jpeg' })
      .send(Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(300, 5)]));
    const plate = { plateId: 'BP-07', action: 'insert', pipelineId: 'L-201' };
    const bld = {
      type: 'BLD', window: { from: T0.toISOString(), to: at(T0, 240) }, location: { areaKey: 'distillation', site: 'T-201 进料线法兰' },
      content: '进料线加盲板', jsa: [{ hazard: '残液喷出', measures: ['泄压至常压'] }], checklist: allDone('BLD'),
      people: { workLeader: 'liqiang', performers: ['zhangwei'], guardians: ['xulin'] }, blindPlate: { ...plate, diagramFileIds: [diagram.body.id] },
    };
    const noDiagram = await refused(() => post('liqiang', '/api/permits', { ...bld, blindPlate: plate }), 422, 'blind_plate_diagram_required');
    expect(noDiagram.body.error.details).toMatchObject({ field: 'blindPlate.diagramFileIds', sourceRef: 'GB 30871-2022 7.1' });
    const first = await post('liqiang', '/api/permits', bld);
    expect(first.status).toBe(201);
    expect((await post('liqiang', `/api/permits/${first.body.permit.id}/submit`)).status).toBe(200);
    const res = await refused(() => post('liqiang', '/api/permits', bld), 422, 'blind_plate_duplicate');
    expect(res.body.error.details.sourceRef).toBe('GB 30871-2022 7.11');
  });
});
