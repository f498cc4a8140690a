import { loadEnv } from '../server/src/env';
import { createApiToken } from '../server/src/platform/auth/apiTokens';
import { appendEvidence } from '../server/src/platform/evidence/evidenceChain';
import { cliArgs, fail } from './lib/cliArgs';
import { choosePlant, withData } from './lib/dataAccess';

const USAGE = `usage: npm run token -- create --role <role id> --name <label> [--plant <id>] [--scope right1,right2]

Issues an API token (sent as "Authorization: Bearer <token>"). The token is printed once, alone
on the last line; only its hash is stored. Works on a stopped DATA_DIR, through the running
server, or on PostgreSQL (DATABASE_URL).`;

async function main(): Promise<void> {
  const { values, positionals } = cliArgs({ role: { type: 'string' }, name: { type: 'string' }, plant: { type: 'string' }, scope: { type: 'string' } }, USAGE);
  if (positionals[0] !== 'create' || !values.role || !values.name) fail(USAGE, 2);
  const role = values.role;
  const name = values.name;
  const scope = values.scope ? values.scope.split(',').map((s) => s.trim()).filter(Boolean) : undefined;
  const env = loadEnv();
  const token = await withData(env, {
    async online(server) {
      const headers = values.plant ? { 'X-Plant-Id': values.plant } : {};
      const res = await server.http.post('/api/admin/tokens', { name, role, scope }, { headers });
      if (res.status !== 201) throw new Error(`server refused: ${res.status} ${JSON.stringify(res.data?.error ?? res.data)}`);
      return res.data.token as string;
    },
    async offline(db) {
      const plantId = await choosePlant(db, values.plant);
      const known = await db.query('SELECT 1 FROM roles WHERE plant_id = $1 AND key = $2 AND deleted_at IS NULL', [plantId, role]);
      if (known.rowCount === 0) throw new Error(`no role ${role} in plant ${plantId}`);
      return db.transaction(async (tx) => {
        const created = await createApiToken(tx, { plantId, name, roleKey: role, scope });
        await appendEvidence(tx, {
          plantId, kind: 'api_token.created', subjectType: 'api_token', subjectId: created.id,
          actor: { type: 'system', id: 'cli', label: 'npm run token' }, occurredAt: new Date(), data: { name, role, scope: scope ?? ['*'] },
        });
        return created.token;
      });
    },
  });
  process.stderr.write(`API token "${name}" with role ${role} created. Store it now: it is not shown again.\n`);
  process.stdout.write(`${token}\n`);
}

main().catch((err) => fail(`token: ${(err as Error).message}`));
