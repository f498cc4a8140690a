import type { ConfigRow } from '../../platform/directory/directoryRows';
import { personKeyOf, planWecomSync } from './wecomDirectoryPlan';

const row = (key: string, name: string, data: Record<string, unknown>, deleted = false): ConfigRow => ({ id: `id-${key}`, key, name, data, deleted });
const opts = { defaultRoles: ['worker'], deactivateMissing: false };

describe('personKeyOf', () => {
  it.each([
    ['zhangsan', 'wx-zhangsan'],
    ['Zhao.Liu', 'wx-zhao_liu'],
    ['李四', 'wx-__-'],
  ])('%s', (userId, prefix) => {
    expect(personKeyOf(userId, new Set())).toMatch(new RegExp(`^${prefix.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
    expect(personKeyOf(userId, new Set())).toMatch(/^[a-z0-9][a-z0-9_-]{0,63}$/);
  });

  it('a taken key gets a stable hash suffix', () => {
    expect(personKeyOf('AndyLin', new Set(['wx-andylin']))).toMatch(/^wx-andylin-[0-9a-f]{8}$/);
    expect(personKeyOf('andylin', new Set(['wx-andylin']))).not.toBe(personKeyOf('AndyLin', new Set(['wx-andylin'])));
  });
});

describe('planWecomSync', () => {
  const wecom = {
    departments: [{ id: 1, name: '公司', parentId: 0, order: 0 }, { id: 2, name: '车间', parentId: 1, order: 0 }],
    users: [
      { userId: 'file_person', name: '文件里的人', departmentIds: [2] },
      { userId: 'synced', name: '新名字', departmentIds: [2] },
      { userId: 'brand_new', name: '新人', departmentIds: [] },
    ],
  };
  const existing = {
    departments: [row('wx-dept-1', '公司', { source: 'wecom', wecomId: 1 })],
    people: [
      row('file_person', '文件的名字', { messengerIds: { wecom: 'file_person' }, roles: ['worker'] }),
      row('wx-synced', '旧名字', { source: 'wecom', messengerIds: { wecom: 'synced' }, departmentKey: 'wx-dept-2', roles: ['worker'] }),
      row('wx-gone', '离职的人', { source: 'wecom', messengerIds: { wecom: 'gone' }, departmentKey: 'wx-dept-2', roles: ['worker'] }),
    ],
  };

  it('creates, updates, leaves file people alone and reports the missing', () => {
    const plan = planWecomSync(wecom, existing, opts);
    expect(plan.report.departments).toEqual({ created: [{ key: 'wx-dept-2', name: '车间' }], updated: [], unchanged: 1 });
    expect(plan.people.map((p) => [p.id, p.key, p.name])).toEqual([
      ['id-wx-synced', 'wx-synced', '新名字'],
      [undefined, 'wx-brand_new', '新人'],
    ]);
    expect(plan.people[1].data).toEqual({ source: 'wecom', departmentKey: 'wx-dept-1', roles: ['worker'], messengerIds: { wecom: 'brand_new' } });
    expect(plan.report.people.matchedFilePeople).toBe(1);
    expect(plan.report.people.fileDiffers).toEqual([{ userId: 'file_person', key: 'file_person', fileName: '文件的名字', wecomName: '文件里的人' }]);
    expect(plan.report.people.missing).toEqual([{ userId: 'gone', key: 'wx-gone', name: '离职的人' }]);
    expect(plan.deactivate).toEqual([]);
  });

  it('deactivates the missing only when asked', () => {
    const plan = planWecomSync(wecom, existing, { ...opts, deactivateMissing: true });
    expect(plan.deactivate).toEqual(['id-wx-gone']);
    expect(plan.report.people.missing).toEqual([]);
  });

  it('a synced person WeCom lists again is restored', () => {
    const gone = { ...existing, people: [row('wx-back', '回来的人', { source: 'wecom', messengerIds: { wecom: 'back' }, departmentKey: 'wx-dept-1', deactivated: true }, true)] };
    const plan = planWecomSync({ departments: wecom.departments, users: [{ userId: 'back', name: '回来的人', departmentIds: [1] }] }, gone, opts);
    expect(plan.report.people.updated).toEqual([{ userId: 'back', key: 'wx-back', changes: ['restored'] }]);
    expect(plan.people[0].data.deactivated).toBeUndefined();
  });
});
