import { z } from 'zod';

/**
 * Small value schemas shared by the plant file schema: keys, colours, datums, coordinates,
 * geofences and calendar values. Input aliases (红/橙/黄/蓝, `gcj02`) are normalised here so the
 * rest of the system sees one spelling.
 */

/** A config key: stable id of an entity inside its plant (`tank_farm`, `team_leader`, `zhangwei`). */
export const KeySchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9_-]{0,63}$/, 'must be 1-64 lowercase letters, digits, "_" or "-", e.g. tank_farm');

/** A display name (Chinese by default). */
export const NameSchema = z.string().trim().min(1, 'must not be empty').max(100, 'must be at most 100 characters');

/** The NAME of an environment variable holding a secret; the secret itself never sits in a plant file. */
export const EnvNameSchema = z
  .string()
  .regex(
    /^[A-Z][A-Z0-9_]{1,127}$/,
    'must be the NAME of an environment variable (e.g. WECOM_ROBOT_KEY_PLANT), never the secret itself',
  );

/** Locales the message catalogue speaks. */
export const LOCALES = ['zh-CN', 'en'] as const;
/** One supported locale. */
export type Locale = (typeof LOCALES)[number];
/** A supported locale. */
export const LocaleSchema = z.enum(LOCALES, { error: `must be one of ${LOCALES.join(', ')}` });

/** Whether the runtime knows this IANA time zone. */
export function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

/** An IANA time zone name, checked against the runtime's Intl data. */
export const TimeZoneSchema = z
  .string()
  .refine(isTimeZone, { error: (iss) => `unknown time zone '${String(iss.input)}' (use an IANA name such as Asia/Shanghai)` });

/** The four colours of the 安全风险四色分布图 (red = major risk … blue = low risk). */
export const RISK_COLORS = ['red', 'orange', 'yellow', 'blue'] as const;
/** One risk colour. */
export type RiskColor = (typeof RISK_COLORS)[number];
const COLOR_ALIASES: Record<string, RiskColor> = {
  红: 'red', 红色: 'red', 橙: 'orange', 橙色: 'orange', 黄: 'yellow', 黄色: 'yellow', 蓝: 'blue', 蓝色: 'blue',
};
/** Risk colour; accepts 红/橙/黄/蓝 (and 红色 …) as input and outputs the English word. */
export const RiskColorSchema = z.preprocess(
  (v) => (typeof v === 'string' ? (COLOR_ALIASES[v.trim()] ?? v.trim().toLowerCase()) : v),
  z.enum(RISK_COLORS, { error: 'must be one of red, orange, yellow, blue (or 红, 橙, 黄, 蓝)' }),
);

/** Coordinate datums in use in China: GPS, the national "Mars" datum (Tencent/AMap/WeCom), Baidu. */
export const DATUMS = ['WGS-84', 'GCJ-02', 'BD-09'] as const;
/** One coordinate datum. */
export type Datum = (typeof DATUMS)[number];
/** Coordinate datum; `wgs84`, `gcj02`, `bd09` are accepted spellings. */
export const DatumSchema = z.preprocess(
  (v) => {
    if (typeof v !== 'string') return v;
    const compact = v.replace(/[-_\s]/g, '').toUpperCase();
    return DATUMS.find((d) => d.replace('-', '') === compact) ?? v;
  },
  z.enum(DATUMS, { error: 'must be one of WGS-84, GCJ-02, BD-09' }),
);

/** `[longitude, latitude]` in degrees; the order is GeoJSON's, and swapping it fails the latitude range. */
export const LngLatSchema = z.tuple([
  z.number().min(-180, 'longitude must be within ±180').max(180, 'longitude must be within ±180'),
  z
    .number()
    .min(-90, 'latitude must be within ±90 (points are [longitude, latitude])')
    .max(90, 'latitude must be within ±90 (points are [longitude, latitude])'),
]);

/** Twice the signed area of a ring in degree units: zero means every point is on one line. */
function ringArea2(points: ReadonlyArray<readonly [number, number]>): number {
  let sum = 0;
  for (let i = 0; i < points.length; i++) {
    const [x1, y1] = points[i];
    const [x2, y2] = points[(i + 1) % points.length];
    sum += x1 * y2 - x2 * y1;
  }
  return sum;
}

const PolygonSchema = z
  .strictObject({
    type: z.literal('polygon'),
    points: z.array(LngLatSchema).min(3, 'a polygon needs at least 3 points'),
  })
  .superRefine((g, ctx) => {
    const distinct = new Set(g.points.map((p) => `${p[0]},${p[1]}`));
    if (distinct.size < 3) {
      ctx.addIssue({ code: 'custom', path: ['points'], message: 'a polygon needs at least 3 distinct points' });
    } else if (Math.abs(ringArea2(g.points)) < 1e-14) {
      ctx.addIssue({ code: 'custom', path: ['points'], message: 'the polygon has no area (all points on one line)' });
    }
  });

const CircleSchema = z.strictObject({
  type: z.literal('circle'),
  center: LngLatSchema,
  radiusM: z.number().positive('must be a positive number of metres').max(100_000, 'must be at most 100000 m'),
});

/** Where an area is: a polygon (closing point optional) or a centre and radius in metres. */
export const GeofenceSchema = z.discriminatedUnion('type', [PolygonSchema, CircleSchema], {
  error: (iss) => (iss.code === 'invalid_union' ? "geofence.type must be 'polygon' or 'circle'" : undefined),
});
/** A validated geofence. */
export type Geofence = z.output<typeof GeofenceSchema>;

/** Wall-clock time `HH:MM` (24 h). */
export const ClockTimeSchema = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be HH:MM (24-hour), e.g. 20:00');

const DAY_MS = 86_400_000;

/** Parses `YYYY-MM-DD` as a UTC day number, or undefined when it is not a real date. */
function dayNumber(s: string): number | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) return undefined;
  const t = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  return new Date(t).toISOString().slice(0, 10) === s ? t / DAY_MS : undefined;
}

/** A calendar date `YYYY-MM-DD` (plant-local). */
export const DateSchema = z.string().refine((s) => dayNumber(s) !== undefined, 'must be a real date YYYY-MM-DD');

/**
 * A list of dates where an entry may also be a range `2026-10-01..2026-10-07`; the output is the
 * sorted list of single days, so consumers never parse ranges.
 */
export const DateListSchema = z
  .array(
    z.string().refine((s) => {
      const [a, b, extra] = s.split('..');
      if (extra !== undefined) return false;
      const from = dayNumber(a);
      const to = b === undefined ? from : dayNumber(b);
      return from !== undefined && to !== undefined && to >= from && to - from <= 366;
    }, 'must be YYYY-MM-DD or a range YYYY-MM-DD..YYYY-MM-DD (start ≤ end, at most a year)'),
  )
  .transform((items) => {
    const days = new Set<string>();
    for (const item of items) {
      const [a, b] = item.split('..');
      const from = dayNumber(a) as number;
      const to = b === undefined ? from : (dayNumber(b) as number);
      for (let d = from; d <= to; d++) days.add(new Date(d * DAY_MS).toISOString().slice(0, 10));
    }
    return [...days].sort();
  });
