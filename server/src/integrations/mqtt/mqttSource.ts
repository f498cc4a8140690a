import mqtt, { MqttClient } from 'mqtt';
import { Reading, SignalLogger, SourceState, SourceStatusChange } from '../../domains/alarms/alarmTypes';
import { mapMqttMessage, mappingProblems, MqttMappingIssue, MqttTopicMapping, topicMatches } from './mqttPayloadMapping';

/** Settings of one broker connection. */
export interface MqttSourceOptions {
  /** Source id in status changes and metrics (default 'mqtt'). */
  id?: string;
  /** Broker URL, e.g. 'mqtt://127.0.0.1:1883' or 'mqtts://…'. */
  url: string;
  clientId?: string;
  username?: string;
  /** Resolved secret (never from a plant file; the config layer resolves secretRef). */
  password?: string;
  mappings: MqttTopicMapping[];
  onReading: (reading: Reading) => void;
  onStatus: (change: SourceStatusChange) => void;
  logger: SignalLogger;
  /** Delay between reconnect attempts (default 2000 ms). */
  reconnectPeriodMs?: number;
  /** Connect timeout (default 5000 ms). */
  connectTimeoutMs?: number;
  /** Clock for readings without a time field (default `() => new Date()`). */
  now?: () => Date;
}

/** Counters for /metrics. */
export interface MqttSourceCounters {
  messages: number;
  readings: number;
  mappingErrors: Record<MqttMappingIssue, number>;
  handlerErrors: number;
  reconnects: number;
}

/** Health for /readyz. */
export interface MqttSourceStatus {
  id: string;
  state: SourceState;
  lastError: string | null;
  /** Tags seen so far (the set is dynamic with wildcard topics). */
  tags: number;
}

/** A running MQTT source. */
export interface MqttSource {
  /** Connects and subscribes. Resolves once connected, or after the first failure (status 'down', retrying). */
  start(): Promise<void>;
  stop(): Promise<void>;
  status(): MqttSourceStatus;
  counters(): MqttSourceCounters;
}

/** Creates an MQTT source; throws RangeError on an invalid mapping (a static config error). */
export function createMqttSource(opts: MqttSourceOptions): MqttSource {
  const problems = opts.mappings.flatMap((m, i) => mappingProblems(m).map((p) => `mappings[${i}]: ${p}`));
  if (problems.length) throw new RangeError(`invalid MQTT mapping: ${problems.join('; ')}`);
  const id = opts.id ?? 'mqtt';
  const now = opts.now ?? (() => new Date());
  const log = opts.logger;
  const counters: MqttSourceCounters = {
    messages: 0, readings: 0, handlerErrors: 0, reconnects: 0,
    mappingErrors: { not_json: 0, no_tag: 0, no_value: 0, bad_time: 0, no_mapping: 0 },
  };
  let state: SourceState = 'connecting';
  let lastError: string | null = null;
  const seenTags = new Set<string>();
  let client: MqttClient | null = null;

  const setState = (next: SourceState, reason: string) => {
    if (next === state) return;
    state = next;
    // With wildcard topics the tag set is only known from traffic: report the tags heard so far.
    opts.onStatus({ sourceId: id, state: next, stale: next !== 'up', tagIds: [...seenTags], reason });
  };

  const onMessage = (topic: string, payload: Buffer) => {
    counters.messages++;
    const mapping = opts.mappings.find((m) => topicMatches(m.topic, topic));
    const result = mapping ? mapMqttMessage(mapping, topic, payload, now()) : 'no_mapping';
    if (typeof result === 'string') {
      counters.mappingErrors[result]++;
      log.warn({ source: id, topic, issue: result, bytes: payload.length }, 'MQTT message does not match its payload mapping; dropped');
      return;
    }
    seenTags.add(result.tagId);
    counters.readings++;
    try {
      opts.onReading(result);
    } catch (err) {
      counters.handlerErrors++;
      log.error({ err, source: id, tagId: result.tagId }, 'MQTT reading handler failed');
    }
  };

  return {
    async start() {
      if (client) return;
      const c = mqtt.connect(opts.url, {
        clientId: opts.clientId ?? `anquan-${Math.random().toString(16).slice(2, 10)}`,
        username: opts.username,
        password: opts.password,
        reconnectPeriod: opts.reconnectPeriodMs ?? 2000,
        connectTimeout: opts.connectTimeoutMs ?? 5000,
        // We subscribe on every 'connect' ourselves (clean sessions), so no automatic resubscribe.
        resubscribe: false,
      });
      client = c;
      c.on('message', onMessage);
      c.on('reconnect', () => {
        counters.reconnects++;
      });
      c.on('error', (err) => {
        lastError = err.message;
        log.warn({ source: id, err: err.message }, 'MQTT client error');
      });
      c.on('close', () => setState('down', 'connection_lost'));
      await new Promise<void>((resolve) => {
        const done = () => {
          c.off('close', done);
          resolve();
        };
        c.once('close', done);
        c.on('connect', () => {
          const filters = Object.fromEntries(opts.mappings.map((m) => [m.topic, { qos: m.qos ?? 0 }]));
          c.subscribe(filters, (err) => {
            if (err) {
              lastError = err.message;
              log.error({ source: id, err: err.message }, 'MQTT subscribe failed');
            } else {
              lastError = null;
              setState('up', 'connected');
              log.info({ source: id, url: opts.url, topics: Object.keys(filters) }, 'MQTT source connected');
            }
            done();
          });
        });
      });
    },
    async stop() {
      const c = client;
      client = null;
      if (!c) return;
      c.removeAllListeners('close');
      await c.endAsync(true);
      state = 'down';
    },
    status: () => ({ id, state, lastError, tags: seenTags.size }),
    counters: () => ({ ...counters, mappingErrors: { ...counters.mappingErrors } }),
  };
}
