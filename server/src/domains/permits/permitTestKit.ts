import { randomUUID } from 'node:crypto';
import type { TestServer } from '../../../../testkit/testServer';
import { authAs } from '../../../../testkit/sandboxLogin';
import { createPermitDraft } from './permitDraft';
import { draftInput, passingTest, step } from './permitFixtures';
import type { PermitRow, StoredApplication } from './permitRecord';
import { insertPermit } from './permitRepo';
import type { Actor } from './permitState';
import { NATIONAL_PERMIT_POLICY } from './permitTypes';
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

/**
 * Inserts an active confined-space permit (R-101 cleaning in the synthesis area; performers 张伟 and
 * 罗刚, guardian 徐林; window T0-30 min … T0+4 h), driven into `active` through the permit machine.
 * `ids` maps those people's keys to their ids.
 */
export async function insertActiveCse(server: TestServer, plantId: string, ids: Record<string, string>): Promise<string> {
  const id = randomUUID();
  const min = (m: number) => new Date(T0.getTime() + m * 60_000);
  const who = (personId: string, roles: string[] = []): Actor => ({ kind: 'person', personId, roles });
  const input = draftInput('CSE', 'single', {
    id, applicantId: ids.liqiang, workLeaderId: ids.liqiang, performerIds: [ids.zhangwei, ids.luogang], guardianIds: [ids.xulin],
    outdoor: false, validFrom: min(-30).toISOString(), validTo: min(240).toISOString(),
  });
  let s = step(createPermitDraft(input, NATIONAL_PERMIT_POLICY), { type: 'submit' }, who(ids.liqiang), min(-60));
  s.chain.forEach((st, i) => {
    for (const role of st.mode === 'any' ? [st.roles[0]] : st.roles) s = step(s, { type: 'approve', mode: 'onsite' }, who(`signer-${i}-${role}`, [role]), min(-50 + i));
  });
  if (s.rules.shiftCheckRequired.value) s = step(s, { type: 'shift_check' }, who('shift', ['shift_leader']), min(-20));
  s = step(s, { type: 'record_gas_test', test: passingTest(`g-${id}`, min(-16)) }, who(ids.zhangwei), min(-15));
  s = step(s, { type: 'check_in', geofencePassed: true, distanceM: 3, continuousMonitoringOn: true, videoRecording: true }, who(ids.xulin), min(-10));
  const application = {
    type: 'CSE', level: 'single', window: { from: input.validFrom, to: input.validTo }, location: { areaId: 'synthesis', outdoor: false },
    people: { applicantId: ids.liqiang, workLeaderId: ids.liqiang, performerIds: input.performerIds, guardianIds: input.guardianIds },
    form: { content: 'R-101 反应釜清理', site: 'R-101 人孔', jsa: [], photoFileIds: [] }, gasTests: [],
  } as unknown as StoredApplication;
  const row: PermitRow = {
    id, plantId, code: `ZY-CSE-${id.slice(0, 8)}`, type: 'CSE', level: 'single', status: s.status, areaKey: 'synthesis', unitKey: null, outdoor: false,
    validFrom: new Date(input.validFrom), validTo: new Date(input.validTo), applicantId: ids.liqiang, guardianIds: input.guardianIds,
    performerIds: input.performerIds, parentPermitId: null, blindPlate: null, state: s, application, warnings: [], qrFileId: null, version: 1,
    createdAt: server.deps.now(), updatedAt: server.deps.now(),
  };
  await server.deps.db.transaction((tx) => insertPermit(tx, row));
  if (s.status !== 'active') throw new Error(`fixture permit is ${s.status}, not active`);
  return id;
}
