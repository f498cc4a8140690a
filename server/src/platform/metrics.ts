import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** The process's Prometheus metrics, exposed at /metrics. */
export class Metrics {
  readonly registry = new Registry();
  readonly httpRequests = new Counter({
    name: 'anquan_http_requests_total',
    help: 'HTTP requests by method, route and status',
    labelNames: ['method', 'route', 'status'] as const,
    registers: [this.registry],
  });
  readonly httpDuration = new Histogram({
    name: 'anquan_http_request_duration_seconds',
    help: 'HTTP request duration',
    labelNames: ['method', 'route'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [this.registry],
  });
  readonly integrationUp = new Gauge({
    name: 'anquan_integration_up',
    help: '1 when an integration reports ok, 0 otherwise',
    labelNames: ['integration'] as const,
    registers: [this.registry],
  });
  readonly events = new Counter({
    name: 'anquan_events_total',
    help: 'Notable events by kind (rejected inputs, dropped readings, duplicates)',
    labelNames: ['kind'] as const,
    registers: [this.registry],
  });
  readonly deliveries = new Counter({
    name: 'anquan_deliveries_total',
    help: 'Messages handed to messengers, by platform and outcome',
    labelNames: ['platform', 'outcome'] as const,
    registers: [this.registry],
  });

  constructor(opts: { defaultMetrics?: boolean } = {}) {
    if (opts.defaultMetrics !== false) collectDefaultMetrics({ register: this.registry, prefix: 'anquan_' });
  }
}
