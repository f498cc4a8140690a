import type { Db } from '../db/db';
import type { Logger } from '../log';
import { importPlant, ImportReport } from './importPlant';
import { loadPlantDir } from './loadPlantFile';

/** A validated plant file. */
export type LoadedPlant = ReturnType<typeof loadPlantDir>[number];

/** Validates every plant file of a folder; throws PlantConfigError naming file + path. */
export function loadPlants(dir: string): LoadedPlant[] {
  const files = loadPlantDir(dir);
  if (files.length === 0) throw new Error(`no plant files (*.yaml) in ${dir}`);
  return files;
}

/** Any fixed number: instances starting together import one after the other. */
const IMPORT_LOCK = 727_003;

/**
 * Validates every plant file of a folder (any invalid file stops start-up with file + path,
 * before anything is written) and imports each in its own transaction.
 */
export async function importPlants(db: Db, dir: string, log: Logger, preloaded?: LoadedPlant[]): Promise<ImportReport[]> {
  const files = preloaded ?? loadPlants(dir);
  const reports: ImportReport[] = [];
  for (const { file, plant } of files) {
    const report = await db.transaction(async (tx) => {
      await tx.query('SELECT pg_advisory_xact_lock($1)', [IMPORT_LOCK]);
      const r = await importPlant(tx, plant, file);
      await tx.query('UPDATE plants SET config = $2 WHERE id = $1', [plant.id, JSON.stringify(plant)]);
      // Every plant's evidence chain starts from the genesis head.
      await tx.query(`INSERT INTO evidence_heads (plant_id, seq, hash) VALUES ($1, 0, repeat('0', 64)) ON CONFLICT (plant_id) DO NOTHING`, [plant.id]);
      return r;
    });
    log.info({ plant: plant.id, file, configVersion: report.configVersion, changed: report.configChanged }, 'plant configuration imported');
    reports.push(report);
  }
  return reports;
}
