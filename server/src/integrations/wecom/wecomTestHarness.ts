import type { BotEvent } from '../../../../bot/src/messenger';
import { ACTIONS } from '../../../../cards/src/actions';
import { actionRef, button, card, finishCard, notice } from '../../../../cards/src/model';
import { start, type WecomPeer, type WecomPeerOptions } from '../../../../scripts/sim/wecomPeer';
import type { CallbackSpec, WecomCallbackRequest } from '../../../../scripts/sim/wecomPeerCallbacks';
import type { DbKind } from '../../../../testkit/testDb';
import { startTestServer, type TestServer } from '../../../../testkit/testServer';
import { appendEvidence } from '../../platform/evidence/evidenceChain';
import { AppError } from '../../platform/errors';
import { enqueueCardRefresh } from '../../platform/delivery/delivery';
import type { ServerModule } from '../../platform/serverDeps';
import { wecomModule } from './wecomModule';

/**
 * Test harness (used only by the *.test.ts files here): a local WeCom peer, a server pointed at
 * it, and a recorder module that stands in for the domains — it listens to every event kind,
 * runs a command that needs a right, and builds a test card whose buttons call back.
 */

export const CORP = 'wwtest0000000001';
export const AGENT = 1000002;
export const SECRET = 'test-app-secret';
/** Subject type of the recorder's cards. */
export const TEST_SUBJECT = 'wxtest';

/** What the recorder saw and did. */
export interface Recorder {
  events: BotEvent[];
  /** Subjects whose card is finished (set by a click). */
  finished: Set<string>;
}

/** A running harness. */
export interface WecomHarness {
  server: TestServer;
  peer: WecomPeer;
  rec: Recorder;
  /** POSTs a callback to the server as WeCom would. */
  post(req: WecomCallbackRequest): Promise<{ status: number; text: string; body: unknown }>;
  /** Builds and POSTs a callback for what a member did. */
  deliver(spec: CallbackSpec): Promise<{ status: number; text: string; body: unknown }>;
  personId(key: string): Promise<string>;
  plantId: string;
  close(): Promise<void>;
}

/** Polls until `probe` returns a value (not undefined/false/null), or fails after `ms`. */
export async function waitFor<T>(probe: () => T | undefined | null | false | Promise<T | undefined | null | false>, ms = 20_000): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (v !== undefined && v !== null && v !== false) return v;
    if (Date.now() > until) throw new Error('waitFor: timed out');
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** The recorder module: listeners for every kind, a 'noop' action that needs hazard.verify, a test card. */
export function recorderModule(rec: Recorder): ServerModule {
  return {
    name: 'wecom-test-recorder',
    register(deps) {
      for (const kind of ['text', 'image', 'location'] as const) {
        deps.router.on(kind, async (e) => {
          rec.events.push(e);
          return true;
        });
      }
      deps.commands.register('wxtest.click', {
        right: 'hazard.verify',
        async run({ tx, principal, event }) {
          // Like a domain command: a click on a card that is already done is refused, with no effect.
          if (rec.finished.has(event.action?.subjectId ?? '-')) throw new AppError('action_refused', '该任务已处理', { reason: 'already_done' });
          await appendEvidence(tx, {
            plantId: principal.plantId, kind: 'wxtest.clicked', subjectType: TEST_SUBJECT, subjectId: event.action?.subjectId ?? '-',
            actor: { type: 'person', id: principal.personId as string, via: 'wecom' }, occurredAt: deps.now(), data: { selections: event.selections ?? null },
          });
          rec.finished.add(event.action?.subjectId ?? '-');
          await enqueueCardRefresh(tx, deps.jobs, principal.plantId, TEST_SUBJECT, event.action?.subjectId ?? '-');
        },
      });
      deps.router.onAction(ACTIONS.noop, async (e, bus) => {
        rec.events.push(e);
        await bus.execute(e, 'wxtest.click', {});
      });
      deps.cards.register('wxtest.card', async (ctx) => {
        const c = card('wxtest.card', `测试卡片 ${ctx.subjectId}`, {
          fields: [{ label: '编号', value: ctx.subjectId }],
          buttons: [button('确认', actionRef(ACTIONS.noop, TEST_SUBJECT, ctx.subjectId, ctx.cardVersion), 'primary')],
          ...(typeof ctx.params.fileId === 'string' ? { image: { fileId: ctx.params.fileId, alt: '现场照片' } } : {}),
        });
        return rec.finished.has(ctx.subjectId) ? finishCard(c, '已确认') : c;
      });
      deps.cards.register('wxtest.notice', async (ctx) =>
        notice(`测试通知 ${ctx.subjectId}`, '**区域**：二号罐区', typeof ctx.params.fileId === 'string' ? { image: { fileId: ctx.params.fileId, alt: '照片' } } : {}),
      );
    },
  };
}

/** The WECOM_* environment for a server talking to `peer`. */
export function wecomEnv(peer: WecomPeer): Record<string, string> {
  return {
    WECOM_CORP_ID: CORP,
    WECOM_AGENT_ID: String(AGENT),
    WECOM_SECRET: SECRET,
    WECOM_TOKEN: peer.state.crypto.token,
    WECOM_ENCODING_AES_KEY: peer.state.crypto.encodingAesKey,
    WECOM_API_BASE: peer.url,
    WECOM_ROBOT_KEY_PLANT: 'robot-key-plant',
  };
}

/** Starts a peer and a server (PGlite unless told) with the WeCom module and the recorder. */
export async function startWecomHarness(opts: { kind?: DbKind; peer?: Partial<WecomPeerOptions>; env?: Record<string, string>; modules?: ServerModule[]; record?: boolean } = {}): Promise<WecomHarness> {
  const peer = await start({ corpId: CORP, agentId: AGENT, secret: SECRET, ...opts.peer });
  const rec: Recorder = { events: [], finished: new Set() };
  const modules = [wecomModule, ...(opts.record === false ? [] : [recorderModule(rec)]), ...(opts.modules ?? [])];
  let server: TestServer;
  try {
    server = await startTestServer({ kind: opts.kind, env: { ...wecomEnv(peer), ...opts.env }, modules });
  } catch (err) {
    await peer.stop();
    throw err;
  }
  const plantId = (await server.deps.directory.plantIds())[0];
  const post = async (req: WecomCallbackRequest) => {
    const res = await server.http().post(`${server.env.WECOM_CALLBACK_PATH}?${req.queryString}`).set('Content-Type', req.contentType).send(req.body);
    return { status: res.status, text: res.text, body: res.body as unknown };
  };
  return {
    server,
    peer,
    rec,
    plantId,
    post,
    deliver: (spec) => post(peer.state.buildCallback(spec)),
    async personId(key) {
      const p = await server.deps.directory.personByKey(plantId, key);
      if (!p) throw new Error(`no person ${key}`);
      return p.id;
    },
    async close() {
      await server.close();
      await peer.stop();
    },
  };
}
