import type { TestServer } from '../../../../testkit/testServer';
import { authAs, sessionFor } from '../../../../testkit/sandboxLogin';

/** Helpers shared by the hazard integration tests (not a test file itself). */

/** A tiny valid JPEG (magic bytes + filler): the file service sniffs the type from the bytes. */
export function jpeg(seed = 7): Buffer {
  return Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(200, seed)]);
}

/** Uploads a photo as a person through POST /api/files; returns its id. */
export async function uploadPhoto(s: TestServer, personKey: string, seed = 7): Promise<string> {
  const res = await s.http().post('/api/files').set(await authAs(s, personKey)).set('Content-Type', 'image/jpeg').send(jpeg(seed));
  if (res.status !== 201) throw new Error(`upload failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.id as string;
}

/** Person id of a demo person. */
export async function personId(s: TestServer, key: string): Promise<string> {
  return (await sessionFor(s, key)).personId;
}

/** Polls until `probe` returns a value (not undefined/false) or the timeout passes. */
export async function waitFor<T>(probe: () => Promise<T | undefined | null | false>, what: string, timeoutMs = 15_000, everyMs = 200): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v !== undefined && v !== null && v !== false) return v;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

/** A clock tests can move forward (the server reads it through deps.now). */
export class TestClock {
  private offsetMs = 0;
  /** The current test time. */
  now = (): Date => new Date(Date.now() + this.offsetMs);
  /** Moves the clock forward by hours. */
  advanceHours(h: number): void {
    this.offsetMs += h * 3_600_000;
  }
}

/** A Sandbox chat line as GET /sandbox/api/poll returns it. */
export interface SandboxLine {
  id: number;
  conversation: string;
  direction: 'in' | 'out';
  kind: string;
  body: {
    kind?: string;
    text?: string;
    title?: string;
    status?: string | null;
    finished?: boolean;
    markdown?: string;
    buttons?: Array<{ label: string; action: string | null }>;
    link?: { label: string; url: string } | null;
    selects?: Array<{ id: string; selectedIds: string[]; options: Array<{ id: string }> }>;
    submit?: { action: string } | null;
    fields?: Array<{ label: string; value: string }>;
  };
}

let clientSeq = 0;
const clientId = () => `t${Date.now().toString(36)}${(clientSeq++).toString(36).padStart(4, '0')}`;

/** Drives the Sandbox API as one person, like the Sandbox page does. */
export class SandboxUser {
  constructor(
    private readonly s: TestServer,
    readonly key: string,
  ) {}

  private async auth() {
    return authAs(this.s, this.key);
  }

  /** Every line the person can see (their chat and the plant's Sandbox groups). */
  async lines(): Promise<SandboxLine[]> {
    const res = await this.s.http().get('/sandbox/api/poll?after=0').set(await this.auth());
    if (res.status !== 200) throw new Error(`poll ${res.status}`);
    return res.body.messages as SandboxLine[];
  }

  /** Lines of the person's own chat with the bot. */
  async dm(): Promise<SandboxLine[]> {
    const me = await personId(this.s, this.key);
    return (await this.lines()).filter((l) => l.conversation === `dm:${me}`);
  }

  /** Sends a text line. */
  async say(text: string): Promise<void> {
    const res = await this.s.http().post('/sandbox/api/messages').set(await this.auth()).send({ kind: 'text', clientId: clientId(), text });
    if (res.status !== 202) throw new Error(`say ${res.status} ${JSON.stringify(res.body)}`);
  }

  /** Uploads and sends a photo; returns the file id. */
  async photo(seed = 5): Promise<string> {
    const up = await this.s.http().post('/sandbox/api/upload').set(await this.auth()).set('Content-Type', 'image/jpeg').send(jpeg(seed));
    if (up.status !== 201) throw new Error(`upload ${up.status}`);
    const res = await this.s.http().post('/sandbox/api/messages').set(await this.auth()).send({ kind: 'image', clientId: clientId(), fileId: up.body.id });
    if (res.status !== 202) throw new Error(`photo ${res.status}`);
    return up.body.id as string;
  }

  /** Shares a location. */
  async location(lng: number, lat: number, datum: 'WGS-84' | 'GCJ-02' | 'BD-09'): Promise<void> {
    await this.s.http().post('/sandbox/api/messages').set(await this.auth()).send({ kind: 'location', clientId: clientId(), lat, lng, datum }).expect(202);
  }

  /** Waits for a card of `kind` in the person's chat matching `where`. */
  async card(kind: string, where: (l: SandboxLine) => boolean = () => true, timeoutMs = 15_000): Promise<SandboxLine> {
    return waitFor(async () => (await this.dm()).find((l) => l.kind === 'card' && l.body.kind === kind && where(l)), `${this.key}: card ${kind}`, timeoutMs);
  }

  /** Waits for a bot text containing `part`. */
  async text(part: string, timeoutMs = 15_000): Promise<SandboxLine> {
    return waitFor(async () => (await this.dm()).find((l) => l.direction === 'out' && l.kind === 'text' && (l.body.text ?? '').includes(part)), `${this.key}: text "${part}"`, timeoutMs);
  }

  /** Clicks the button with this label (or the submit of a select card when label is 'submit'). */
  async click(line: SandboxLine, label: string, selections?: Record<string, string[]>): Promise<void> {
    const action = label === 'submit' ? line.body.submit?.action : line.body.buttons?.find((b) => b.label === label)?.action;
    if (!action) throw new Error(`${this.key}: no "${label}" on card ${line.body.kind}: ${JSON.stringify(line.body.buttons)}`);
    const res = await this.s.http().post('/sandbox/api/actions').set(await this.auth()).send({ clientId: clientId(), messageId: line.id, action, selections });
    if (res.status !== 202) throw new Error(`click ${res.status} ${JSON.stringify(res.body)}`);
  }
}
