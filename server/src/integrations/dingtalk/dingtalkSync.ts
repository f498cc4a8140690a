import { copyFileSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import type { DingtalkApi } from '../../../../bot/src/adapters/dingtalk/dingtalkApi';
import type { DingtalkUser } from '../../../../bot/src/adapters/dingtalk/dingtalkApiTypes';
import { importPlant } from '../../platform/config/importPlant';
import { parsePlantText } from '../../platform/config/loadPlantFile';
import { PlantConfigError } from '../../platform/config/plantConfigError';
import type { Db } from '../../platform/db/db';
import { AppError } from '../../platform/errors';
import { appendEvidence, EvidenceActor } from '../../platform/evidence/evidenceChain';
import { applySyncToYaml } from './applySyncToYaml';
import { planDingtalkSync, planHasChanges, SyncOptions, SyncPlan } from './planDingtalkSync';

/** The calls a sync makes (a DingtalkApi, or a fake). */
export type DirectoryApi = Pick<DingtalkApi, 'listAllDepartments' | 'listAllDepartmentUsers'>;

/** What a sync did (or, on a dry run, would do). */
export interface SyncReport {
  plantId: string;
  /** The plant file written (and re-imported) when applied. */
  file: string;
  dryRun: boolean;
  applied: boolean;
  fetched: { departments: number; users: number };
  summary: {
    departments: { created: number; updated: number; unchanged: number };
    people: { created: number; updated: number; linked: number; unchanged: number };
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
  const updates = plan.people.filter((p) => p.change === 'update');
  return {
    departments: {
      created: plan.departments.filter((d) => d.change === 'create').length,
      updated: plan.departments.filter((d) => d.change === 'update').length,
      unchanged: plan.departmentsUnchanged,
    },
    people: {
      created: plan.people.filter((p) => p.change === 'create').length,
      updated: updates.length,
      linked: updates.filter((p) => p.change === 'update' && p.set.dingtalk).length,
      unchanged: plan.peopleUnchanged,
    },
    skipped: plan.skipped.length,
    missingInDingtalk: plan.missingInDingtalk.length,
  };
}

/** Writes via a temporary file and a rename; a file that cannot be replaced (bind mount) is written in place. */
function writePlantFile(file: string, text: string): void {
  const tmp = `${file}.dingtalk-sync.tmp`;
  writeFileSync(tmp, text);
  try {
    renameSync(tmp, file);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code !== 'EBUSY' && code !== 'EXDEV' && code !== 'EPERM') throw err;
    writeFileSync(file, text);
  }
}

/**
 * Syncs DingTalk departments and users into a plant. The plant FILE is the source of truth
 * (it is re-imported at every start, and people missing from it are soft-deleted), so an applied
 * sync edits the file (a copy of the previous text is kept as `<file>.before-dingtalk-sync`),
 * then imports it in one transaction with an evidence event. Nothing is deleted; people DingTalk
 * no longer lists are reported. The plan is made against the file as it is now, so hand edits
 * since the last import are kept.
 */
export async function runDingtalkSync(
  db: Db,
  api: DirectoryApi,
  input: { plantId: string; dryRun: boolean; options: SyncOptions; actor: EvidenceActor; now: Date },
): Promise<SyncReport> {
  const row = (await db.query<{ source_file: string }>('SELECT source_file FROM plants WHERE id = $1', [input.plantId])).rows[0];
  if (!row) throw new AppError('not_found', `plant ${input.plantId} not found`);
  const file = row.source_file;
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new AppError('unavailable', `cannot read the plant file ${file}: ${(err as Error).message}`);
  }
  let plant;
  try {
    plant = parsePlantText(text, file);
  } catch (err) {
    if (err instanceof PlantConfigError) throw new AppError('conflict', `the plant file has problems; fix them before syncing:\n${err.message}`);
    throw err;
  }
  if (input.options.defaultRole && !plant.roles.some((r) => r.key === input.options.defaultRole)) {
    throw new AppError('validation_failed', `Invalid body.defaultRole: no role ${input.options.defaultRole} in plant ${plant.id}`, { fields: [{ field: 'body.defaultRole', message: 'unknown role' }] });
  }
  if (input.options.defaultDepartment && !plant.departments.some((d) => d.key === input.options.defaultDepartment)) {
    throw new AppError('validation_failed', `Invalid body.defaultDepartment: no department ${input.options.defaultDepartment}`, { fields: [{ field: 'body.defaultDepartment', message: 'unknown department' }] });
  }
  const dir = await fetchDirectory(api, input.options.rootDeptId);
  const plan = planDingtalkSync(plant, dir.departments, dir.users, input.options);
  const report: SyncReport = {
    plantId: input.plantId, file, dryRun: input.dryRun, applied: false,
    fetched: { departments: dir.departments.length, users: dir.users.length }, summary: summarise(plan), plan,
  };
  if (input.dryRun || !planHasChanges(plan)) return report;

  const next = applySyncToYaml(text, plan, input.now.toISOString());
  const nextPlant = parsePlantText(next, file); // a plan that breaks the file stops here, before anything is written
  copyFileSync(file, `${file}.before-dingtalk-sync`);
  // File first: if the import failed after it, the next start imports the same content anyway.
  writePlantFile(file, next);
  await db.transaction(async (tx) => {
    await importPlant(tx, nextPlant, file);
    await tx.query('UPDATE plants SET config = $2 WHERE id = $1', [nextPlant.id, JSON.stringify(nextPlant)]);
    await appendEvidence(tx, {
      plantId: input.plantId, kind: 'dingtalk.directory_synced', subjectType: 'plant', subjectId: input.plantId,
      actor: input.actor, occurredAt: input.now, data: { file, summary: report.summary },
    });
  });
  return { ...report, applied: true };
}
