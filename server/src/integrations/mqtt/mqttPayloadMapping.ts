import { Quality, Reading } from '../../domains/alarms/alarmTypes';
import { isValidPath, valueAtPath } from './jsonPath';

/** How the messages on one topic filter become readings. */
export interface MqttTopicMapping {
  /** Topic filter with MQTT wildcards, e.g. 'plant/gas/+/reading'. */
  topic: string;
  /** 'topic[n]' = the n-th topic level (0-based), 'topic' = the whole topic, else a JSON path in the payload. */
  tagFrom: string;
  /** Prepended to the extracted tag (e.g. 'gas.' → 'gas.GT-101'). */
  tagPrefix?: string;
  /** JSON path of the value ('' when the payload is the bare number). */
  valuePath: string;
  /** JSON path of the sample time (ISO string, epoch s or ms); absent = time of receipt. */
  timePath?: string;
  /** JSON path of a quality flag; absent = 'good'. */
  qualityPath?: string;
  /** Extra quality words (lower-case keys), e.g. { alarm: 'good', '192': 'good' }. */
  qualityValues?: Record<string, Quality>;
  qos?: 0 | 1 | 2;
}

/** Why a message could not be mapped. */
export type MqttMappingIssue = 'not_json' | 'no_tag' | 'no_value' | 'bad_time' | 'no_mapping';

const QUALITY_WORDS: Record<string, Quality> = {
  good: 'good', ok: 'good', normal: 'good', true: 'good', '1': 'good',
  bad: 'bad', fault: 'bad', error: 'bad', false: 'bad', '0': 'bad',
  uncertain: 'uncertain',
};

/** True when an MQTT topic matches a filter with `+` / `#` wildcards. */
export function topicMatches(filter: string, topic: string): boolean {
  const f = filter.split('/');
  const t = topic.split('/');
  for (let i = 0; i < f.length; i++) {
    if (f[i] === '#') return true;
    if (i >= t.length) return false;
    if (f[i] !== '+' && f[i] !== t[i]) return false;
  }
  return f.length === t.length;
}

/** Config problems of a mapping (empty = fine). */
export function mappingProblems(m: MqttTopicMapping): string[] {
  const out: string[] = [];
  if (!m.topic) out.push('topic is empty');
  if (!/^topic(\[\d+\])?$/.test(m.tagFrom) && !isValidPath(m.tagFrom)) out.push(`tagFrom '${m.tagFrom}' is not topic[n] or a JSON path`);
  const level = /^topic\[(\d+)\]$/.exec(m.tagFrom);
  if (level && Number(level[1]) >= m.topic.split('/').length && !m.topic.endsWith('#')) out.push(`tagFrom '${m.tagFrom}' is beyond the topic filter`);
  for (const k of ['valuePath', 'timePath', 'qualityPath'] as const) {
    const p = m[k];
    if (p !== undefined && !isValidPath(p)) out.push(`${k} '${p}' is not a JSON path`);
  }
  return out;
}

/**
 * Turns one message into a reading, or names why it cannot. A present but non-numeric value is
 * passed on unchanged (the rule engine reports it as a sensor fault); numeric strings become numbers.
 */
export function mapMqttMessage(m: MqttTopicMapping, topic: string, payload: Buffer, receivedAt: Date): Reading | MqttMappingIssue {
  const text = payload.toString('utf8').trim();
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    // Some gateways publish a bare number; anything else is not ours to guess at.
    if (m.valuePath !== '' || !/^-?\d+(\.\d+)?([eE][-+]?\d+)?$/.test(text)) return 'not_json';
    body = Number(text);
  }
  const level = /^topic(?:\[(\d+)\])?$/.exec(m.tagFrom);
  const rawTag = level ? (level[1] === undefined ? topic : topic.split('/')[Number(level[1])]) : valueAtPath(body, m.tagFrom);
  if ((typeof rawTag !== 'string' && typeof rawTag !== 'number') || rawTag === '') return 'no_tag';
  const raw = valueAtPath(body, m.valuePath);
  if (raw === undefined || (typeof raw === 'object' && raw !== null)) return 'no_value';
  const value = typeof raw === 'string' && raw.trim() !== '' && Number.isFinite(Number(raw)) ? Number(raw) : raw;
  let sourceTime = receivedAt;
  if (m.timePath) {
    const t = toTime(valueAtPath(body, m.timePath));
    if (!t) return 'bad_time';
    sourceTime = t;
  }
  let quality: Quality = 'good';
  if (m.qualityPath) {
    const q = valueAtPath(body, m.qualityPath);
    const key = String(q).toLowerCase();
    quality = m.qualityValues?.[key] ?? QUALITY_WORDS[key] ?? 'uncertain';
  }
  return { tagId: `${m.tagPrefix ?? ''}${rawTag}`, value, quality, sourceTime };
}

/** ISO strings, or epoch numbers: seconds below 1e11 (until year 5138), milliseconds above. */
function toTime(v: unknown): Date | null {
  let d: Date;
  if (typeof v === 'number' && Number.isFinite(v)) d = new Date(v < 1e11 ? v * 1000 : v);
  else if (typeof v === 'string' && /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}/.test(v)) d = new Date(v);
  else return null;
  return Number.isNaN(d.getTime()) ? null : d;
}
