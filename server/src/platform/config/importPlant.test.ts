import { join } from 'node:path';
import type { Db } from '../db/db';
import { migrate } from '../db/migrate';
import { openPglite } from '../db/openPglite';
import { CONFIG_TABLES, contentHash, importPlant } from './importPlant';
import { loadPlantFile } from './loadPlantFile';
import type { PlantFile } from './plantSchema';

const FILE = join(__dirname, '..', '..', '..', 'plants', 'demo-plant.yaml');
const loaded = loadPlantFile(FILE);

interface Row {
  id: string;
  key: string;
  name: string;
  version: number;
  deleted_at: Date | null;
  data: Record<string, unknown>;
}

describe('importPlant', () => {
  // One database for the suite (opening PGlite is slow); each test imports under its own plant id.
  let db: Db;
  let plantId = '';
  let n = 0;
  const demo = (): PlantFile => ({ ...structuredClone(loaded), id: plantId });
  const rows = async (table: string): Promise<Map<string, Row>> =>
    new Map(
      (
        await db.query<Row>(`SELECT id, key, name, version, deleted_at, data FROM ${table} WHERE plant_id = $1`, [plantId])
      ).rows.map((r) => [r.key, r]),
    );
  const run = (plant: PlantFile) => db.transaction((tx) => importPlant(tx, plant, FILE));

  beforeAll(async () => {
    db = await openPglite({});
    await migrate(db);
  });
  afterAll(async () => {
    await db.close();
  });
  beforeEach(() => {
    plantId = `demo-${++n}`;
  });

  it('imports the demo plant: every entity created once', async () => {
    const plant = demo();
    const report = await run(plant);
    expect(report).toMatchObject({ plantId, plantCreated: true, configChanged: true, configVersion: 1 });
    expect(report.entities.areas).toEqual({ created: 8, updated: 0, deleted: 0, unchanged: 0 });
    expect(report.entities.people.created).toBe(plant.people.length);
    expect(report.entities.hazard_categories.created).toBe(plant.hazardCategories.length);
    const plantRow = (
      await db.query<{ timezone: string; settings: Record<string, unknown> }>('SELECT timezone, settings FROM plants WHERE id = $1', [
        plantId,
      ])
    ).rows[0];
    expect(plantRow.timezone).toBe('Asia/Shanghai');
    expect(plantRow.settings).toMatchObject({ reviewerRole: 'safety_officer', locale: 'zh-CN' });
    const area = (await rows('areas')).get('tank_farm')!;
    expect(area.name).toBe('罐区');
    // data is the entity minus key and name
    expect(area.data).toMatchObject({ riskColor: 'red', outdoor: true, datum: 'GCJ-02' });
    expect(area.data).not.toHaveProperty('key');
    expect(area.data).not.toHaveProperty('name');
    // an unnamed assignment rule uses its key as name
    expect((await rows('assignment_rules')).get('tank_farm')!.name).toBe('tank_farm');
  });

  it('re-importing the same file changes nothing: same ids, same versions', async () => {
    await run(demo());
    const before = await Promise.all(CONFIG_TABLES.map((t) => rows(t)));
    const report = await run(demo());
    expect(report).toMatchObject({ plantCreated: false, configChanged: false, configVersion: 1 });
    for (const t of CONFIG_TABLES) {
      expect(report.entities[t].created + report.entities[t].updated + report.entities[t].deleted).toBe(0);
    }
    const after = await Promise.all(CONFIG_TABLES.map((t) => rows(t)));
    after.forEach((table, i) => {
      for (const [key, row] of table) {
        expect({ id: row.id, version: row.version }).toEqual({ id: before[i].get(key)!.id, version: before[i].get(key)!.version });
      }
    });
  });

  it('a renamed entity keeps its id and gets version + 1; the plant config version goes up', async () => {
    await run(demo());
    const before = (await rows('areas')).get('synthesis')!;
    const plant = demo();
    plant.areas.find((a) => a.key === 'synthesis')!.name = '合成一车间';
    const report = await run(plant);
    expect(report.entities.areas).toEqual({ created: 0, updated: 1, deleted: 0, unchanged: 7 });
    expect(report).toMatchObject({ configChanged: true, configVersion: 2 });
    const after = (await rows('areas')).get('synthesis')!;
    expect(after).toMatchObject({ id: before.id, version: 2, name: '合成一车间' });
  });

  it('an area missing from the file is soft-deleted, and restored with its id when it returns', async () => {
    await run(demo());
    const original = (await rows('areas')).get('office')!;
    const without = demo();
    without.areas = without.areas.filter((a) => a.key !== 'office');
    without.assignmentRules = without.assignmentRules.filter((r) => r.areaKey !== 'office');
    without.groups.forEach((g) => (g.areaKeys = g.areaKeys?.filter((k) => k !== 'office')));
    const report = await run(without);
    expect(report.entities.areas.deleted).toBe(1);
    expect(report.entities.assignment_rules.deleted).toBe(1);
    const deleted = (await rows('areas')).get('office')!;
    expect(deleted.id).toBe(original.id);
    expect(deleted.deleted_at).toBeInstanceOf(Date);

    const again = await run(demo());
    expect(again.entities.areas).toEqual({ created: 0, updated: 1, deleted: 0, unchanged: 7 });
    const restored = (await rows('areas')).get('office')!;
    expect(restored).toMatchObject({ id: original.id, deleted_at: null, version: 1 });
  });

  it('fills person_platform_ids from messenger ids (sandbox defaults to the key) and rebuilds them', async () => {
    const plant = demo();
    const report = await run(plant);
    const expected = plant.people.reduce((n, p) => n + Object.values(p.messengerIds).filter(Boolean).length, 0);
    expect(report.platformIds).toBe(expected);
    const ids = await db.query<{ platform: string; platform_user_id: string; key: string }>(
      `SELECT x.platform, x.platform_user_id, p.key FROM person_platform_ids x JOIN people p ON p.id = x.person_id
       WHERE x.plant_id = $1`,
      [plantId],
    );
    expect(ids.rows).toHaveLength(expected);
    expect(ids.rows).toEqual(
      expect.arrayContaining([
        { platform: 'sandbox', platform_user_id: 'zhangwei', key: 'zhangwei' },
        { platform: 'wecom', platform_user_id: 'zhangwei', key: 'zhangwei' },
        { platform: 'dingtalk', platform_user_id: 'dt_zhangwei', key: 'zhangwei' },
        { platform: 'sandbox', platform_user_id: 'andy', key: 'lin_andi' },
      ]),
    );

    // A person who leaves loses their platform ids; their row stays (soft-deleted) for history.
    const fewer = demo();
    fewer.people = fewer.people.filter((p) => p.key !== 'xulin');
    await run(fewer);
    const left = await db.query(
      'SELECT 1 FROM person_platform_ids x JOIN people p ON p.id = x.person_id WHERE x.plant_id = $1 AND p.key = $2',
      [plantId, 'xulin'],
    );
    expect(left.rows).toHaveLength(0);
    expect((await rows('people')).get('xulin')!.deleted_at).toBeInstanceOf(Date);
  });
});

describe('contentHash', () => {
  it('is independent of key order and sensitive to values', () => {
    expect(contentHash({ a: 1, b: { c: [1, 2], d: 'x' } })).toBe(contentHash({ b: { d: 'x', c: [1, 2] }, a: 1 }));
    expect(contentHash({ a: 1 })).not.toBe(contentHash({ a: 2 }));
    expect(contentHash({ a: [1, 2] })).not.toBe(contentHash({ a: [2, 1] }));
  });
});

describe('importPlant and directory-synced rows', () => {
  it('leaves people a directory sync created (data.source) when they are not in the file', async () => {
    const db = await openPglite({});
    try {
      await migrate(db);
      const plant = { ...(loadPlantFile(FILE) as PlantFile), id: 'sync-test' };
      await db.transaction((tx) => importPlant(tx, plant, FILE));
      await db.query(
        `INSERT INTO people (id, plant_id, key, name, data, content_hash) VALUES (gen_random_uuid(), 'sync-test', 'wx-newbie', '新员工', '{"source":"wecom","roles":["worker"]}', 'x')`,
      );
      const report = await db.transaction((tx) => importPlant(tx, plant, FILE));
      expect(report.entities.people.deleted).toBe(0);
      const row = await db.query<{ deleted_at: Date | null }>(`SELECT deleted_at FROM people WHERE key = 'wx-newbie'`);
      expect(row.rows[0].deleted_at).toBeNull();
    } finally {
      await db.close();
    }
  });

  it('keeps messenger ids a sync learned through every later edit of the person in the file', async () => {
    const db = await openPglite({});
    try {
      await migrate(db);
      const plant = { ...(loadPlantFile(FILE) as PlantFile), id: 'learned-test' };
      await db.transaction((tx) => importPlant(tx, plant, FILE));
      // A WeCom sync created wx-newbie; a DingTalk sync linked the file's xulin by name.
      await db.query(
        `INSERT INTO people (id, plant_id, key, name, data, content_hash) VALUES (gen_random_uuid(), 'learned-test', 'wx-newbie', '新员工',
           '{"source":"wecom","roles":["worker"],"messengerIds":{"wecom":"NewBie"}}', 'x')`,
      );
      await db.query(
        `UPDATE people SET data = data || '{"learnedMessengerIds":{"dingtalk":"dt_xulin2"}}'::jsonb WHERE plant_id = 'learned-test' AND key = 'xulin'`,
      );
      const template = plant.people.find((p) => p.roles.includes('worker'))!;
      const takeOver = (title: string): PlantFile => ({
        ...plant,
        people: [
          ...plant.people.map((p) => (p.key === 'xulin' ? { ...p, title, messengerIds: { sandbox: 'xulin', wecom: 'xulin' } } : p)),
          { ...template, key: 'wx-newbie', name: '新员工', title, messengerIds: { sandbox: 'wx-newbie' } },
        ],
      });
      const ids = async (key: string) =>
        (await db.query<{ data: { messengerIds: Record<string, string> } }>(`SELECT data FROM people WHERE plant_id = 'learned-test' AND key = $1`, [key])).rows[0].data.messengerIds;
      for (const title of ['第一次', '第二次']) {
        await db.transaction((tx) => importPlant(tx, takeOver(title), FILE));
        expect(await ids('wx-newbie')).toEqual({ sandbox: 'wx-newbie', wecom: 'NewBie' });
        expect(await ids('xulin')).toEqual({ sandbox: 'xulin', wecom: 'xulin', dingtalk: 'dt_xulin2' });
      }
      const platform = await db.query(`SELECT platform, platform_user_id FROM person_platform_ids WHERE plant_id = 'learned-test' AND platform_user_id IN ('NewBie', 'dt_xulin2') ORDER BY 1`);
      expect(platform.rows).toEqual([{ platform: 'dingtalk', platform_user_id: 'dt_xulin2' }, { platform: 'wecom', platform_user_id: 'NewBie' }]);
      // The file stating its own id for the platform wins over a learned one.
      const stated = takeOver('第三次');
      stated.people = stated.people.map((p) => (p.key === 'xulin' ? { ...p, messengerIds: { ...p.messengerIds, dingtalk: 'dt_xulin' } } : p));
      await db.transaction((tx) => importPlant(tx, stated, FILE));
      expect(await ids('xulin')).toEqual({ sandbox: 'xulin', wecom: 'xulin', dingtalk: 'dt_xulin' });
    } finally {
      await db.close();
    }
  });
});
