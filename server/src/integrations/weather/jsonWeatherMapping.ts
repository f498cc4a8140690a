import {
  NamedValue,
  Warning,
  WarningLevel,
  WarningMsgType,
  classifyWeatherEvent,
  levelFromSeverity,
  levelFromText,
} from '../../domains/alarms/weatherTypes';
import { valueAtPath } from '../mqtt/jsonPath';

/**
 * How one commercial JSON weather API maps onto our Warning. Paths use `valueAtPath` syntax.
 * Example for QWeather `/v7/warning/now`: listPath 'warning', identifier 'id', sent 'pubTime',
 * event 'typeName', level 'severityColor', msgType 'status', references 'related'.
 */
export interface JsonWeatherMapping {
  /** Path to the array of warnings ('' when the body is the array). */
  listPath: string;
  fields: {
    identifier: string;
    sent: string;
    event: string;
    sender?: string;
    level?: string;
    severity?: string;
    urgency?: string;
    certainty?: string;
    onset?: string;
    expires?: string;
    headline?: string;
    description?: string;
    msgType?: string;
    references?: string;
    /** A provider type code (QWeather `type`), looked up in `eventTypeValues`. */
    eventCode?: string;
    beaufort?: string;
  };
  /** Provider status → CAP msgType (case-insensitive keys); unmapped values count as Alert. */
  msgTypeValues?: Record<string, WarningMsgType>;
  /** Provider level values → colour; colour words (蓝色, Blue...) are recognised without it. */
  levelValues?: Record<string, WarningLevel>;
  /** Provider type codes → our event keys (`1006` → `gale`), tried before the event text. */
  eventTypeValues?: Record<string, string>;
  /** JSON APIs are queried per location: every warning is stamped with this division code. */
  regionCode: string;
  areaDesc?: string;
  /** Offset appended to times that carry none (default '+08:00'). */
  assumeOffset?: string;
  /** CAP status to stamp (default 'Actual'). */
  status?: string;
  /** Sender when the payload has none. */
  defaultSender?: string;
}

/** One item of the response that could not be mapped. */
export interface JsonMappingIssue {
  index: number;
  code: 'not_a_list' | 'missing_field' | 'invalid_value';
  field: string;
}

/** Maps a response body to warnings; unusable items are skipped and reported, never thrown. */
export function mapJsonWarnings(body: unknown, mapping: JsonWeatherMapping): { warnings: Warning[]; issues: JsonMappingIssue[] } {
  const list = valueAtPath(body, mapping.listPath);
  if (list === undefined || list === null) return { warnings: [], issues: [] };
  if (!Array.isArray(list)) return { warnings: [], issues: [{ index: -1, code: 'not_a_list', field: mapping.listPath }] };
  const warnings: Warning[] = [];
  const issues: JsonMappingIssue[] = [];
  list.forEach((item, index) => {
    const r = mapOne(item, mapping);
    if ('field' in r) issues.push({ index, ...r });
    else warnings.push(r);
  });
  return { warnings, issues };
}

function mapOne(item: unknown, m: JsonWeatherMapping): Warning | Omit<JsonMappingIssue, 'index'> {
  const f = m.fields;
  const get = (path: string | undefined): string | null => {
    if (!path) return null;
    const v = valueAtPath(item, path);
    if (typeof v === 'string') return v.trim() || null;
    return typeof v === 'number' ? String(v) : null;
  };
  const identifier = get(f.identifier);
  if (!identifier) return { code: 'missing_field', field: f.identifier };
  const event = get(f.event);
  if (!event) return { code: 'missing_field', field: f.event };
  const sentText = get(f.sent);
  if (!sentText) return { code: 'missing_field', field: f.sent };
  const offset = m.assumeOffset ?? '+08:00';
  const sent = toDate(sentText, offset);
  if (!sent) return { code: 'invalid_value', field: f.sent };
  const times: Record<'onset' | 'expires', Date | null> = { onset: null, expires: null };
  for (const key of ['onset', 'expires'] as const) {
    const text = get(f[key]);
    if (text === null) continue;
    const d = toDate(text, offset);
    if (!d) return { code: 'invalid_value', field: f[key] as string };
    times[key] = d;
  }
  const rawLevel = get(f.level);
  const severity = get(f.severity);
  const code = get(f.eventCode);
  const headline = get(f.headline);
  const rawType = get(f.msgType)?.toLowerCase();
  const msgTypes = Object.fromEntries(Object.entries(m.msgTypeValues ?? {}).map(([k, v]) => [k.toLowerCase(), v]));
  const force = Number.parseInt(get(f.beaufort) ?? '', 10);
  const eventCodes: NamedValue[] = code ? [{ valueName: 'provider', value: code }] : [];
  return {
    identifier,
    sender: get(f.sender) ?? m.defaultSender ?? 'json-weather',
    sent,
    status: m.status ?? 'Actual',
    msgType: (rawType && msgTypes[rawType]) || 'Alert',
    references: references(f.references ? valueAtPath(item, f.references) : undefined),
    event,
    eventType: (code && m.eventTypeValues?.[code]) || classifyWeatherEvent(event) || classifyWeatherEvent(headline ?? ''),
    level: (rawLevel && m.levelValues?.[rawLevel]) || levelFromText(rawLevel) || levelFromText(event) || levelFromText(headline) || levelFromSeverity(severity),
    beaufort: Number.isFinite(force) ? force : null,
    urgency: get(f.urgency),
    severity,
    certainty: get(f.certainty),
    onset: times.onset,
    expires: times.expires,
    headline,
    description: get(f.description),
    eventCodes,
    parameters: [],
    areas: [{ areaDesc: m.areaDesc ?? '', geocodes: [{ valueName: 'GB/T 2260', value: m.regionCode }] }],
    source: 'json',
  };
}

function references(v: unknown): string[] {
  if (typeof v === 'string') return v.split(/[\s,]+/).filter(Boolean);
  if (Array.isArray(v)) return v.filter((x): x is string => typeof x === 'string' && x.length > 0);
  return [];
}

/** ISO-like times; those without an offset get `offset` (providers often omit seconds too). */
function toDate(text: string, offset: string): Date | null {
  const m = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2})(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$/.exec(text);
  if (!m) return null;
  const zone = m[5] ? (m[5] === 'Z' ? 'Z' : m[5].replace(/^([+-]\d{2})(\d{2})$/, '$1:$2')) : offset;
  const d = new Date(`${m[1]}T${m[2]}${m[3] ?? ':00'}${zone}`);
  return Number.isNaN(d.getTime()) ? null : d;
}

/**
 * A ready mapping for QWeather's `/v7/warning/now` response
 * (`{code, warning: [{id, sender, pubTime, title, startTime, endTime, status, severity,
 * severityColor, type, typeName, urgency, certainty, text, related}]}`).
 */
export function qweatherMapping(regionCode: string, areaDesc = ''): JsonWeatherMapping {
  return {
    listPath: 'warning',
    fields: {
      identifier: 'id', sender: 'sender', sent: 'pubTime', event: 'typeName', level: 'severityColor', severity: 'severity',
      urgency: 'urgency', certainty: 'certainty', onset: 'startTime', expires: 'endTime', headline: 'title',
      description: 'text', msgType: 'status', references: 'related', eventCode: 'type',
    },
    msgTypeValues: { active: 'Alert', update: 'Update', cancel: 'Cancel' },
    regionCode,
    areaDesc,
  };
}
