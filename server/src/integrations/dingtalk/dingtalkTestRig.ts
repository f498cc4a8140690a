import { Writable } from 'node:stream';
import { decodeActionRef } from '../../../../cards/src/actionRef';
import { DingtalkPeer, start as startPeer } from '../../../../scripts/sim/dingtalkPeer';
import type { DingtalkPeerOptions } from '../../../../scripts/sim/dingtalkPeer';
import { startTestServer, TestServer } from '../../../../testkit/testServer';
import type { DbKind } from '../../../../testkit/testDb';
import { createLogger } from '../../platform/log';
import type { ServerDeps, ServerModule } from '../../platform/serverDeps';
import type { FrameHandlerOptions } from './dingtalkFrameHandler';
import { createDingtalkModule } from './dingtalkModule';

/** One structured log line the DingTalk components wrote. */
export interface LogLine {
  level: string;
  msg?: string;
  [k: string]: unknown;
}

/** A test server wired to a local DingTalk peer, with the DingTalk log captured. */
export interface DingtalkRig {
  peer: DingtalkPeer;
  server: TestServer;
  logs: LogLine[];
  /** Resolves once a log line with this message (substring) was written. */
  waitForLog(msg: string, timeoutMs?: number): Promise<LogLine>;
  close(): Promise<void>;
}

/** Credentials the rig's peer and server share. */
export const RIG_APP = { clientId: 'ding-rig-ck', clientSecret: 'ding-rig-cs', robotCode: 'ding-rig-rc', template: 'rig-template.schema' };

/** Polls until `pred` is true. */
export async function until(pred: () => boolean | Promise<boolean>, timeoutMs = 8000, what = 'condition'): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await pred())) {
    if (Date.now() > end) throw new Error(`${what} not met within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/**
 * Starts a DingTalk peer and a test server pointed at it (DINGTALK_API_BASE / OAPI_BASE /
 * GATEWAY_URL = the peer), and waits for the stream to connect. Used by the DingTalk tests and
 * by the hazard / permit loop tests that run through DingTalk.
 */
export async function startDingtalkRig(opts: {
  kind?: DbKind; modules?: ServerModule[]; template?: boolean; peer?: Partial<DingtalkPeerOptions>; env?: Record<string, string>; now?: () => Date;
  frames?: Partial<FrameHandlerOptions>;
} = {}): Promise<DingtalkRig> {
  const peer = await startPeer({ clientId: RIG_APP.clientId, clientSecret: RIG_APP.clientSecret, robotCode: RIG_APP.robotCode, disconnectGraceMs: 1000, ...opts.peer });
  const logs: LogLine[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, cb) {
      for (const line of chunk.toString('utf8').split('\n')) if (line.trim()) logs.push(JSON.parse(line) as LogLine);
      cb();
    },
  });
  const dingtalk = createDingtalkModule({
    logger: createLogger('debug', sink),
    stream: { backoffInitialMs: 50, backoffMaxMs: 300, keepAliveMs: 0, drainMs: 500, ackTimeoutMs: 4000 },
    // A long answer budget makes click answers deterministic in tests; the late path has its own test.
    frames: { answerBudgetMs: 2000, sweepMs: 300, ...opts.frames },
  });
  let server: TestServer;
  try {
    server = await startTestServer({
      kind: opts.kind ?? 'pglite',
      modules: [dingtalk, ...(opts.modules ?? [])],
      now: opts.now,
      env: {
        DINGTALK_CLIENT_ID: RIG_APP.clientId, DINGTALK_CLIENT_SECRET: RIG_APP.clientSecret, DINGTALK_ROBOT_CODE: RIG_APP.robotCode,
        ...(opts.template === false ? {} : { DINGTALK_CARD_TEMPLATE_ID: RIG_APP.template }),
        DINGTALK_API_BASE: peer.url, DINGTALK_OAPI_BASE: peer.url, DINGTALK_GATEWAY_URL: peer.gatewayUrl,
        ...opts.env,
      },
    });
  } catch (err) {
    await peer.stop();
    throw err;
  }
  await peer.state.stream.waitForConnections(1, 8000);
  return {
    peer, server, logs,
    async waitForLog(msg, timeoutMs = 8000) {
      let found: LogLine | undefined;
      await until(() => (found = logs.find((l) => typeof l.msg === 'string' && l.msg.includes(msg))) !== undefined, timeoutMs, `log "${msg}"`);
      return found as LogLine;
    },
    async close() {
      await server.close();
      await peer.stop();
    },
  };
}

/**
 * The encoded ref of a button (or select submit) exactly as `userId` sees it on a peer card:
 * shared data overlaid with their private data. Throws when that person has no such action.
 */
export function visibleRef(peer: DingtalkPeer, outTrackId: string, userId: string, action: string): string {
  const card = peer.state.cards.get(outTrackId);
  if (!card) throw new Error(`no card ${outTrackId} at the peer`);
  const seen = { ...card.cardData, ...(card.privateData[userId] ?? {}) };
  const buttons = JSON.parse(seen.buttons || '[]') as Array<{ ref: string }>;
  const refs = [...buttons.map((b) => b.ref), seen.submit_ref ?? ''].filter((r) => r !== '');
  const found = refs.find((r) => decodeActionRef(r)?.action === action);
  if (!found) throw new Error(`${userId} sees no ${action} on ${outTrackId} (refs: ${refs.join(', ')})`);
  return found;
}

/** Texts the robot sent one user (1:1), in order. */
export function textsTo(peer: DingtalkPeer, userId: string): string[] {
  return peer.state.robotMessages
    .filter((m) => m.kind === 'oto' && m.userIds?.includes(userId))
    .map((m) => String(m.msgParam.content ?? m.msgParam.text ?? ''));
}

/** Waits for a DingTalk card of `kind` about a subject to reach `userId`; returns its outTrackId. */
export async function waitForCard(deps: ServerDeps, kind: string, userId: string, subjectId?: string, timeoutMs = 10_000): Promise<string> {
  let found: string | undefined;
  await until(async () => {
    const r = await deps.db.query<{ t: string }>(
      `SELECT sent_ref -> 'ref' ->> 'outTrackId' AS t FROM sent_messages
       WHERE platform = 'dingtalk' AND card_kind = $1 AND target ->> 'userId' = $2 ${subjectId ? 'AND subject_id = $3' : ''} ORDER BY created_at DESC`,
      subjectId ? [kind, userId, subjectId] : [kind, userId],
    );
    found = r.rows[0]?.t;
    return found !== undefined;
  }, timeoutMs, `${kind} card for ${userId}`);
  return found as string;
}
