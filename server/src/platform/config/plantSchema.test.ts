import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { loadPlantDir, loadPlantFile, parsePlantText } from './loadPlantFile';
import { PlantConfigError } from './plantConfigError';

const DEMO = join(__dirname, '..', '..', '..', 'plants', 'demo-plant.yaml');
const demoText = readFileSync(DEMO, 'utf8');

/** A fresh, mutable copy of the demo plant as plain data. */
function demo(): any {
  return parse(demoText);
}

/** Validates `data` as file `bad.yaml` and returns the error message (fails the test if it is valid). */
function problemsOf(data: unknown): string {
  try {
    parsePlantText(stringify(data), 'bad.yaml');
  } catch (err) {
    expect(err).toBeInstanceOf(PlantConfigError);
    return (err as Error).message;
  }
  throw new Error('expected the plant file to be rejected');
}

describe('the demo plant file', () => {
  const plant = loadPlantFile(DEMO);

  it('is valid and normalised', () => {
    expect(plant.id).toBe('jiangning-fine-chem');
    expect(plant.timezone).toBe('Asia/Shanghai');
    expect(plant.areas.map((a) => a.riskColor)).toEqual(expect.arrayContaining(['red', 'orange', 'yellow', 'blue']));
    expect(plant.settings.holidays).toContain('2026-10-07');
    expect(plant.settings.holidays).toHaveLength(33);
    expect(plant.settings.demoProfile).toEqual({ secondsPerHour: 0.25 });
    expect(plant.people.find((p) => p.key === 'zhangwei')!.messengerIds.sandbox).toBe('zhangwei');
  });

  it('has an admin role with every right and a person holding it', () => {
    expect(plant.roles.find((r) => r.key === 'admin')!.rights).toEqual(['*']);
    expect(plant.people.some((p) => p.roles.includes('admin'))).toBe(true);
  });

  it('names the approval roles the permit chains need', () => {
    const keys = plant.roles.map((r) => r.key);
    for (const k of ['safety_dept', 'plant_manager', 'power_unit', 'shift_leader', 'guardian', 'chief_engineer', 'inspector']) {
      expect(keys).toContain(k);
    }
  });

  it('has an English-speaking person, 3 category levels and rules for every area', () => {
    expect(plant.people.filter((p) => p.locale === 'en')).toHaveLength(1);
    expect(new Set(plant.hazardCategories.map((c) => c.level))).toEqual(new Set([1, 2, 3]));
    expect(plant.hazardCategories.filter((c) => c.level === 3).length).toBeGreaterThanOrEqual(25);
    const ruled = new Set(plant.assignmentRules.map((r) => r.areaKey));
    for (const a of plant.areas) expect(ruled).toContain(a.key);
  });
});

describe('an invalid plant file names file, path and problem', () => {
  const cases: Array<[string, (d: any) => void, string]> = [
    ['unknown area reference', (d) => (d.units[0].areaKey = 'nowhere'), "bad.yaml: units[0].areaKey: unknown area 'nowhere'"],
    ['duplicate key', (d) => (d.areas[1].key = d.areas[0].key), "bad.yaml: areas[1].key: duplicate key 'tank_farm' (first used at areas[0])"],
    ['bad colour', (d) => (d.areas[0].riskColor = '紫'), 'bad.yaml: areas[0].riskColor: must be one of red, orange, yellow, blue'],
    ['bad time zone', (d) => (d.timezone = 'Asia/Nanjing'), "bad.yaml: timezone: unknown time zone 'Asia/Nanjing'"],
    [
      'polygon with 2 points',
      (d) => (d.areas[0].geofence.points = d.areas[0].geofence.points.slice(0, 2)),
      'bad.yaml: areas[0].geofence.points: a polygon needs at least 3 points',
    ],
    ['swapped coordinates', (d) => (d.areas[3].geofence.center = [31.9, 118.8]), 'bad.yaml: areas[3].geofence.center[1]: latitude must be within ±90'],
    ['unknown geofence type', (d) => (d.areas[0].geofence.type = 'square'), "bad.yaml: areas[0].geofence.type: geofence.type must be 'polygon' or 'circle'"],
    ['unknown right', (d) => d.roles[1].rights.push('hazard.delete'), "bad.yaml: roles[1].rights[7]: unknown right 'hazard.delete'"],
    ['misspelt key', (d) => (d.areas[0].colour = 'red'), 'bad.yaml: areas[0].colour: unknown key'],
    ['unknown role scope', (d) => (d.roles[1].scope = 'workshop'), "bad.yaml: roles[1].scope: must be 'plant' or 'department'"],
    ['department role with an area nobody is responsible for', (d) => {
      d.roles.find((r: { key: string }) => r.key === 'workshop_director').scope = 'department';
      delete d.areas[0].departmentKey;
    }, "bad.yaml: areas[0].departmentKey: area 'tank_farm' needs a departmentKey: role 'workshop_director' acts only in its holder's department's areas"],
    ['secret pasted into a ref', (d) => (d.groups[5].robotKeyRef = '693a91f6-7xxx-4bc4-97a0-0ec2sifa5aaa'), 'bad.yaml: groups[5].robotKeyRef: must be the NAME of an environment variable'],
    ['wecom group without target', (d) => delete d.groups[5].robotKeyRef, 'bad.yaml: groups[5].chatId: a wecom group needs chatId or robotKeyRef'],
    ['level-2 category without parent', (d) => delete d.hazardCategories[1].parentKey, 'bad.yaml: hazardCategories[1].parentKey: a level-2 category needs a parentKey of level 1'],
    ['category under the wrong level', (d) => (d.hazardCategories[2].parentKey = 'electrical'), "hazardCategories[2].parentKey: parent 'electrical' is level 1"],
    ['missing SLA grade', (d) => d.slaPolicies.pop(), "bad.yaml: slaPolicies: no SLA policy for grade 'major'"],
    ['shared messenger id', (d) => (d.people[1].messengerIds.wecom = 'zhangwei'), "bad.yaml: people[1].messengerIds.wecom: wecom id 'zhangwei' is already used by people[0]"],
    ['manager cycle', (d) => (d.people[2].managerKey = 'zhangwei'), "people[0].managerKey: 'zhangwei' is its own ancestor"],
    ['unknown reviewer role', (d) => (d.settings.reviewerRole = 'nobody'), "bad.yaml: settings.reviewerRole: unknown role 'nobody'"],
    ['rule reaching nobody', (d) => (d.assignmentRules[2].assignTo = { roleKey: 'power_unit', departmentKey: 'storage_ws' }), "bad.yaml: assignmentRules[2].assignTo: no person holds role 'power_unit' in department 'storage_ws'"],
    ['ambiguous assignee', (d) => (d.assignmentRules[2].assignTo = { personKey: 'zhangwei', roleKey: 'worker' }), 'bad.yaml: assignmentRules[2].assignTo: must be {personKey}'],
    ['dead duplicate rule', (d) => (d.assignmentRules[3].areaKey = 'tank_farm'), 'bad.yaml: assignmentRules[3]: same area and category as assignmentRules[2]'],
    ['bad holiday', (d) => d.settings.holidays.push('2026-02-30'), 'bad.yaml: settings.holidays[7]: must be YYYY-MM-DD or a range'],
    ['bad night hours', (d) => (d.settings.nightHours.start = '8pm'), 'bad.yaml: settings.nightHours.start: must be HH:MM'],
  ];

  it.each(cases)('%s', (_name, mutate, expected) => {
    const data = demo();
    mutate(data);
    expect(problemsOf(data)).toContain(expected);
  });

  it('lists every structural problem at once, each with its line', () => {
    const data = demo();
    data.areas[0].riskColor = 'purple';
    data.timezone = 'Mars/Olympus';
    const err = (() => {
      try {
        parsePlantText(stringify(data), 'bad.yaml');
      } catch (e) {
        return e as PlantConfigError;
      }
      throw new Error('expected rejection');
    })();
    expect(err.problems.map((p) => p.path).sort()).toEqual(['areas[0].riskColor', 'timezone']);
    expect(err.problems.every((p) => typeof p.line === 'number' && p.line > 0)).toBe(true);
    expect(err.message).toMatch(/bad\.yaml: areas\[0\]\.riskColor: .*\(line \d+\)/);
  });

  it('reports a YAML syntax error with file, line and column', () => {
    const text = 'id: demo\nname: 测试\nareas:\n  - key: a\n   name: bad indent\n';
    expect(() => parsePlantText(text, 'broken.yaml')).toThrow(/broken\.yaml: line 5, col \d+: YAML syntax error/);
  });

  it('treats a duplicated YAML key as a syntax error', () => {
    expect(() => parsePlantText('id: a\nid: b\n', 'dup.yaml')).toThrow(/dup\.yaml: line 2, col 1: YAML syntax error/);
  });
});

describe('loading files and folders', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'plants-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('names the real file path in problems', () => {
    const file = join(dir, 'x.yaml');
    const data = demo();
    data.units[0].areaKey = 'nowhere';
    writeFileSync(file, stringify(data));
    expect(() => loadPlantFile(file)).toThrow(`${file}: units[0].areaKey: unknown area 'nowhere'`);
  });

  it('reports an unreadable file', () => {
    expect(() => loadPlantFile(join(dir, 'missing.yaml'))).toThrow(/missing\.yaml: \(file\): cannot read/);
  });

  it('loads every yaml file of a folder and refuses two files with one plant id', () => {
    writeFileSync(join(dir, 'a.yaml'), demoText);
    writeFileSync(join(dir, 'notes.txt'), 'not a plant');
    expect(loadPlantDir(dir).map((x) => x.plant.id)).toEqual(['jiangning-fine-chem']);
    writeFileSync(join(dir, 'b.yml'), demoText);
    expect(() => loadPlantDir(dir)).toThrow(/b\.yml: id: plant id 'jiangning-fine-chem' is also used by .*a\.yaml/);
  });

  it('collects problems of several files into one error', () => {
    writeFileSync(join(dir, 'a.yaml'), 'id: [\n');
    writeFileSync(join(dir, 'b.yaml'), 'id: x\n');
    const err = (() => {
      try {
        loadPlantDir(dir);
      } catch (e) {
        return e as PlantConfigError;
      }
      throw new Error('expected rejection');
    })();
    expect(new Set(err.problems.map((p) => p.file))).toEqual(new Set([join(dir, 'a.yaml'), join(dir, 'b.yaml')]));
  });
});
