/**
 * Local weather-warning feed for tests and the demo. Serves
 * - GET /cap/feed.atom        Atom index of the current CAP documents (alerts, updates, cancels)
 * - GET /cap/alerts/<id>.xml  one CAP 1.2 document
 * - GET /cap/latest.xml       the newest CAP document alone
 * - GET /json/warning         the active warnings in QWeather `/v7/warning/now` shape
 * Warnings are added, updated and cancelled from code; failures can be injected.
 */
import http from 'node:http';
import { AddressInfo } from 'node:net';

/** A CAP alert to publish; everything but the event has a demo default. */
export interface SimCapAlert {
  identifier: string;
  event: string;
  sender?: string;
  sent?: Date;
  status?: 'Actual' | 'Exercise' | 'Test';
  msgType?: 'Alert' | 'Update' | 'Cancel';
  references?: string[];
  level?: 'blue' | 'yellow' | 'orange' | 'red';
  urgency?: string;
  certainty?: string;
  onset?: Date;
  expires?: Date;
  headline?: string;
  description?: string;
  areaDesc?: string;
  /** Administrative division code (GB/T 2260). */
  geocode?: string;
}

/** How the feed misbehaves: an HTTP status, a truncated document, or nothing. */
export type CapFeedFailure = { status: number } | 'malformed' | null;

/** A running feed. */
export interface CapFeed {
  url: string;
  port: number;
  /** Publishes a new alert. */
  add(alert: SimCapAlert): SimCapAlert;
  /** Publishes an Update replacing `oldId` (the old one leaves the index and the JSON list). */
  update(oldId: string, next: SimCapAlert): SimCapAlert;
  /** Publishes a Cancel for `id` and withdraws it. */
  cancel(id: string, cancelId?: string): SimCapAlert;
  /** Withdraws an alert silently (a JSON API simply stops listing it). */
  remove(id: string): void;
  fail(failure: CapFeedFailure): void;
  /** Requests served so far, by path. */
  requests: string[];
  stop(): Promise<void>;
}

const SEVERITY = { blue: 'Minor', yellow: 'Moderate', orange: 'Severe', red: 'Extreme' } as const;
const COLOUR_ZH = { blue: '蓝色', yellow: '黄色', orange: '橙色', red: '红色' } as const;

/** Serialises a CAP 1.2 alert (China profile: level as a 预警级别 parameter, GB/T 2260 geocode). */
export function buildCapXml(a: SimCapAlert): string {
  const sent = a.sent ?? new Date();
  const e = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  const el = (name: string, v: string | undefined) => (v === undefined ? '' : `<${name}>${e(v)}</${name}>`);
  const iso = (d: Date | undefined) => (d ? d.toISOString().replace(/\.\d{3}Z$/, '+00:00') : undefined);
  const refs = (a.references ?? []).map((id) => `${a.sender ?? 'sim'},${id},${iso(sent)}`).join(' ');
  const info =
    a.msgType === 'Cancel'
      ? ''
      : `<info>${el('language', 'zh-CN')}${el('category', 'Met')}${el('event', a.event)}${el('urgency', a.urgency ?? 'Expected')}` +
        `${el('severity', a.level ? SEVERITY[a.level] : 'Unknown')}${el('certainty', a.certainty ?? 'Likely')}` +
        `${el('onset', iso(a.onset ?? sent))}${el('expires', iso(a.expires))}` +
        `${el('headline', a.headline ?? `${a.sender ?? '模拟气象台'}发布${a.event}${a.level ? COLOUR_ZH[a.level] : ''}预警信号`)}` +
        `${el('description', a.description)}` +
        (a.level ? `<parameter><valueName>预警级别</valueName><value>${COLOUR_ZH[a.level]}</value></parameter>` : '') +
        `<area>${el('areaDesc', a.areaDesc ?? '模拟区')}<geocode><valueName>GB/T 2260</valueName><value>${e(a.geocode ?? '320115')}</value></geocode></area></info>`;
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n<alert xmlns="urn:oasis:names:tc:emergency:cap:1.2">` +
    `${el('identifier', a.identifier)}${el('sender', a.sender ?? '模拟气象台')}${el('sent', iso(sent))}${el('status', a.status ?? 'Actual')}` +
    `${el('msgType', a.msgType ?? 'Alert')}<scope>Public</scope>${refs ? el('references', refs) : ''}${info}</alert>`
  );
}

/** Starts the feed on 127.0.0.1 (port 0 = any free port). */
export async function start(opts: { port?: number; alerts?: SimCapAlert[] } = {}): Promise<CapFeed> {
  const docs: SimCapAlert[] = [];
  const active = new Map<string, SimCapAlert>();
  const requests: string[] = [];
  let failure: CapFeedFailure = null;

  const publish = (a: SimCapAlert) => {
    const withSent = { ...a, sent: a.sent ?? new Date() };
    docs.push(withSent);
    if ((withSent.msgType ?? 'Alert') !== 'Cancel') active.set(withSent.identifier, withSent);
    for (const ref of withSent.references ?? []) active.delete(ref);
    return withSent;
  };
  for (const a of opts.alerts ?? []) publish(a);

  const server = http.createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    requests.push(path);
    if (failure && typeof failure === 'object') {
      res.writeHead(failure.status).end('failure injected');
      return;
    }
    const send = (type: string, body: string) => {
      res.writeHead(200, { 'content-type': `${type}; charset=utf-8` });
      res.end(failure === 'malformed' ? body.slice(0, Math.floor(body.length / 2)) : body);
    };
    const m = /^\/cap\/alerts\/(.+)\.xml$/.exec(path);
    if (path === '/cap/feed.atom') send('application/atom+xml', atom(docs, base()));
    else if (path === '/cap/latest.xml' && docs.length) send('application/cap+xml', buildCapXml(docs[docs.length - 1]));
    else if (m && docs.some((d) => d.identifier === decodeURIComponent(m[1]))) send('application/cap+xml', buildCapXml(docs.find((d) => d.identifier === decodeURIComponent(m[1])) as SimCapAlert));
    else if (path === '/json/warning') send('application/json', JSON.stringify(qweather([...active.values()])));
    else res.writeHead(404).end('not found');
  });
  await new Promise<void>((resolve) => server.listen(opts.port ?? 0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  const base = () => `http://127.0.0.1:${port}`;

  return {
    url: base(),
    port,
    requests,
    add: (a) => publish(a),
    update: (oldId, next) => publish({ ...next, msgType: 'Update', references: [oldId] }),
    cancel: (id, cancelId) => publish({ identifier: cancelId ?? `${id}-cancel`, event: '', msgType: 'Cancel', references: [id] }),
    remove: (id) => void active.delete(id),
    fail: (f) => {
      failure = f;
    },
    stop: () => new Promise<void>((resolve, reject) => server.close((err) => (err ? reject(err) : resolve()))),
  };
}

function atom(docs: SimCapAlert[], base: string): string {
  const entries = docs
    .map((d) => `<entry><id>urn:sim:${d.identifier}</id><title>${d.identifier}</title><updated>${(d.sent as Date).toISOString()}</updated>` +
      `<link rel="alternate" type="application/cap+xml" href="/cap/alerts/${encodeURIComponent(d.identifier)}.xml"/></entry>`)
    .join('');
  return `<?xml version="1.0" encoding="UTF-8"?><feed xmlns="http://www.w3.org/2005/Atom"><id>${base}/cap/feed.atom</id><title>sim CAP feed</title>${entries}</feed>`;
}

function qweather(alerts: SimCapAlert[]) {
  const t = (d: Date | undefined) => (d ? d.toISOString().replace(/:\d{2}\.\d{3}Z$/, '+00:00') : '');
  return {
    code: '200',
    warning: alerts.map((a) => ({
      id: a.identifier, sender: a.sender ?? '模拟气象台', pubTime: t(a.sent), title: a.headline ?? `${a.event}预警`, startTime: t(a.onset ?? a.sent),
      endTime: t(a.expires), status: (a.msgType ?? 'Alert') === 'Update' ? 'update' : 'active', severity: a.level ? SEVERITY[a.level] : 'Unknown',
      severityColor: a.level ? a.level[0].toUpperCase() + a.level.slice(1) : '', type: '', typeName: a.event, urgency: '', certainty: '',
      text: a.description ?? '', related: (a.references ?? []).join(','),
    })),
  };
}
