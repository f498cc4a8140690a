import axios, { AxiosInstance } from 'axios';
import { SignalLogger, SourceState } from '../../domains/alarms/alarmTypes';
import { Warning } from '../../domains/alarms/weatherTypes';
import { atomCapEntries } from './atomLinks';
import { CapParseError, parseCapWarning } from './capParser';
import { JsonWeatherMapping, mapJsonWarnings } from './jsonWeatherMapping';

/** Settings of one weather feed. */
export interface WeatherPollerOptions {
  url: string;
  /** 'cap': a CAP alert or an Atom index of CAP alerts; 'json': a commercial API through `mapping`. */
  format: 'cap' | 'json';
  mapping?: JsonWeatherMapping;
  intervalMs: number;
  timeoutMs?: number;
  headers?: Record<string, string>;
  /**
   * A warning that vanishes from the list is reported as cancelled (default true for json: APIs
   * such as QWeather drop ended warnings instead of sending a Cancel).
   */
  cancelOnDisappear?: boolean;
  /** Receives each new warning once; Cancel messages arrive as msgType 'Cancel'. A throw = retried next poll. */
  onWarning: (warning: Warning) => void | Promise<void>;
  logger: SignalLogger;
  /** Injected HTTP client (tests); default a fresh axios instance. */
  http?: AxiosInstance;
  /** Clock for synthesized cancels (default `() => new Date()`). */
  now?: () => Date;
}

/** Counters for /metrics. */
export interface WeatherPollerCounters {
  polls: number;
  pollErrors: number;
  parseErrors: number;
  handlerErrors: number;
  warnings: number;
  cancels: number;
  duplicates: number;
}

/** Feed health for /readyz. */
export interface WeatherPollerStatus {
  state: SourceState;
  lastSuccessAt: Date | null;
  lastError: string | null;
  consecutiveFailures: number;
}

/** A running poller. */
export interface WeatherPoller {
  /** Polls once, then keeps polling every intervalMs. Resolves after the first attempt, even if it failed. */
  start(): Promise<void>;
  /** Stops the timer and waits for a poll in flight. */
  stop(): Promise<void>;
  /** One poll now (tests, manual refresh). Never throws. */
  pollOnce(): Promise<void>;
  status(): WeatherPollerStatus;
  counters(): WeatherPollerCounters;
}

const SEEN_LIMIT = 5000;

/** Creates a weather feed poller (axios GET, dedupe by identifier, errors logged and counted). */
export function createWeatherPoller(opts: WeatherPollerOptions): WeatherPoller {
  if (opts.format === 'json' && !opts.mapping) throw new RangeError('weather poller: format json needs a mapping');
  const http = opts.http ?? axios.create();
  const now = opts.now ?? (() => new Date());
  const log = opts.logger;
  const counters: WeatherPollerCounters = { polls: 0, pollErrors: 0, parseErrors: 0, handlerErrors: 0, warnings: 0, cancels: 0, duplicates: 0 };
  const status: WeatherPollerStatus = { state: 'connecting', lastSuccessAt: null, lastError: null, consecutiveFailures: 0 };
  const seen = new Map<string, true>();
  const seenDocs = new Map<string, true>();
  let present: Set<string> | null = null;
  let timer: NodeJS.Timeout | null = null;
  let inFlight: Promise<void> | null = null;
  let stopped = true;

  const remember = (map: Map<string, true>, key: string) => {
    map.set(key, true);
    if (map.size > SEEN_LIMIT) map.delete(map.keys().next().value as string);
  };

  const get = async (url: string): Promise<string> => {
    const res = await http.get<string>(url, {
      timeout: opts.timeoutMs ?? 10_000,
      responseType: 'text',
      headers: opts.headers,
      maxContentLength: 5_000_000,
      transformResponse: (d: unknown) => d,
    });
    return typeof res.data === 'string' ? res.data : String(res.data);
  };

  /** Hands one warning over; true when it was delivered (or was a duplicate). */
  const deliver = async (w: Warning): Promise<boolean> => {
    if (seen.has(w.identifier)) {
      counters.duplicates++;
      return true;
    }
    try {
      await opts.onWarning(w);
    } catch (err) {
      counters.handlerErrors++;
      log.error({ err, identifier: w.identifier, url: opts.url }, 'weather warning handler failed; will retry on the next poll');
      return false;
    }
    remember(seen, w.identifier);
    if (w.msgType === 'Cancel') counters.cancels++;
    else counters.warnings++;
    return true;
  };

  const parseError = (err: unknown, url: string) => {
    counters.parseErrors++;
    const code = err instanceof CapParseError ? err.code : 'unknown';
    log.warn({ err, code, url }, 'weather feed returned a document we cannot use');
  };

  const pollCap = async () => {
    const body = await get(opts.url);
    if (!/<feed[\s>]/.test(body.slice(0, 2000))) {
      try {
        await deliver(parseCapWarning(body));
      } catch (err) {
        parseError(err, opts.url);
      }
      return;
    }
    let entries;
    try {
      entries = atomCapEntries(body);
    } catch (err) {
      parseError(err, opts.url);
      return;
    }
    for (const entry of entries) {
      if (seenDocs.has(entry.id)) continue;
      const href = new URL(entry.href, opts.url).toString();
      const doc = await get(href);
      let warning: Warning;
      try {
        warning = parseCapWarning(doc);
      } catch (err) {
        // A broken document would fail the same way on every poll: report it once.
        parseError(err, href);
        remember(seenDocs, entry.id);
        continue;
      }
      if (await deliver(warning)) remember(seenDocs, entry.id);
    }
  };

  const pollJson = async () => {
    const text = await get(opts.url);
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch (err) {
      parseError(err, opts.url);
      return;
    }
    const { warnings, issues } = mapJsonWarnings(body, opts.mapping as JsonWeatherMapping);
    for (const issue of issues) parseError(new Error(`${issue.code} ${issue.field} (item ${issue.index})`), opts.url);
    for (const w of warnings) await deliver(w);
    const ids = new Set(warnings.filter((w) => w.msgType !== 'Cancel').map((w) => w.identifier));
    if (present && (opts.cancelOnDisappear ?? true)) {
      const gone = [...present].filter((id) => !ids.has(id) && !warnings.some((w) => w.references.includes(id)));
      for (const id of gone) await deliver(vanished(id, opts.mapping as JsonWeatherMapping, now()));
    }
    present = ids;
  };

  const pollOnce = async () => {
    counters.polls++;
    try {
      await (opts.format === 'cap' ? pollCap() : pollJson());
      status.state = 'up';
      status.lastSuccessAt = now();
      status.lastError = null;
      status.consecutiveFailures = 0;
    } catch (err) {
      counters.pollErrors++;
      status.consecutiveFailures++;
      status.state = 'down';
      status.lastError = err instanceof Error ? err.message : String(err);
      log.warn({ err: status.lastError, url: opts.url, failures: status.consecutiveFailures }, 'weather feed poll failed');
    }
  };

  const loop = () => {
    if (stopped) return;
    inFlight = pollOnce().finally(() => {
      inFlight = null;
      if (!stopped) timer = setTimeout(loop, opts.intervalMs);
    });
  };

  return {
    async start() {
      if (!stopped) return;
      stopped = false;
      loop();
      await inFlight;
    },
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      timer = null;
      await inFlight;
    },
    pollOnce: () => pollOnce(),
    status: () => ({ ...status }),
    counters: () => ({ ...counters }),
  };
}

/** A synthesized Cancel for a warning that disappeared from a JSON feed. */
function vanished(identifier: string, mapping: JsonWeatherMapping, at: Date): Warning {
  return {
    identifier: `${identifier}#vanished`, sender: mapping.defaultSender ?? 'json-weather', sent: at, status: mapping.status ?? 'Actual',
    msgType: 'Cancel', references: [identifier], event: '', eventType: null, level: null, beaufort: null, urgency: null, severity: null,
    certainty: null, onset: null, expires: null, headline: null, description: null, eventCodes: [], parameters: [], areas: [], source: 'json',
  };
}
