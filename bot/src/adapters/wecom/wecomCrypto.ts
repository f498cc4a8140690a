import { createDecipheriv, randomBytes, timingSafeEqual } from 'node:crypto';
import { encrypt as libEncrypt, getSignature } from '@wecom/crypto';
import { WecomCryptoError } from './wecomErrors';

/**
 * WeCom callback crypto (加解密方案): SHA-1 signature over the sorted strings, AES-256-CBC with the
 * key from EncodingAESKey, PKCS#7 padding to 32 bytes, plaintext `random16 ‖ len32be ‖ msg ‖ receiveId`.
 * @wecom/crypto signs and encrypts correctly (vectors A–I) but its decrypt checks neither padding,
 * length nor receiveId, so decryption is done here with every field validated.
 */

/** The inputs WeCom signs: query `timestamp`/`nonce`, and the `Encrypt` field (or URL-decoded `echostr`). */
export interface SignatureInput {
  token: string;
  timestamp: string;
  nonce: string;
  encrypt: string;
  /** `msg_signature` from the query. */
  signature: string;
}

/** The decrypted plaintext's parts. */
export interface DecryptedParts {
  message: string;
  receiveId: string;
  random: Buffer;
}

const KEY_PATTERN = /^[A-Za-z0-9+/]{43}$/;
const BASE64_PATTERN = /^[A-Za-z0-9+/]+={0,2}$/;
const SIGNATURE_PATTERN = /^[0-9a-f]{40}$/;
// The pad value is 1..32 because WeCom pads to a 32-byte block, not AES's 16.
const PAD_BLOCK = 32;
const utf8 = new TextDecoder('utf-8', { fatal: true });

/** True when `signature` equals sha1(sort(token, timestamp, nonce, encrypt)); compared in constant time. */
export function verifySignature(input: SignatureInput): boolean {
  const provided = input.signature.toLowerCase();
  if (!SIGNATURE_PATTERN.test(provided)) return false;
  // Strings only: the library sorts before joining, and numbers would sort differently.
  const expected = getSignature(String(input.token), String(input.timestamp), String(input.nonce), String(input.encrypt));
  return timingSafeEqual(Buffer.from(expected, 'hex'), Buffer.from(provided, 'hex'));
}

/** The signature WeCom would compute (used for passive replies and by the local peer). */
export function computeSignature(token: string, timestamp: string, nonce: string, encrypt: string): string {
  return getSignature(String(token), String(timestamp), String(nonce), String(encrypt));
}

/**
 * True when the callback's `timestamp` (seconds) is within `windowSeconds` of `now`. WeCom does not
 * require this, but it bounds how long a captured request can be replayed.
 */
export function checkTimestamp(ts: string | number, now: Date, windowSeconds: number): boolean {
  const text = String(ts);
  if (!/^\d{1,12}$/.test(text)) return false;
  return Math.abs(now.getTime() / 1000 - Number(text)) <= windowSeconds;
}

/** AES key and IV derived from the 43-character EncodingAESKey. */
export function deriveAesKey(encodingAesKey: string): { key: Buffer; iv: Buffer } {
  if (!KEY_PATTERN.test(encodingAesKey)) throw new WecomCryptoError('illegal_aes_key', 'EncodingAESKey must be 43 base64 characters');
  const key = Buffer.from(`${encodingAesKey}=`, 'base64');
  if (key.length !== 32) throw new WecomCryptoError('illegal_aes_key', 'EncodingAESKey does not decode to 32 bytes');
  return { key, iv: key.subarray(0, 16) };
}

/** Decrypts and validates every field, without checking whom the message was for. */
export function decryptPayloadParts(encodingAesKey: string, encrypt: string): DecryptedParts {
  const { key, iv } = deriveAesKey(encodingAesKey);
  if (!BASE64_PATTERN.test(encrypt)) throw new WecomCryptoError('decrypt_failed', 'ciphertext is not base64');
  const cipherBytes = Buffer.from(encrypt, 'base64');
  if (cipherBytes.length === 0 || cipherBytes.length % 16 !== 0) {
    throw new WecomCryptoError('decrypt_failed', 'ciphertext length is not a multiple of the AES block');
  }
  let padded: Buffer;
  try {
    const decipher = createDecipheriv('aes-256-cbc', key, iv);
    decipher.setAutoPadding(false);
    padded = Buffer.concat([decipher.update(cipherBytes), decipher.final()]);
  } catch {
    throw new WecomCryptoError('decrypt_failed', 'AES decryption failed');
  }
  const plain = unpad(padded);
  if (plain.length < 20) throw new WecomCryptoError('illegal_buffer', 'plaintext shorter than its header');
  const msgLen = plain.readUInt32BE(16);
  if (msgLen > plain.length - 20) throw new WecomCryptoError('illegal_buffer', 'msg_len exceeds the plaintext');
  try {
    return {
      random: Buffer.from(plain.subarray(0, 16)),
      message: utf8.decode(plain.subarray(20, 20 + msgLen)),
      receiveId: utf8.decode(plain.subarray(20 + msgLen)),
    };
  } catch {
    throw new WecomCryptoError('illegal_buffer', 'plaintext is not UTF-8');
  }
}

/**
 * Decrypts a callback's `Encrypt` (or `echostr`) and returns the message. Throws WecomCryptoError
 * unless the padding, length and UTF-8 are sound and the receiveId is `expectedReceiveId`
 * (the CorpID for a self-built app). Verify the signature first: that is what proves the sender.
 */
export function decryptPayload(encodingAesKey: string, encrypt: string, expectedReceiveId: string): string {
  const parts = decryptPayloadParts(encodingAesKey, encrypt);
  if (parts.receiveId !== expectedReceiveId) throw new WecomCryptoError('receive_id_mismatch');
  return parts.message;
}

/** Encrypts `message` for `receiveId`; `random` (16 bytes) is injectable for deterministic tests. */
export function encryptPayload(encodingAesKey: string, message: string, receiveId: string, random?: Buffer): string {
  deriveAesKey(encodingAesKey);
  if (random !== undefined && random.length !== 16) throw new WecomCryptoError('illegal_buffer', 'random must be 16 bytes');
  return libEncrypt(encodingAesKey, message, receiveId, random ?? randomBytes(16));
}

/** Inputs of a passive (synchronous) encrypted reply to a callback. */
export interface EncryptReplyInput {
  token: string;
  encodingAesKey: string;
  /** The CorpID. */
  receiveId: string;
  /** The plaintext reply XML. */
  message: string;
  /** Seconds; usually the current time. */
  timestamp: string;
  nonce: string;
  random?: Buffer;
}

/** A passive reply: its fields and the XML body to send back. */
export interface EncryptedReply {
  encrypt: string;
  signature: string;
  timestamp: string;
  nonce: string;
  xml: string;
}

/** Builds the encrypted, signed reply body WeCom expects within the 5-second window. */
export function encryptReply(input: EncryptReplyInput): EncryptedReply {
  const encrypt = encryptPayload(input.encodingAesKey, input.message, input.receiveId, input.random);
  const signature = computeSignature(input.token, input.timestamp, input.nonce, encrypt);
  const xml =
    `<xml><Encrypt><![CDATA[${encrypt}]]></Encrypt><MsgSignature><![CDATA[${signature}]]></MsgSignature>` +
    `<TimeStamp>${input.timestamp}</TimeStamp><Nonce><![CDATA[${cdataSafe(input.nonce)}]]></Nonce></xml>`;
  return { encrypt, signature, timestamp: input.timestamp, nonce: input.nonce, xml };
}

function unpad(padded: Buffer): Buffer {
  const pad = padded[padded.length - 1];
  if (pad < 1 || pad > PAD_BLOCK || pad > padded.length) throw new WecomCryptoError('decrypt_failed', 'bad padding');
  for (let i = padded.length - pad; i < padded.length; i++) {
    if (padded[i] !== pad) throw new WecomCryptoError('decrypt_failed', 'bad padding');
  }
  return padded.subarray(0, padded.length - pad);
}

function cdataSafe(text: string): string {
  return text.replace(/]]>/g, ']]]]><![CDATA[>');
}
