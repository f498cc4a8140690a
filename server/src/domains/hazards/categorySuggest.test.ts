import { suggestCategories } from './categorySuggest';
import { categoryPath, defaultGrade, HazardCategory, leafCategories } from './hazardCategories';

const CATEGORIES: HazardCategory[] = [
  { key: 'elec', name: '电气安全', keywords: ['漏电', '电线'], defaultGrade: 'general' },
  { key: 'elec.box', name: '配电箱', parentKey: 'elec', keywords: ['电箱', '配电柜'] },
  { key: 'elec.box.unlocked', name: '未上锁', parentKey: 'elec.box', keywords: ['没锁', '未锁'] },
  { key: 'elec.box.door', name: '箱门损坏', parentKey: 'elec.box', keywords: ['箱门'] },
  { key: 'elec.wire', name: '线路老化', parentKey: 'elec', keywords: ['电线', '破皮'] },
  { key: 'fire', name: '消防安全' },
  { key: 'fire.cabinet', name: '消防柜', parentKey: 'fire' },
  { key: 'fire.cabinet.unlocked', name: '未上锁', parentKey: 'fire.cabinet' },
  { key: 'fire.exit', name: '安全出口堵塞', parentKey: 'fire', keywords: ['通道堵塞', '堵塞'], defaultGrade: 'major' },
  { key: 'gas', name: '有毒气体', defaultGrade: 'major' },
  { key: 'gas.detector', name: '检测报警器失效', parentKey: 'gas', keywords: ['报警器', 'GDS'] },
];

const keys = (text: string) => suggestCategories(text, CATEGORIES).map((s) => s.key);

describe('suggestCategories', () => {
  it('"3号配电箱未上锁" puts 电气安全/配电箱/未上锁 first', () => {
    const [first, ...rest] = suggestCategories('3号配电箱未上锁', CATEGORIES);
    expect(first).toMatchObject({ key: 'elec.box.unlocked', path: ['电气安全', '配电箱', '未上锁'] });
    expect(first).toMatchObject({ matched: ['配电箱', '未上锁'], score: 5 }); // 电箱 inside 配电箱 counts once
    expect(rest.map((s) => s.key)).toEqual(['fire.cabinet.unlocked', 'elec.box.door']); // leaf 未上锁 (3) > parent 配电箱 (2)
  });

  it.each([
    ['仓库安全出口被货物堵塞', 'fire.exit'],
    ['二楼电箱没锁', 'elec.box.unlocked'],
    ['消防柜 未上锁', 'fire.cabinet.unlocked'], // whitespace is ignored
    ['罐区ＧＤＳ报警器不亮', 'gas.detector'], // full-width letters are normalised
    ['车间电线破皮', 'elec.wire'],
    ['电气安全检查：配电箱附近线路老化', 'elec.wire'], // a leaf hit outweighs two ancestor hits
  ])('%s → %s first', (text, key) => {
    expect(keys(text)[0]).toBe(key);
  });

  it('returns nothing for text that matches no category, or for blank text', () => {
    expect(keys('今天天气不错')).toEqual([]);
    expect(keys('   ')).toEqual([]);
  });

  it('suggests leaves only and honours the limit', () => {
    const all = suggestCategories('电气安全 配电箱 消防安全 有毒气体', CATEGORIES, { limit: 2 });
    expect(all).toHaveLength(2);
    const leaves = new Set(leafCategories(CATEGORIES).map((c) => c.key));
    for (const s of suggestCategories('电气安全 配电箱 消防安全 有毒气体', CATEGORIES)) expect(leaves.has(s.key)).toBe(true);
  });
});

describe('category tree', () => {
  it('paths run root → leaf and survive cycles', () => {
    expect(categoryPath('elec.box.unlocked', CATEGORIES).map((c) => c.key)).toEqual(['elec', 'elec.box', 'elec.box.unlocked']);
    expect(categoryPath('nope', CATEGORIES)).toEqual([]);
    const cyclic: HazardCategory[] = [{ key: 'a', name: 'A', parentKey: 'b' }, { key: 'b', name: 'B', parentKey: 'a' }];
    expect(categoryPath('a', cyclic).map((c) => c.key)).toEqual(['b', 'a']);
  });

  it.each([
    ['own default', 'fire.exit', 'major'],
    ['inherited from the root', 'gas.detector', 'major'],
    ['inherited general', 'elec.box.unlocked', 'general'],
    ['no default anywhere: fallback', 'fire.cabinet.unlocked', 'general'],
    ['unknown category: fallback', 'nope', 'general'],
  ])('defaultGrade: %s', (_n, key, grade) => {
    expect(defaultGrade(key, CATEGORIES)).toBe(grade);
  });

  it('uses the given fallback', () => {
    expect(defaultGrade('nope', CATEGORIES, 'major')).toBe('major');
  });
});
