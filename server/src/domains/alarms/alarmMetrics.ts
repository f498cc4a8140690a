import { Counter, Gauge, Histogram, Registry } from 'prom-client';

/** One labelled cumulative value read from a source's own counters. */
export type Sample = [labels: Record<string, string>, value: number];

/**
 * A Prometheus counter fed from counters kept elsewhere (engine, sources). On each scrape it adds
 * what grew since the last one; a source that restarted from 0 (leadership moved) counts afresh.
 */
function mirroredCounter(registry: Registry, name: string, help: string, labelNames: string[], read: () => Sample[]): Counter<string> {
  const last = new Map<string, number>();
  return new Counter({
    name,
    help,
    labelNames,
    registers: [registry],
    collect() {
      for (const [labels, value] of read()) {
        const key = JSON.stringify(labels);
        const before = last.get(key) ?? 0;
        const delta = value >= before ? value - before : value;
        last.set(key, value);
        if (delta > 0) this.inc(labels, delta);
      }
    },
  });
}

/** Where the mirrored counters and gauges read from (the leader's runtimes in this process). */
export interface AlarmMetricSources {
  readings(): Sample[];
  rejected(): Sample[];
  sensorFaults(): Sample[];
  alarmsRaised(): Sample[];
  sourceEvents(): Sample[];
  sourceUp(): Sample[];
  weatherFeed(): Sample[];
  queueDepth(): Sample[];
}

/** The capability's metrics at /metrics (registered on the server's registry). */
export class AlarmMetrics {
  /** From the reading that completed an alarm to its card being built for the messenger. */
  readonly cardLatency: Histogram<string>;
  readonly commandSeconds: Histogram<string>;
  readonly transitions: Counter<string>;
  readonly weatherWarnings: Counter<string>;

  constructor(registry: Registry, src: AlarmMetricSources) {
    this.cardLatency = new Histogram({
      name: 'anquan_alarm_card_latency_seconds',
      help: 'Reading that completed an alarm → alarm card handed to the messenger',
      buckets: [0.01, 0.02, 0.03, 0.05, 0.075, 0.1, 0.15, 0.2, 0.3, 0.5, 0.75, 1, 2, 5],
      registers: [registry],
    });
    this.commandSeconds = new Histogram({
      name: 'anquan_alarm_command_seconds',
      help: 'Duration of alarm/weather transactions by kind',
      labelNames: ['kind'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers: [registry],
    });
    this.transitions = new Counter({ name: 'anquan_alarm_transitions_total', help: 'Alarm lifecycle transitions stored', labelNames: ['kind'], registers: [registry] });
    this.weatherWarnings = new Counter({ name: 'anquan_weather_warnings_total', help: 'Weather warnings by outcome', labelNames: ['outcome'], registers: [registry] });
    mirroredCounter(registry, 'anquan_dcs_readings_total', 'Readings judged by the rule engine', ['plant'], src.readings);
    mirroredCounter(registry, 'anquan_dcs_rejected_readings_total', 'Readings dropped, by reason (out of order, not a number, bad payload ...)', ['plant', 'source', 'reason'], src.rejected);
    mirroredCounter(registry, 'anquan_dcs_sensor_faults_total', 'Sensor fault episodes (bad quality or non-numeric values)', ['plant'], src.sensorFaults);
    mirroredCounter(registry, 'anquan_dcs_alarms_raised_total', 'Alarms raised by the rule engine', ['plant'], src.alarmsRaised);
    mirroredCounter(registry, 'anquan_dcs_source_events_total', 'OPC UA / MQTT / weather source events (connects, losses, notifications ...)', ['source', 'event'], src.sourceEvents);
    mirroredCounter(registry, 'anquan_weather_feed_events_total', 'Weather feed polls, errors and warnings', ['plant', 'event'], src.weatherFeed);
    const gauge = (name: string, help: string, labelNames: string[], read: () => Sample[]) =>
      new Gauge({
        name, help, labelNames, registers: [registry],
        collect() {
          this.reset();
          for (const [labels, value] of read()) this.set(labels, value);
        },
      });
    gauge('anquan_dcs_source_up', '1 when an OPC UA endpoint / MQTT broker / weather feed is connected', ['source', 'kind'], src.sourceUp);
    gauge('anquan_alarm_queue_depth', 'Alarm and weather events waiting for their transaction', ['plant'], src.queueDepth);
  }
}
