import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { openPglite } from '../server/src/platform/db/openPglite';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEMO_PLANT_DIR, ROOT } from '../testkit/testPaths';

/** Runs one of the npm CLIs the way `npm run <x>` does, on a given DATA_DIR. */
function cli(script: string, args: string[], dataDir: string): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, ['--require', 'tsx/cjs', join(ROOT, 'scripts', script), ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: 120_000,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, DATA_DIR: dataDir, PLANT_DIR: DEMO_PLANT_DIR, LOG_LEVEL: 'silent' },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('command-line tools on a stopped DATA_DIR', () => {
  const dirs: string[] = [];
  const tmp = () => {
    const d = mkdtempSync(join(tmpdir(), 'anquan-cli-'));
    dirs.push(d);
    return d;
  };
  afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

  it('issues a token, verifies the chain, backs up and restores with verification', async () => {
    // Start from a migrated database (the test template) so each CLI run opens, not initialises, it.
    const data = tmp();
    const seeded = await openPglite({ dataDir: join(data, 'pg'), loadDataDir: new Blob([readFileSync(process.env.ANQUAN_PGLITE_TEMPLATE!)]) });
    await seeded.close();
    const token = cli('token.ts', ['create', '--role', 'admin', '--name', 'ops'], data);
    expect(token.code).toBe(0);
    const lines = token.stdout.trim().split('\n');
    expect(lines[lines.length - 1]).toMatch(/^aq_[A-Za-z0-9_-]{40,}$/);

    const bad = cli('token.ts', ['create', '--role', 'no_such_role', '--name', 'x'], data);
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toContain('no role no_such_role');

    const verify = cli('verifyChain.ts', [], data);
    expect(verify.code).toBe(0);
    expect(verify.stdout).toMatch(/chain ok: plant jiangning-fine-chem, 1 events/);

    const backup = cli('backup.ts', ['--out', join(data, 'b.tar.gz')], data);
    expect(backup.code).toBe(0);
    expect(backup.stdout.trim()).toBe(join(data, 'b.tar.gz'));

    const target = tmp();
    const restore = cli('restore.ts', [join(data, 'b.tar.gz')], target);
    expect(restore.code).toBe(0);
    expect(restore.stdout).toContain('chain ok: jiangning-fine-chem, 1 events');
    expect(restore.stdout).toContain('files ok');
    const again = cli('restore.ts', [join(data, 'b.tar.gz')], target);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('--force');
  }, 180_000);

  it('explains its usage on a wrong call', () => {
    const r = cli('token.ts', ['create', '--bogus'], tmp());
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('usage: npm run token');
  });
});
