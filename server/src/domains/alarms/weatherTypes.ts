/**
 * The one shape every weather source (CAP 1.2 feeds, commercial JSON APIs, the plant's own
 * anemometer) is normalised to before the weather rules look at it.
 */

/** China's four warning-signal colours, lowest first. */
export const WARNING_LEVELS = ['blue', 'yellow', 'orange', 'red'] as const;
/** One warning-signal colour (蓝/黄/橙/红). */
export type WarningLevel = (typeof WARNING_LEVELS)[number];

/** CAP msgType values that matter to us (Ack/Error are not warnings). */
export type WarningMsgType = 'Alert' | 'Update' | 'Cancel';

/** A CAP `valueName`/`value` pair (geocode, eventCode, parameter). */
export interface NamedValue {
  valueName: string;
  value: string;
}

/** Where a warning applies. */
export interface WarningArea {
  areaDesc: string;
  /** e.g. { valueName: 'GB/T 2260', value: '320115' } (administrative division code). */
  geocodes: NamedValue[];
}

/** What one warning says (a CAP `<info>` block carries exactly these, plus its language). */
export interface WarningInfo {
  /** The event as published (大风, 雷雨大风黄色预警, Gale...). */
  event: string;
  urgency: string | null;
  severity: string | null;
  certainty: string | null;
  onset: Date | null;
  expires: Date | null;
  headline: string | null;
  description: string | null;
  eventCodes: NamedValue[];
  parameters: NamedValue[];
  areas: WarningArea[];
}

/** A normalised weather warning. */
export interface Warning extends WarningInfo {
  /** Unique per sender; dedupe key. */
  identifier: string;
  sender: string;
  sent: Date;
  /** CAP status: 'Actual', 'Exercise', 'System', 'Test' or 'Draft'. */
  status: string;
  msgType: WarningMsgType;
  /** Identifiers of earlier warnings this one updates or cancels. */
  references: string[];
  /** Normalised event key (`gale`, `thunderstorm_gale`...), null when not recognised. */
  eventType: string | null;
  level: WarningLevel | null;
  /** Beaufort force, for wind observations and warnings that state one. */
  beaufort: number | null;
  source: 'cap' | 'json' | 'wind';
}

/**
 * Event keywords, Chinese and English. Longest first when matching, so 雷雨大风 wins over 大风
 * and 雷电.
 */
const EVENT_KEYWORDS: ReadonlyArray<[string, string]> = [
  ['雷雨大风', 'thunderstorm_gale'],
  ['雷暴大风', 'thunderstorm_gale'],
  ['低温雨雪冰冻', 'freezing_rain_snow'],
  ['道路结冰', 'road_icing'],
  ['森林火险', 'forest_fire'],
  ['空气重污染', 'air_pollution'],
  ['强对流', 'severe_convection'],
  ['龙卷风', 'tornado'],
  ['沙尘暴', 'sandstorm'],
  ['台风', 'typhoon'],
  ['暴雨', 'rainstorm'],
  ['暴雪', 'snowstorm'],
  ['寒潮', 'cold_wave'],
  ['大风', 'gale'],
  ['高温', 'heat'],
  ['干旱', 'drought'],
  ['雷电', 'lightning'],
  ['雷暴', 'thunderstorm'],
  ['冰雹', 'hail'],
  ['霜冻', 'frost'],
  ['大雾', 'fog'],
  ['霾', 'haze'],
  ['thunderstorm gale', 'thunderstorm_gale'],
  ['thunderstorm', 'thunderstorm'],
  ['lightning', 'lightning'],
  ['rainstorm', 'rainstorm'],
  ['snowstorm', 'snowstorm'],
  ['blizzard', 'snowstorm'],
  ['typhoon', 'typhoon'],
  ['gale', 'gale'],
  ['fog', 'fog'],
  ['heat', 'heat'],
  ['hail', 'hail'],
];

const LEVEL_WORDS: ReadonlyArray<[string, WarningLevel]> = [
  ['红色', 'red'],
  ['橙色', 'orange'],
  ['黄色', 'yellow'],
  ['蓝色', 'blue'],
  ['red', 'red'],
  ['orange', 'orange'],
  ['yellow', 'yellow'],
  ['blue', 'blue'],
];

/** Normalises an event name (大风, 雷雨大风黄色预警信号, Thunderstorm...) to an event key. */
export function classifyWeatherEvent(text: string): string | null {
  const lower = text.toLowerCase();
  for (const [word, key] of EVENT_KEYWORDS) if (lower.includes(word)) return key;
  return null;
}

/** Reads a colour level out of free text (黄色预警, "Orange") or returns null. */
export function levelFromText(text: string | null | undefined): WarningLevel | null {
  if (!text) return null;
  const lower = text.toLowerCase();
  for (const [word, level] of LEVEL_WORDS) if (lower.includes(word)) return level;
  return null;
}

/**
 * China's CAP profile pairs colours with CAP severities (红 Extreme, 橙 Severe, 黄 Moderate,
 * 蓝 Minor); used only when the colour is not stated anywhere else.
 */
export function levelFromSeverity(severity: string | null | undefined): WarningLevel | null {
  switch ((severity ?? '').toLowerCase()) {
    case 'extreme':
      return 'red';
    case 'severe':
      return 'orange';
    case 'moderate':
      return 'yellow';
    case 'minor':
      return 'blue';
    default:
      return null;
  }
}

/** Compares two levels; null counts below blue. */
export function levelRank(level: WarningLevel | null): number {
  return level === null ? -1 : WARNING_LEVELS.indexOf(level);
}
