/**
 * One access token per app, cached until shortly before `expires_in`, with at most one gettoken in
 * flight: WeCom rate-limits gettoken (doc 91039), so concurrent callers share the same promise.
 */

/** What gettoken returned. */
export interface FetchedToken {
  accessToken: string;
  expiresInSeconds: number;
}

/** Settings of a token cache. */
export interface WecomTokenCacheOptions {
  /** Calls gettoken; throws on failure (the error reaches every waiting caller). */
  fetchToken: () => Promise<FetchedToken>;
  /** Clock, injectable for tests. */
  now?: () => Date;
  /** Refresh this long before expiry (capped at a tenth of the lifetime for short-lived tokens). */
  marginSeconds?: number;
}

/** Caches the app's access token and deduplicates refreshes. */
export class WecomTokenCache {
  private token: string | null = null;
  private expiresAtMs = 0;
  private inflight: Promise<string> | null = null;
  private fetches = 0;
  private readonly now: () => Date;
  private readonly marginSeconds: number;

  constructor(private readonly options: WecomTokenCacheOptions) {
    this.now = options.now ?? (() => new Date());
    this.marginSeconds = options.marginSeconds ?? 300;
  }

  /** How many times gettoken was called (for tests and metrics). */
  get fetchCount(): number {
    return this.fetches;
  }

  /** A valid token: the cached one, or the result of the single refresh in flight. */
  get(): Promise<string> {
    if (this.token !== null && this.now().getTime() < this.expiresAtMs) return Promise.resolve(this.token);
    if (this.inflight === null) {
      this.inflight = this.refresh().finally(() => {
        this.inflight = null;
      });
    }
    return this.inflight;
  }

  /**
   * Drops `token` after WeCom rejected it (40014/42001). A token other than the cached one is
   * ignored, so N callers failing with the same stale token cause one refresh, not N.
   */
  invalidate(token: string): void {
    if (this.token === token) {
      this.token = null;
      this.expiresAtMs = 0;
    }
  }

  private async refresh(): Promise<string> {
    this.fetches += 1;
    const fetched = await this.options.fetchToken();
    const lifetime = Math.max(0, fetched.expiresInSeconds);
    const margin = Math.min(this.marginSeconds, lifetime / 10);
    this.token = fetched.accessToken;
    this.expiresAtMs = this.now().getTime() + (lifetime - margin) * 1000;
    return fetched.accessToken;
  }
}
