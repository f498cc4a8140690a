import { z } from 'zod';
import { WORK_TYPES } from '../../domains/permits/permitModel';
import { EnvNameSchema, KeySchema, NameSchema } from './plantPrimitives';

/**
 * The optional `dcs` and `weather` sections of a plant file: where live signals come from (OPC UA
 * endpoints, MQTT brokers, a weather feed), which rules judge them, who is told and what happens to
 * the permits they endanger. Cross-references are checked by `checkDcsReferences`.
 */

/** A plant-wide tag id (位号 plus measured quantity), e.g. `R-101.TI` or `GT-301`. */
export const TagIdSchema = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9_.:/-]{0,79}$/, 'must be 1-80 letters, digits or "_ . : / -", e.g. R-101.TI');

const SEVERITIES = ['low', 'medium', 'high', 'critical'] as const;
const Seconds = z.number().nonnegative('must be 0 or more seconds').max(86_400, 'must be at most 86400 seconds (a day)');
const Minutes = z.number().positive('must be a positive number of minutes').max(10_080, 'must be at most a week');

/** What every tag says about itself: where it is and what it measures. */
const TagFields = {
  tagId: TagIdSchema,
  /** Human label in cards (`1号反应釜温度`); defaults to the tag id. */
  name: NameSchema.optional(),
  /** The unit (装置) the tag belongs to; its area follows from the unit. */
  unitKey: KeySchema.optional(),
  /** The area, for tags outside any unit (a gas detector in the tank farm). */
  areaKey: KeySchema.optional(),
  /** Unit of measure shown with values (`℃`, `%LEL`, `ppm`, `m/s`). */
  uom: z.string().trim().min(1).max(16).optional(),
};

/** A tag fed by an MQTT broker (the topic mapping produces its id). */
export const DcsTagSchema = z.strictObject(TagFields);

/** A tag read from an OPC UA server. */
export const OpcuaTagSchema = z.strictObject({
  ...TagFields,
  /** Full NodeId, e.g. `ns=2;s=R101.TI.PV`. */
  nodeId: z.string().trim().min(3).max(512),
  /** Server-side sampling period in ms (default 1000). */
  samplingIntervalMs: z.number().int().min(10).max(3_600_000).optional(),
  /** Samples the server queues between publishes (default 10). */
  queueSize: z.number().int().min(1).max(1000).optional(),
});

/** One OPC UA server (one session and one subscription). */
export const OpcuaEndpointSchema = z.strictObject({
  id: KeySchema,
  url: z.string().regex(/^opc\.tcp:\/\/[^\s/]+(:\d+)?(\/\S*)?$/, 'must be an opc.tcp:// URL, e.g. opc.tcp://10.0.0.5:4840/UA/DCS'),
  publishingIntervalMs: z.number().int().min(50).max(60_000).optional(),
  tags: z.array(OpcuaTagSchema).min(1, 'an endpoint needs at least one tag'),
});

/** How messages on one topic filter become readings (see integrations/mqtt/mqttPayloadMapping.ts). */
export const MqttTopicSchema = z.strictObject({
  topic: z.string().trim().min(1).max(256),
  tagFrom: z.string().min(1).max(128),
  tagPrefix: z.string().max(64).optional(),
  valuePath: z.string().max(128),
  timePath: z.string().min(1).max(128).optional(),
  qualityPath: z.string().min(1).max(128).optional(),
  qualityValues: z.record(z.string(), z.enum(['good', 'bad', 'uncertain'])).optional(),
  qos: z.literal([0, 1, 2]).optional(),
});

/** One MQTT broker with its topic mappings and the tags it is expected to deliver. */
export const MqttBrokerSchema = z.strictObject({
  id: KeySchema,
  url: z.string().regex(/^(mqtts?|wss?):\/\/\S+$/, 'must be an mqtt://, mqtts://, ws:// or wss:// URL'),
  clientId: z.string().trim().min(1).max(64).optional(),
  /** Env var names holding the credentials (never the credentials themselves). */
  usernameRef: EnvNameSchema.optional(),
  passwordRef: EnvNameSchema.optional(),
  topics: z.array(MqttTopicSchema).min(1, 'a broker needs at least one topic mapping'),
  /** Tags this broker delivers: rules may only reference declared tags (wildcard topics name them at run time). */
  tags: z.array(DcsTagSchema).min(1, 'declare the tags this broker delivers'),
});

const RuleCommon = {
  id: KeySchema,
  tagId: TagIdSchema,
  severity: z.enum(SEVERITIES, { error: `must be one of ${SEVERITIES.join(', ')}` }),
  /** The condition must hold this long before the alarm is raised (`for 120 s`). */
  sustainSeconds: Seconds.optional(),
  /** Hysteresis: how far back inside the limit counts as normal again. */
  deadband: z.number().nonnegative().optional(),
  /** The value must stay normal this long before the alarm clears. */
  clearSeconds: Seconds.optional(),
  /** Label in cards; defaults to the tag's name. */
  label: NameSchema.optional(),
  /** Overrides the tag's place (rare: a portable detector). */
  areaKey: KeySchema.optional(),
  unitKey: KeySchema.optional(),
  /** Hold approved/active permits in the unit (or area) and block new applications there (default true). */
  holdPermits: z.boolean().default(true),
  /** Open a hazard (of this level-3 category) when the alarm is still active this many minutes after it was raised. */
  hazard: z.strictObject({ afterMinutes: Minutes, categoryKey: KeySchema }).optional(),
};

/** One alarm rule (high/low limit, deviation from setpoint, rate of change). */
export const DcsRuleSchema = z.discriminatedUnion(
  'kind',
  [
    z.strictObject({ ...RuleCommon, kind: z.literal('high'), limit: z.number() }),
    z.strictObject({ ...RuleCommon, kind: z.literal('low'), limit: z.number() }),
    z.strictObject({
      ...RuleCommon,
      kind: z.literal('deviation'),
      setpoint: z.number(),
      deviation: z.number().positive('must be a positive deviation'),
      direction: z.enum(['both', 'up', 'down']).optional(),
    }),
    z.strictObject({
      ...RuleCommon,
      kind: z.literal('rate'),
      ratePerMinute: z.number().positive('must be a positive rate per minute'),
      windowSeconds: z.number().positive().max(3600),
      direction: z.enum(['both', 'up', 'down']).optional(),
    }),
  ],
  { error: (iss) => (iss.code === 'invalid_union' ? "kind must be 'high', 'low', 'deviation' or 'rate'" : undefined) },
);

/** Who gets the alarm cards of an area: holders of these roles (in the area's department first) and named people. */
export const ResponsibleSchema = z.strictObject({
  areaKey: KeySchema,
  roles: z.array(KeySchema).default([]),
  people: z.array(KeySchema).default([]),
});

/** Unacknowledged alarms climb this chain of roles, one step per period. */
export const AlarmEscalationSchema = z.strictObject({
  afterMinutes: Minutes.default(10),
  everyMinutes: Minutes.optional(),
  chain: z.array(KeySchema).min(1, 'name at least one role to escalate to'),
});

/** The `dcs` section. */
export const DcsSectionSchema = z.strictObject({
  opcua: z.array(OpcuaEndpointSchema).default([]),
  mqtt: z.array(MqttBrokerSchema).default([]),
  rules: z.array(DcsRuleSchema).default([]),
  responsible: z.array(ResponsibleSchema).default([]),
  escalation: AlarmEscalationSchema.optional(),
  /** Alarm storm: beyond `maxCardsPerPerson` cards in `windowSeconds`, a person gets one digest card per window. */
  storm: z
    .strictObject({ maxCardsPerPerson: z.number().int().min(1).max(1000).default(5), windowSeconds: z.number().int().min(5).max(3600).default(60) })
    .default({ maxCardsPerPerson: 5, windowSeconds: 60 }),
  /** Minutes of trend in cards and evidence. */
  trendMinutes: z.number().int().min(1).max(60).default(10),
  /** Treat OPC UA "uncertain" quality as a sensor fault. */
  uncertainIsFault: z.boolean().default(false),
  /** Demo/test only (applied when DEMO_PROFILE=1): alarm durations shrink so a minute passes in this many seconds. */
  demoProfile: z.strictObject({ secondsPerMinute: z.number().positive().max(60) }).optional(),
});

/** Weather event keys understood by the rules (see domains/alarms/weatherTypes.ts), plus `*` and `wind`. */
export const WEATHER_EVENT_TYPES = [
  '*', 'wind', 'gale', 'thunderstorm_gale', 'thunderstorm', 'lightning', 'rainstorm', 'snowstorm', 'fog', 'haze', 'typhoon',
  'hail', 'heat', 'cold_wave', 'frost', 'road_icing', 'freezing_rain_snow', 'forest_fire', 'air_pollution', 'severe_convection',
  'tornado', 'sandstorm', 'drought',
] as const;
const LEVELS = ['blue', 'yellow', 'orange', 'red'] as const;
const LevelSchema = z.enum(LEVELS, { error: 'must be one of blue, yellow, orange, red' });
const WorkTypeSchema = z.enum(WORK_TYPES, { error: `must be a permit type: ${WORK_TYPES.join(', ')}` });

/** One weather rule: event type + colour, or wind force → stop/raise permit types. */
export const WeatherRuleSchema = z
  .strictObject({
    id: KeySchema,
    eventTypes: z.array(z.enum(WEATHER_EVENT_TYPES, { error: `must be one of ${WEATHER_EVENT_TYPES.join(', ')}` })).optional(),
    minLevel: LevelSchema.optional(),
    minBeaufort: z.number().int().min(0).max(17).optional(),
    actions: z.strictObject({
      stopTypes: z.array(WorkTypeSchema).default([]),
      // Only hot work has a weather upgrade (GB 30871 5.2.15); other levels follow physical facts.
      raiseLevel: z.array(z.literal('HOT', { error: 'only hot work (HOT) is raised a level by weather (GB 30871 5.2.15)' })).default([]),
      outdoorOnly: z.boolean().default(true),
      evacuate: z.boolean().default(false),
    }),
  })
  .superRefine((r, ctx) => {
    if (!r.eventTypes?.length && r.minBeaufort === undefined) {
      ctx.addIssue({ code: 'custom', path: ['eventTypes'], message: 'a weather rule needs eventTypes or minBeaufort' });
    }
    if (!r.actions.stopTypes.length && !r.actions.raiseLevel.length && !r.actions.evacuate) {
      ctx.addIssue({ code: 'custom', path: ['actions'], message: 'a weather rule must stop, raise or evacuate something' });
    }
  });

/** The weather feed: CAP 1.2 (single alert or Atom index) or a JSON API through a mapping. */
export const WeatherFeedSchema = z
  .strictObject({
    url: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }),
    format: z.enum(['cap', 'json']),
    /** 'qweather' = the built-in QWeather /v7/warning/now mapping (json only). */
    mapping: z.literal('qweather').optional(),
    intervalSeconds: z.number().int().min(5).max(86_400).default(300),
    timeoutSeconds: z.number().int().min(1).max(120).default(10),
    /** Env var holding an API key, sent in `apiKeyHeader`. */
    apiKeyRef: EnvNameSchema.optional(),
    apiKeyHeader: z.string().regex(/^[A-Za-z0-9-]{1,64}$/).default('X-QW-Api-Key'),
  })
  .superRefine((f, ctx) => {
    if (f.format === 'json' && !f.mapping) ctx.addIssue({ code: 'custom', path: ['mapping'], message: "a json feed needs a mapping (e.g. 'qweather')" });
  });

/** The `weather` section. */
export const WeatherSectionSchema = z.strictObject({
  feed: WeatherFeedSchema.optional(),
  /** GB/T 2260 division codes of the plant (district, e.g. '320115'). */
  regionCodes: z.array(z.string().regex(/^\d{6,12}$/, 'must be a 6-12 digit division code (GB/T 2260)')).min(1),
  areaNames: z.array(NameSchema).default([]),
  acceptStatuses: z.array(z.enum(['Actual', 'Exercise', 'System', 'Test', 'Draft'])).default(['Actual']),
  galeBeaufortByLevel: z.partialRecord(LevelSchema, z.number().int().min(0).max(17)).optional(),
  rules: z.array(WeatherRuleSchema).min(1, 'name at least one weather rule'),
  /** A DCS/MQTT tag measuring wind speed (m/s) that feeds the same rules. */
  windTagId: TagIdSchema.optional(),
  /** A lower wind must last this long before its restrictions are lifted. */
  calmMinutes: Minutes.default(10),
  /** Groups that get weather notices; default: plant-wide groups and groups of outdoor areas. */
  notifyGroups: z.array(KeySchema).optional(),
});

/** A validated `dcs` section. */
export type DcsSection = z.output<typeof DcsSectionSchema>;
/** A validated `weather` section. */
export type WeatherSection = z.output<typeof WeatherSectionSchema>;
/** One configured alarm rule. */
export type DcsRule = z.output<typeof DcsRuleSchema>;
/** One configured tag (either source). */
export type DcsTag = z.output<typeof DcsTagSchema> & { nodeId?: string };
