import { mapMqttMessage, mappingProblems, MqttTopicMapping, topicMatches } from './mqttPayloadMapping';

const received = new Date('2026-11-24T02:00:00Z');
const gas: MqttTopicMapping = { topic: 'plant/gas/+/reading', tagFrom: 'topic[2]', tagPrefix: 'gas.', valuePath: 'ppm', timePath: 'ts', qualityPath: 'q' };
const map = (m: MqttTopicMapping, topic: string, payload: string) => mapMqttMessage(m, topic, Buffer.from(payload), received);

describe('topicMatches', () => {
  it.each([
    ['a/+/c', 'a/b/c', true], ['a/+/c', 'a/b/d', false], ['a/+/c', 'a/b/c/d', false], ['a/#', 'a/b/c', true], ['a/#', 'a', true],
    ['#', 'x/y', true], ['a/b', 'a/b', true], ['a/b', 'a', false], ['+/+', 'a/b', true],
  ])('%s ~ %s: %p', (f, t, ok) => expect(topicMatches(f, t)).toBe(ok));
});

describe('mapMqttMessage', () => {
  it.each<[string, MqttTopicMapping, string, string, unknown]>([
    ['tag from topic, ISO time, quality word', gas, 'plant/gas/GT-101/reading', '{"ppm": 12.5, "ts": "2026-11-24T10:00:00+08:00", "q": "OK"}',
      { tagId: 'gas.GT-101', value: 12.5, quality: 'good', sourceTime: new Date('2026-11-24T02:00:00Z') }],
    ['epoch seconds and numeric string', gas, 'plant/gas/GT-1/reading', '{"ppm": "7", "ts": 1795485600, "q": "bad"}',
      { tagId: 'gas.GT-1', value: 7, quality: 'bad', sourceTime: new Date(1795485600 * 1000) }],
    ['epoch milliseconds, unknown quality = uncertain', gas, 'plant/gas/GT-1/reading', '{"ppm": 1, "ts": 1795485600123, "q": "weird"}',
      { tagId: 'gas.GT-1', value: 1, quality: 'uncertain', sourceTime: new Date(1795485600123) }],
    ['non-numeric value passes on (the engine faults it)', gas, 'plant/gas/GT-1/reading', '{"ppm": "ERR", "ts": 1795485600, "q": "good"}',
      { tagId: 'gas.GT-1', value: 'ERR', quality: 'good', sourceTime: new Date(1795485600 * 1000) }],
    ['tag from a JSON path, receive time, nested value', { topic: 'dcs/#', tagFrom: 'meta.tag', valuePath: 'data.v[0]' }, 'dcs/x', '{"meta": {"tag": "TI-7"}, "data": {"v": [88.1]}}',
      { tagId: 'TI-7', value: 88.1, quality: 'good', sourceTime: received }],
    ['bare number payload', { topic: 't/+', tagFrom: 'topic[1]', valuePath: '' }, 't/PT-3', '4.25', { tagId: 'PT-3', value: 4.25, quality: 'good', sourceTime: received }],
    ['custom quality values', { ...gas, qualityValues: { '192': 'good' } }, 'plant/gas/A/reading', '{"ppm": 3, "ts": 1795485600, "q": 192}',
      { tagId: 'gas.A', value: 3, quality: 'good', sourceTime: new Date(1795485600 * 1000) }],
    ['not JSON', gas, 'plant/gas/A/reading', 'ppm=3', 'not_json'],
    ['value missing', gas, 'plant/gas/A/reading', '{"ts": 1795485600}', 'no_value'],
    ['value is an object', gas, 'plant/gas/A/reading', '{"ppm": {"x": 1}, "ts": 1795485600}', 'no_value'],
    ['time missing', gas, 'plant/gas/A/reading', '{"ppm": 1}', 'bad_time'],
    ['time garbage', gas, 'plant/gas/A/reading', '{"ppm": 1, "ts": "soon"}', 'bad_time'],
    ['tag missing in payload', { topic: 'dcs/#', tagFrom: 'meta.tag', valuePath: 'v' }, 'dcs/x', '{"v": 1}', 'no_tag'],
    ['bare text with a path', gas, 'plant/gas/A/reading', '42', 'no_value'],
  ])('%s', (_n, m, topic, payload, expected) => expect(map(m, topic, payload)).toEqual(expected));
});

describe('mappingProblems', () => {
  it('accepts good mappings and names bad ones', () => {
    expect(mappingProblems(gas)).toEqual([]);
    expect(mappingProblems({ topic: 'a/+', tagFrom: 'topic[5]', valuePath: 'x..y' })).toEqual([
      "tagFrom 'topic[5]' is beyond the topic filter",
      "valuePath 'x..y' is not a JSON path",
    ]);
  });
});
