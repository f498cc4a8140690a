import { randomUUID } from 'node:crypto';
import type { DingtalkApi } from '../../../../bot/src/adapters/dingtalk/dingtalkApi';
import type { DingtalkUser } from '../../../../bot/src/adapters/dingtalk/dingtalkApiTypes';
import { rebuildPlatformIds } from '../../platform/config/importPlant';
import type { Db, Tx } from '../../platform/db/db';
import { type ConfigRow, deactivatePeople, learnMessengerId, loadConfigRows, recordSyncRun, writeConfigRow } from '../../platform/directory/directoryRows';
import { AppError } from '../../platform/errors';
import { appendEvidence, EvidenceActor } from '../../platform/evidence/evidenceChain';
import { DINGTALK_SOURCE, planDingtalkSync, planHasChanges, SyncOptions, SyncPlan } from './planDingtalkSync';

/** The calls a sync makes (a DingtalkApi, or a fake). */
export type DirectoryApi = Pick<DingtalkApi, 'listAllDepartments' | 'listAllDepartmentUsers'>;

/** What a sync did (or, on a dry run, would do). */
export interface SyncReport {
  plantId: string;
  runId: string;
  dryRun: boolean;
  applied: boolean;
  fetched: { departments: number; users: number };
  summary: {
    departments: { created: number; updated: number; unchanged: number };
    people: { created: number; updated: number; linked: number; unchanged: number; deactivated: number };
    fileDiffers: number;
    skipped: number;
    missingInDingtalk: number;
  };
  plan: SyncPlan;
}

/** Every user below `rootDeptId` once, with all their departments. */
export async function fetchDirectory(api: DirectoryApi, rootDeptId: number) {
  const departments = await api.listAllDepartments(rootDeptId);
  const users = new Map<string, DingtalkUser>();
  for (const deptId of [rootDeptId, ...departments.map((d) => d.deptId)]) {
    for (const u of await api.listAllDepartmentUsers(deptId)) {
      const seen = users.get(u.userId);
      users.set(u.userId, seen ? { ...seen, deptIds: [...new Set([...seen.deptIds, ...u.deptIds])] } : u);
    }
  }
  return { departments, users: [...users.values()] };
}

function summarise(plan: SyncPlan): SyncReport['summary'] {
  const count = (change: string) => plan.people.filter((p) => p.change === change).length;
  return {
    departments: {
      created: plan.departments.filter((d) => d.change === 'create').length,
      updated: plan.departments.filter((d) => d.change === 'update').length,
      unchanged: plan.departmentsUnchanged,
    },
    people: { created: count('create'), updated: count('update'), linked: count('link'), unchanged: plan.peopleUnchanged, deactivated: plan.deactivated.length },
    fileDiffers: plan.fileDiffers.length,
    skipped: plan.skipped.length,
    missingInDingtalk: plan.missingInDingtalk.length,
  };
}

async function writePlan(tx: Tx, plantId: string, plan: SyncPlan, people: readonly ConfigRow[], now: Date): Promise<void> {
  for (const d of plan.departments) {
    const data = { source: DINGTALK_SOURCE, dingtalkId: d.deptId, ...(d.parentKey ? { parentKey: d.parentKey } : {}) };
    await writeConfigRow(tx, 'departments', plantId, { id: d.id, key: d.key, name: d.name, data });
  }
  const rows = new Map(people.map((r) => [r.id, r]));
  for (const p of plan.people) {
    if (p.change === 'create') {
      await writeConfigRow(tx, 'people', plantId, { key: p.key, name: p.name, data: { ...p.data } });
    } else if (p.change === 'link') {
      await learnMessengerId(tx, p.id, 'dingtalk', p.userId);
    } else {
      const row = rows.get(p.id);
      if (!row) throw new Error(`dingtalk sync: the plan names person row ${p.id} it was not made from`);
      const data: Record<string, unknown> = { ...row.data };
      delete data.deactivated;
      for (const [field, change] of Object.entries(p.set)) if (field !== 'name' && change) data[field] = change.to;
      await writeConfigRow(tx, 'people', plantId, { id: p.id, key: p.key, name: p.set.name?.to ?? row.name, data });
    }
  }
  await deactivatePeople(tx, plan.deactivated.map((p) => p.id), now);
  await rebuildPlatformIds(tx, plantId);
}

/**
 * Syncs DingTalk departments and users into a plant's directory rows, in one transaction with an
 * evidence event (as WeCom's sync): new people and departments are database rows marked
 * `source: dingtalk`, so every server instance sees them and plant-file imports leave them alone.
 * People the plant file owns are never rewritten; a DingTalk link recognised by phone or name is
 * recorded on their row and survives later imports. Every run's report is kept.
 */
export async function runDingtalkSync(
  db: Db,
  api: DirectoryApi,
  input: { plantId: string; dryRun: boolean; options: SyncOptions; actor: EvidenceActor; now: Date },
): Promise<SyncReport> {
  const { options } = input;
  if (options.deactivateMissing && options.rootDeptId !== 1) {
    // Below a sub-department, everyone outside it would look "gone".
    throw new AppError('validation_failed', 'Invalid body.deactivateMissing: only with rootDeptId 1 (the whole organisation)', {
      fields: [{ field: 'body.deactivateMissing', message: 'needs rootDeptId 1' }],
    });
  }
  const roleKeys = (await db.query<{ key: string }>('SELECT key FROM roles WHERE plant_id = $1 AND deleted_at IS NULL', [input.plantId])).rows.map((r) => r.key);
  if (roleKeys.length === 0) throw new AppError('not_found', `plant ${input.plantId} not found`);
  if (options.defaultRole && !roleKeys.includes(options.defaultRole)) {
    throw new AppError('validation_failed', `Invalid body.defaultRole: no role ${options.defaultRole} in plant ${input.plantId}`, { fields: [{ field: 'body.defaultRole', message: 'unknown role' }] });
  }
  if (options.defaultDepartment) {
    const known = await db.query('SELECT 1 FROM departments WHERE plant_id = $1 AND key = $2 AND deleted_at IS NULL', [input.plantId, options.defaultDepartment]);
    if (known.rowCount === 0) {
      throw new AppError('validation_failed', `Invalid body.defaultDepartment: no department ${options.defaultDepartment}`, { fields: [{ field: 'body.defaultDepartment', message: 'unknown department' }] });
    }
  }
  const dir = await fetchDirectory(api, options.rootDeptId);
  return db.transaction(async (tx) => {
    // Two syncs of one plant at once would race on new keys: serialize them.
    await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`dingtalk-sync:${input.plantId}`]);
    const existing = { departments: await loadConfigRows(tx, 'departments', input.plantId), people: await loadConfigRows(tx, 'people', input.plantId), roleKeys };
    const plan = planDingtalkSync(existing, dir.departments, dir.users, options);
    const runId = randomUUID();
    const apply = !input.dryRun && planHasChanges(plan);
    const report: SyncReport = {
      plantId: input.plantId, runId, dryRun: input.dryRun, applied: apply,
      fetched: { departments: dir.departments.length, users: dir.users.length }, summary: summarise(plan), plan,
    };
    if (apply) {
      await writePlan(tx, input.plantId, plan, existing.people, input.now);
      await appendEvidence(tx, {
        plantId: input.plantId, kind: 'dingtalk.directory_synced', subjectType: 'plant', subjectId: input.plantId,
        actor: input.actor, occurredAt: input.now, data: { runId, summary: report.summary },
      });
    }
    await recordSyncRun(tx, { id: runId, plantId: input.plantId, platform: 'dingtalk', applied: apply, report, at: input.now });
    return report;
  });
}
