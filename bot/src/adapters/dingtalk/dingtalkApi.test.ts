import { randomBytes } from 'node:crypto';
import { DingtalkPeer, start } from '../../../../scripts/sim/dingtalkPeer';
import { DingtalkApi } from './dingtalkApi';
import { DingtalkApiError, DingtalkThrottledError } from './dingtalkApiError';

let peer: DingtalkPeer;
let api: DingtalkApi;

beforeEach(async () => {
  peer = await start({ clientId: 'ck', clientSecret: 'cs', robotCode: 'rc' });
  api = new DingtalkApi({ baseUrl: peer.url, oapiBaseUrl: peer.url, clientId: 'ck', clientSecret: 'cs', robotCode: 'rc' });
});

afterEach(async () => {
  await peer.stop();
});

const text = (content: string) => ({ msgKey: 'sampleText' as const, msgParam: { content } });
const statuses = (route: string) => peer.state.requests.filter((r) => r.route === route).map((r) => r.status);

describe('DingtalkApi access token', () => {
  it('fetches the token once for many concurrent calls', async () => {
    await Promise.all(Array.from({ length: 8 }, (_, i) => api.sendRobotToUsers(['zhangsan'], text(`#${i}`))));
    expect(peer.state.tokenFetches).toBe(1);
    expect(peer.state.robotMessages).toHaveLength(8);
    expect(peer.state.robotMessages[0]).toMatchObject({ kind: 'oto', userIds: ['zhangsan'], msgKey: 'sampleText' });
  });

  it('drops a refused token and retries once with a fresh one (api and oapi)', async () => {
    await api.sendRobotToUsers(['zhangsan'], text('a'));
    peer.state.expireTokens();
    await Promise.all([api.sendRobotToUsers(['zhangsan'], text('b')), api.sendRobotToUsers(['lisi'], text('c'))]);
    expect(peer.state.tokenFetches).toBe(2); // the two refused callers share one refresh
    expect(statuses('batchSend').sort()).toEqual([200, 200, 200, 400, 400]);
    peer.state.expireTokens();
    expect((await api.listSubDepartments()).map((d) => d.name)).toEqual(['生产部', '安环部']);
    expect(peer.state.tokenFetches).toBe(3);
  });

  it('gives up after the second refusal with a non-retryable error', async () => {
    peer.state.injectFault('batchSend', 'tokenInvalid', 2);
    const err = await api.sendRobotToUsers(['zhangsan'], text('x')).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DingtalkApiError);
    expect(err).toMatchObject({ code: 'InvalidAuthentication', status: 400, retryable: false, endpoint: 'POST /v1.0/robot/oToMessages/batchSend' });
  });

  it('reports wrong app credentials as a non-retryable error', async () => {
    const bad = new DingtalkApi({ baseUrl: peer.url, oapiBaseUrl: peer.url, clientId: 'ck', clientSecret: 'nope', robotCode: 'rc' });
    await expect(bad.getAccessToken()).rejects.toMatchObject({ code: 'invalidClientIdOrSecret', retryable: false });
  });
});

describe('DingtalkApi errors', () => {
  it.each([
    ['api QPS limit', 'batchSend', 'throttle', 'Forbidden.AccessDenied.QpsLimitForApi', 403],
    ['api 429', 'batchSend', 'throttle429', 'Throttling', 429],
  ] as const)('%s → DingtalkThrottledError', async (_n, route, kind, code, status) => {
    peer.state.injectFault(route, kind);
    const err = await api.sendRobotToUsers(['zhangsan'], text('x')).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DingtalkThrottledError);
    expect(err).toMatchObject({ code, status, retryable: true });
  });

  it('oapi rate limit errcode → DingtalkThrottledError', async () => {
    peer.state.injectFault('listsub', 'throttle');
    await expect(api.listSubDepartments()).rejects.toMatchObject({ name: 'DingtalkThrottledError', code: '90018', retryable: true });
  });

  it('server error and a reset connection are retryable', async () => {
    peer.state.injectFault('groupSend', 'serverError');
    await expect(api.sendRobotToGroup('cid1', text('x'))).rejects.toMatchObject({ status: 500, retryable: true });
    peer.state.injectFault('groupSend', 'drop');
    await expect(api.sendRobotToGroup('cid1', text('x'))).rejects.toMatchObject({ code: 'network_error', status: 0, retryable: true });
    await api.sendRobotToGroup('cid1', { msgKey: 'sampleMarkdown', msgParam: { title: '隐患', text: '**已整改**' } });
    expect(peer.state.robotMessages).toEqual([expect.objectContaining({ kind: 'group', openConversationId: 'cid1', msgParam: { title: '隐患', text: '**已整改**' } })]);
  });

  it('refuses a msgParam over 15,000 bytes before calling DingTalk', async () => {
    await expect(api.sendRobotToUsers(['zhangsan'], text('字'.repeat(6000)))).rejects.toMatchObject({ code: 'msg_param_too_large', retryable: false });
    expect(statuses('batchSend')).toEqual([]);
  });
});

describe('DingtalkApi cards', () => {
  it('creates and delivers a 1:1 card, then updates it by our outTrackId', async () => {
    const created = await api.createAndDeliverCard({
      cardTemplateId: 'tpl-1.schema', outTrackId: 'hazard-7-v1', target: { type: 'user', userId: 'zhangsan' },
      cardData: { title: '隐患 YH-20261124-0001', status: '待整改' }, privateData: { zhangsan: { canAct: 'true' } },
    });
    expect(created).toMatchObject({ outTrackId: 'hazard-7-v1', delivered: true });
    expect(peer.state.cards.get('hazard-7-v1')).toMatchObject({
      openSpaceId: 'dtv1.card//IM_ROBOT.zhangsan', spaceType: 'IM_ROBOT', callbackType: 'STREAM',
      cardData: { title: '隐患 YH-20261124-0001', status: '待整改' }, privateData: { zhangsan: { canAct: 'true' } },
    });
    await api.updateCard({ outTrackId: 'hazard-7-v1', cardData: { status: '已整改' }, privateData: { zhangsan: { canAct: 'false' } } });
    expect(peer.state.cards.get('hazard-7-v1')).toMatchObject({ cardData: { title: '隐患 YH-20261124-0001', status: '已整改' }, privateData: { zhangsan: { canAct: 'false' } }, apiUpdates: 1 });
    await api.updateCard({ outTrackId: 'hazard-7-v1', cardData: { status: '关闭' }, updateCardDataByKey: false });
    expect(peer.state.cards.get('hazard-7-v1')?.cardData).toEqual({ status: '关闭' });
  });

  it('delivers a group card with @ and recipients', async () => {
    await api.createAndDeliverCard({
      cardTemplateId: 'tpl-1.schema', outTrackId: 'alarm-3', target: { type: 'group', openConversationId: 'cidGroup==', atUserIds: { lisi: '李四' }, recipients: ['lisi'] },
      cardData: { level: '高' },
    });
    expect(peer.state.cards.get('alarm-3')).toMatchObject({ spaceType: 'IM_GROUP', spaceId: 'cidGroup==' });
  });

  it('fails an update of an unknown outTrackId and a reused outTrackId, not retryable', async () => {
    await expect(api.updateCard({ outTrackId: 'nope', cardData: { a: 'b' } })).rejects.toMatchObject({ code: 'invalidParameter.outTrackId', retryable: false });
    const input = { cardTemplateId: 't.schema', outTrackId: 'dup', target: { type: 'user' as const, userId: 'u' }, cardData: {} };
    await api.createAndDeliverCard(input);
    await expect(api.createAndDeliverCard(input)).rejects.toMatchObject({ code: 'invalidParameter.outTrackId' });
  });
});

describe('DingtalkApi files, login and contacts', () => {
  it('downloads the bytes of a picture a user sent', async () => {
    const bytes = randomBytes(70_000);
    const code = peer.state.addFile(bytes, 'image/png');
    const got = await api.downloadMessageFile(code);
    expect(got.contentType).toBe('image/png');
    expect(Buffer.compare(got.bytes, bytes)).toBe(0);
    await expect(api.downloadMessageFile('dc-unknown')).rejects.toMatchObject({ code: 'invalidParameter.downloadCode' });
  });

  it('maps an H5 auth code to the userid once', async () => {
    const code = peer.state.issueAuthCode('lisi');
    expect(await api.getUserByAuthCode(code)).toMatchObject({ userId: 'lisi', name: '李四', sysLevel: 0 });
    await expect(api.getUserByAuthCode(code)).rejects.toMatchObject({ code: '40078', retryable: false });
  });

  it('walks departments and pages through users', async () => {
    expect(await api.listAllDepartments()).toEqual([
      { deptId: 2, name: '生产部', parentId: 1 }, { deptId: 3, name: '安环部', parentId: 1 }, { deptId: 4, name: '一车间', parentId: 2 },
    ]);
    const page = await api.listDepartmentUsers(3, 0, 1);
    expect(page).toMatchObject({ hasMore: true, nextCursor: 1, users: [{ userId: 'lisi', name: '李四', deptIds: [3] }] });
    const all = await api.listAllDepartmentUsers(3);
    expect(all.map((u) => u.userId)).toEqual(['lisi', 'wangwu']);
  });
});
