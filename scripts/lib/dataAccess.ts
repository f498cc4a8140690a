import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import axios, { AxiosInstance } from 'axios';
import type { Env } from '../../server/src/env';
import { importPlants } from '../../server/src/platform/config/importPlants';
import type { Db } from '../../server/src/platform/db/db';
import { isDataDirLocked, lockDataDir } from '../../server/src/platform/db/dataDirLock';
import { migrate } from '../../server/src/platform/db/migrate';
import { openPglite } from '../../server/src/platform/db/openPglite';
import { openPostgres } from '../../server/src/platform/db/openPostgres';
import { createLogger } from '../../server/src/platform/log';

/** A running server reached with the local admin key it wrote into DATA_DIR. */
export interface OnlineServer {
  url: string;
  http: AxiosInstance;
}

/**
 * Runs a command-line task against the data: through the running server's API when DATA_DIR
 * is locked by it (embedded mode), or directly on the database otherwise (a stopped DATA_DIR,
 * or PostgreSQL, which many processes may open).
 */
export async function withData<T>(
  env: Env,
  task: { online(server: OnlineServer): Promise<T>; offline(db: Db): Promise<T> },
): Promise<T> {
  if (env.DATABASE_URL) {
    const db = openPostgres({ url: env.DATABASE_URL, max: 2 });
    try {
      await migrate(db);
      return await task.offline(db);
    } finally {
      await db.close();
    }
  }
  const dataDir = resolve(env.DATA_DIR);
  if (await isDataDirLocked(dataDir)) {
    const info = join(dataDir, 'server.json');
    const keyFile = join(dataDir, 'admin.key');
    if (!existsSync(info) || !existsSync(keyFile)) {
      throw new Error(`DATA_DIR ${dataDir} is locked by a process that is not a listening server; stop it and retry`);
    }
    const { url } = JSON.parse(readFileSync(info, 'utf8')) as { url: string };
    const key = readFileSync(keyFile, 'utf8').trim();
    const http = axios.create({ baseURL: url, headers: { Authorization: `Bearer ${key}` }, timeout: 120_000, validateStatus: () => true });
    return task.online({ url, http });
  }
  const release = await lockDataDir(dataDir);
  const db = await openPglite({ dataDir: join(dataDir, 'pg') });
  try {
    await migrate(db);
    const plants = await db.query('SELECT 1 FROM plants LIMIT 1');
    // A DATA_DIR that never ran a server has no plant yet: import the plant files first.
    if (plants.rowCount === 0) await importPlants(db, env.PLANT_DIR, createLogger('warn'));
    return await task.offline(db);
  } finally {
    await db.close();
    await release();
  }
}

/** Picks a plant id: the one asked for, or the only one. */
export async function choosePlant(db: Db, wanted?: string): Promise<string> {
  const ids = (await db.query<{ id: string }>('SELECT id FROM plants ORDER BY id')).rows.map((r) => r.id);
  if (wanted) {
    if (!ids.includes(wanted)) throw new Error(`no plant ${wanted}; known: ${ids.join(', ')}`);
    return wanted;
  }
  if (ids.length !== 1) throw new Error(`several plants (${ids.join(', ')}): pass --plant <id>`);
  return ids[0];
}
