import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import lockfile from 'proper-lockfile';

/** Raised when another process holds DATA_DIR. */
export class DataDirLockedError extends Error {
  constructor(readonly dataDir: string) {
    super(`DATA_DIR ${dataDir} is in use by another process (a running server?). Stop it, or use another DATA_DIR.`);
  }
}

/**
 * Takes an exclusive lock on DATA_DIR so a second process cannot open the same embedded
 * database (PGlite has no multi-process access). The lock is a directory proper-lockfile keeps
 * fresh; a crashed process's lock goes stale after `staleMs` and can be taken over.
 */
export async function lockDataDir(dataDir: string, opts: { onCompromised?: (err: Error) => void; staleMs?: number } = {}): Promise<() => Promise<void>> {
  mkdirSync(dataDir, { recursive: true });
  try {
    return await lockfile.lock(dataDir, {
      lockfilePath: join(dataDir, '.lock'),
      stale: opts.staleMs ?? 15_000,
      update: 5_000,
      realpath: false,
      onCompromised: opts.onCompromised ?? ((err) => { throw err; }),
    });
  } catch (err) {
    if ((err as { code?: string }).code === 'ELOCKED') throw new DataDirLockedError(dataDir);
    throw err;
  }
}

/** Is DATA_DIR locked by a live process right now? */
export async function isDataDirLocked(dataDir: string): Promise<boolean> {
  try {
    return await lockfile.check(dataDir, { lockfilePath: join(dataDir, '.lock'), stale: 15_000, realpath: false });
  } catch {
    return false;
  }
}
