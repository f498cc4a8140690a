import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { testEnv } from '../../testkit/testServer';
import { DEMO_PLANT_DIR } from '../../testkit/testPaths';
import { PlantConfigError } from './platform/config/plantConfigError';
import { DataDirLockedError, isDataDirLocked } from './platform/db/dataDirLock';
import { createLogger } from './platform/log';
import { startServer } from './startServer';

const logger = createLogger('silent');

describe('startServer in embedded mode', () => {
  let dataDir: string;
  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'anquan-start-'));
  });
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  it('starts on an empty DATA_DIR, keeps data across a restart, and refuses a second process', async () => {
    const env = testEnv(dataDir, { PORT: '0' });
    const first = await startServer({ env, logger });
    try {
      expect(first.url).toMatch(/^http:\/\/localhost:\d+$/);
      await request(first.url!).get('/readyz').expect(200);
      expect(JSON.parse(readFileSync(join(dataDir, 'server.json'), 'utf8')).url).toBe(first.url);
      await expect(startServer({ env, logger })).rejects.toBeInstanceOf(DataDirLockedError);
      await first.deps.db.query(`INSERT INTO code_counters (plant_id, prefix, day, last) VALUES ('jiangning-fine-chem', 'T', '20261124', 41)`);
    } finally {
      await first.stop();
    }
    const second = await startServer({ env, logger });
    try {
      const r = await second.deps.db.query<{ last: number }>(`SELECT last FROM code_counters WHERE prefix = 'T'`);
      expect(r.rows[0].last).toBe(41);
    } finally {
      await second.stop();
    }
  }, 180_000);

  it('stops start-up on an invalid plant file, naming the file and the path, before writing anything', async () => {
    const plants = mkdtempSync(join(tmpdir(), 'anquan-plants-'));
    try {
      copyFileSync(join(DEMO_PLANT_DIR, 'demo-plant.yaml'), join(plants, 'demo-plant.yaml'));
      const text = readFileSync(join(plants, 'demo-plant.yaml'), 'utf8').replace('riskColor: red', 'riskColor: purple');
      writeFileSync(join(plants, 'demo-plant.yaml'), text);
      const env = testEnv(dataDir, { PORT: '0', PLANT_DIR: plants });
      const err = await startServer({ env, logger }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(PlantConfigError);
      expect((err as Error).message).toMatch(/demo-plant\.yaml: areas\[\d+\]\.riskColor/);
      // Validation happens before the database is even created, and the lock is free again.
      expect(existsSync(join(dataDir, 'pg'))).toBe(false);
      expect(await isDataDirLocked(dataDir)).toBe(false);
    } finally {
      rmSync(plants, { recursive: true, force: true });
    }
  });
});
