import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildPgliteTemplate, buildPgTemplate } from './buildTemplates';

/**
 * Runs once before all test files: one temporary HOME (node-opcua and other tools write
 * certificates there), a migrated PGlite template and a migrated PostgreSQL template.
 * Workers inherit these environment variables.
 */
export default async function globalSetup(): Promise<void> {
  const home = mkdtempSync(join(tmpdir(), 'anquan-test-home-'));
  process.env.HOME = home;
  process.env.XDG_CONFIG_HOME = join(home, '.config');
  process.env.ANQUAN_TEST_HOME = home;
  // Test databases carry the run id, so parallel runs never drop each other's.
  process.env.ANQUAN_RUN_ID = randomBytes(3).toString('hex');
  process.env.ANQUAN_PGLITE_TEMPLATE = await buildPgliteTemplate();
  try {
    process.env.ANQUAN_PG_TEMPLATE = await buildPgTemplate();
  } catch (err) {
    throw new Error(`PostgreSQL at 127.0.0.1:5432 is needed for the tests (npm test starts it): ${(err as Error).message}`);
  }
}
