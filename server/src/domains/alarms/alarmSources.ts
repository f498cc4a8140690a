import { join } from 'node:path';
import type { MqttSource, MqttSourceCounters, MqttSourceStatus } from '../../integrations/mqtt/mqttSource';
import { createMqttSource } from '../../integrations/mqtt/mqttSource';
import type { OpcuaEndpointCounters, OpcuaEndpointStatus, OpcuaSource } from '../../integrations/opcua/opcuaSource';
import { qweatherMapping } from '../../integrations/weather/jsonWeatherMapping';
import { createWeatherPoller, type WeatherPoller, type WeatherPollerCounters, type WeatherPollerStatus } from '../../integrations/weather/weatherPoller';
import type { AlarmPlant } from './alarmPlant';
import type { Reading, SignalLogger, SourceStatusChange } from './alarmTypes';
import type { Warning } from './weatherTypes';

/** Callbacks of the running sources. */
export interface SourceHandlers {
  onReading(r: Reading): void;
  onStatus(change: SourceStatusChange): void;
  onWarning(w: Warning): Promise<void>;
}

/** The running signal sources of one plant. */
export interface SourceSet {
  /** Connects everything in the background: a down endpoint never delays or fails start-up. */
  start(): void;
  stop(): Promise<void>;
  opcua(): { status: OpcuaEndpointStatus[]; counters: Record<string, OpcuaEndpointCounters> };
  mqtt(): Array<{ status: MqttSourceStatus; counters: MqttSourceCounters }>;
  weather(): { status: WeatherPollerStatus; counters: WeatherPollerCounters } | null;
}

/** Settings outside the plant file. */
export interface SourceOptions {
  /** DATA_DIR/pki: the OPC UA client's certificate store. */
  pkiFolder: string;
  /** Resolves secrets named by the plant file (MQTT credentials, weather API key). */
  secret(name: string): string | undefined;
  logger: SignalLogger;
  now(): Date;
}

/**
 * Builds the plant's OPC UA source (node-opcua is loaded only when an endpoint is configured: the
 * import alone costs seconds), one MQTT source per broker and the weather poller.
 */
export function createSourceSet(plant: AlarmPlant, h: SourceHandlers, o: SourceOptions): SourceSet {
  let opcua: OpcuaSource | null = null;
  let stopped = false;
  const mqtt: MqttSource[] = plant.mqtt.map((b) =>
    createMqttSource({
      id: b.id, url: b.url, clientId: b.clientId, mappings: b.mappings, logger: o.logger, now: o.now,
      username: b.usernameRef ? o.secret(b.usernameRef) : undefined,
      password: b.passwordRef ? o.secret(b.passwordRef) : undefined,
      onReading: h.onReading, onStatus: h.onStatus,
    }),
  );
  const feed = plant.weather?.feed ?? null;
  const poller: WeatherPoller | null = feed
    ? createWeatherPoller({
        url: feed.url, format: feed.format, intervalMs: feed.intervalSeconds * 1000, timeoutMs: feed.timeoutSeconds * 1000,
        mapping: feed.mapping === 'qweather' ? qweatherMapping(plant.weather?.policy.regionCodes[0] ?? '') : undefined,
        headers: feed.apiKeyRef && o.secret(feed.apiKeyRef) ? { [feed.apiKeyHeader]: o.secret(feed.apiKeyRef) as string } : undefined,
        onWarning: h.onWarning, logger: o.logger, now: o.now,
      })
    : null;

  const fail = (what: string) => (err: unknown) => o.logger.error({ err, plant: plant.plantId }, `${what} failed to start; it keeps retrying`);
  return {
    start() {
      if (plant.opcua.length) {
        void Promise.resolve()
          .then(async () => {
            if (stopped) return;
            // Loaded on demand: node-opcua costs seconds to import, and plants without OPC UA never pay it.
            // (A require, not import(): under tsx's CommonJS hook import() would bypass the TypeScript loader.)
            // eslint-disable-next-line @typescript-eslint/no-require-imports
            const { createOpcuaSource } = require('../../integrations/opcua/opcuaSource') as typeof import('../../integrations/opcua/opcuaSource');
            opcua = createOpcuaSource({ endpoints: plant.opcua, onReading: h.onReading, onStatus: h.onStatus, logger: o.logger, pkiFolder: join(o.pkiFolder, plant.plantId), now: o.now });
            await opcua.start();
          })
          .catch(fail('OPC UA source'));
      }
      for (const m of mqtt) void m.start().catch(fail('MQTT source'));
      if (poller) void poller.start().catch(fail('weather poller'));
    },
    async stop() {
      stopped = true;
      await Promise.all([opcua?.stop(), ...mqtt.map((m) => m.stop()), poller?.stop()]);
    },
    opcua: () => ({
      status: opcua?.status() ?? plant.opcua.map((ep) => ({ id: ep.id, url: ep.url, state: 'connecting' as const, lastError: null, faultedTags: {} })),
      counters: opcua?.counters() ?? {},
    }),
    mqtt: () => mqtt.map((m) => ({ status: m.status(), counters: m.counters() })),
    weather: () => (poller ? { status: poller.status(), counters: poller.counters() } : null),
  };
}
