import { loadEnv } from '../server/src/env';
import type { SyncResult } from '../server/src/integrations/wecom/wecomDirectorySync';
import { syncWecomDirectory } from '../server/src/integrations/wecom/wecomDirectorySync';
import { createWecomApi, wecomSettings } from '../server/src/integrations/wecom/wecomSettings';
import { cliArgs, fail } from './lib/cliArgs';
import { choosePlant, withData } from './lib/dataAccess';

const USAGE = `usage: npm run wecom:sync -- [--apply] [--default-role <role>[,<role>…]] [--deactivate-missing] [--plant <id>] [--json]

Imports departments and members from WeCom (the app's visible range) into the plant, so people
do not have to be typed in with their WeCom UserIDs. Without --apply it only reports what would
change (dry run). New people get --default-role (default: worker). People listed in the plant
file are never changed (differences are reported). People imported earlier whom WeCom no longer
lists are reported; they are deactivated only with --deactivate-missing. Runs through the running
server (POST /api/admin/wecom/sync) or on a stopped DATA_DIR / PostgreSQL with the WECOM_* settings.`;

function printReport(r: SyncResult): void {
  const out: string[] = [];
  out.push(`${r.applied ? 'Applied' : 'Dry run (nothing written; add --apply)'} — plant ${r.plantId}, run ${r.runId}`);
  out.push(`Departments: ${r.departments.created.length} new, ${r.departments.updated.length} updated, ${r.departments.unchanged} unchanged`);
  for (const d of r.departments.created) out.push(`  + ${d.key}  ${d.name}`);
  for (const d of r.departments.updated) out.push(`  ~ ${d.key}  ${d.name}`);
  const p = r.people;
  out.push(`People: ${p.created.length} new, ${p.updated.length} updated, ${p.unchanged} unchanged, ${p.matchedFilePeople} from the plant file`);
  for (const x of p.created) out.push(`  + ${x.key}  ${x.name}  (WeCom ${x.userId}, ${x.departmentKey})`);
  for (const x of p.updated) out.push(`  ~ ${x.key}  ${x.changes.join(', ')}  (WeCom ${x.userId})`);
  for (const x of p.fileDiffers) out.push(`  ! ${x.key}: plant file says "${x.fileName}", WeCom says "${x.wecomName}" (edit the plant file if WeCom is right)`);
  for (const x of p.missing) out.push(`  ? ${x.key}  ${x.name}: no longer in WeCom (kept; --deactivate-missing to deactivate)`);
  for (const x of p.deactivated) out.push(`  - ${x.key}  ${x.name}: deactivated`);
  process.stdout.write(`${out.join('\n')}\n`);
}

async function main(): Promise<void> {
  const { values } = cliArgs(
    { apply: { type: 'boolean' }, 'default-role': { type: 'string' }, 'deactivate-missing': { type: 'boolean' }, plant: { type: 'string' }, json: { type: 'boolean' } },
    USAGE,
  );
  const defaultRoles = (values['default-role'] ?? 'worker').split(',').map((s) => s.trim()).filter(Boolean);
  const body = { apply: values.apply === true, defaultRoles, deactivateMissing: values['deactivate-missing'] === true };
  const env = loadEnv();
  const result = await withData<SyncResult>(env, {
    async online(server) {
      const headers = values.plant ? { 'X-Plant-Id': values.plant } : {};
      const res = await server.http.post('/api/admin/wecom/sync', body, { headers });
      if (res.status !== 200) throw new Error(`server refused: ${res.status} ${JSON.stringify(res.data?.error ?? res.data)}`);
      return res.data as SyncResult;
    },
    async offline(db) {
      const s = wecomSettings(env);
      if (!s) throw new Error('WeCom is not configured: set WECOM_CORP_ID, WECOM_AGENT_ID, WECOM_SECRET, WECOM_TOKEN and WECOM_ENCODING_AES_KEY');
      const plantId = await choosePlant(db, values.plant);
      for (const role of defaultRoles) {
        const known = await db.query('SELECT 1 FROM roles WHERE plant_id = $1 AND key = $2 AND deleted_at IS NULL', [plantId, role]);
        if (known.rowCount === 0) throw new Error(`no role ${role} in plant ${plantId}`);
      }
      return syncWecomDirectory(db, createWecomApi(s, () => new Date()), {
        plantId, apply: body.apply, now: new Date(), actor: { type: 'system', id: 'cli', label: 'npm run wecom:sync' },
        options: { defaultRoles, deactivateMissing: body.deactivateMissing },
      });
    },
  });
  if (values.json) process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  else printReport(result);
}

main().catch((err) => fail(`wecom:sync: ${(err as Error).message}`));
