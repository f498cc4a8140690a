import { createHmac, hkdfSync, timingSafeEqual } from 'node:crypto';

/** Claims carried by a session token. */
export interface SessionClaims {
  /** plant id */
  p: string;
  /** person id */
  s: string;
  /** how the session was opened (sandbox, wecom, dingtalk, wechat) */
  v: string;
  /** issued at / expires at, epoch seconds */
  iat: number;
  exp: number;
}

const derived = new Map<string, Buffer>();

/**
 * Derives a purpose-bound key from the root secret, so a session key never signs a QR token.
 * Derived once per (secret, purpose): token checks sit on request paths.
 */
export function deriveKey(rootSecret: string, purpose: string): Buffer {
  const id = `${purpose}\u0000${rootSecret}`;
  let key = derived.get(id);
  if (!key) derived.set(id, (key = Buffer.from(hkdfSync('sha256', rootSecret, 'anquan', purpose, 32))));
  return key;
}

const b64 = (b: Buffer | string) => Buffer.from(b).toString('base64url');

/** Signs claims as `payload.signature` (HMAC-SHA256, base64url). */
export function signToken(key: Buffer, claims: object): string {
  const payload = b64(JSON.stringify(claims));
  const sig = createHmac('sha256', key).update(payload).digest('base64url');
  return `${payload}.${sig}`;
}

/** Verifies the signature (timing-safe) and returns the claims, or null. Expiry is the caller's check. */
export function verifyToken<T>(key: Buffer, token: string): T | null {
  const dot = token.indexOf('.');
  if (dot <= 0 || token.length > 4096) return null;
  const payload = token.slice(0, dot);
  const given = Buffer.from(token.slice(dot + 1), 'base64url');
  const expected = createHmac('sha256', key).update(payload).digest();
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  try {
    return JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as T;
  } catch {
    return null;
  }
}

/** Issues and checks the mini-program / H5 / Sandbox session tokens. */
export class SessionTokens {
  private readonly key: Buffer;
  constructor(rootSecret: string, private readonly ttlSeconds: number, private readonly now: () => Date = () => new Date()) {
    this.key = deriveKey(rootSecret, 'session');
  }

  issue(plantId: string, personId: string, via: string): { token: string; expiresAt: Date } {
    const iat = Math.floor(this.now().getTime() / 1000);
    const exp = iat + this.ttlSeconds;
    return { token: signToken(this.key, { p: plantId, s: personId, v: via, iat, exp } satisfies SessionClaims), expiresAt: new Date(exp * 1000) };
  }

  /** The claims of a valid, unexpired token; null otherwise. */
  verify(token: string): SessionClaims | null {
    const c = verifyToken<SessionClaims>(this.key, token);
    if (!c || typeof c.exp !== 'number' || typeof c.p !== 'string' || typeof c.s !== 'string') return null;
    return c.exp * 1000 > this.now().getTime() ? c : null;
  }
}
