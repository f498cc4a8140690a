import http from 'node:http';
import { performance } from 'node:perf_hooks';

/** One request of an open-loop run. */
export interface LoopRequest {
  method: 'GET' | 'POST';
  path: string;
  headers?: Record<string, string>;
  body?: string;
}

/** What an open-loop run measured. Latencies are from the scheduled send time, in ms. */
export interface LoopFigures {
  label: string;
  sent: number;
  rps: number;
  p50: number;
  p99: number;
  max: number;
  non2xx: number;
  errors: number;
}

/**
 * A fixed-rate, open-loop load generator: request i is due at t0 + i/rate and is sent then whether
 * or not earlier ones have answered, and its latency counts from that due time. autocannon's
 * `overallRate` is not this: each connection sends its whole per-second quota back to back at the
 * top of every second, so "300 req/s" there is a burst of 300 requests once a second, and its p99
 * measures the burst's queue rather than the service at a steady 300 req/s.
 */
export async function openLoop(opts: {
  label: string;
  origin: string;
  rate: number;
  durationS: number;
  /** Sockets kept alive to the server; more in flight queue in the agent (and count as latency). */
  sockets?: number;
  request: (i: number) => LoopRequest;
}): Promise<LoopFigures> {
  const url = new URL(opts.origin);
  const agent = new http.Agent({ keepAlive: true, maxSockets: opts.sockets ?? 64 });
  const total = Math.round(opts.rate * opts.durationS);
  const periodMs = 1000 / opts.rate;
  const latencies: number[] = [];
  let non2xx = 0;
  let errors = 0;
  let sent = 0;
  let done = 0;
  const t0 = performance.now();
  let finish: () => void = () => undefined;
  const finished = new Promise<void>((resolve) => (finish = resolve));

  const fire = (i: number) => {
    const due = t0 + i * periodMs;
    const r = opts.request(i);
    const req = http.request(
      { host: url.hostname, port: url.port, method: r.method, path: r.path, agent, headers: { ...(r.body ? { 'content-length': Buffer.byteLength(r.body) } : {}), ...r.headers } },
      (res) => {
        res.resume();
        res.on('end', () => {
          latencies.push(performance.now() - due);
          if ((res.statusCode ?? 0) < 200 || (res.statusCode ?? 0) >= 300) non2xx++;
          if (++done === total) finish();
        });
      },
    );
    req.on('error', () => {
      errors++;
      if (++done === total) finish();
    });
    req.end(r.body);
  };

  const tick = () => {
    const dueNow = Math.min(total, Math.floor((performance.now() - t0) / periodMs) + 1);
    while (sent < dueNow) fire(sent++);
    if (sent < total) setTimeout(tick, Math.max(0, t0 + sent * periodMs - performance.now()));
  };
  tick();
  await finished;
  const elapsedS = (performance.now() - t0) / 1000;
  agent.destroy();
  latencies.sort((a, b) => a - b);
  const at = (p: number) => Math.round(latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))] ?? NaN);
  return { label: opts.label, sent: total, rps: Math.round(total / elapsedS), p50: at(50), p99: at(99), max: Math.round(latencies[latencies.length - 1] ?? NaN), non2xx, errors };
}
