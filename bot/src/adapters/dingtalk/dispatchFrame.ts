import { DingtalkLogger, FrameHandler, InboundFrame, StreamAck, StreamFrame } from './dingtalkTypes';
import { callbackAck, errorAck, eventAck, notFoundAck } from './parseStreamFrame';

/** What dispatchFrame needs from the client; `send` writes on the socket the frame came from. */
export interface DispatchDeps {
  logger: DingtalkLogger;
  handler?: FrameHandler;
  ackTimeoutMs: number;
  subscribeEvents: boolean;
  isSubscribedCallback(topic: string): boolean;
  send(ack: StreamAck): void;
  now(): Date;
}

const errText = (err: unknown): string => (err instanceof Error ? err.message : String(err));

/**
 * Routes one EVENT/CALLBACK frame and guarantees exactly one ack:
 * - unknown callback topic → 404; unsubscribed event → SUCCESS "ignored" (nothing to retry);
 * - handler resolves → CALLBACK `{response}` / EVENT SUCCESS;
 * - handler throws → CALLBACK 500 / EVENT LATER, so the platform may deliver again;
 * - handler slower than `ackTimeoutMs` → CALLBACK `{response:null}` / EVENT LATER; its late result is dropped.
 * A CALLBACK timeout acks 200 because the handler may still commit; redelivering would only
 * produce a duplicate for the server's dedupe. Returns the running handler, if any, so the
 * caller can drain it before closing the socket.
 */
export function dispatchFrame(frame: StreamFrame, deps: DispatchDeps): Promise<void> | undefined {
  const { logger } = deps;
  const messageId = frame.headers.messageId as string; // parseStreamFrame guarantees it for EVENT/CALLBACK
  const topic = frame.headers.topic;
  const isEvent = frame.type === 'EVENT';
  if (isEvent && !deps.subscribeEvents) {
    logger.debug({ topic, messageId }, 'dingtalk stream: unsubscribed event acked and ignored');
    deps.send(eventAck(messageId, 'SUCCESS', 'ignored'));
    return undefined;
  }
  if (!isEvent && !deps.isSubscribedCallback(topic)) {
    logger.warn({ topic, messageId }, 'dingtalk stream: callback for an unknown topic');
    deps.send(notFoundAck(messageId, topic));
    return undefined;
  }
  const handler = deps.handler;
  if (!handler) {
    logger.error({ topic, messageId }, 'dingtalk stream: frame arrived before onFrame() was set');
    deps.send(isEvent ? eventAck(messageId, 'LATER', 'not ready') : errorAck(messageId));
    return undefined;
  }
  const started = Date.now();
  let acked = false;
  const ack = (a: StreamAck, outcome: string): void => {
    if (acked) {
      logger.debug({ messageId, outcome }, 'dingtalk stream: late handler result ignored');
      return;
    }
    acked = true;
    clearTimeout(timer);
    logger.debug({ messageId, topic, outcome, ackMs: Date.now() - started }, 'dingtalk stream: acked');
    deps.send(a);
  };
  const timer = setTimeout(() => {
    logger.warn({ messageId, topic, ackTimeoutMs: deps.ackTimeoutMs }, 'dingtalk stream: handler too slow, acking without result');
    ack(isEvent ? eventAck(messageId, 'LATER', 'timeout') : callbackAck(messageId, null), 'timeout');
  }, deps.ackTimeoutMs);
  const inbound: InboundFrame = {
    type: isEvent ? 'EVENT' : 'CALLBACK', topic, messageId, headers: frame.headers, data: frame.data, receivedAt: deps.now(),
  };
  return (async () => {
    try {
      const result = await handler(inbound);
      ack(isEvent ? eventAck(messageId, 'SUCCESS', 'OK') : callbackAck(messageId, result ?? null), 'ok');
    } catch (err) {
      logger.error({ err: errText(err), messageId, topic }, 'dingtalk stream: frame handler failed');
      ack(isEvent ? eventAck(messageId, 'LATER', 'handler failed') : errorAck(messageId), 'error');
    }
  })();
}
