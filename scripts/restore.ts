import { existsSync, mkdirSync, readdirSync, renameSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { loadEnv } from '../server/src/env';
import { unpackBackup, verifyFiles } from '../server/src/platform/backup/backupArchive';
import { isDataDirLocked, lockDataDir } from '../server/src/platform/db/dataDirLock';
import { migrate } from '../server/src/platform/db/migrate';
import { openPglite } from '../server/src/platform/db/openPglite';
import { verifyChain } from '../server/src/platform/evidence/verifyChain';
import { cliArgs, fail } from './lib/cliArgs';

const USAGE = `usage: npm run restore -- <backup.tar.gz> [--force]

Restores an embedded-mode backup into DATA_DIR (the server must be stopped), then verifies the
evidence chain of every plant and the hash of every file. With --force an existing DATA_DIR
database and files are moved aside to DATA_DIR/pre-restore-<time>/ first.`;

async function main(): Promise<void> {
  const { values, positionals } = cliArgs({ force: { type: 'boolean' } }, USAGE);
  const archive = positionals[0];
  if (!archive) fail(USAGE, 2);
  const env = loadEnv();
  if (env.DATABASE_URL) fail('DATABASE_URL is set: restore PostgreSQL with pg_restore (README, "Backup").', 2);
  const dataDir = resolve(env.DATA_DIR);
  if (await isDataDirLocked(dataDir)) fail(`DATA_DIR ${dataDir} is in use: stop the server first`, 2);
  mkdirSync(dataDir, { recursive: true });
  const release = await lockDataDir(dataDir);
  try {
    const occupied = ['pg', 'files'].filter((d) => existsSync(join(dataDir, d)) && readdirSync(join(dataDir, d)).length > 0);
    if (occupied.length) {
      if (!values.force) fail(`DATA_DIR ${dataDir} already holds ${occupied.join(' and ')}; pass --force to move them aside`, 2);
      const aside = join(dataDir, `pre-restore-${new Date().toISOString().replace(/[:.]/g, '-')}`);
      mkdirSync(aside, { recursive: true });
      for (const d of occupied) renameSync(join(dataDir, d), join(aside, d));
      process.stderr.write(`moved the current ${occupied.join(' and ')} to ${aside}\n`);
    }
    const { manifest, pgDump } = await unpackBackup(resolve(archive), dataDir);
    const db = await openPglite({ dataDir: join(dataDir, 'pg'), loadDataDir: pgDump });
    let broken = false;
    try {
      await migrate(db);
      for (const head of manifest.heads) {
        const r = await verifyChain(db, head.plantId, { onProgress: (c, t) => process.stderr.write(`\r${head.plantId}: verified ${c}/${t}`) });
        process.stderr.write('\n');
        const atHead = await db.query<{ hash: string }>('SELECT hash FROM evidence_events WHERE plant_id = $1 AND seq = $2', [head.plantId, head.seq]);
        if (!r.ok || atHead.rows[0]?.hash !== head.hash) {
          broken = true;
          process.stdout.write(`CHAIN BROKEN in ${head.plantId}: ${r.firstBroken ? `#${r.firstBroken.seq} ${r.firstBroken.reason}` : `head #${head.seq} does not match the manifest`}\n`);
        } else {
          process.stdout.write(`chain ok: ${head.plantId}, ${r.checked} events, head #${r.head.seq}\n`);
        }
      }
    } finally {
      await db.close();
    }
    const files = verifyFiles(join(dataDir, 'files'));
    if (files.bad.length) {
      broken = true;
      process.stdout.write(`FILES DAMAGED: ${files.bad.length} of ${files.checked} (e.g. ${files.bad[0]})\n`);
    } else {
      process.stdout.write(`files ok: ${files.checked} originals match their sha256\n`);
    }
    if (broken) process.exit(3);
    process.stdout.write(`restored ${archive} into ${dataDir}\n`);
  } finally {
    await release();
  }
}

main().catch((err) => fail(`restore: ${(err as Error).message}`));
