import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { testEnv } from '../../../../testkit/testServer';
import { createLogger } from '../../platform/log';
import { RunningServer, startServer } from '../../startServer';
import { createDingtalkModule } from './dingtalkModule';
import { DingtalkRig, RIG_APP, startDingtalkRig, until } from './dingtalkTestRig';

/** Two instances on one PostgreSQL database: only the leader holds the stream; the other takes over when it goes. */
describe('DingTalk stream on the leader only (postgres)', () => {
  let rig: DingtalkRig;
  let standby: RunningServer | null = null;
  const dataDir = mkdtempSync(join(tmpdir(), 'anquan-dt-standby-'));

  beforeAll(async () => {
    rig = await startDingtalkRig({ kind: 'postgres' });
  }, 60_000);
  afterAll(async () => {
    await standby?.stop();
    await rig?.close().catch(() => undefined);
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('the second instance stands by (it still sends), and connects once the leader stops', async () => {
    const env = testEnv(dataDir, {
      PORT: '0', DINGTALK_CLIENT_ID: RIG_APP.clientId, DINGTALK_CLIENT_SECRET: RIG_APP.clientSecret, DINGTALK_ROBOT_CODE: RIG_APP.robotCode,
      DINGTALK_CARD_TEMPLATE_ID: RIG_APP.template, DINGTALK_API_BASE: rig.peer.url, DINGTALK_OAPI_BASE: rig.peer.url, DINGTALK_GATEWAY_URL: rig.peer.gatewayUrl,
    }, rig.server.testDb.url);
    standby = await startServer({ env, skipImport: true, listen: false, logger: createLogger('silent'), modules: [createDingtalkModule({ stream: { keepAliveMs: 0 } })] });
    const component = async (s: RunningServer) => (await s.deps.health.report()).components.dingtalk;
    expect(await component(standby)).toMatchObject({ ok: true, state: 'standby' });
    expect(standby.deps.messengers.get('dingtalk')).toBeDefined();
    await new Promise((r) => setTimeout(r, 500));
    expect(rig.peer.state.stream.connections).toHaveLength(1);

    await rig.server.stop();
    await until(() => rig.peer.state.stream.connections.length === 2, 15_000, 'the standby to take over the stream');
    await until(async () => (await component(standby as RunningServer)).state === 'connected', 5000, 'connected');
  }, 40_000);
});
