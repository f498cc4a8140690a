/** @jest-environment jsdom */
/// <reference lib="dom" />
import path from 'node:path';
import { makeFakeWx, type FakeCall } from '../../../testkit/fakeWx';

const posted: unknown[] = [];
const fake = makeFakeWx({
  net: async (call: FakeCall) => {
    if (call.url.endsWith('/api/consents')) {
      posted.push(call.data);
      return { status: 201, body: { id: 'c1' } };
    }
    return { status: 404, body: {} };
  },
});
fake.wx.setStorageSync('anquan.session', { token: 't', expiresAt: '2099-01-01T00:00:00Z', person: { id: 'me', plantId: 'p', name: '张伟', roles: [], locale: 'zh-CN' } });
(global as unknown as { wx: unknown }).wx = { ...fake.wx, navigateBack: jest.fn() };
// eslint-disable-next-line @typescript-eslint/no-require-imports
const simulate = require('miniprogram-simulate');

describe('privacy notice page (PIPL)', () => {
  test('shows the notice; "agree" records consent on the server with the notice version', async () => {
    const page = simulate.render(simulate.load(path.join(__dirname, 'index'), 'notice-page'));
    page.attach(document.createElement('parent-wrapper'));
    expect(page.querySelector('.body').dom.textContent).toContain('位置');
    await page.instance.accept();
    await new Promise((r) => setTimeout(r, 50));
    expect(posted).toEqual([expect.objectContaining({ noticeVersion: '2026-11-v1', purposes: ['location', 'photos'], granted: true, channel: 'miniprogram' })]);
    expect((posted[0] as { clientId: string }).clientId).toMatch(/^[A-Za-z0-9_-]{8,100}$/);
    expect(fake.wx.getStorageSync('anquan.consent')).toBe('2026-11-v1');
  });
});
