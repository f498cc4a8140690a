import { authAs } from '../../../../testkit/sandboxLogin';
import { DB_KINDS } from '../../../../testkit/testDb';
import { startTestServer, type TestServer } from '../../../../testkit/testServer';
import { permitsModule } from './permitsModule';
import { T0, testClock } from './permitTestKit';

/** The certificate registry over HTTP: CSV/JSON import (all or nothing), status, revoke, rights. */
describe.each(DB_KINDS)('certificates API (%s)', (kind) => {
  let server: TestServer;
  const clock = testClock();
  beforeAll(async () => {
    server = await startTestServer({ kind, modules: [permitsModule], now: clock.now, work: false });
  });
  afterAll(async () => server.close());

  it('imports CSV as sent by a registry, lists each certificate with its status today, and revokes', async () => {
    clock.set(T0);
    const csv = [
      'holder,type,number,issuedOn,expiresOn,nextReviewOn',
      'zhangwei,special_op_welding,W-1,2024-01-10,2030-01-09,2027-05-01',
      'xulin,guardian_training,G-1,2023-01-01,2027-01-01,',
      'luogang,special_op_electrician_lv,E-1,2024-05-01,2030-04-30,2028-01-01',
    ].join('\n');
    const res = await server.http().post('/api/certificates/import').set(await authAs(server, 'zhaolei')).set('Content-Type', 'text/csv').send(csv);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ imported: 3, created: 3, updated: 0 });
    const again = await server.http().post('/api/certificates/import').set(await authAs(server, 'zhaolei')).send({ csv });
    expect(again.body).toEqual({ imported: 3, created: 0, updated: 3 });

    const list = await server.http().get('/api/certificates').set(await authAs(server, 'liqiang'));
    const byNumber = Object.fromEntries(list.body.certificates.map((c: { number: string; status: string }) => [c.number, c.status]));
    // Review due 2027-05-01 is within 90 days of 2027-03-09; G-1 expired on 2027-01-01.
    expect(byNumber).toEqual({ 'W-1': 'due_soon', 'G-1': 'expired', 'E-1': 'valid' });

    const id = list.body.certificates.find((c: { number: string }) => c.number === 'E-1').id;
    expect((await server.http().post(`/api/certificates/${id}/revoke`).set(await authAs(server, 'zhaolei')).send({})).body).toEqual({ revoked: true });
    const after = await server.http().get('/api/certificates?holder=luogang').set(await authAs(server, 'liqiang'));
    expect(after.body.certificates).toEqual([]);
  });

  it('writes nothing when any record is bad, and names line and field', async () => {
    const before = await server.deps.db.query('SELECT 1 FROM certificates');
    const res = await server.http().post('/api/certificates/import').set(await authAs(server, 'zhaolei')).send({
      records: [
        { holder: 'zhangwei', type: 'special_op_welding', number: 'OK-1', issuedOn: '2024-01-01', expiresOn: '2030-01-01' },
        { holder: 'nobody', type: 'special_op_welding', number: 'BAD-1', issuedOn: '2024-01-01', expiresOn: '2030-01-01' },
      ],
    });
    expect(res.status).toBe(400);
    expect(res.body.error.details.problems).toEqual([{ line: 2, field: 'holder', code: 'unknown_holder', message: '本厂没有人员“nobody”' }]);
    expect(res.body.error.message).toBe('第 2 条记录的 holder 有误：本厂没有人员“nobody”');
    expect((await server.deps.db.query('SELECT 1 FROM certificates')).rowCount).toBe(before.rowCount);
  });

  it('a CSV with a missing column, a bad date or no records: 400 naming line, field and why', async () => {
    const post = async (csv: string) => server.http().post('/api/certificates/import').set(await authAs(server, 'zhaolei')).set('Content-Type', 'text/csv').send(csv);
    const cases: Array<[string, object]> = [
      ['holder,type,number,issuedOn\nzhangwei,special_op_welding,X-1,2024-01-01', { line: 1, field: 'expiresOn', code: 'missing_column', message: '缺少这一列' }],
      ['holder,type,number,issuedOn,expiresOn\nzhangwei,special_op_welding,X-1,2024-01-01,2030-02-30', { line: 2, field: 'expiresOn', code: 'not_a_date', message: '“2030-02-30”不是有效日期，请写成 YYYY-MM-DD' }],
      ['holder,type,number,issuedOn,expiresOn\n\n', { line: 2, field: 'holder', code: 'no_records', message: '文件中没有记录' }],
    ];
    for (const [csv, problem] of cases) {
      const res = await post(csv);
      expect([res.status, res.body.error.details.problems[0]]).toEqual([400, problem]);
    }
  });

  it('needs certificate.manage to import', async () => {
    const res = await server.http().post('/api/certificates').set(await authAs(server, 'liqiang'))
      .send({ holder: 'zhangwei', type: 'special_op_welding', number: 'X', issuedOn: '2024-01-01', expiresOn: '2030-01-01' });
    expect(res.status).toBe(403);
  });
});
