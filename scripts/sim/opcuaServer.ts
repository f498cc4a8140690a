/**
 * In-process OPC UA server standing in for a plant DCS, for tests, the demo and the benchmark.
 * Tags live in the server's own namespace (ns=1) as Double variables under one "DCS" object; scripted
 * scenarios move them (noise, drift, spike, sensor fault, restart) on a fixed tick.
 */
import os from 'node:os';
import path from 'node:path';
import { DataType, OPCUACertificateManager, OPCUAServer, StatusCode, StatusCodes, UAVariable } from 'node-opcua';

/** One simulated tag. `nodeId` is the identifier part in ns=1, e.g. 's=GT-101.PPM'. */
export interface SimTag {
  nodeId: string;
  browseName: string;
  initial: number;
  unit?: string;
}

/**
 * A scripted behaviour. Times are milliseconds after start() (or after play()); a missing nodeId means every tag.
 * - noise: ±amplitude around the base value on each tick (seeded, reproducible)
 * - drift: the base value moves by ratePerSecond
 * - spike: the value jumps to `value` for durationMs
 * - sensor_fault: the variable reports BadSensorFailure for durationMs
 * - restart: the server goes away for downMs and comes back on the same port
 */
export type SimScenario =
  | { kind: 'noise'; amplitude: number; nodeId?: string }
  | { kind: 'drift'; ratePerSecond: number; nodeId?: string }
  | { kind: 'spike'; value: number; atMs: number; durationMs: number; nodeId?: string }
  | { kind: 'sensor_fault'; atMs: number; durationMs: number; nodeId?: string }
  | { kind: 'restart'; atMs: number; downMs: number };

/** Start-up options. */
export interface SimOpcuaOptions {
  port: number;
  tags: SimTag[];
  scenario?: SimScenario[];
  /** Scenario tick (default 1000 ms, i.e. 1 Hz per tag). */
  tickMs?: number;
  /** Where the server keeps its PKI (default: a folder under the OS temp dir, never ~/.config). */
  pkiFolder?: string;
  resourcePath?: string;
  /** Seed of the noise generator (default 1). */
  seed?: number;
}

/** A running simulated DCS. */
export interface SimOpcuaServer {
  endpointUrl: string;
  /** The full NodeId string a client subscribes to, e.g. 'ns=1;s=GT-101.PPM'. */
  nodeIdOf(nodeId: string): string;
  /** Sets the base value and publishes it with Good status now. */
  setValue(nodeId: string, value: number): void;
  /** Publishes a Bad status (default BadSensorFailure) keeping the last value, until the next setValue. */
  setBad(nodeId: string, status?: StatusCode): void;
  /** Current base value. */
  value(nodeId: string): number;
  /** Shuts down and comes back on the same port after downMs (default 1000). */
  restart(downMs?: number): Promise<void>;
  /** Starts more scenarios, their `atMs` counted from now. */
  play(scenarios: SimScenario[]): void;
  /** True while the server is down during a restart. */
  isDown(): boolean;
  stop(): Promise<void>;
}

/** Starts the simulated DCS and resolves when clients can connect. */
export async function start(opts: SimOpcuaOptions): Promise<SimOpcuaServer> {
  const resourcePath = opts.resourcePath ?? '/UA/DCS';
  const pki = opts.pkiFolder ?? path.join(os.tmpdir(), 'anquan-sim-opcua-pki');
  const base = new Map(opts.tags.map((t) => [t.nodeId, t.initial]));
  const faultUntil = new Map<string, number>();
  let rng = opts.seed ?? 1;
  // Park–Miller: reproducible noise without Math.random.
  const random = () => (rng = (rng * 48271) % 2147483647) / 2147483647;
  let server: OPCUAServer | null = null;
  let variables = new Map<string, UAVariable>();
  let down = false;
  let stopped = false;
  const fired = new Set<SimScenario>();

  const boot = async () => {
    const s = new OPCUAServer({
      port: opts.port,
      resourcePath,
      allowAnonymous: true,
      // Clients (and tests) dial 127.0.0.1; advertise it so endpoint matching does not warn.
      alternateHostname: ['127.0.0.1'],
      serverCertificateManager: new OPCUACertificateManager({ rootFolder: path.join(pki, 'server'), automaticallyAcceptUnknownCertificate: true }),
      userCertificateManager: new OPCUACertificateManager({ rootFolder: path.join(pki, 'user'), automaticallyAcceptUnknownCertificate: true }),
    });
    await s.initialize();
    const addressSpace = s.engine.addressSpace;
    if (!addressSpace) throw new Error('OPC UA sim: address space missing after initialize()');
    const ns = addressSpace.getOwnNamespace();
    const dcs = ns.addObject({ organizedBy: addressSpace.rootFolder.objects, browseName: 'DCS' });
    const vars = new Map<string, UAVariable>();
    for (const tag of opts.tags) {
      const v = ns.addVariable({
        componentOf: dcs,
        nodeId: tag.nodeId,
        browseName: tag.browseName,
        dataType: 'Double',
        // Without it node-opcua forces 1000 ms sampling (NODE-OPCUA-W30).
        minimumSamplingInterval: 50,
        description: tag.unit,
      });
      v.setValueFromSource({ dataType: DataType.Double, value: base.get(tag.nodeId) as number });
      vars.set(tag.nodeId, v);
    }
    await s.start();
    server = s;
    variables = vars;
  };

  const publish = (nodeId: string, value: number, status: StatusCode = StatusCodes.Good) => {
    const v = variables.get(nodeId);
    if (!v || down) return;
    v.setValueFromSource({ dataType: DataType.Double, value }, status, new Date());
  };

  const targets = (nodeId?: string) => (nodeId ? [nodeId] : opts.tags.map((t) => t.nodeId));

  const restart = async (downMs = 1000) => {
    if (down || stopped) return;
    down = true;
    await server?.shutdown(0);
    server = null;
    await new Promise((r) => setTimeout(r, downMs));
    if (!stopped) await boot();
    down = false;
  };

  /** Every scenario with the wall-clock time its `atMs` counts from. */
  const playing: { sc: SimScenario; from: number }[] = [];
  const affected = new Set<string>();
  const manualBad = new Map<string, StatusCode>();
  let timer: NodeJS.Timeout | null = null;

  const tick = () => {
    if (down) return;
    const nowMs = Date.now();
    const dt = (opts.tickMs ?? 1000) / 1000;
    for (const { sc, from } of playing) {
      if (sc.kind === 'restart' && nowMs - from >= sc.atMs && !fired.has(sc)) {
        fired.add(sc);
        void restart(sc.downMs);
        return;
      }
    }
    // Drift moves the base first; noise and spikes then decorate it for this tick only.
    for (const { sc } of playing) if (sc.kind === 'drift') for (const id of targets(sc.nodeId)) base.set(id, (base.get(id) ?? 0) + sc.ratePerSecond * dt);
    const current = new Map(base);
    for (const { sc, from } of playing) {
      const elapsed = nowMs - from;
      if (sc.kind === 'restart' || sc.kind === 'drift') continue;
      const ids = targets(sc.nodeId);
      if (sc.kind === 'noise') for (const id of ids) current.set(id, (base.get(id) ?? 0) + (random() - 0.5) * 2 * sc.amplitude);
      if (sc.kind === 'spike' && elapsed >= sc.atMs && elapsed < sc.atMs + sc.durationMs) for (const id of ids) current.set(id, sc.value);
      if (sc.kind === 'sensor_fault' && elapsed >= sc.atMs && !fired.has(sc)) {
        fired.add(sc);
        for (const id of ids) faultUntil.set(id, nowMs + sc.durationMs);
      }
    }
    for (const id of affected) {
      const bad = (faultUntil.get(id) ?? 0) > nowMs;
      publish(id, current.get(id) as number, manualBad.get(id) ?? (bad ? StatusCodes.BadSensorFailure : StatusCodes.Good));
    }
  };

  const play = (scenarios: SimScenario[]) => {
    const from = Date.now();
    for (const sc of scenarios) {
      playing.push({ sc, from });
      if (sc.kind !== 'restart') for (const id of targets(sc.nodeId)) affected.add(id);
    }
    if (!timer && playing.length) timer = setInterval(tick, opts.tickMs ?? 1000);
  };

  await boot();
  play(opts.scenario ?? []);

  return {
    endpointUrl: `opc.tcp://127.0.0.1:${opts.port}${resourcePath}`,
    nodeIdOf: (nodeId) => `ns=1;${nodeId}`,
    setValue(nodeId, value) {
      if (!base.has(nodeId)) throw new RangeError(`OPC UA sim: unknown tag ${nodeId}`);
      base.set(nodeId, value);
      faultUntil.delete(nodeId);
      manualBad.delete(nodeId);
      publish(nodeId, value);
    },
    setBad(nodeId, status = StatusCodes.BadSensorFailure) {
      if (!base.has(nodeId)) throw new RangeError(`OPC UA sim: unknown tag ${nodeId}`);
      manualBad.set(nodeId, status);
      publish(nodeId, base.get(nodeId) as number, status);
    },
    value: (nodeId) => base.get(nodeId) ?? NaN,
    restart,
    play,
    isDown: () => down,
    async stop() {
      stopped = true;
      if (timer) clearInterval(timer);
      await server?.shutdown(0);
      server = null;
    },
  };
}
