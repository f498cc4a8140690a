import { randomUUID } from 'node:crypto';
import { contentHash } from '../config/importPlant';
import type { Tx } from '../db/db';

/**
 * The departments/people rows a messenger directory sync reads and writes. Synced rows live in
 * the database (marked `data.source`), not in the plant file: every server instance sees them at
 * once, and a plant-file import leaves them alone. People the plant file owns are never rewritten;
 * a sync may only record the messenger id it learned for them (see `learnMessengerId`).
 */

/** A departments/people row as stored. */
export interface ConfigRow {
  id: string;
  key: string;
  name: string;
  data: Record<string, unknown>;
  deleted: boolean;
}

/** One row to write: `id` absent means create. */
export interface RowWrite {
  id?: string;
  key: string;
  name: string;
  data: Record<string, unknown>;
}

export type DirectoryTable = 'departments' | 'people';

/** Every row of the plant, deleted ones included (a returning member gets their old row back). */
export async function loadConfigRows(tx: Tx, table: DirectoryTable, plantId: string): Promise<ConfigRow[]> {
  const r = await tx.query<ConfigRow>(`SELECT id, key, name, data, deleted_at IS NOT NULL AS deleted FROM ${table} WHERE plant_id = $1`, [plantId]);
  return r.rows;
}

/** Creates or rewrites a synced row (restoring it when it was deleted). */
export async function writeConfigRow(tx: Tx, table: DirectoryTable, plantId: string, w: RowWrite): Promise<void> {
  const hash = contentHash({ name: w.name, data: w.data });
  if (w.id) {
    await tx.query(`UPDATE ${table} SET name = $2, data = $3::jsonb, content_hash = $4, version = version + 1, deleted_at = NULL WHERE id = $1`, [w.id, w.name, JSON.stringify(w.data), hash]);
  } else {
    await tx.query(`INSERT INTO ${table} (id, plant_id, key, name, data, version, content_hash) VALUES ($1, $2, $3, $4, $5::jsonb, 1, $6)`, [randomUUID(), plantId, w.key, w.name, JSON.stringify(w.data), hash]);
  }
}

/**
 * Records a messenger id learned for a person the plant file owns. The row's content hash stays
 * the file's, so re-importing the unchanged file keeps it; when the file changes that person, the
 * importer carries `learnedMessengerIds` over unless the file states its own id for the platform.
 */
export async function learnMessengerId(tx: Tx, personId: string, platform: string, userId: string): Promise<void> {
  const ids = JSON.stringify({ [platform]: userId });
  await tx.query(
    `UPDATE people SET data = data
       || jsonb_build_object('messengerIds', COALESCE(data->'messengerIds', '{}'::jsonb) || $2::jsonb)
       || jsonb_build_object('learnedMessengerIds', COALESCE(data->'learnedMessengerIds', '{}'::jsonb) || $2::jsonb),
       version = version + 1
     WHERE id = $1`,
    [personId, ids],
  );
}

/** Soft-deletes synced people on request, marked so nothing restores a deliberate deactivation. */
export async function deactivatePeople(tx: Tx, ids: readonly string[], now: Date): Promise<void> {
  if (ids.length === 0) return;
  await tx.query(
    `UPDATE people SET deleted_at = $2, data = data || '{"deactivated": true}'::jsonb, version = version + 1 WHERE id = ANY($1::uuid[])`,
    [ids, now],
  );
}

/** Keeps every sync's report (dry run or applied) for the admin's history. */
export async function recordSyncRun(tx: Tx, run: { id: string; plantId: string; platform: string; applied: boolean; report: unknown; at: Date }): Promise<void> {
  await tx.query(
    'INSERT INTO directory_sync_runs (id, plant_id, platform, applied, report, created_at) VALUES ($1, $2, $3, $4, $5::jsonb, $6)',
    [run.id, run.plantId, run.platform, run.applied, JSON.stringify(run.report), run.at],
  );
}
