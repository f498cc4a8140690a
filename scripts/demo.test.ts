import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import axios from 'axios';
import { freePort } from './lib/freePort';

jest.setTimeout(240_000);

/** `npm run demo` as a newcomer runs it: within a minute of start-up, alarm and weather cards and held permits. */
describe('npm run demo', () => {
  let child: ChildProcess | null = null;
  const dir = mkdtempSync(join(tmpdir(), 'anquan-demo-test-'));
  let output = '';

  afterAll(async () => {
    if (child && child.exitCode === null) {
      child.kill('SIGTERM');
      await new Promise((r) => child?.once('exit', r));
    }
    rmSync(dir, { recursive: true, force: true });
  });


  async function until<T>(what: string, ms: number, probe: () => Promise<T | null | undefined | false>): Promise<T> {
    const end = Date.now() + ms;
    while (Date.now() < end) {
      const v = await probe().catch(() => null);
      if (v) return v;
      if (child?.exitCode !== null) throw new Error(`the demo exited (${child?.exitCode}) while waiting for ${what}:\n${output}`);
      await new Promise((r) => setTimeout(r, 1000));
    }
    throw new Error(`timed out waiting for ${what}; demo output:\n${output}`);
  }

  it('shows a DCS alarm card, a weather evacuation card and held permits in the Sandbox', async () => {
    const port = await freePort();
    child = spawn(process.execPath, ['--require', 'tsx/cjs', join(__dirname, 'demo.ts'), '--port', String(port), '--data', join(dir, 'data')], {
      cwd: join(__dirname, '..'), env: { ...process.env, HOME: dir, LOG_LEVEL: 'warn' }, stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
    const base = `http://127.0.0.1:${port}`;
    await until('the server', 120_000, async () => output.includes('server at '));
    const started = Date.now();

    const people = (await axios.get(`${base}/sandbox/api/people`)).data.plants[0].people as Array<{ id: string; key: string }>;
    const tokenOf = async (key: string) => {
      const person = people.find((p) => p.key === key);
      const r = await axios.post(`${base}/sandbox/api/session`, { plantId: 'jiangning-fine-chem', personId: person?.id });
      return { Authorization: `Bearer ${r.data.token as string}` };
    };
    const cardsOf = async (headers: Record<string, string>, kind: string) =>
      ((await axios.get(`${base}/sandbox/api/poll?after=0`, { headers })).data.messages as Array<{ kind: string; body: { kind?: string; title?: string } }>)
        .filter((m) => m.kind === 'card' && m.body.kind === kind);

    const liqiang = await tokenOf('liqiang');
    const alarmCard = await until('李强\'s R-101 alarm card', 90_000, async () => (await cardsOf(liqiang, 'alarm.card'))[0]);
    expect(alarmCard.body.title).toContain('R-101');
    const wu = await tokenOf('wuxiuying');
    await until('吴秀英\'s evacuation card (thunderstorm warning)', 90_000, async () => (await cardsOf(wu, 'alarm.evacuation')).length > 0);
    // Both seeded permits are held: one by the R-101 alarm, one by the warning.
    const safety = await tokenOf('zhaolei');
    const held = await until('two held permits', 30_000, async () => {
      const list = (await axios.get(`${base}/api/permits?status=suspended`, { headers: safety })).data.permits as Array<{ holds: Array<{ reason: string }> }>;
      return list.length >= 2 && list;
    });
    const reasons = held.flatMap((p) => p.holds.map((h) => h.reason)).join(' | ');
    expect(reasons).toContain('气象预警');
    expect(reasons).toContain('R-101');
    // The demo's own log says the same (it polls every 2 s).
    await until('the demo log lines', 10_000, async () =>
      /alarm BJ-\d{8}-\d{4} .*: active, 1 permit\(s\) held/.test(output) && /weather 雷电.*: active, 1 permit\(s\) held/.test(output));
    process.stdout.write(`demo: alarm card, evacuation card and two held permits ${Math.round((Date.now() - started) / 1000)} s after the server was up\n`);
  });
});
