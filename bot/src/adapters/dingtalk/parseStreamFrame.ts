import { CardCallbackResponse, ParseResult, StreamAck, StreamFrame, StreamFrameHeaders, StreamFrameType } from './dingtalkTypes';

const FRAME_TYPES: readonly StreamFrameType[] = ['SYSTEM', 'EVENT', 'CALLBACK'];

/** Why a text frame was refused, plus the message id when one could still be read (to ack it). */
export interface FrameRejection {
  ok: false;
  reason: 'not_json' | 'not_object' | 'bad_type' | 'missing_headers' | 'missing_topic' | 'missing_message_id' | 'bad_data';
  messageId?: string;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Reads one downstream text frame. Pure: never throws, so a malformed frame can be logged and
 * skipped instead of killing the socket listener (the SDK's own `JSON.parse` would throw there).
 */
export function parseStreamFrame(text: string): { ok: true; frame: StreamFrame } | FrameRejection {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return { ok: false, reason: 'not_json' };
  }
  if (!isRecord(raw)) return { ok: false, reason: 'not_object' };
  const headersRaw = raw.headers;
  const messageId = isRecord(headersRaw) && typeof headersRaw.messageId === 'string' ? headersRaw.messageId : undefined;
  if (!isRecord(headersRaw)) return { ok: false, reason: 'missing_headers' };
  if (typeof raw.type !== 'string' || !FRAME_TYPES.includes(raw.type as StreamFrameType)) {
    return { ok: false, reason: 'bad_type', messageId };
  }
  const type = raw.type as StreamFrameType;
  if (typeof headersRaw.topic !== 'string' || headersRaw.topic === '') return { ok: false, reason: 'missing_topic', messageId };
  // Only SYSTEM `disconnect` comes without a message id; everything else must be ackable.
  if (type !== 'SYSTEM' && !messageId) return { ok: false, reason: 'missing_message_id' };
  if (raw.data !== undefined && typeof raw.data !== 'string') return { ok: false, reason: 'bad_data', messageId };
  const headers: StreamFrameHeaders = { topic: headersRaw.topic };
  for (const [k, v] of Object.entries(headersRaw)) {
    if (typeof v === 'string') headers[k] = v;
    else if (typeof v === 'number') headers[k] = String(v);
  }
  return {
    ok: true,
    frame: { specVersion: typeof raw.specVersion === 'string' ? raw.specVersion : '1.0', type, headers, data: (raw.data as string | undefined) ?? '' },
  };
}

/** Builds an upstream ack with the protocol's header pair. */
export function buildAck(messageId: string, code: number, message: string, data: unknown): StreamAck {
  return { code, headers: { contentType: 'application/json', messageId }, message, data: JSON.stringify(data) };
}

/** Ack of a CALLBACK frame: `data = {"response": …}` (null for robot messages). */
export function callbackAck(messageId: string, response: CardCallbackResponse | null): StreamAck {
  return buildAck(messageId, 200, 'OK', { response });
}

/** Ack of an EVENT frame: SUCCESS stops redelivery, LATER asks DingTalk to push it again. */
export function eventAck(messageId: string, status: 'SUCCESS' | 'LATER', message: string): StreamAck {
  return buildAck(messageId, 200, 'OK', { status, message });
}

/** Ack for a topic nobody handles (404 is reserved by the protocol for exactly this). */
export function notFoundAck(messageId: string, topic: string): StreamAck {
  return buildAck(messageId, 404, 'topic not found', { response: null, topic });
}

/** Ack for a handler failure: code 500 so the platform (and our peer) treat it as not delivered. */
export function errorAck(messageId: string): StreamAck {
  return buildAck(messageId, 500, 'internal error', { response: null });
}

/** Parses `data` of a frame into an object, for the topic parsers. */
export function parseFrameData(data: string): ParseResult<Record<string, unknown>> {
  try {
    const v: unknown = JSON.parse(data);
    return isRecord(v) ? { ok: true, value: v } : { ok: false, reason: 'data_not_object' };
  } catch {
    return { ok: false, reason: 'data_not_json' };
  }
}
