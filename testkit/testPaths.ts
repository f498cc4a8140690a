import { join } from 'node:path';

/** Repository root. */
export const ROOT = join(__dirname, '..');
/** The folder holding the demo plant file. */
export const DEMO_PLANT_DIR = join(ROOT, 'server', 'plants');
/** The PostgreSQL every test machine runs (trust auth). */
export const TEST_PG_ADMIN_URL = 'postgres://postgres@127.0.0.1:5432/test';
/** Name of the migrated PostgreSQL template database tests clone. */
export const PG_TEMPLATE_DB = 'anquan_tpl';

/** Connection string for a database on the test server. */
export function pgUrl(database: string): string {
  return `postgres://postgres@127.0.0.1:5432/${database}`;
}
