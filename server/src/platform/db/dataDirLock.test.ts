import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataDirLockedError, isDataDirLocked, lockDataDir } from './dataDirLock';

describe('DATA_DIR lock', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'anquan-lock-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('refuses a second holder and frees the directory on release', async () => {
    const release = await lockDataDir(dir);
    expect(await isDataDirLocked(dir)).toBe(true);
    await expect(lockDataDir(dir)).rejects.toBeInstanceOf(DataDirLockedError);
    await release();
    expect(await isDataDirLocked(dir)).toBe(false);
    const again = await lockDataDir(dir);
    await again();
  });

  it('refuses a second process on the same DATA_DIR', async () => {
    const release = await lockDataDir(dir);
    try {
      const child = spawn(process.execPath, ['--require', 'tsx/cjs', '-e', `
        const { lockDataDir } = require(${JSON.stringify(join(__dirname, 'dataDirLock.ts'))});
        lockDataDir(${JSON.stringify(dir)}).then(() => process.exit(0), (e) => { console.error(e.message); process.exit(7); });
      `], { stdio: ['ignore', 'pipe', 'pipe'] });
      let stderr = '';
      child.stderr.on('data', (d) => (stderr += d));
      const code = await new Promise<number | null>((res) => child.on('exit', res));
      expect(code).toBe(7);
      expect(stderr).toContain('is in use by another process');
    } finally {
      await release();
    }
  });
});
