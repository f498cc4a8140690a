/** @jest-environment jsdom */
/// <reference lib="dom" />
import path from 'node:path';
import { HAZARD_STATUSES } from '../../../generated/statusNames';
import { makeFakeWx, type FakeCall } from '../../../testkit/fakeWx';

const hazard = (id: string, status: string, assigneeId: string | null, overdue = false) => ({
  id, code: `YH-20261124-000${id}`, status, grade: 'general', description: `隐患 ${id}`, area: { key: 'tank_farm', name: '罐区' },
  category: { key: 'c', path: [] }, deadline: '2026-11-27T04:00:00Z', overdue, version: 1,
  reporter: { id: 'me', name: '张伟' }, assignee: assigneeId ? { id: assigneeId, name: 'x' } : null,
});

let online = true;
const fake = makeFakeWx({
  net: async (call: FakeCall) => {
    if (!online) throw new Error('no signal');
    if (call.url.includes('assigneeId=me')) return { status: 200, body: { items: [hazard('1', 'assigned', 'me', true), hazard('2', 'awaiting_verification', 'me')] } };
    if (call.url.includes('reporterId=me')) return { status: 200, body: { items: [hazard('3', 'closed', 'other')] } };
    return { status: 404, body: {} };
  },
});
fake.wx.setStorageSync('anquan.session', { token: 't', expiresAt: '2099-01-01T00:00:00Z', person: { id: 'me', plantId: 'p', name: '张伟', roles: [], locale: 'zh-CN' } });
(global as unknown as { wx: unknown }).wx = fake.wx;
// eslint-disable-next-line @typescript-eslint/no-require-imports
const simulate = require('miniprogram-simulate');

function renderPage(tag: string) {
  let id = '';
  jest.isolateModules(() => {
    id = simulate.load(path.join(__dirname, 'index'), tag);
  });
  const page = simulate.render(id);
  page.attach(document.createElement('parent-wrapper'));
  return page;
}

describe('我的任务 page', () => {
  test('status names come from the server (generated at build), overdue flagged, rectify only where allowed', async () => {
    expect(HAZARD_STATUSES).toContain('awaiting_verification');
    const page = renderPage('tasks-page');
    await page.instance.load();
    const statuses = page.querySelectorAll('.status').map((n: { dom: HTMLElement }) => n.dom.textContent);
    expect(statuses).toEqual(['已指派', '待验收', '已销号']);
    expect(page.querySelectorAll('.rectify')).toHaveLength(1);
    expect(page.querySelector('.task').dom.textContent).toContain('已超期');
  });

  test('offline: the last list is shown with a note', async () => {
    online = false;
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    const page = renderPage('tasks-page-2');
    await page.instance.load();
    expect(warn).toHaveBeenCalled();
    warn.mockRestore();
    expect(page.data.offline).toContain('无网络');
    expect(page.data.assigned).toHaveLength(2);
  });
});
