import { loadEnv } from '../server/src/env';
import { dingtalkApiFromEnv } from '../server/src/integrations/dingtalk/dingtalkModule';
import { runDingtalkSync, SyncReport } from '../server/src/integrations/dingtalk/dingtalkSync';
import { formatSyncReport } from '../server/src/integrations/dingtalk/formatSyncReport';
import { createLogger } from '../server/src/platform/log';
import { cliArgs, fail } from './lib/cliArgs';
import { choosePlant, withData } from './lib/dataAccess';

const USAGE = `usage: npm run dingtalk:sync -- [--apply] [--default-role <role>] [--default-department <key>]
                            [--root-dept <DingTalk dept id>] [--deactivate-missing] [--plant <id>] [--lang zh-CN|en] [--json]

Imports DingTalk departments and users into the plant's directory (database rows marked
source: dingtalk, seen by every server instance; the plant file is not edited), links people of
the plant file to their DingTalk userId (by phone or a unique name) without changing them, and
prints a report of every change. People DingTalk no longer lists are reported; people the sync
created are deactivated only with --deactivate-missing (whole organisation only). Without --apply
it only reports. New people get --default-role (without it they are reported as skipped). Runs
through the running server (POST /api/admin/dingtalk/sync) or on a stopped DATA_DIR / PostgreSQL
with the DINGTALK_* settings.`;

async function main(): Promise<void> {
  const { values } = cliArgs({
    apply: { type: 'boolean' }, 'default-role': { type: 'string' }, 'default-department': { type: 'string' },
    'root-dept': { type: 'string' }, 'deactivate-missing': { type: 'boolean' }, plant: { type: 'string' }, lang: { type: 'string' }, json: { type: 'boolean' },
  }, USAGE);
  const rootDeptId = Number(values['root-dept'] ?? 1);
  if (!Number.isInteger(rootDeptId) || rootDeptId < 1) fail('--root-dept must be a positive integer (a DingTalk department id)', 2);
  const body = {
    apply: values.apply === true, rootDeptId, deactivateMissing: values['deactivate-missing'] === true,
    ...(values['default-role'] ? { defaultRole: values['default-role'] } : {}),
    ...(values['default-department'] ? { defaultDepartment: values['default-department'] } : {}),
  };
  const env = loadEnv();
  const report = await withData<SyncReport>(env, {
    async online(server) {
      const headers = values.plant ? { 'X-Plant-Id': values.plant } : {};
      const res = await server.http.post('/api/admin/dingtalk/sync', body, { headers });
      if (res.status !== 200) throw new Error(`server refused: ${res.status} ${JSON.stringify(res.data?.error ?? res.data)}`);
      return res.data as SyncReport;
    },
    async offline(db) {
      if (!env.dingtalkEnabled) throw new Error('DingTalk is not configured: set DINGTALK_CLIENT_ID, DINGTALK_CLIENT_SECRET and DINGTALK_ROBOT_CODE');
      const plantId = await choosePlant(db, values.plant);
      const api = dingtalkApiFromEnv(env, createLogger('warn'));
      return runDingtalkSync(db, api, {
        plantId, dryRun: !body.apply, now: new Date(), actor: { type: 'system', id: 'cli', label: 'npm run dingtalk:sync' },
        options: { rootDeptId, defaultRole: body.defaultRole, defaultDepartment: body.defaultDepartment, deactivateMissing: body.deactivateMissing },
      });
    },
  });
  if (values.json) process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  else process.stdout.write(`${formatSyncReport(report, values.lang ?? 'zh-CN').join('\n')}\n`);
}

main().catch((err) => fail(`dingtalk:sync: ${(err as Error).message}`));
