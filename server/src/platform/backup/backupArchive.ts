import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { PGlite } from '@electric-sql/pglite';
import * as tar from 'tar';

/** What a backup holds, written into it as manifest.json. */
export interface BackupManifest {
  format: 'anquan-backup-1';
  createdAt: string;
  database: 'pglite';
  files: number;
  /** Evidence head per plant at dump time: a restore must verify up to at least these. */
  heads: Array<{ plantId: string; seq: number; hash: string }>;
}

const STAGING = '.backup-staging';

function countFiles(dir: string): number {
  if (!existsSync(dir)) return 0;
  let n = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) n += e.isDirectory() ? countFiles(join(dir, e.name)) : e.name.endsWith('.tmp') ? 0 : 1;
  return n;
}

/**
 * Writes `<outFile>` (tar.gz): the PGlite data directory dump (crash-consistent: recovery on
 * restore rolls back anything in flight), the content-addressed files, and a manifest with each plant's chain head.
 */
export async function createBackup(pg: PGlite, dataDir: string, outFile: string): Promise<BackupManifest> {
  // Heads first: the dump taken right after holds at least these events.
  const heads = (await pg.query<{ plant_id: string; seq: number; hash: string }>('SELECT plant_id, seq, hash FROM evidence_heads ORDER BY plant_id')).rows;
  await pg.exec('CHECKPOINT');
  // PGlite is single-threaded: the dump runs between statements, so it is at worst what a crash
  // would leave (an open transaction is rolled back by recovery on restore), never a torn page.
  const dump = await pg.dumpDataDir('gzip');
  const staging = join(dataDir, STAGING);
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(staging, { recursive: true });
  const manifest: BackupManifest = {
    format: 'anquan-backup-1',
    createdAt: new Date().toISOString(),
    database: 'pglite',
    files: countFiles(join(dataDir, 'files')),
    heads: heads.map((r) => ({ plantId: r.plant_id, seq: Number(r.seq), hash: r.hash })),
  };
  writeFileSync(join(staging, 'pg.tar.gz'), Buffer.from(await dump.arrayBuffer()));
  writeFileSync(join(staging, 'manifest.json'), JSON.stringify(manifest, null, 2));
  mkdirSync(join(dataDir, 'files'), { recursive: true });
  const tmp = `${outFile}.partial`;
  try {
    await tar.c(
      {
        gzip: true,
        file: tmp,
        cwd: dataDir,
        portable: true,
        filter: (path) => !path.endsWith('.tmp'),
        onWriteEntry: (e) => {
          if (e.path.startsWith(`${STAGING}/`)) e.path = e.path.slice(STAGING.length + 1);
        },
      },
      ['files', `${STAGING}/manifest.json`, `${STAGING}/pg.tar.gz`],
    );
    renameSync(tmp, outFile);
  } finally {
    rmSync(staging, { recursive: true, force: true });
    rmSync(tmp, { force: true });
  }
  return manifest;
}

/** Extracts a backup into an empty DATA_DIR: files in place, the database dump beside them. */
export async function unpackBackup(archive: string, dataDir: string): Promise<{ manifest: BackupManifest; pgDump: Blob }> {
  if (!statSync(archive).isFile()) throw new Error(`${archive} is not a file`);
  mkdirSync(dataDir, { recursive: true });
  const staging = join(dataDir, STAGING);
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(staging, { recursive: true });
  // Only the three known kinds of entry are extracted; anything else in the archive is ignored.
  await tar.x({
    file: archive,
    cwd: staging,
    strict: true,
    filter: (p) => p === 'manifest.json' || p === 'pg.tar.gz' || p === 'files' || p === 'files/' || /^files\/[0-9a-f]{2}\/[0-9a-f]{2}\/(?:[0-9a-f]{64})?\/?$/.test(p) || /^files\/[0-9a-f]{2}\/?$/.test(p),
  });
  const manifestPath = join(staging, 'manifest.json');
  if (!existsSync(manifestPath) || !existsSync(join(staging, 'pg.tar.gz'))) throw new Error('not an Anquan backup (manifest.json or pg.tar.gz missing)');
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as BackupManifest;
  if (manifest.format !== 'anquan-backup-1') throw new Error(`unknown backup format ${manifest.format}`);
  const pgDump = new Blob([readFileSync(join(staging, 'pg.tar.gz'))]);
  if (existsSync(join(staging, 'files'))) renameSync(join(staging, 'files'), join(dataDir, 'files'));
  rmSync(staging, { recursive: true, force: true });
  return { manifest, pgDump };
}

/** Re-hashes every stored file; returns the names whose content no longer matches. */
export function verifyFiles(filesDir: string): { checked: number; bad: string[] } {
  let checked = 0;
  const bad: string[] = [];
  const walk = (dir: string) => {
    if (!existsSync(dir)) return;
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (/^[0-9a-f]{64}$/.test(e.name)) {
        checked++;
        if (createHash('sha256').update(readFileSync(p)).digest('hex') !== e.name) bad.push(e.name);
      }
    }
  };
  walk(filesDir);
  return { checked, bad };
}
