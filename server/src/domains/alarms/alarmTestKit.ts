import { randomUUID } from 'node:crypto';
import type { TestServer } from '../../../../testkit/testServer';
import type { DcsSection, WeatherSection } from '../../platform/config/dcsConfigSchema';
import { createPermitDraft } from '../permits/permitDraft';
import { draftInput, passingTest, P, step } from '../permits/permitFixtures';
import type { PermitRow, StoredApplication } from '../permits/permitRecord';
import { insertPermit, loadPermit } from '../permits/permitRepo';
import type { Actor } from '../permits/permitState';
import { NATIONAL_PERMIT_POLICY } from '../permits/permitTypes';
import type { AlarmPlantSource } from './alarmPlant';
export { freePort } from '../../../../scripts/lib/freePort';

/** Test helpers of the alarms capability (real server, real simulators). Used by *.test.ts only. */

/** The demo plant's id. */
export const PLANT = 'jiangning-fine-chem';

/** Waits until `cond` holds (polling), failing with `what` after `ms`. */
export async function waitFor<T>(what: string, cond: () => Promise<T | null | undefined | false> | T | null | undefined | false, ms = 15_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await cond();
    if (v) return v as T;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}


/** A config override that edits deep copies of the dcs and weather sections. */
export function overrideConfig(edit: (dcs: DcsSection, weather: WeatherSection) => void): (p: AlarmPlantSource) => AlarmPlantSource {
  return (p) => {
    const copy = JSON.parse(JSON.stringify(p)) as AlarmPlantSource;
    edit(copy.dcs as DcsSection, copy.weather as WeatherSection);
    return copy;
  };
}

/** Person id of a demo person. */
export async function personId(server: TestServer, key: string): Promise<string> {
  const p = await server.deps.directory.personByKey(PLANT, key);
  if (!p) throw new Error(`no demo person ${key}`);
  return p.id;
}

/** One Sandbox chat line. */
export interface Line {
  id: number;
  kind: string;
  body: { kind?: string; title?: string; status?: string | null; text?: string; markdown?: string; buttons?: Array<{ action: string | null; label: string }> };
  version: number;
}

/** The lines of a person's bot chat, oldest first. */
export async function dmLines(server: TestServer, personKey: string): Promise<Line[]> {
  const id = await personId(server, personKey);
  return (await server.deps.db.query<Line>(`SELECT id, kind, body, version FROM sandbox_messages WHERE plant_id = $1 AND conversation = $2 ORDER BY id`, [PLANT, `dm:${id}`])).rows;
}

/** The lines of a Sandbox group, oldest first. */
export async function groupLines(server: TestServer, groupKey: string): Promise<Line[]> {
  const g = (await server.deps.db.query<{ id: string }>('SELECT id FROM groups WHERE plant_id = $1 AND key = $2', [PLANT, groupKey])).rows[0];
  return (await server.deps.db.query<Line>(`SELECT id, kind, body, version FROM sandbox_messages WHERE plant_id = $1 AND conversation = $2 ORDER BY id`, [PLANT, `group:${g.id}`])).rows;
}

/** Cards of one kind in a person's chat. */
export async function cardsOf(server: TestServer, personKey: string, kind: string): Promise<Line[]> {
  return (await dmLines(server, personKey)).filter((l) => l.kind === 'card' && l.body.kind === kind);
}

/**
 * Inserts an approved HOT 一级 permit (driven through the real permit machine) with a demo crew:
 * applicant zhangwei, work leader liqiang, performer zhangwei, guardian xulin.
 */
export async function insertApprovedPermit(server: TestServer, at: { areaKey: string; unitKey: string | null; outdoor: boolean; type?: 'HOT' }): Promise<string> {
  const now = server.deps.now();
  const min = (m: number) => new Date(now.getTime() + m * 60_000);
  const crew = { applicant: await personId(server, 'zhangwei'), leader: await personId(server, 'liqiang'), worker: await personId(server, 'zhangwei'), guardian: await personId(server, 'xulin') };
  const id = randomUUID();
  const input = draftInput('HOT', 'L1', {
    id, applicantId: crew.applicant, workLeaderId: crew.leader, performerIds: [crew.worker], guardianIds: [crew.guardian], outdoor: at.outdoor,
    validFrom: min(-10).toISOString(), validTo: min(7 * 60).toISOString(),
  });
  const person = (personId: string): Actor => ({ kind: 'person', personId, roles: [] });
  let s = createPermitDraft(input, NATIONAL_PERMIT_POLICY);
  s = step(s, { type: 'submit' }, person(crew.applicant), min(-40));
  s = step(s, { type: 'approve', mode: 'onsite' }, P.unit, min(-30));
  s = step(s, { type: 'record_gas_test', test: passingTest('g-1', min(-15)) }, person(crew.worker), min(-15));
  s = step(s, { type: 'approve', mode: 'onsite' }, P.safety, min(-12));
  const application = {
    type: 'HOT', level: 'L1', window: { from: input.validFrom, to: input.validTo }, location: { areaId: at.areaKey, outdoor: at.outdoor },
    people: { applicantId: crew.applicant, workLeaderId: crew.leader, performerIds: [crew.worker], guardianIds: [crew.guardian] },
    form: { content: '更换法兰垫片（测试）', site: '测试地点', jsa: [], photoFileIds: [], unitKey: at.unitKey ?? undefined },
    gasTests: [],
  } as unknown as StoredApplication;
  const row: PermitRow = {
    id, plantId: PLANT, code: `ZY-TEST-${id.slice(0, 8)}`, type: 'HOT', level: 'L1', status: s.status, areaKey: at.areaKey, unitKey: at.unitKey,
    outdoor: at.outdoor, validFrom: new Date(input.validFrom), validTo: new Date(input.validTo), applicantId: crew.applicant,
    guardianIds: [crew.guardian], performerIds: [crew.worker], parentPermitId: null, blindPlate: null, state: s, application, warnings: [],
    qrFileId: null, version: 1, createdAt: now, updatedAt: now,
  };
  await server.deps.db.transaction((tx) => insertPermit(tx, row));
  return id;
}

/** A permit's status now. */
export async function permitStatus(server: TestServer, id: string): Promise<string | undefined> {
  return (await loadPermit(server.deps.db, PLANT, id))?.status;
}

/** One value of a Prometheus text exposition (first sample whose line contains every fragment), or null. */
export function metricValue(text: string, name: string, ...fragments: string[]): number | null {
  const line = text.split('\n').find((l) => l.startsWith(name) && fragments.every((f) => l.includes(f)));
  return line ? Number(line.slice(line.lastIndexOf(' ') + 1)) : null;
}
