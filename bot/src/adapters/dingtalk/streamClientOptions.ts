import { AxiosInstance } from 'axios';
import { GATEWAY_URL, GET_TOKEN_URL } from 'dingtalk-stream';
import { DingtalkLogger, TOPIC_CARD_CALLBACK, TOPIC_ROBOT_MESSAGE } from './dingtalkTypes';

/** Settings of the stream client; URLs point at a local peer in tests and the demo. */
export interface StreamClientOptions {
  clientId: string;
  clientSecret: string;
  logger: DingtalkLogger;
  /** Full registration URL (POST). Default: DingTalk's `…/v1.0/gateway/connections/open`. */
  gatewayUrl?: string;
  /** Old-style token URL (GET `?appkey=&appsecret=`) behind `getAccessToken()`. Default: oapi `/gettoken`. */
  tokenUrl?: string;
  /** Callback topics to subscribe. Default: robot messages and card callbacks. */
  callbackTopics?: string[];
  /** Subscribe EVENT `*` too (events ticked in the developer console). Default false. */
  subscribeEvents?: boolean;
  /** A handler slower than this gets a neutral ack (CALLBACK: `{response:null}`, EVENT: LATER). Default 2500. */
  ackTimeoutMs?: number;
  /** Reconnect back-off: `backoffInitialMs` doubling per failure up to `backoffMaxMs`. Defaults 1000 / 60000. */
  backoffInitialMs?: number;
  backoffMaxMs?: number;
  /** Consecutive failures after which the state reads `error` (it keeps retrying). Default 5. */
  errorAfterAttempts?: number;
  /** WebSocket ping interval; a missing pong terminates the socket. 0 disables. Default 30000. */
  keepAliveMs?: number;
  /** How long a socket told to `disconnect` may finish in-flight acks (DingTalk closes it after 10 s). Default 8000. */
  drainMs?: number;
  /** `ua` sent at registration. */
  ua?: string;
  /** HTTP client for registration and gettoken; default axios with a 10 s timeout. */
  http?: AxiosInstance;
  now?: () => Date;
}

/** Options with every default filled in. */
export type ResolvedStreamOptions = Required<Omit<StreamClientOptions, 'http'>>;

/** Fills the defaults (pure). */
export function resolveStreamOptions(options: StreamClientOptions): ResolvedStreamOptions {
  return {
    clientId: options.clientId,
    clientSecret: options.clientSecret,
    logger: options.logger,
    gatewayUrl: options.gatewayUrl ?? GATEWAY_URL,
    tokenUrl: options.tokenUrl ?? GET_TOKEN_URL,
    callbackTopics: options.callbackTopics ?? [TOPIC_ROBOT_MESSAGE, TOPIC_CARD_CALLBACK],
    subscribeEvents: options.subscribeEvents ?? false,
    ackTimeoutMs: options.ackTimeoutMs ?? 2500,
    backoffInitialMs: options.backoffInitialMs ?? 1000,
    backoffMaxMs: options.backoffMaxMs ?? 60_000,
    errorAfterAttempts: options.errorAfterAttempts ?? 5,
    keepAliveMs: options.keepAliveMs ?? 30_000,
    drainMs: options.drainMs ?? 8000,
    ua: options.ua ?? 'anquan-dingtalk-stream/1',
    now: options.now ?? (() => new Date()),
  };
}

/** Delay before retry number `failedAttempts` (1-based): initial, 2×, 4×… capped. Pure. */
export function backoffDelay(failedAttempts: number, initialMs: number, maxMs: number): number {
  const n = Math.max(0, failedAttempts - 1);
  return Math.min(maxMs, initialMs * 2 ** Math.min(n, 20));
}
