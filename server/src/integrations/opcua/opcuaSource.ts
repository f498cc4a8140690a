import path from 'node:path';
import {
  AttributeIds, ClientSubscription, ClientMonitoredItemGroup, ClientSession, coerceNodeId, DataValue, MessageSecurityMode,
  OPCUACertificateManager, OPCUAClient, SecurityPolicy, TimestampsToReturn,
} from 'node-opcua';
import { Reading, SignalLogger, SourceState, SourceStatusChange } from '../../domains/alarms/alarmTypes';
import { dataValueToReading } from './opcuaReading';

/** One DCS tag to subscribe to. */
export interface OpcuaTagConfig {
  tagId: string;
  /** Full NodeId, e.g. 'ns=2;s=GT-101.PV'. */
  nodeId: string;
  /** Server-side sampling period (default 1000 ms). */
  samplingIntervalMs?: number;
  /** Samples buffered between publishes (default 10). */
  queueSize?: number;
}

/** One OPC UA server. */
export interface OpcuaEndpointConfig {
  id: string;
  /** e.g. 'opc.tcp://10.0.0.5:4840/UA/DCS'. */
  url: string;
  tags: OpcuaTagConfig[];
  /** How often the server sends notifications (default 500 ms). */
  publishingIntervalMs?: number;
}

/** Settings of the OPC UA source. */
export interface OpcuaSourceOptions {
  endpoints: OpcuaEndpointConfig[];
  onReading: (reading: Reading) => void;
  onStatus: (change: SourceStatusChange) => void;
  logger: SignalLogger;
  /** Folder for the client's PKI (own certificate, trusted/rejected lists); never the user's home. */
  pkiFolder: string;
  /** Reconnect back-off (defaults 1000 ms doubling to 20000 ms). */
  initialDelayMs?: number;
  maxDelayMs?: number;
  /** start() waits at most this long for the first connection attempts (default 10000 ms). */
  startTimeoutMs?: number;
  now?: () => Date;
}

/** Per-endpoint health for /readyz. */
export interface OpcuaEndpointStatus {
  id: string;
  url: string;
  state: SourceState;
  lastError: string | null;
  /** Tags that cannot be read, with the reason (e.g. BadNodeIdUnknown). */
  faultedTags: Record<string, string>;
}

/** Counters for /metrics, per endpoint id. */
export interface OpcuaEndpointCounters {
  notifications: number;
  connects: number;
  connectFailures: number;
  connectionLosses: number;
  reconnections: number;
  tagFaults: number;
  handlerErrors: number;
}

/** A running OPC UA source. */
export interface OpcuaSource {
  /** Connects every endpoint. Resolves once each has connected or failed its first attempt; failures keep retrying. */
  start(): Promise<void>;
  stop(): Promise<void>;
  status(): OpcuaEndpointStatus[];
  counters(): Record<string, OpcuaEndpointCounters>;
}

/** Creates the OPC UA source: one session and one subscription per endpoint. */
export function createOpcuaSource(opts: OpcuaSourceOptions): OpcuaSource {
  const initialDelay = opts.initialDelayMs ?? 1000;
  const maxDelay = opts.maxDelayMs ?? 20_000;
  const now = opts.now ?? (() => new Date());
  // One PKI for all endpoints: the client certificate is the plant's identity towards its DCS.
  const certificateManager = new OPCUACertificateManager({ rootFolder: path.join(opts.pkiFolder, 'client'), automaticallyAcceptUnknownCertificate: true });
  const runners = opts.endpoints.map((ep) => endpointRunner(ep, opts, certificateManager, { initialDelay, maxDelay, now }));
  return {
    async start() {
      const first = Promise.all(runners.map((r) => r.start()));
      let timer: NodeJS.Timeout | undefined;
      const limit = new Promise<void>((r) => (timer = setTimeout(r, opts.startTimeoutMs ?? 10_000)));
      await Promise.race([first, limit]);
      clearTimeout(timer);
    },
    async stop() {
      await Promise.all(runners.map((r) => r.stop()));
      await certificateManager.dispose();
    },
    status: () => runners.map((r) => r.status()),
    counters: () => Object.fromEntries(runners.map((r) => [r.id, r.counters()])),
  };
}

interface Timing {
  initialDelay: number;
  maxDelay: number;
  now: () => Date;
}

function endpointRunner(ep: OpcuaEndpointConfig, opts: OpcuaSourceOptions, certificateManager: OPCUACertificateManager, timing: Timing) {
  const log = opts.logger;
  const counters: OpcuaEndpointCounters = { notifications: 0, connects: 0, connectFailures: 0, connectionLosses: 0, reconnections: 0, tagFaults: 0, handlerErrors: 0 };
  const st: OpcuaEndpointStatus = { id: ep.id, url: ep.url, state: 'connecting', lastError: null, faultedTags: {} };
  const allTags = ep.tags.map((t) => t.tagId);
  let client: OPCUAClient | null = null;
  let session: ClientSession | null = null;
  let subscription: ClientSubscription | null = null;
  let retryTimer: NodeJS.Timeout | null = null;
  let attempt = 0;
  let stopped = false;

  const healthyTags = () => allTags.filter((id) => !(id in st.faultedTags));
  const report = (state: SourceState, reason: string, tagIds = healthyTags()) => {
    st.state = state;
    opts.onStatus({ sourceId: ep.id, state, stale: state !== 'up', tagIds, reason });
  };
  const faultTag = (tagId: string, reason: string) => {
    if (st.faultedTags[tagId]) return;
    st.faultedTags[tagId] = reason;
    counters.tagFaults++;
    log.warn({ endpoint: ep.id, tagId, reason }, 'OPC UA tag cannot be monitored; check its NodeId in the plant config');
    opts.onStatus({ sourceId: ep.id, state: 'fault', stale: true, tagIds: [tagId], reason });
  };

  const monitor = async (sub: ClientSubscription) => {
    // Tags sharing sampling settings go into one group: one CreateMonitoredItems call, not one per tag.
    const groups = new Map<string, { tag: OpcuaTagConfig; nodeId: ReturnType<typeof coerceNodeId> }[]>();
    for (const tag of ep.tags) {
      let nodeId;
      try {
        nodeId = coerceNodeId(tag.nodeId);
      } catch (err) {
        faultTag(tag.tagId, 'BadNodeIdInvalid');
        log.warn({ endpoint: ep.id, tagId: tag.tagId, nodeId: tag.nodeId, err: String(err) }, 'OPC UA NodeId does not parse');
        continue;
      }
      const key = `${tag.samplingIntervalMs ?? 1000}/${tag.queueSize ?? 10}`;
      groups.set(key, [...(groups.get(key) ?? []), { tag, nodeId }]);
    }
    for (const members of groups.values()) {
      const { samplingIntervalMs = 1000, queueSize = 10 } = members[0].tag;
      const group: ClientMonitoredItemGroup = await sub.monitorItems(
        members.map((m) => ({ nodeId: m.nodeId, attributeId: AttributeIds.Value })),
        { samplingInterval: samplingIntervalMs, queueSize, discardOldest: true },
        TimestampsToReturn.Both,
      );
      group.monitoredItems.forEach((item, i) => {
        if (item.statusCode.isBad()) faultTag(members[i].tag.tagId, item.statusCode.name);
      });
      group.on('changed', (_item, dv: DataValue, index: number) => {
        const tag = members[index]?.tag;
        if (!tag) return;
        counters.notifications++;
        try {
          opts.onReading(dataValueToReading(tag.tagId, dv, timing.now()));
        } catch (err) {
          counters.handlerErrors++;
          log.error({ err, endpoint: ep.id, tagId: tag.tagId }, 'OPC UA reading handler failed');
        }
      });
    }
  };

  /** Resolves the start() waiter: connected, or the first attempt failed (node-opcua keeps retrying). */
  let settleFirst: () => void = () => undefined;
  const firstAttempt = new Promise<void>((r) => (settleFirst = r));

  const markDown = (reason: string, err?: string) => {
    if (err) st.lastError = err;
    if (st.state !== 'down') report('down', reason);
    settleFirst();
  };

  const connect = async (): Promise<void> => {
    const c = OPCUAClient.create({
      applicationName: 'Anquan',
      endpointMustExist: false,
      securityMode: MessageSecurityMode.None,
      securityPolicy: SecurityPolicy.None,
      clientCertificateManager: certificateManager,
      keepSessionAlive: true,
      requestedSessionTimeout: 60_000,
      // maxRetry -1: the first connect and every re-connection retry forever with this back-off.
      connectionStrategy: { initialDelay: timing.initialDelay, maxDelay: timing.maxDelay, maxRetry: -1, randomisationFactor: 0.1 },
    });
    client = c;
    c.on('backoff', (retry: number, delay: number) => {
      counters.connectFailures++;
      if (retry === 0 || retry % 20 === 0) log.warn({ endpoint: ep.id, url: ep.url, retry, retryInMs: delay }, 'OPC UA endpoint unreachable; retrying');
      markDown(st.state === 'connecting' || st.state === 'down' ? 'unreachable' : 'connection_lost', 'endpoint unreachable');
    });
    c.on('connection_lost', () => {
      counters.connectionLosses++;
      log.warn({ endpoint: ep.id, url: ep.url }, 'OPC UA connection lost; tags are stale until it is re-established');
      markDown('connection_lost', 'connection lost');
    });
    c.on('connection_reestablished', () => {
      counters.reconnections++;
      st.lastError = null;
      log.info({ endpoint: ep.id }, 'OPC UA connection re-established');
      report('up', 'connection_reestablished');
    });
    c.on('close', (err?: Error | null) => {
      // node-opcua gave up on this client (a close it does not repair): start over with a new one.
      if (stopped || client !== c) return;
      markDown('connection_lost', err?.message ?? 'connection closed');
      client = null;
      scheduleRetry();
    });
    try {
      await c.connect(ep.url);
      session = await c.createSession();
      subscription = await session.createSubscription2({
        requestedPublishingInterval: ep.publishingIntervalMs ?? 500,
        requestedLifetimeCount: 600,
        requestedMaxKeepAliveCount: 10,
        maxNotificationsPerPublish: 1000,
        publishingEnabled: true,
        priority: 10,
      });
      await monitor(subscription);
    } catch (err) {
      client = null;
      session = null;
      subscription = null;
      await c.disconnect().catch((e: unknown) => log.warn({ endpoint: ep.id, err: String(e) }, 'OPC UA disconnect after a failed connect failed'));
      throw err;
    }
    counters.connects++;
    attempt = 0;
    st.lastError = null;
    log.info({ endpoint: ep.id, url: ep.url, tags: ep.tags.length, faulted: Object.keys(st.faultedTags).length }, 'OPC UA endpoint connected');
    report('up', 'connected');
    settleFirst();
  };

  const scheduleRetry = () => {
    if (stopped) return;
    const delay = Math.min(timing.maxDelay, timing.initialDelay * 2 ** attempt++);
    retryTimer = setTimeout(() => void tryConnect(), delay);
  };

  /** Connect; a failure past the TCP stage (session, subscription) restarts with a fresh client. */
  const tryConnect = async (): Promise<void> => {
    if (stopped) return;
    try {
      await connect();
    } catch (err) {
      if (stopped) return;
      counters.connectFailures++;
      const msg = err instanceof Error ? err.message : String(err);
      log.warn({ endpoint: ep.id, url: ep.url, err: msg }, 'OPC UA endpoint connection failed; retrying');
      markDown('unreachable', msg);
      scheduleRetry();
    }
  };

  return {
    id: ep.id,
    start() {
      void tryConnect();
      return firstAttempt;
    },
    async stop() {
      stopped = true;
      if (retryTimer) clearTimeout(retryTimer);
      settleFirst();
      const c = client;
      client = null;
      // Closing politely needs a live channel; while down it would only wait for request timeouts.
      if (st.state === 'up') {
        try {
          await subscription?.terminate();
          await session?.close();
        } catch (err) {
          log.warn({ endpoint: ep.id, err: String(err) }, 'OPC UA session did not close cleanly');
        }
      }
      await c?.disconnect();
      subscription = null;
      session = null;
      st.state = 'down';
    },
    status: (): OpcuaEndpointStatus => ({ ...st, faultedTags: { ...st.faultedTags } }),
    counters: () => ({ ...counters }),
  };
}
