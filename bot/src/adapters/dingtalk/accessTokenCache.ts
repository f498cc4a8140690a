/** A fetched token and its lifetime in seconds (`expireIn` of /v1.0/oauth2/accessToken). */
export interface FetchedToken {
  token: string;
  expiresInSec: number;
}

/**
 * Caches an app access token with ONE fetch in flight at a time: concurrent callers during a
 * refresh share the same promise, because DingTalk rate-limits the token endpoint per app.
 * The token is refreshed `marginSec` before it expires.
 */
export class AccessTokenCache {
  private cached?: { token: string; expiresAtMs: number };
  private pending?: Promise<string>;

  constructor(
    private readonly fetchToken: () => Promise<FetchedToken>,
    private readonly nowMs: () => number = Date.now,
    private readonly marginSec = 300,
  ) {}

  /** A valid token, fetching one if needed. */
  get(): Promise<string> {
    if (this.cached && this.nowMs() < this.cached.expiresAtMs) return Promise.resolve(this.cached.token);
    if (!this.pending) {
      this.pending = this.fetchToken()
        .then((t) => {
          // A short-lived token (tests, demo peers) still gets half its life before refresh.
          const margin = Math.min(this.marginSec, t.expiresInSec / 2);
          this.cached = { token: t.token, expiresAtMs: this.nowMs() + (t.expiresInSec - margin) * 1000 };
          return t.token;
        })
        .finally(() => {
          this.pending = undefined;
        });
    }
    return this.pending;
  }

  /**
   * Drops `token` after DingTalk refused it. Only that exact token is dropped, so a caller holding
   * a stale token cannot throw away the fresh one another caller has just fetched.
   */
  invalidate(token: string): void {
    if (this.cached?.token === token) this.cached = undefined;
  }
}
