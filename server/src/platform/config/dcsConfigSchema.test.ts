import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { loadPlantFile, parsePlantText } from './loadPlantFile';
import { PlantConfigError } from './plantConfigError';

const DEMO = join(__dirname, '..', '..', '..', 'plants', 'demo-plant.yaml');
const demoText = readFileSync(DEMO, 'utf8');

function problemsOf(data: unknown): string {
  try {
    parsePlantText(stringify(data), 'bad.yaml');
  } catch (err) {
    expect(err).toBeInstanceOf(PlantConfigError);
    return (err as Error).message;
  }
  throw new Error('expected the plant file to be rejected');
}

describe('dcs and weather sections of the demo plant', () => {
  const plant = loadPlantFile(DEMO);

  it('declares OPC UA and MQTT tags, the R-101 rule and the thunderstorm plant rule', () => {
    expect(plant.dcs?.opcua[0].tags.map((t) => t.tagId)).toContain('R-101.TI');
    expect(plant.dcs?.rules.find((r) => r.id === 'r101_temp_high')).toMatchObject({
      kind: 'deviation', setpoint: 80, deviation: 5, direction: 'up', sustainSeconds: 120, holdPermits: true,
    });
    expect(plant.dcs?.mqtt[0].tags.map((t) => t.tagId)).toEqual(['GT-301', 'GT-101', 'WS-001']);
    expect(plant.dcs?.storm).toEqual({ maxCardsPerPerson: 5, windowSeconds: 60 });
    expect(plant.weather?.rules.find((r) => r.id === 'thunderstorm')?.actions).toEqual({ stopTypes: ['HOT', 'HGT', 'LFT'], raiseLevel: [], outdoorOnly: true, evacuate: true });
  });

  it('is optional: a plant without both sections is valid', () => {
    const d = parse(demoText);
    delete d.dcs;
    delete d.weather;
    expect(parsePlantText(stringify(d), 'ok.yaml').dcs).toBeUndefined();
  });
});

describe('config errors in dcs/weather stop start-up with file + path', () => {
  const cases: Array<[string, (d: any) => void, string]> = [
    ['rule on an unknown tag', (d) => (d.dcs.rules[0].tagId = 'R-999.TI'), "bad.yaml: dcs.rules[0].tagId: unknown tag 'R-999.TI' (declare it under dcs.opcua[].tags or dcs.mqtt[].tags)"],
    ['rule in an unknown area', (d) => (d.dcs.rules[0].areaKey = 'moon'), "bad.yaml: dcs.rules[0].areaKey: unknown area 'moon'"],
    ['tag in an unknown unit', (d) => (d.dcs.opcua[0].tags[1].unitKey = 'synthesis_9'), "bad.yaml: dcs.opcua[0].tags[1].unitKey: unknown unit 'synthesis_9'"],
    ['tag in an unknown area', (d) => (d.dcs.mqtt[0].tags[2].areaKey = 'roof'), "bad.yaml: dcs.mqtt[0].tags[2].areaKey: unknown area 'roof'"],
    ['tag without a place', (d) => delete d.dcs.opcua[0].tags[0].unitKey, "bad.yaml: dcs.opcua[0].tags[0]: tag 'R-101.TI' needs a unitKey or an areaKey"],
    ['unit and area disagree', (d) => (d.dcs.opcua[0].tags[0].areaKey = 'tank_farm'), "dcs.opcua[0].tags[0].areaKey: unit 'synthesis_1' is in area 'synthesis', not 'tank_farm'"],
    ['duplicate tag', (d) => (d.dcs.opcua[0].tags[1].tagId = 'R-101.TI'), "dcs.opcua[0].tags[1].tagId: duplicate tag 'R-101.TI' (first declared at dcs.opcua[0].tags[0])"],
    ['duplicate rule id', (d) => (d.dcs.rules[1].id = d.dcs.rules[0].id), "dcs.rules[1].id: duplicate rule id 'r101_temp_high'"],
    ['deadband as wide as the band', (d) => (d.dcs.rules[0].deadband = 5), 'dcs.rules[0].deadband: the deadband must be smaller than the band'],
    ['unknown rule kind', (d) => (d.dcs.rules[0].kind = 'above'), "dcs.rules[0].kind: kind must be 'high', 'low', 'deviation' or 'rate'"],
    ['bad OPC UA url', (d) => (d.dcs.opcua[0].url = 'http://dcs'), 'dcs.opcua[0].url: must be an opc.tcp:// URL'],
    ['bad MQTT mapping', (d) => (d.dcs.mqtt[0].topics[0].tagFrom = 'topic[9]'), "dcs.mqtt[0].topics[0]: tagFrom 'topic[9]' is beyond the topic filter"],
    ['area with rules but nobody responsible', (d) => d.dcs.responsible.splice(2, 1), "dcs.rules[4]: area 'tank_farm' has alarm rules but no dcs.responsible entry"],
    ['unknown responsible role', (d) => (d.dcs.responsible[0].roles[0] = 'night_owl'), "dcs.responsible[0].roles[0]: unknown role 'night_owl'"],
    ['unheld escalation role', (d) => (d.dcs.escalation.chain[0] = 'guardian_x'), "dcs.escalation.chain[0]: unknown role 'guardian_x'"],
    ['hazard category not a leaf', (d) => (d.dcs.rules[6].hazard.categoryKey = 'leakage'), "dcs.rules[6].hazard.categoryKey: hazards are filed under level-3 categories; 'leakage' is level 1"],
    ['password pasted into a ref', (d) => (d.dcs.mqtt[0].passwordRef = 's3cret!'), 'dcs.mqtt[0].passwordRef: must be the NAME of an environment variable'],
    ['unknown weather event', (d) => (d.weather.rules[2].eventTypes = ['tsunami']), 'weather.rules[2].eventTypes[0]: must be one of'],
    ['unknown permit type', (d) => (d.weather.rules[0].actions.stopTypes = ['WELD']), 'weather.rules[0].actions.stopTypes[0]: must be a permit type'],
    ['raising a type weather does not raise', (d) => (d.weather.rules[0].actions.raiseLevel = ['HGT']), 'weather.rules[0].actions.raiseLevel[0]: only hot work (HOT) is raised a level by weather (GB 30871 5.2.15)'],
    ['weather rule without a trigger', (d) => (d.weather.rules[0] = { id: 'x', actions: { stopTypes: ['HGT'] } }), 'weather.rules[0].eventTypes: a weather rule needs eventTypes or minBeaufort'],
    ['bad region code', (d) => (d.weather.regionCodes = ['Nanjing']), 'weather.regionCodes[0]: must be a 6-12 digit division code'],
    ['unknown wind tag', (d) => (d.weather.windTagId = 'WS-999'), "weather.windTagId: unknown tag 'WS-999'"],
    ['json feed without mapping', (d) => (d.weather.feed = { url: 'https://api.example.com/v7/warning/now', format: 'json' }), "weather.feed.mapping: a json feed needs a mapping (e.g. 'qweather')"],
    ['misspelt key', (d) => (d.dcs.rules[0].sustain = 120), 'dcs.rules[0].sustain: unknown key'],
  ];

  it.each(cases)('%s', (_name, mutate, expected) => {
    const data = parse(demoText);
    mutate(data);
    expect(problemsOf(data)).toContain(expected);
  });
});
