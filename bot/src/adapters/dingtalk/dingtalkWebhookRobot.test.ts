import { createServer, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { notice } from '../../../../cards/src/model';
import { DingtalkApiError, DingtalkThrottledError } from './dingtalkApiError';
import { DingtalkMessenger } from './dingtalkMessenger';
import type { DingtalkMessengerApi } from './dingtalkMessenger';
import { DingtalkWebhookRobot } from './dingtalkWebhookRobot';

/** A stand-in for oapi /robot/send that records posts and answers what the test queues. */
let server: Server;
let base: string;
const posts: Array<{ query: URLSearchParams; body: Record<string, unknown> }> = [];
const answers: Array<Record<string, unknown>> = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    let raw = '';
    req.on('data', (c: Buffer) => { raw += c.toString(); });
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://x');
      posts.push({ query: url.searchParams, body: JSON.parse(raw) as Record<string, unknown> });
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify(answers.shift() ?? { errcode: 0, errmsg: 'ok' }));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise<void>((r) => server.close(() => r()));
});
beforeEach(() => {
  posts.length = 0;
  answers.length = 0;
});

describe('DingtalkWebhookRobot', () => {
  it('signs with HMAC-SHA256 of "timestamp\\nsecret" (加签) and posts the message', async () => {
    // Vector computed independently: printf '1700000000000\nSECabc' | openssl dgst -sha256 -hmac SECabc -binary | base64
    expect(DingtalkWebhookRobot.sign(1700000000000, 'SECabc')).toBe('jcUpW0QmtKduN03n4JqQ0PBosVjqnM8gU7fIIvsDmCM=');
    const robot = new DingtalkWebhookRobot({ oapiBaseUrl: base, nowMs: () => 1700000000000 });
    await robot.send({ accessToken: 'tok1', secret: 'SECabc' }, { msgtype: 'text', text: { content: 'hi' } });
    expect(Object.fromEntries(posts[0].query)).toEqual({ access_token: 'tok1', timestamp: '1700000000000', sign: 'jcUpW0QmtKduN03n4JqQ0PBosVjqnM8gU7fIIvsDmCM=' });
    expect(posts[0].body).toEqual({ msgtype: 'text', text: { content: 'hi' } });
    await robot.send({ accessToken: 'tok2' }, { msgtype: 'text', text: { content: 'no secret' } });
    expect(Object.fromEntries(posts[1].query)).toEqual({ access_token: 'tok2' });
  });

  it('maps 130101 to throttled, 310000 to a non-retryable refusal, and holds sends beyond 20 a minute', async () => {
    let now = 1_000_000;
    const robot = new DingtalkWebhookRobot({ oapiBaseUrl: base, nowMs: () => now });
    answers.push({ errcode: 130101, errmsg: 'send too fast, exceed 20 times per minute' }, { errcode: 310000, errmsg: 'sign not match' });
    await expect(robot.send({ accessToken: 't' }, { msgtype: 'text', text: { content: '1' } })).rejects.toBeInstanceOf(DingtalkThrottledError);
    const refused = await robot.send({ accessToken: 't' }, { msgtype: 'text', text: { content: '2' } }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(DingtalkApiError);
    expect(refused).toMatchObject({ code: '310000', retryable: false });
    for (let i = 0; i < 18; i++) await robot.send({ accessToken: 't' }, { msgtype: 'text', text: { content: `${i}` } });
    await expect(robot.send({ accessToken: 't' }, { msgtype: 'text', text: { content: '21st' } })).rejects.toMatchObject({ code: 'local_rate_limit', retryable: true });
    expect(posts).toHaveLength(20);
    now += 60_001;
    await robot.send({ accessToken: 't' }, { msgtype: 'text', text: { content: 'next minute' } });
    expect(posts).toHaveLength(21);
  });
});

describe('DingtalkMessenger with a custom group robot', () => {
  it('posts a group notice as markdown through the robot named by robotKeyRef when the group has no chatId', async () => {
    const api = {} as DingtalkMessengerApi; // the app robot is not used for this group
    const m = new DingtalkMessenger(api, {
      logger: { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined },
      webhook: { robot: new DingtalkWebhookRobot({ oapiBaseUrl: base }), credentials: async (t) => (t.robotKey === 'env:ROBOT_A' ? { accessToken: 'tokA', secret: 'SEC1' } : null) },
    });
    const target = { kind: 'group' as const, plantId: 'p', platform: 'dingtalk' as const, groupId: 'g1', robotKey: 'env:ROBOT_A', locale: 'zh-CN' };
    const ref = await m.send(target, { type: 'notice', notice: notice('升级提醒', '**YH-1** 已超期') }, { deliveryId: 'd1' });
    expect(ref).toEqual({ platform: 'dingtalk', ref: { type: 'webhook', groupId: 'g1' } });
    expect(posts[0].query.get('access_token')).toBe('tokA');
    expect(posts[0].query.get('sign')).toEqual(expect.any(String));
    expect(posts[0].body).toMatchObject({ msgtype: 'markdown', markdown: { title: '升级提醒', text: expect.stringContaining('**YH-1** 已超期') } });
    await expect(m.send({ ...target, robotKey: 'env:UNSET' }, { type: 'text', text: 'x' }, { deliveryId: 'd2' })).rejects.toThrow('robotKeyRef is not set');
  });
});
