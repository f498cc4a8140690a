import { checkTimestamp, decryptPayload, verifySignature } from '../../../../bot/src/adapters/wecom/wecomCrypto';
import { WecomCryptoError, WecomXmlError } from '../../../../bot/src/adapters/wecom/wecomErrors';
import { dedupeKeyOf, parseEnvelope, parseMessage } from '../../../../bot/src/adapters/wecom/wecomXml';
import type { WecomInboundMessage } from '../../../../bot/src/adapters/wecom/wecomTypes';
import type { WecomSettings } from './wecomSettings';

/**
 * Opens a WeCom callback: checks the query, the timestamp window and msg_signature BEFORE
 * decrypting, decrypts with the receive-id check (CorpID), and parses with a parser that never
 * expands entities. Pure (clock injected), so every refusal is a table test.
 */

/** Why a callback was refused; the HTTP answer never says more than its status. */
export type CallbackRefusal =
  | 'bad_query'
  | 'stale_timestamp'
  | 'bad_xml'
  | 'bad_signature'
  | 'undecryptable'
  | 'wrong_corp'
  | 'wrong_agent';

/** The HTTP status of each refusal: 400 malformed, 401 not proven to be WeCom, 403 not for us. */
export const REFUSAL_STATUS: Record<CallbackRefusal, 400 | 401 | 403> = {
  bad_query: 400,
  bad_xml: 400,
  stale_timestamp: 401,
  bad_signature: 401,
  undecryptable: 403,
  wrong_corp: 403,
  wrong_agent: 403,
};

/** An opened callback or a refusal. */
export type Opened<T> = ({ ok: true } & T) | { ok: false; refusal: CallbackRefusal; detail?: string };

/** The query strings as Koa gives them (a repeated parameter is an array). */
export type CallbackQuery = Record<string, string | string[] | undefined>;

const SIGNATURE = /^[0-9a-fA-F]{40}$/;
const TIMESTAMP = /^\d{1,12}$/;
const NONCE = /^[0-9A-Za-z_-]{1,64}$/;
const ECHOSTR_MAX = 1024;

function single(q: CallbackQuery, name: string): string | undefined {
  const v = q[name];
  return typeof v === 'string' ? v : undefined;
}

function signedQuery(q: CallbackQuery, now: Date, s: WecomSettings): Opened<{ signature: string; timestamp: string; nonce: string }> {
  const signature = single(q, 'msg_signature');
  const timestamp = single(q, 'timestamp');
  const nonce = single(q, 'nonce');
  if (!signature || !timestamp || !nonce || !SIGNATURE.test(signature) || !TIMESTAMP.test(timestamp) || !NONCE.test(nonce)) {
    return { ok: false, refusal: 'bad_query' };
  }
  // Bounds how long a captured callback can be replayed; WeCom itself does not require it.
  if (!checkTimestamp(timestamp, now, s.timestampWindowSeconds)) return { ok: false, refusal: 'stale_timestamp' };
  return { ok: true, signature, timestamp, nonce };
}

function decrypt(s: WecomSettings, encrypt: string): Opened<{ plaintext: string }> {
  try {
    return { ok: true, plaintext: decryptPayload(s.encodingAesKey, encrypt, s.corpId) };
  } catch (err) {
    if (err instanceof WecomCryptoError) return { ok: false, refusal: err.code === 'receive_id_mismatch' ? 'wrong_corp' : 'undecryptable', detail: err.code };
    throw err;
  }
}

/** The GET WeCom sends when the callback URL is saved: the decrypted echostr to answer, bare. */
export function openUrlCheck(s: WecomSettings, q: CallbackQuery, now: Date): Opened<{ echo: string }> {
  const signed = signedQuery(q, now, s);
  if (!signed.ok) return signed;
  const echostr = single(q, 'echostr');
  if (!echostr || echostr.length > ECHOSTR_MAX) return { ok: false, refusal: 'bad_query' };
  if (!verifySignature({ token: s.token, timestamp: signed.timestamp, nonce: signed.nonce, encrypt: echostr, signature: signed.signature })) {
    return { ok: false, refusal: 'bad_signature' };
  }
  const opened = decrypt(s, echostr);
  return opened.ok ? { ok: true, echo: opened.plaintext } : opened;
}

/** A POSTed message or event: verified, decrypted, parsed, with its dedupe key. */
export function openCallback(s: WecomSettings, q: CallbackQuery, body: string, now: Date): Opened<{ message: WecomInboundMessage; dedupeKey: string }> {
  const signed = signedQuery(q, now, s);
  if (!signed.ok) return signed;
  let encrypt: string;
  try {
    encrypt = parseEnvelope(body).encrypt;
  } catch (err) {
    if (err instanceof WecomXmlError) return { ok: false, refusal: 'bad_xml', detail: err.code };
    throw err;
  }
  if (!verifySignature({ token: s.token, timestamp: signed.timestamp, nonce: signed.nonce, encrypt, signature: signed.signature })) {
    return { ok: false, refusal: 'bad_signature' };
  }
  const opened = decrypt(s, encrypt);
  if (!opened.ok) return opened;
  let message: WecomInboundMessage;
  try {
    message = parseMessage(opened.plaintext);
  } catch (err) {
    if (err instanceof WecomXmlError) return { ok: false, refusal: 'bad_xml', detail: `inner ${err.code}` };
    throw err;
  }
  // Another app of the same company signs with its own token, so this only catches misrouting.
  if (message.agentId !== undefined && message.agentId !== s.agentIdText) return { ok: false, refusal: 'wrong_agent' };
  return { ok: true, message, dedupeKey: dedupeKeyOf(message) };
}
