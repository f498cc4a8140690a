export { freePort } from '../lib/freePort';

/** What the DCS benchmark reads from one /metrics scrape. */
export interface MetricSample {
  at: number;
  readings: number;
  rejected: number;
  alarmsRaised: number;
  cpuSeconds: number;
  rssBytes: number;
  queueDepth: number;
  loopLagP99: number;
  latencyCount: number;
  /** Cumulative histogram buckets of the card latency: [upper bound s, count]. */
  latencyBuckets: Array<[number, number]>;
  /** Same for the raise transaction (row, evidence, holds, deliveries). */
  raiseBuckets: Array<[number, number]>;
}

/** Sum of every sample of a metric whose line contains all fragments (0 when absent). */
function sum(text: string, name: string, ...fragments: string[]): number {
  let total = 0;
  for (const line of text.split('\n')) {
    if (!line.startsWith(name) || line[name.length] === '_' || !fragments.every((fr) => line.includes(fr))) continue;
    const v = Number(line.slice(line.lastIndexOf(' ') + 1));
    if (Number.isFinite(v)) total += v;
  }
  return total;
}

/** Parses the metrics the benchmark reports from a Prometheus text exposition. */
export function metric(text: string): MetricSample {
  return {
    at: Date.now(),
    readings: sum(text, 'anquan_dcs_readings_total'),
    rejected: sum(text, 'anquan_dcs_rejected_readings_total'),
    alarmsRaised: sum(text, 'anquan_dcs_alarms_raised_total'),
    cpuSeconds: sum(text, 'anquan_process_cpu_seconds_total'),
    rssBytes: sum(text, 'anquan_process_resident_memory_bytes'),
    queueDepth: sum(text, 'anquan_alarm_queue_depth'),
    loopLagP99: sum(text, 'anquan_nodejs_eventloop_lag_p99_seconds'),
    latencyCount: sum(text, 'anquan_alarm_card_latency_seconds_count'),
    latencyBuckets: buckets(text, 'anquan_alarm_card_latency_seconds_bucket'),
    raiseBuckets: buckets(text, 'anquan_alarm_command_seconds_bucket', 'kind="alarm_raised"'),
  };
}

function buckets(text: string, name: string, labels = ''): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${name}{`) || !line.includes(labels)) continue;
    const le = /le="([^"]+)"/.exec(line)?.[1];
    if (le) out.push([le === '+Inf' ? Infinity : Number(le), Number(line.slice(line.lastIndexOf(' ') + 1))]);
  }
  return out;
}

/**
 * Quantile of the observations made between two scrapes of a cumulative histogram (linear inside the
 * bucket, as Prometheus' histogram_quantile does); null without observations.
 */
export function windowQuantile(from: Array<[number, number]>, to: Array<[number, number]>, q: number): number | null {
  const delta = to.map(([le, n], i) => [le, n - (from[i]?.[1] ?? 0)] as [number, number]);
  const total = delta[delta.length - 1]?.[1] ?? 0;
  if (!total) return null;
  const rank = q * total;
  let prevLe = 0;
  let prevN = 0;
  for (const [le, n] of delta) {
    if (n >= rank) {
      if (!Number.isFinite(le)) return prevLe;
      return prevLe + ((le - prevLe) * (rank - prevN)) / Math.max(1, n - prevN);
    }
    prevLe = le;
    prevN = n;
  }
  return prevLe;
}

/** `p50 … ms, p99 … ms (n …)` of a list of milliseconds. */
export function latencyStats(ms: number[]): string {
  if (!ms.length) return 'no samples';
  const sorted = [...ms].sort((a, b) => a - b);
  const q = (p: number) => sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)];
  return `p50 ${q(0.5).toFixed(0)} ms, p99 ${q(0.99).toFixed(0)} ms (n ${ms.length})`;
}

