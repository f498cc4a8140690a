import { createHash, randomUUID } from 'node:crypto';
import type { Tx } from '../db/db';
import type { PlantFile } from './plantSchema';

/** The config entity tables, all of one shape (id, plant_id, key, name, data, version, content_hash, deleted_at). */
export const CONFIG_TABLES = [
  'areas',
  'units',
  'departments',
  'roles',
  'people',
  'groups',
  'hazard_categories',
  'sla_policies',
  'assignment_rules',
] as const;
/** One config entity table. */
export type ConfigTable = (typeof CONFIG_TABLES)[number];

/** What one import did to one table. */
export interface EntityCounts {
  created: number;
  /** Content changed (version bumped), or a soft-deleted entity came back. */
  updated: number;
  deleted: number;
  unchanged: number;
}

/** What one import did. */
export interface ImportReport {
  plantId: string;
  sourceFile: string;
  /** The plant row was new. */
  plantCreated: boolean;
  /** The file's content differed from the last import (config_version was bumped). */
  configChanged: boolean;
  configVersion: number;
  entities: Record<ConfigTable, EntityCounts>;
  /** person_platform_ids rows after the import. */
  platformIds: number;
}

type Entity = { key: string; name?: string } & Record<string, unknown>;

const LISTS: Record<ConfigTable, (p: PlantFile) => readonly Entity[]> = {
  areas: (p) => p.areas,
  units: (p) => p.units,
  departments: (p) => p.departments,
  roles: (p) => p.roles,
  people: (p) => p.people,
  groups: (p) => p.groups,
  hazard_categories: (p) => p.hazardCategories,
  sla_policies: (p) => p.slaPolicies,
  assignment_rules: (p) => p.assignmentRules,
};

/** JSON with object keys sorted, so equal content always hashes equally whatever the key order. */
function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map((v) => (v === undefined ? 'null' : stableJson(v))).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const obj = value as Record<string, unknown>;
    const keys = Object.keys(obj)
      .filter((k) => obj[k] !== undefined)
      .sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${stableJson(obj[k])}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** sha256 (hex) of the stable JSON of `value`. */
export function contentHash(value: unknown): string {
  return createHash('sha256').update(stableJson(value)).digest('hex');
}

interface ExistingRow {
  id: string;
  key: string;
  content_hash: string;
  deleted: boolean;
  source: string | null;
  messenger_ids: Record<string, string> | null;
  learned_ids: Record<string, string> | null;
}

/**
 * The data a file row is written with when the file changes a person: messenger ids a directory
 * sync learned (all of a synced row's ids when the file takes that person over; the recorded
 * `learnedMessengerIds` of a file person) stay, under the file's own, and stay marked as learned
 * so the next edit of the person keeps them too.
 */
function withLearnedIds(data: Record<string, unknown>, row: ExistingRow): Record<string, unknown> {
  const learned = (row.source ? row.messenger_ids : row.learned_ids) ?? {};
  const stated = (data.messengerIds as Record<string, string> | undefined) ?? {};
  const kept = Object.fromEntries(Object.entries(learned).filter(([platform, id]) => platform !== 'sandbox' && id && !(platform in stated)));
  if (Object.keys(kept).length === 0) return data;
  return { ...data, messengerIds: { ...kept, ...stated }, learnedMessengerIds: kept };
}

/** Upserts one table's entities by key, soft-deleting the missing ones; returns key → id of live rows. */
async function syncTable(
  tx: Tx,
  table: ConfigTable,
  plantId: string,
  items: readonly Entity[],
  counts: EntityCounts,
): Promise<Map<string, string>> {
  const existing = new Map(
    (
      await tx.query<ExistingRow>(
        // Rows a directory sync created (data.source = 'wecom' …) are not the file's to delete.
        `SELECT id, key, content_hash, deleted_at IS NOT NULL AS deleted, data->>'source' AS source, data->'messengerIds' AS messenger_ids,
                data->'learnedMessengerIds' AS learned_ids FROM ${table} WHERE plant_id = $1`,
        [plantId],
      )
    ).rows.map((r) => [r.key, r]),
  );
  const ids = new Map<string, string>();
  for (const item of items) {
    const { key, name, ...data } = item;
    // Assignment rules may be unnamed; the name column is NOT NULL, so the key stands in.
    const displayName = name ?? key;
    const hash = contentHash({ name: displayName, data });
    const row = existing.get(key);
    if (!row) {
      const id = randomUUID();
      await tx.query(
        `INSERT INTO ${table} (id, plant_id, key, name, data, version, content_hash) VALUES ($1, $2, $3, $4, $5::jsonb, 1, $6)`,
        [id, plantId, key, displayName, stableJson(data), hash],
      );
      counts.created++;
      ids.set(key, id);
      continue;
    }
    ids.set(key, row.id);
    if (row.content_hash !== hash) {
      // The file takes over a person a directory sync created (the admin added the key to give them
      // roles), or changes a person a sync linked to a messenger: ids the sync learned and the file
      // does not state are kept, so the person can still use the bot. The hash stays the file's,
      // so the next import sees no change.
      const carried = table === 'people' ? withLearnedIds(data, row) : data;
      await tx.query(
        `UPDATE ${table} SET name = $2, data = $3::jsonb, content_hash = $4, version = version + 1, deleted_at = NULL WHERE id = $1`,
        [row.id, displayName, stableJson(carried), hash],
      );
      counts.updated++;
    } else if (row.deleted) {
      await tx.query(`UPDATE ${table} SET deleted_at = NULL WHERE id = $1`, [row.id]);
      counts.updated++;
    } else {
      counts.unchanged++;
    }
  }
  const gone = [...existing.values()].filter((r) => !r.deleted && !r.source && !ids.has(r.key)).map((r) => r.id);
  if (gone.length) {
    await tx.query(`UPDATE ${table} SET deleted_at = now() WHERE id = ANY($1::uuid[])`, [gone]);
    counts.deleted += gone.length;
  }
  return ids;
}

/** Upserts the plants row; the version goes up only when the file's content changed. */
async function syncPlantRow(
  tx: Tx,
  plant: PlantFile,
  sourceFile: string,
): Promise<{ created: boolean; changed: boolean; version: number }> {
  const hash = contentHash(plant);
  // locale and location are plant-wide settings too; they live in the same jsonb column.
  const settings = stableJson({ ...plant.settings, locale: plant.locale, location: plant.location });
  const prev = (
    await tx.query<{ config_hash: string; config_version: number }>(
      'SELECT config_hash, config_version FROM plants WHERE id = $1 FOR UPDATE',
      [plant.id],
    )
  ).rows[0];
  if (!prev) {
    await tx.query(
      `INSERT INTO plants (id, name, timezone, settings, config_hash, config_version, source_file)
       VALUES ($1, $2, $3, $4::jsonb, $5, 1, $6)`,
      [plant.id, plant.name, plant.timezone, settings, hash, sourceFile],
    );
    return { created: true, changed: true, version: 1 };
  }
  const changed = prev.config_hash !== hash;
  const version = changed ? prev.config_version + 1 : prev.config_version;
  await tx.query(
    `UPDATE plants SET name = $2, timezone = $3, settings = $4::jsonb, config_hash = $5, config_version = $6,
       source_file = $7, imported_at = now() WHERE id = $1`,
    [plant.id, plant.name, plant.timezone, settings, hash, version, sourceFile],
  );
  return { created: false, changed, version };
}

/**
 * Rebuilds person_platform_ids from the live people rows, not the file alone: people a directory
 * sync created and ids it learned count too. First come (by key) keeps a shared id. Returns the row count.
 */
export async function rebuildPlatformIds(tx: Tx, plantId: string): Promise<number> {
  await tx.query('DELETE FROM person_platform_ids WHERE plant_id = $1', [plantId]);
  return (await tx.query(
    `INSERT INTO person_platform_ids (plant_id, platform, platform_user_id, person_id)
     SELECT p.plant_id, m.key, m.value, p.id FROM people p, jsonb_each_text(COALESCE(p.data->'messengerIds', '{}'::jsonb)) m
     WHERE p.plant_id = $1 AND p.deleted_at IS NULL AND m.value <> '' ORDER BY p.key ON CONFLICT DO NOTHING`,
    [plantId],
  )).rowCount;
}

/**
 * Imports a validated plant file into the config tables, inside the caller's transaction.
 * Rows keep their id across imports (matched by plant + key); a changed entity gets version + 1,
 * a missing one is soft-deleted, a returning one is restored. person_platform_ids is rebuilt from
 * the live people rows' messenger ids. Two instances importing at once serialize on an advisory lock.
 */
export async function importPlant(tx: Tx, plant: PlantFile, sourceFile: string): Promise<ImportReport> {
  await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`plant-import:${plant.id}`]);
  const plantRow = await syncPlantRow(tx, plant, sourceFile);
  const entities = {} as Record<ConfigTable, EntityCounts>;
  const idsByTable = {} as Record<ConfigTable, Map<string, string>>;
  for (const table of CONFIG_TABLES) {
    entities[table] = { created: 0, updated: 0, deleted: 0, unchanged: 0 };
    idsByTable[table] = await syncTable(tx, table, plant.id, LISTS[table](plant), entities[table]);
  }

  const platformIds = await rebuildPlatformIds(tx, plant.id);

  return {
    plantId: plant.id,
    sourceFile,
    plantCreated: plantRow.created,
    configChanged: plantRow.changed,
    configVersion: plantRow.version,
    entities,
    platformIds,
  };
}
