import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { loadEnv } from '../server/src/env';
import { createBackup, BackupManifest } from '../server/src/platform/backup/backupArchive';
import { cliArgs, fail } from './lib/cliArgs';
import { withData } from './lib/dataAccess';

const USAGE = `usage: npm run backup -- [--out <file.tar.gz>]

Embedded mode: writes one archive with the database dump, every stored file and each plant's
evidence-chain head. Works on a stopped DATA_DIR or through the running server (the archive is
then written by the server into DATA_DIR/backups). PostgreSQL mode: use pg_dump (see README).`;

async function main(): Promise<void> {
  const { values } = cliArgs({ out: { type: 'string' } }, USAGE);
  const env = loadEnv();
  if (env.DATABASE_URL) fail('DATABASE_URL is set: back up PostgreSQL with pg_dump and copy DATA_DIR/files (README, "Backup").', 2);
  const dataDir = resolve(env.DATA_DIR);
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const result = await withData<{ file: string; manifest: BackupManifest }>(env, {
    async online(server) {
      const res = await server.http.post('/api/admin/backup', {});
      if (res.status !== 201) throw new Error(`server refused: ${res.status} ${JSON.stringify(res.data?.error ?? res.data)}`);
      return res.data;
    },
    async offline(db) {
      const raw = (db as { raw?: Parameters<typeof createBackup>[0] }).raw;
      if (!raw) throw new Error('not an embedded database');
      const out = resolve(values.out ?? join(dataDir, 'backups', `anquan-backup-${stamp}.tar.gz`));
      mkdirSync(join(out, '..'), { recursive: true });
      return { file: out, manifest: await createBackup(raw, dataDir, out) };
    },
  });
  const heads = result.manifest.heads.map((h) => `${h.plantId}#${h.seq}`).join(', ') || 'no events yet';
  process.stderr.write(`backup written: ${result.manifest.files} files, chain heads ${heads}\n`);
  process.stdout.write(`${result.file}\n`);
}

main().catch((err) => fail(`backup: ${(err as Error).message}`));
