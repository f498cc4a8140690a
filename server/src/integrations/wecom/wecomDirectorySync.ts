import { randomUUID } from 'node:crypto';
import type { WecomApi } from '../../../../bot/src/adapters/wecom/wecomApi';
import type { WecomDirectoryUser } from '../../../../bot/src/adapters/wecom/wecomTypes';
import { rebuildPlatformIds } from '../../platform/config/importPlant';
import type { Db } from '../../platform/db/db';
import { deactivatePeople, loadConfigRows, recordSyncRun, writeConfigRow } from '../../platform/directory/directoryRows';
import { appendEvidence, EvidenceActor } from '../../platform/evidence/evidenceChain';
import { planWecomSync, SyncOptions, SyncReport, WECOM_SOURCE } from './wecomDirectoryPlan';

/** The answer of a sync: what changed (or would), and whether it was written. */
export interface SyncResult extends SyncReport {
  plantId: string;
  applied: boolean;
  runId: string;
}

/** Reads WeCom's departments and members (the app's visible range). */
export async function fetchWecomDirectory(api: Pick<WecomApi, 'listDepartments' | 'listUsers'>) {
  const departments = await api.listDepartments();
  const ids = new Set(departments.map((d) => d.id));
  // Top departments of the visible range; fetch_child brings everyone below each.
  const tops = departments.filter((d) => !ids.has(d.parentId) || d.parentId === d.id);
  const users: WecomDirectoryUser[] = [];
  for (const top of tops) users.push(...(await api.listUsers(top.id, { fetchChild: true })));
  return { departments, users };
}

/**
 * Imports WeCom's directory into a plant: departments and people are created or updated (never
 * deleted silently), everything in one transaction with one evidence event, and every run's
 * report is kept in directory_sync_runs. A dry run computes the same report and writes only that.
 */
export async function syncWecomDirectory(
  db: Db,
  api: Pick<WecomApi, 'listDepartments' | 'listUsers'>,
  input: { plantId: string; apply: boolean; options: SyncOptions; actor: EvidenceActor; now: Date },
): Promise<SyncResult> {
  const wecom = await fetchWecomDirectory(api);
  return db.transaction(async (tx) => {
    // Two syncs of one plant at once would race on new keys: serialize them.
    await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`wecom-sync:${input.plantId}`]);
    const plan = planWecomSync(wecom, { departments: await loadConfigRows(tx, 'departments', input.plantId), people: await loadConfigRows(tx, 'people', input.plantId) }, input.options);
    const runId = randomUUID();
    const result: SyncResult = { plantId: input.plantId, applied: input.apply, runId, ...plan.report };
    if (input.apply) {
      for (const d of plan.departments) await writeConfigRow(tx, 'departments', input.plantId, d);
      for (const p of plan.people) await writeConfigRow(tx, 'people', input.plantId, p);
      await deactivatePeople(tx, plan.deactivate, input.now);
      await rebuildPlatformIds(tx, input.plantId);
      const r = plan.report;
      await appendEvidence(tx, {
        plantId: input.plantId, kind: 'wecom.directory_synced', subjectType: 'plant', subjectId: input.plantId,
        actor: input.actor, occurredAt: input.now,
        data: {
          runId,
          departmentsCreated: r.departments.created.length, departmentsUpdated: r.departments.updated.length,
          peopleCreated: r.people.created.length, peopleUpdated: r.people.updated.length,
          peopleDeactivated: r.people.deactivated.length, peopleMissing: r.people.missing.length,
        },
      });
    }
    await recordSyncRun(tx, { id: runId, plantId: input.plantId, platform: 'wecom', applied: input.apply, report: result, at: input.now });
    return result;
  });
}

/**
 * Brings back rows the sync created that a plant-file import soft-deleted (the importer removes
 * every row its file does not list). Deliberately deactivated people stay deleted. Returns how
 * many rows came back; 0 once the importer leaves `source: wecom` rows alone.
 */
export async function restoreSyncedRows(db: Db): Promise<number> {
  let restored = 0;
  for (const table of ['departments', 'people'] as const) {
    const r = await db.query(
      `UPDATE ${table} SET deleted_at = NULL WHERE deleted_at IS NOT NULL AND data->>'source' = $1 AND (data->>'deactivated') IS NULL`,
      [WECOM_SOURCE],
    );
    restored += r.rowCount;
  }
  return restored;
}
