import { makeFakeWx, type FakeCall } from '../testkit/fakeWx';

const person = { id: 'p1', plantId: 'plant', name: '张伟', roles: ['worker'], locale: 'en' };

function install(environment: string | undefined, answer: (c: FakeCall) => { status: number; body: unknown }) {
  const fake = makeFakeWx({ environment, qyCode: () => 'qy-code', loginCode: () => 'wx-code', net: async (c) => answer(c) });
  (global as unknown as { wx: unknown }).wx = fake.wx;
  return fake;
}

describe('session: sign-in per platform', () => {
  beforeEach(() => jest.resetModules());

  test('inside WeCom: wx.qy.login → POST /api/sessions/wecom/miniprogram; locale follows the person', async () => {
    const fake = install('wxwork', () => ({ status: 200, body: { token: 'T', expiresAt: '2099-01-01T00:00:00Z', person } }));
    const { login, currentSession } = await import('./session');
    const { t } = await import('../lib/t');
    await login();
    expect(fake.state.calls.map((c) => [c.url.replace(/^https?:\/\/[^/]+/, ''), c.data])).toEqual([['/api/sessions/wecom/miniprogram', { code: 'qy-code' }]]);
    expect(currentSession()?.token).toBe('T');
    expect(t('miniprogram.report.submit')).toBe('Submit');
  });

  test('plain WeChat, unbound: BindingRequiredError; with the code from chat it binds', async () => {
    const fake = install(undefined, (c) => ((c.data as { bindCode?: string }).bindCode === 'ABCD-2345'
      ? { status: 200, body: { token: 'W', expiresAt: '2099-01-01T00:00:00Z', person } }
      : { status: 403, body: { error: { code: 'forbidden', message: 'bind first', details: { reason: 'binding_required' } } } }));
    const { login, BindingRequiredError } = await import('./session');
    await expect(login()).rejects.toBeInstanceOf(BindingRequiredError);
    await login('ABCD-2345');
    expect(fake.state.calls.map((c) => c.url.replace(/^https?:\/\/[^/]+/, ''))).toEqual(['/api/sessions/wechat', '/api/sessions/wechat']);
  });

  test('concurrent callers share one sign-in', async () => {
    const fake = install('wxwork', () => ({ status: 200, body: { token: 'T', expiresAt: '2099-01-01T00:00:00Z', person } }));
    const { login } = await import('./session');
    await Promise.all([login(), login(), login()]);
    expect(fake.state.calls).toHaveLength(1);
  });
});
