import type { TestServer } from '../../../../testkit/testServer';
import { authAs } from '../../../../testkit/sandboxLogin';
import { NATIONAL_CHECKLISTS } from './permitChecklists';
import type { WorkType } from './permitModel';
import { toDatum } from './permitGeofence';

/**
 * Shared fixtures of the permits API tests (not a test file): a fixed daytime working-day clock in
 * the future (so pg-boss timers never fire during a test), demo certificates, a valid hot-work
 * application and positions inside / outside the demo areas.
 */

/** Tuesday 2027-03-09 10:00 in Asia/Shanghai: a working day, daytime, not a demo holiday. */
export const T0 = new Date('2027-03-09T02:00:00.000Z');

/** A settable clock for startTestServer({ now }). */
export function testClock(start = T0): { now: () => Date; set(d: Date): void; advanceMin(min: number): Date } {
  let current = new Date(start);
  return {
    now: () => new Date(current),
    set(d) {
      current = new Date(d);
    },
    advanceMin(min) {
      current = new Date(current.getTime() + min * 60_000);
      return new Date(current);
    },
  };
}

/** Minutes after `base` as ISO. */
export const at = (base: Date, min: number) => new Date(base.getTime() + min * 60_000).toISOString();

/** Centre of the demo wastewater area (circle, GCJ-02) — an outdoor area for 二级 hot work. */
export const WASTEWATER_GCJ = { lng: 118.8065, lat: 31.9005, datum: 'GCJ-02' as const };
/** The same point as a browser would report it (WGS-84). */
export function wastewaterWgs(): { lng: number; lat: number; datum: 'WGS-84' } {
  const [lng, lat] = toDatum([WASTEWATER_GCJ.lng, WASTEWATER_GCJ.lat], 'GCJ-02', 'WGS-84');
  return { lng, lat, datum: 'WGS-84' };
}
/** The office, about 520 m west of the wastewater area centre. */
export const OFFICE_GCJ = { lng: 118.801, lat: 31.9005, datum: 'GCJ-02' as const };

/** Every checklist item of a type answered "done". */
export function allDone(type: WorkType): Record<string, 'done'> {
  return Object.fromEntries(NATIONAL_CHECKLISTS[type].map((i) => [i.id, 'done' as const]));
}

/** Registers the certificates the demo flows need (welder zhangwei, guardian xulin, electricians). */
export async function seedCertificates(server: TestServer): Promise<void> {
  const records = [
    { holder: 'zhangwei', type: 'special_op_welding', number: 'T320100199001011234', issuedOn: '2024-01-10', expiresOn: '2030-01-09', nextReviewOn: '2027-12-31' },
    { holder: 'xulin', type: 'guardian_training', number: 'JH-2025-0031', issuedOn: '2025-02-01', expiresOn: '2029-01-31' },
    { holder: 'wuxiuying', type: 'guardian_training', number: 'JH-2025-0032', issuedOn: '2025-02-01', expiresOn: '2029-01-31' },
    { holder: 'luogang', type: 'special_op_electrician_lv', number: 'T320100198805052222', issuedOn: '2024-05-01', expiresOn: '2030-04-30', nextReviewOn: '2027-12-31' },
    { holder: 'zhoujie', type: 'special_op_electrician_lv', number: 'T320100198001013333', issuedOn: '2024-05-01', expiresOn: '2030-04-30', nextReviewOn: '2027-12-31' },
  ];
  const res = await server.http().post('/api/certificates/import').set(await authAs(server, 'zhaolei')).send({ records });
  if (res.status !== 200) throw new Error(`certificate seed failed: ${res.status} ${JSON.stringify(res.body)}`);
}

/** A valid 二级 hot-work application in the wastewater area, starting at `from` for `hours`. */
export function hotWorkApplication(from: Date, hours = 4, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    type: 'HOT',
    level: 'L2',
    window: { from: from.toISOString(), to: at(from, hours * 60) },
    location: { areaKey: 'wastewater', site: '生化池东侧管道支架', point: WASTEWATER_GCJ },
    content: '更换生化池进水管道支架，电焊作业',
    jsa: [{ hazard: '焊接火花引燃周边可燃物', measures: ['清理10 m内可燃物', '配备灭火器两具'] }],
    checklist: allDone('HOT'),
    people: { workLeader: 'liqiang', performers: ['zhangwei'], guardians: ['xulin'] },
    hotWork: { method: 'welding' },
    ...extra,
  };
}

/** A passing combustible reading for hot work, sampled at `takenAt`. */
export function passingGasTest(takenAt: string, id?: string): Record<string, unknown> {
  return {
    ...(id ? { id } : {}), takenAt, analyst: 'zhaolei', samplePoint: '动火点',
    readings: [{ kind: 'combustible', gasId: 'methane', value: 5, unit: 'lel_pct' }, { kind: 'oxygen', value: 20.8 }],
  };
}

/** Creates and submits a 二级 hot-work permit, then signs both steps (on site, then remote); returns its id. */
export async function approvedHotWork(server: TestServer, now: Date, extra: Record<string, unknown> = {}, hours = 4, approveAt: object = WASTEWATER_GCJ): Promise<string> {
  const http = server.http();
  const created = await http.post('/api/permits').set(await authAs(server, 'liqiang')).send(hotWorkApplication(now, hours, extra));
  if (created.status !== 201) throw new Error(`apply failed: ${created.status} ${JSON.stringify(created.body)}`);
  const id = created.body.permit.id as string;
  const steps: Array<[string, string, Record<string, unknown>]> = [
    ['liqiang', 'submit', {}],
    ['zhaolei', 'approve', { mode: 'onsite', location: approveAt }],
    ['wangfang', 'approve', { mode: 'remote' }],
  ];
  for (const [who, action, body] of steps) {
    const r = await http.post(`/api/permits/${id}/${action}`).set(await authAs(server, who)).send(body);
    if (r.status !== 200) throw new Error(`${action} failed: ${r.status} ${JSON.stringify(r.body)}`);
  }
  return id;
}

/** Shift check, a fresh gas test and the guardian's check-in: the permit becomes active. */
export async function activate(server: TestServer, id: string, now: Date, token: string): Promise<void> {
  const http = server.http();
  const steps: Array<[string, string, Record<string, unknown>]> = [
    ['zhengtao', 'shift-check', {}],
    ['zhaolei', 'gas-tests', passingGasTest(now.toISOString())],
    ['xulin', 'check-in', { qrToken: token, location: WASTEWATER_GCJ }],
  ];
  for (const [who, action, body] of steps) {
    const r = await http.post(`/api/permits/${id}/${action}`).set(await authAs(server, who)).send(body);
    if (r.status !== 200) throw new Error(`${action} failed: ${r.status} ${JSON.stringify(r.body)}`);
  }
}

/** Status of a permit, read straight from the table. */
export async function statusOf(server: TestServer, id: string): Promise<string> {
  return (await server.deps.db.query<{ status: string }>('SELECT status FROM permits WHERE id = $1', [id])).rows[0].status;
}
