import { AxiosInstance } from 'axios';

/** Registration refused by the gateway (HTTP status kept: 4xx means fix the credentials). */
export class StreamRegistrationError extends Error {
  /** HTTP status of the registration answer. */
  readonly status: number;
  constructor(status: number, detail: string) {
    super(`DingTalk stream registration failed (HTTP ${status}): ${detail}`);
    this.name = 'StreamRegistrationError';
    this.status = status;
  }
}

/** Body of POST /v1.0/gateway/connections/open (protocol.md step 1). */
export interface StreamRegistration {
  clientId: string;
  clientSecret: string;
  subscriptions: Array<{ type: string; topic: string }>;
  ua?: string;
}

/**
 * Registers a stream connection and returns the WebSocket URL with its ticket. The ticket is
 * valid 90 s and single-use, so every (re)connect registers again.
 */
export async function registerStream(http: AxiosInstance, gatewayUrl: string, body: StreamRegistration): Promise<{ endpoint: string; url: string }> {
  const res = await http.post(gatewayUrl, body, {
    // Without Accept: application/json the gateway answers XML (protocol.md).
    headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
    validateStatus: () => true,
    responseType: 'json',
  });
  const data: unknown = res.data;
  const b = (typeof data === 'object' && data !== null ? data : {}) as Record<string, unknown>;
  if (res.status !== 200) throw new StreamRegistrationError(res.status, String(b.code ?? b.message ?? 'no detail'));
  if (typeof b.endpoint !== 'string' || typeof b.ticket !== 'string') throw new StreamRegistrationError(res.status, 'answer lacks endpoint or ticket');
  return { endpoint: b.endpoint, url: `${b.endpoint}?ticket=${encodeURIComponent(b.ticket)}` };
}
