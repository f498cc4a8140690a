import { authAs, sessionFor } from '../../../../testkit/sandboxLogin';
import { startTestServer, type TestServer } from '../../../../testkit/testServer';
import { importPlants, loadPlants } from '../../platform/config/importPlants';
import { permitsModule } from './permitsModule';
import { hotWorkApplication, seedCertificates, statusOf, T0, testClock, WASTEWATER_GCJ } from './permitTestKit';

/**
 * roles[].scope: department — the 车间主任 of one workshop signs for work in that workshop's areas
 * only, and only they get the approval card.
 */
describe('department-scoped approver roles', () => {
  let server: TestServer;
  let plantId: string;
  const clock = testClock();

  beforeAll(async () => {
    server = await startTestServer({ modules: [permitsModule], now: clock.now, work: false });
    plantId = (await sessionFor(server, 'liqiang')).plantId;
    await seedCertificates(server);
    // The plant turns scoping on and hands the wastewater station to 合成车间.
    const loaded = loadPlants(server.deps.env.PLANT_DIR).find((p) => p.plant.id === plantId)!;
    const plant = structuredClone(loaded.plant);
    plant.roles.find((r) => r.key === 'workshop_director')!.scope = 'department';
    plant.areas.find((a) => a.key === 'wastewater')!.departmentKey = 'synthesis_ws';
    await importPlants(server.deps.db, server.deps.env.PLANT_DIR, server.deps.log, [{ ...loaded, plant }]);
  });
  afterAll(async () => server.close());

  const approvalCardsTo = async (permitId: string) =>
    (await server.deps.db.query<{ person: string }>(
      `SELECT data->'to'->>'personId' AS person FROM pgboss.job WHERE name = 'deliver' AND data->'content'->>'kind' = 'permit.approval' AND data->'content'->>'subjectId' = $1`,
      [permitId],
    )).rows.map((r) => r.person);

  it('only the workshop director of the area’s department gets the card and may sign; another is told why', async () => {
    clock.set(T0);
    const http = server.http();
    const created = await http.post('/api/permits').set(await authAs(server, 'liqiang')).send(hotWorkApplication(T0));
    expect(created.status).toBe(201);
    const id = created.body.permit.id as string;
    expect((await http.post(`/api/permits/${id}/submit`).set(await authAs(server, 'liqiang')).send({})).status).toBe(200);
    expect((await http.post(`/api/permits/${id}/approve`).set(await authAs(server, 'zhaolei')).send({ mode: 'onsite', location: WASTEWATER_GCJ })).status).toBe(200);

    // The director step's card: 王芳 (合成车间) only — not 黄敏 (储运车间) or 高峰 (设备部).
    const ids = Object.fromEntries(await Promise.all(['wangfang', 'huangmin', 'gaofeng'].map(async (k) => [k, (await sessionFor(server, k)).personId])));
    const to = await approvalCardsTo(id);
    expect(to).toContain(ids.wangfang);
    expect(to).not.toContain(ids.huangmin);
    expect(to).not.toContain(ids.gaofeng);

    const refused = await http.post(`/api/permits/${id}/approve`).set(await authAs(server, 'huangmin')).send({ mode: 'remote' });
    expect(refused.status).toBe(409);
    expect(refused.body.error.details.reason).toBe('role_out_of_department');
    expect(refused.body.error.message).toBe('您的“车间主任”职责限于储运车间负责的区域；该作业位于污水处理站（合成车间负责）。');
    expect(await statusOf(server, id)).toBe('approving');

    const signed = await http.post(`/api/permits/${id}/approve`).set(await authAs(server, 'wangfang')).send({ mode: 'remote' });
    expect(signed.status).toBe(200);
    expect(await statusOf(server, id)).toBe('approved');
  });
});
