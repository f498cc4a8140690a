/**
 * Seeds approved permits for `npm run demo`, so the newcomer can watch an alarm and a weather warning
 * put holds on them. Each permit is driven through the real permit machine with the plant's effective
 * policy and its people (applicant submits, role holders sign each step), then inserted. Demo only.
 */
import { randomUUID } from 'node:crypto';
import { nextCode } from '../server/src/platform/codes/nextCode';
import type { PersonInfo } from '../server/src/platform/directory/directory';
import type { ServerDeps } from '../server/src/platform/serverDeps';
import { createPermitDraft } from '../server/src/domains/permits/permitDraft';
import { decidePermit } from '../server/src/domains/permits/permitMachine';
import type { PermitRow, StoredApplication } from '../server/src/domains/permits/permitRecord';
import { insertPermit } from '../server/src/domains/permits/permitRepo';
import type { Actor, PermitAction, PermitState } from '../server/src/domains/permits/permitState';
import { policyStoreFor } from '../server/src/domains/permits/permitTransition';

/** Where and for whom a demo permit is. */
export interface DemoPermitSpec {
  areaKey: string;
  unitKey: string | null;
  outdoor: boolean;
  content: string;
  site: string;
  /** Person keys. */
  applicant: string;
  worker: string;
  guardian: string;
}

/** Inserts one approved HOT permit (二级) and returns its code. */
export async function seedApprovedPermit(deps: ServerDeps, plantId: string, spec: DemoPermitSpec): Promise<string> {
  const now = deps.now();
  const min = (m: number) => new Date(now.getTime() + m * 60_000);
  const people = await deps.directory.people(plantId);
  const byKey = (key: string): PersonInfo => {
    const p = people.find((x) => x.key === key);
    if (!p) throw new Error(`demo person ${key} is not in the plant file`);
    return p;
  };
  const [applicant, worker, guardian] = [byKey(spec.applicant), byKey(spec.worker), byKey(spec.guardian)];
  const plant = await policyStoreFor(deps).load(deps.db, plantId);
  const id = randomUUID();
  const validFrom = min(-5).toISOString();
  const validTo = min(7 * 60).toISOString();
  let s: PermitState = createPermitDraft(
    { id, type: 'HOT', level: 'L2', applicantId: applicant.id, workLeaderId: applicant.id, performerIds: [worker.id], guardianIds: [guardian.id], outdoor: spec.outdoor, validFrom, validTo },
    plant.policy,
  );
  const act = (action: PermitAction, actor: Actor, at: Date) => {
    const d = decidePermit(s, action, actor, at, { timezone: plant.timezone });
    if ('refusal' in d) return d.refusal.code;
    s = d.next;
    return null;
  };
  const refusal = act({ type: 'submit' }, { kind: 'person', personId: applicant.id, roles: applicant.roles }, min(-20));
  if (refusal) throw new Error(`demo permit not submitted: ${refusal}`);
  // Each step is signed by the first holder of one of its roles who has not signed yet.
  for (let guard = 0; (s.status === 'submitted' || s.status === 'approving') && guard < 10; guard++) {
    const roles = s.chain[s.step].roles;
    const signer = people.find((p) => p.id !== applicant.id && p.roles.some((r) => roles.includes(r)) && !s.approvals.some((a) => a.personId === p.id));
    if (!signer) throw new Error(`nobody can sign step ${s.chain[s.step].id} (${roles.join(', ')})`);
    const why = act({ type: 'approve', mode: 'onsite' }, { kind: 'person', personId: signer.id, roles: signer.roles }, min(-15 + guard));
    if (why) throw new Error(`demo permit step ${s.chain[s.step].id} refused: ${why}`);
  }
  const application = {
    type: 'HOT', level: 'L2', window: { from: validFrom, to: validTo }, location: { areaId: spec.areaKey, outdoor: spec.outdoor },
    people: { applicantId: applicant.id, workLeaderId: applicant.id, performerIds: [worker.id], guardianIds: [guardian.id] },
    form: { content: spec.content, site: spec.site, jsa: [], photoFileIds: [], ...(spec.unitKey ? { unitKey: spec.unitKey } : {}) },
    gasTests: [],
  } as unknown as StoredApplication;
  return deps.db.transaction(async (tx) => {
    const code = await nextCode(tx, plantId, 'ZY', now, plant.timezone);
    const row: PermitRow = {
      id, plantId, code, type: 'HOT', level: 'L2', status: s.status, areaKey: spec.areaKey, unitKey: spec.unitKey, outdoor: spec.outdoor,
      validFrom: new Date(validFrom), validTo: new Date(validTo), applicantId: applicant.id, guardianIds: [guardian.id], performerIds: [worker.id],
      parentPermitId: null, blindPlate: null, state: s, application, warnings: [], qrFileId: null, version: 1, createdAt: now, updatedAt: now,
    };
    await insertPermit(tx, row);
    return code;
  });
}
