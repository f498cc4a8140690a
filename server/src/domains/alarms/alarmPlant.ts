import type { OpcuaEndpointConfig } from '../../integrations/opcua/opcuaSource';
import type { MqttTopicMapping } from '../../integrations/mqtt/mqttPayloadMapping';
import type { DcsRule, DcsSection, WeatherSection } from '../../platform/config/dcsConfigSchema';
import type { PlantFile } from '../../platform/config/plantSchema';
import type { AlarmRule } from './alarmTypes';
import type { WeatherPolicy } from './weatherRules';

/** Where a tag is and what it measures. */
export interface TagInfo {
  tagId: string;
  label: string;
  uom: string | null;
  areaKey: string | null;
  unitKey: string | null;
  /** Endpoint or broker id. */
  sourceId: string;
}

/** A rule as the engine sees it, plus what the actions need. */
export interface RuleMeta {
  /** Engine rule (durations already scaled by the demo profile). */
  rule: AlarmRule;
  /** The rule as configured (stored with each alarm). */
  config: DcsRule;
  label: string;
  uom: string | null;
  areaKey: string | null;
  unitKey: string | null;
  holdPermits: boolean;
  hazard: { afterMs: number; categoryKey: string } | null;
}

/** One MQTT broker, ready for createMqttSource (secrets still by env name). */
export interface MqttBrokerPlan {
  id: string;
  url: string;
  clientId?: string;
  usernameRef?: string;
  passwordRef?: string;
  mappings: MqttTopicMapping[];
}

/** The weather part of a plant. */
export interface WeatherPlan {
  policy: WeatherPolicy;
  feed: WeatherSection['feed'] | null;
  windTagId: string | null;
  calmMinutes: number;
  notifyGroups: string[] | null;
}

/** Everything the alarm runtime, commands and card builders need about one plant. */
export interface AlarmPlant {
  plantId: string;
  timezone: string;
  locale: string;
  tags: Map<string, TagInfo>;
  rules: Map<string, RuleMeta>;
  engineRules: AlarmRule[];
  opcua: OpcuaEndpointConfig[];
  mqtt: MqttBrokerPlan[];
  responsible: Map<string, { roles: string[]; people: string[] }>;
  escalation: { afterMs: number; everyMs: number | null; chain: string[] } | null;
  storm: { maxCards: number; windowMs: number };
  trendMinutes: number;
  /** Readings kept per tag: enough for the trend and the longest rate window at the fastest sampling. */
  bufferCapacity: number;
  uncertainIsFault: boolean;
  weather: WeatherPlan | null;
  areas: Map<string, { name: string; outdoor: boolean; departmentKey: string | null }>;
  units: Map<string, { name: string; areaKey: string }>;
  departments: Array<{ key: string; parentKey: string | null }>;
  groups: Array<{ key: string; platform: string; areaKeys: string[] | null }>;
  admins: string[];
  /** Factor applied to configured durations (1, or the demo profile's seconds per minute / 60). */
  timeScale: number;
}

/** The subset of a plant file the alarms capability reads (the validated JSON kept in plants.config). */
export type AlarmPlantSource = Pick<PlantFile, 'id' | 'timezone' | 'locale' | 'areas' | 'units' | 'departments' | 'groups' | 'settings'> & {
  dcs?: DcsSection;
  weather?: WeatherSection;
};

/**
 * Turns a plant's `dcs`/`weather` config into the runtime plan. `demo` (env DEMO_PROFILE) applies
 * dcs.demoProfile: sustain, clear, escalation and hazard delays shrink so a minute passes in
 * `secondsPerMinute` seconds. Returns null when the plant configures neither section. Pure.
 */
export function resolveAlarmPlant(plant: AlarmPlantSource, opts: { demo: boolean }): AlarmPlant | null {
  const dcs = plant.dcs;
  const weather = plant.weather;
  if (!dcs && !weather) return null;
  const timeScale = opts.demo && dcs?.demoProfile ? dcs.demoProfile.secondsPerMinute / 60 : 1;
  const units = new Map(plant.units.map((u) => [u.key, { name: u.name, areaKey: u.areaKey }]));
  const tags = new Map<string, TagInfo>();
  const addTag = (t: { tagId: string; name?: string; uom?: string; unitKey?: string; areaKey?: string }, sourceId: string) => {
    tags.set(t.tagId, {
      tagId: t.tagId,
      label: t.name ?? t.tagId,
      uom: t.uom ?? null,
      unitKey: t.unitKey ?? null,
      areaKey: (t.unitKey ? units.get(t.unitKey)?.areaKey : undefined) ?? t.areaKey ?? null,
      sourceId,
    });
  };
  for (const ep of dcs?.opcua ?? []) for (const t of ep.tags) addTag(t, ep.id);
  for (const b of dcs?.mqtt ?? []) for (const t of b.tags) addTag(t, b.id);

  const rules = new Map<string, RuleMeta>();
  for (const r of dcs?.rules ?? []) {
    const tag = tags.get(r.tagId);
    const unitKey = r.unitKey ?? (r.areaKey ? null : (tag?.unitKey ?? null));
    const areaKey = r.areaKey ?? (r.unitKey ? (units.get(r.unitKey)?.areaKey ?? null) : (tag?.areaKey ?? null));
    const label = r.label ?? tag?.label ?? r.tagId;
    rules.set(r.id, {
      rule: engineRule(r, label, tag?.uom ?? null, timeScale),
      config: r,
      label,
      uom: tag?.uom ?? null,
      areaKey,
      unitKey,
      holdPermits: r.holdPermits,
      hazard: r.hazard ? { afterMs: r.hazard.afterMinutes * 60_000 * timeScale, categoryKey: r.hazard.categoryKey } : null,
    });
  }

  return {
    plantId: plant.id,
    timezone: plant.timezone,
    locale: plant.locale,
    tags,
    rules,
    engineRules: [...rules.values()].map((m) => m.rule),
    opcua: (dcs?.opcua ?? []).map((ep) => ({
      id: ep.id,
      url: ep.url,
      publishingIntervalMs: ep.publishingIntervalMs,
      tags: ep.tags.map((t) => ({ tagId: t.tagId, nodeId: t.nodeId, samplingIntervalMs: t.samplingIntervalMs, queueSize: t.queueSize })),
    })),
    mqtt: (dcs?.mqtt ?? []).map((b) => ({ id: b.id, url: b.url, clientId: b.clientId, usernameRef: b.usernameRef, passwordRef: b.passwordRef, mappings: b.topics })),
    responsible: new Map((dcs?.responsible ?? []).map((r) => [r.areaKey, { roles: r.roles, people: r.people }])),
    escalation: dcs?.escalation
      ? {
          afterMs: dcs.escalation.afterMinutes * 60_000 * timeScale,
          everyMs: dcs.escalation.everyMinutes !== undefined ? dcs.escalation.everyMinutes * 60_000 * timeScale : null,
          chain: dcs.escalation.chain,
        }
      : null,
    storm: { maxCards: dcs?.storm.maxCardsPerPerson ?? 5, windowMs: (dcs?.storm.windowSeconds ?? 60) * 1000 },
    trendMinutes: dcs?.trendMinutes ?? 10,
    bufferCapacity: bufferCapacity(dcs),
    uncertainIsFault: dcs?.uncertainIsFault ?? false,
    weather: weather
      ? {
          policy: {
            regionCodes: weather.regionCodes,
            areaNames: weather.areaNames,
            acceptStatuses: weather.acceptStatuses,
            galeBeaufortByLevel: weather.galeBeaufortByLevel,
            rules: weather.rules,
          },
          feed: weather.feed ?? null,
          windTagId: weather.windTagId ?? null,
          calmMinutes: weather.calmMinutes * timeScale,
          notifyGroups: weather.notifyGroups ?? null,
        }
      : null,
    areas: new Map(plant.areas.map((a) => [a.key, { name: a.name, outdoor: a.outdoor, departmentKey: a.departmentKey ?? null }])),
    units,
    departments: plant.departments.map((d) => ({ key: d.key, parentKey: d.parentKey ?? null })),
    groups: plant.groups.map((g) => ({ key: g.key, platform: g.platform, areaKeys: g.areaKeys ?? null })),
    admins: plant.settings.admins,
    timeScale,
  };
}

/**
 * Per-tag ring buffer size: the trend window (and the longest rate window) at the fastest configured
 * sampling, MQTT counted as 1 Hz; at least 120, at most 3600. Sized to need, because with thousands
 * of tags every retained point is a live object the garbage collector walks.
 */
function bufferCapacity(dcs: DcsSection | undefined): number {
  if (!dcs) return 120;
  const fastestMs = Math.min(1000, ...dcs.opcua.flatMap((ep) => ep.tags.map((t) => t.samplingIntervalMs ?? 1000)));
  const windowS = Math.max(dcs.trendMinutes * 60, ...dcs.rules.map((r) => (r.kind === 'rate' ? r.windowSeconds : 0)));
  return Math.min(3600, Math.max(120, Math.ceil((windowS * 1000) / fastestMs) + 10));
}

/** The engine's view of a configured rule; durations scaled, label and unit carried for messages. */
function engineRule(r: DcsRule, label: string, uom: string | null, scale: number): AlarmRule {
  const base = {
    id: r.id,
    tagId: r.tagId,
    severity: r.severity,
    sustainSeconds: r.sustainSeconds !== undefined ? r.sustainSeconds * scale : undefined,
    clearSeconds: r.clearSeconds !== undefined ? r.clearSeconds * scale : undefined,
    deadband: r.deadband,
    label,
    unit: uom ?? undefined,
  };
  switch (r.kind) {
    case 'high':
    case 'low':
      return { ...base, kind: r.kind, limit: r.limit };
    case 'deviation':
      return { ...base, kind: 'deviation', setpoint: r.setpoint, deviation: r.deviation, direction: r.direction };
    case 'rate':
      return { ...base, kind: 'rate', ratePerMinute: r.ratePerMinute, windowSeconds: r.windowSeconds, direction: r.direction };
  }
}
