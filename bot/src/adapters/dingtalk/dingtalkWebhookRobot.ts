import { createHmac } from 'node:crypto';
import axios, { AxiosInstance } from 'axios';
import { DingtalkApiError, DingtalkThrottledError } from './dingtalkApiError';

/** A custom group robot (自定义机器人): its access token and, with 加签 security, its signing secret. */
export interface WebhookCredentials {
  accessToken: string;
  secret?: string;
}

/** What a custom robot posts (`msgtype` + its body). */
export type WebhookMessage =
  | { msgtype: 'markdown'; markdown: { title: string; text: string } }
  | { msgtype: 'text'; text: { content: string } };

/** DingTalk's limit for one custom robot: 20 messages a minute (over it: errcode 130101 and a 10-minute block). */
const PER_MINUTE = 20;

/**
 * Posts to a DingTalk custom group robot (`POST /robot/send?access_token=…[&timestamp&sign]`).
 * Groups without the app robot use one; the plant file names the env vars holding its token and
 * secret (robotKeyRef / robotSecretRef). Sends beyond 20 a minute per robot are refused here as
 * throttled (the delivery job retries later) rather than earning DingTalk's 10-minute block.
 */
export class DingtalkWebhookRobot {
  private readonly http: AxiosInstance;
  private readonly sent = new Map<string, number[]>();

  constructor(private readonly o: { oapiBaseUrl: string; http?: AxiosInstance; nowMs?: () => number }) {
    this.http = o.http ?? axios.create({ timeout: 10_000 });
  }

  /** 加签: base64(HMAC-SHA256(secret, `${timestamp}\n${secret}`)). Pure. */
  static sign(timestampMs: number, secret: string): string {
    return createHmac('sha256', secret).update(`${timestampMs}\n${secret}`).digest('base64');
  }

  private now(): number {
    return (this.o.nowMs ?? Date.now)();
  }

  /** Posts one message; throws DingtalkThrottledError over the rate limit, DingtalkApiError when refused. */
  async send(creds: WebhookCredentials, message: WebhookMessage): Promise<void> {
    const endpoint = 'POST /robot/send';
    const now = this.now();
    const recent = (this.sent.get(creds.accessToken) ?? []).filter((t) => now - t < 60_000);
    if (recent.length >= PER_MINUTE) {
      throw new DingtalkThrottledError({ code: 'local_rate_limit', message: `${PER_MINUTE} messages a minute per custom robot`, status: 0, endpoint });
    }
    const params: Record<string, string | number> = { access_token: creds.accessToken };
    if (creds.secret) {
      params.timestamp = now;
      params.sign = DingtalkWebhookRobot.sign(now, creds.secret);
    }
    let status = 0;
    let body: Record<string, unknown> = {};
    try {
      const res = await this.http.post(`${this.o.oapiBaseUrl}/robot/send`, message, { params, validateStatus: () => true, headers: { 'Content-Type': 'application/json' } });
      status = res.status;
      body = typeof res.data === 'object' && res.data !== null ? (res.data as Record<string, unknown>) : {};
    } catch (err) {
      throw new DingtalkApiError({ code: 'network_error', message: err instanceof Error ? err.message : String(err), status: 0, retryable: true, endpoint });
    }
    recent.push(now);
    this.sent.set(creds.accessToken, recent);
    const errcode = Number(body.errcode ?? (status === 200 ? 0 : -1));
    if (status === 200 && errcode === 0) return;
    const p = { code: String(errcode), message: String(body.errmsg ?? `HTTP ${status}`), status, endpoint };
    if (errcode === 130101) throw new DingtalkThrottledError(p);
    // 310000: keyword, signature or IP check failed; 300001: token invalid: fix the configuration.
    throw new DingtalkApiError({ ...p, retryable: status >= 500 || errcode === -1 });
  }
}
