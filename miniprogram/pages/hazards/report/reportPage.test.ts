/** @jest-environment jsdom */
/// <reference lib="dom" />
import path from 'node:path';
import { makeFakeWx, type FakeCall } from '../../../testkit/fakeWx';

const reference = {
  datum: 'WGS-84',
  areas: [
    { key: 'synthesis', name: '合成车间', geofence: { type: 'polygon', points: [[118.7974, 31.9040], [118.7991, 31.9040], [118.7991, 31.9052], [118.7974, 31.9052]] } },
    { key: 'tank_farm', name: '罐区', geofence: { type: 'polygon', points: [[118.7999, 31.9040], [118.8024, 31.9040], [118.8024, 31.9060], [118.7999, 31.9060]] } },
  ],
  categories: [
    { key: 'fire', name: '消防', level: 1, parentKey: null },
    { key: 'fire_equipment', name: '消防器材', level: 2, parentKey: 'fire' },
    { key: 'fire_extinguisher', name: '灭火器过期或缺失', level: 3, parentKey: 'fire_equipment' },
    { key: 'electrical', name: '电气安全', level: 1, parentKey: null },
    { key: 'elec_box', name: '配电箱', level: 2, parentKey: 'electrical' },
    { key: 'elec_box_unlocked', name: '配电箱未上锁', level: 3, parentKey: 'elec_box' },
  ],
};

const files = new Map([['wxfile://tmp/cam-1.jpg', Buffer.from('jpeg-bytes-1')]]);
const fake = makeFakeWx({
  files,
  media: ['wxfile://tmp/cam-1.jpg'],
  location: { latitude: 31.9046, longitude: 118.7980, accuracy: 6 },
  // Offline for everything but the reference data, so the report stays in the outbox.
  net: async (call: FakeCall) => {
    if (call.url.includes('/api/h5/reference')) return { status: 200, body: reference };
    if (call.url.includes('/api/sessions/wechat')) return { status: 200, body: { token: 'tok', expiresAt: '2099-01-01T00:00:00Z', person: { id: 'p1', plantId: 'x', name: '张伟', roles: ['worker'], locale: 'zh-CN' } } };
    throw new Error('no signal');
  },
});
(global as unknown as { wx: unknown }).wx = fake.wx;
// eslint-disable-next-line @typescript-eslint/no-require-imports
const simulate = require('miniprogram-simulate');

const flush = () => new Promise((r) => setTimeout(r, 20));

/** Loads the page in a fresh module registry: simulate re-runs the page script on every load. */
function renderPage(tag: string) {
  let id = '';
  jest.isolateModules(() => {
    id = simulate.load(path.join(__dirname, 'index'), tag);
  });
  const page = simulate.render(id);
  page.attach(document.createElement('parent-wrapper'));
  return page;
}

describe('上报隐患 page (miniprogram-simulate)', () => {
  test('capture → area pre-selected by geofence → two-tap category → one line → queued in the outbox', async () => {
    const page = renderPage('report-page');
    await flush();
    expect(page.data.groups.map((g: { name: string }) => g.name)).toEqual(['消防', '电气安全']);

    page.querySelector('#submit').dispatchEvent('tap');
    await flush();
    expect(page.data.problems).toContain('至少拍一张照片');

    await page.instance.capture();
    expect(page.data.photos).toEqual(['wxfile://tmp/cam-1.jpg']);
    expect(page.data.fix).toMatchObject({ datum: 'WGS-84', accuracyM: 6 });
    expect(page.querySelector('.area-name').dom.textContent).toBe('合成车间');

    page.querySelectorAll('.group')[1].dispatchEvent('tap');
    await flush();
    page.querySelectorAll('.leaf')[0].dispatchEvent('tap');
    await flush();
    expect(page.data.categoryKey).toBe('elec_box_unlocked');

    page.instance.onText({ detail: { value: '配电箱门没锁' } });
    await page.instance.submit();
    await flush();
    expect(page.data.problems).toEqual([]);
    const queued = fake.state.storage.get('anquan.outbox.v1') as Array<{ kind: string; payload: Record<string, unknown>; photos: Array<{ ref: string }> }>;
    expect(queued).toHaveLength(1);
    expect(queued[0]).toMatchObject({ kind: 'hazard.report', payload: { areaKey: 'synthesis', categoryKey: 'elec_box_unlocked', description: '配电箱门没锁', location: { datum: 'WGS-84' } } });
    // The photo was compressed and copied out of the temp folder before queueing.
    expect(queued[0].photos[0].ref).toMatch(/^wxfile:\/\/usr\/outbox\//);
    expect(files.has(queued[0].photos[0].ref)).toBe(true);
    expect(page.data.photos).toEqual([]);
  });

  test('GPS far outside the plant: no area pre-selected, a warning shown', async () => {
    fake.state.setLocation({ latitude: 31.2304, longitude: 121.4737, accuracy: 10 });
    const page = renderPage('report-page-2');
    await flush();
    await page.instance.capture();
    expect(page.data.offSite).toBe(true);
    expect(page.data.areaIndex).toBe(-1);
    expect(page.querySelector('.off-site').dom.textContent).toContain('厂区');
  });
});
