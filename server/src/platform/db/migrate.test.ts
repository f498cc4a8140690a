import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { TEST_PG_ADMIN_URL, pgUrl } from '../../../../testkit/testPaths';
import { migrate, readMigrations } from './migrate';
import { openPglite } from './openPglite';
import { openPostgres } from './openPostgres';

describe('migrations', () => {
  it('applies every migration once on PGlite and refuses an edited applied file', async () => {
    const db = await openPglite({});
    try {
      const first = await migrate(db);
      expect(first[0]).toBe('0001_platform');
      expect(await migrate(db)).toEqual([]);
      const dir = mkdtempSync(join(tmpdir(), 'anquan-mig-'));
      try {
        const [m] = readMigrations();
        writeFileSync(join(dir, `${m.version}_${m.name}.sql`), `${m.sql}\n-- edited`);
        await expect(migrate(db, readMigrations(dir))).rejects.toThrow(/was changed after it was applied/);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    } finally {
      await db.close();
    }
  });

  it('lets two instances start together on PostgreSQL: one migrates, the other waits and finds nothing to do', async () => {
    const name = `anquan_t_mig_${process.pid}`;
    const admin = new Client({ connectionString: TEST_PG_ADMIN_URL });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${name}`);
    const a = openPostgres({ url: pgUrl(name) });
    const b = openPostgres({ url: pgUrl(name) });
    try {
      const [ra, rb] = await Promise.all([migrate(a), migrate(b)]);
      const all = readMigrations().map((m) => `${m.version}_${m.name}`);
      expect([...ra, ...rb].sort()).toEqual(all.sort());
      expect(ra.length === 0 || rb.length === 0).toBe(true);
    } finally {
      await a.close();
      await b.close();
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.end();
    }
  });
});
