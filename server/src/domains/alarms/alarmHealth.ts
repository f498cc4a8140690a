import type { ComponentStatus } from '../../platform/health';
import type { AlarmMetricSources, Sample } from './alarmMetrics';
import type { PlantAlarmRuntime } from './alarmRuntime';

type Runtimes = ReadonlyMap<string, PlantAlarmRuntime>;

/**
 * /readyz entries 'opcua', 'mqtt' and 'weather'. A source being down degrades (ok: false, with the
 * reason per endpoint) but never makes the server unready: only database and jobs do.
 */
export function alarmHealth(runtimes: Runtimes, leading: () => boolean): Record<'opcua' | 'mqtt' | 'weather', () => ComponentStatus> {
  const summarize = (items: Array<{ id: string; state: string; detail: Record<string, unknown> }>): ComponentStatus => {
    if (!leading()) return { ok: true, state: 'standby' };
    if (!items.length) return { ok: true, state: 'off' };
    const allUp = items.every((i) => i.state === 'up');
    const anyUp = items.some((i) => i.state === 'up' || i.state === 'degraded');
    const starting = items.every((i) => i.state === 'connecting');
    return { ok: allUp, state: allUp ? 'up' : anyUp ? 'degraded' : starting ? 'connecting' : 'down', detail: { sources: items } };
  };
  return {
    opcua: () =>
      summarize(
        [...runtimes.entries()].flatMap(([plantId, rt]) =>
          (rt.sourceStatus().opcua?.status ?? []).map((s) => ({
            id: s.id, state: Object.keys(s.faultedTags).length && s.state === 'up' ? 'degraded' : s.state,
            detail: { plantId, url: s.url, lastError: s.lastError, faultedTags: s.faultedTags },
          })),
        ),
      ),
    mqtt: () =>
      summarize(
        [...runtimes.entries()].flatMap(([plantId, rt]) =>
          rt.sourceStatus().mqtt.map(({ status, counters }) => ({
            id: status.id, state: status.state, detail: { plantId, lastError: status.lastError, tags: status.tags, mappingErrors: counters.mappingErrors },
          })),
        ),
      ),
    weather: () =>
      summarize(
        [...runtimes.entries()].flatMap(([plantId, rt]) => {
          const w = rt.sourceStatus().weather;
          return w ? [{ id: plantId, state: w.status.state, detail: { plantId, ...w.status, parseErrors: w.counters.parseErrors } }] : [];
        }),
      ),
  };
}

/** The counters /metrics mirrors, read from the runtimes of this process. */
export function alarmMetricSources(runtimes: Runtimes): AlarmMetricSources {
  const each = (f: (plantId: string, rt: PlantAlarmRuntime) => Sample[]) => () => [...runtimes.entries()].flatMap(([id, rt]) => f(id, rt));
  return {
    readings: each((plant, rt) => [[{ plant }, rt.snapshot().counters.readings]]),
    rejected: each((plant, rt) => {
      const c = rt.snapshot().counters;
      const out: Sample[] = [
        [{ plant, source: 'engine', reason: 'out_of_order' }, c.outOfOrder],
        [{ plant, source: 'engine', reason: 'duplicate' }, c.duplicates],
        [{ plant, source: 'engine', reason: 'invalid_time' }, c.invalidTime],
        [{ plant, source: 'engine', reason: 'bad_or_not_a_number' }, c.badReadings],
        [{ plant, source: 'engine', reason: 'unknown_tag' }, c.unknownTag + rt.dropped.unknown_tag],
      ];
      for (const { status, counters } of rt.sourceStatus().mqtt) {
        for (const [reason, n] of Object.entries(counters.mappingErrors)) out.push([{ plant, source: status.id, reason }, n]);
      }
      const w = rt.sourceStatus().weather;
      if (w) out.push([{ plant, source: 'weather', reason: 'malformed_document' }, w.counters.parseErrors]);
      return out;
    }),
    sensorFaults: each((plant, rt) => [[{ plant }, rt.snapshot().counters.faultEpisodes]]),
    alarmsRaised: each((plant, rt) => [[{ plant }, rt.snapshot().counters.alarmsRaised]]),
    sourceEvents: each((_plant, rt) => {
      const s = rt.sourceStatus();
      const out: Sample[] = [];
      for (const [source, c] of Object.entries(s.opcua?.counters ?? {})) for (const [event, n] of Object.entries(c)) out.push([{ source, event }, n]);
      for (const { status, counters } of s.mqtt) {
        for (const event of ['messages', 'readings', 'handlerErrors', 'reconnects'] as const) out.push([{ source: status.id, event }, counters[event]]);
      }
      return out;
    }),
    sourceUp: each((plant, rt) => {
      const s = rt.sourceStatus();
      return [
        ...(s.opcua?.status ?? []).map((x): Sample => [{ source: x.id, kind: 'opcua' }, x.state === 'up' ? 1 : 0]),
        ...s.mqtt.map(({ status }): Sample => [{ source: status.id, kind: 'mqtt' }, status.state === 'up' ? 1 : 0]),
        ...(s.weather ? [[{ source: `${plant}:weather`, kind: 'weather' }, s.weather.status.state === 'up' ? 1 : 0] as Sample] : []),
      ];
    }),
    weatherFeed: each((plant, rt) => Object.entries(rt.sourceStatus().weather?.counters ?? {}).map(([event, n]): Sample => [{ plant, event }, n])),
    queueDepth: each((plant, rt) => [[{ plant }, rt.queueDepth]]),
  };
}
