import { ActionName, isActionName } from './actions';

/** What a button or select submit does: an action on one subject, as seen on one version of the card. */
export interface ActionRef {
  action: ActionName;
  /** Kind of subject, `[a-z][a-z_]*`, ≤ 24 chars (e.g. 'hazard', 'permit', 'alarm', 'draft'). */
  subjectType: string;
  /** Subject id, typically a UUID; any well-formed text of ≤ 36 UTF-8 bytes also works. */
  subjectId: string;
  /** Version of the subject the card was built from; lets listeners refuse clicks on stale cards. */
  cardVersion: number;
}

/** Why a ref cannot be encoded (stable snake_case codes). */
export type ActionRefProblem =
  | 'unknown_action'
  | 'invalid_subject_type'
  | 'invalid_subject_id'
  | 'invalid_card_version';

/**
 * Encoded form, chosen for the strictest carrier: WeCom `task_id` allows only `[0-9A-Za-z_\-@]` and at most
 * 128 bytes ("只能由数字、字母和“_-@”组成，最长128字节", doc 90236 / 101032); button `key` and
 * `submit_button.key` allow 1024 bytes. The same string goes into DingTalk callback params and the Sandbox.
 *
 *   `1@<action>@<subjectType>@<id>@<cardVersion base36>`
 *
 * `@` separates because no field can contain it. `<id>` is `u` + base64url of a lowercase UUID's 16 bytes,
 * `r` + the id itself when it is `[0-9A-Za-z_-]{1,48}`, or `b` + base64url of its UTF-8 (≤ 36 bytes).
 * Every ref has exactly one encoding (the decoder re-encodes and compares), so encoded refs can be compared.
 * Worst case: 1+1+32+1+24+1+49+1+6 = 116 chars, leaving room for a task-id nonce.
 */
export const ACTION_REF_MAX_LENGTH = 116;

/** WeCom task_id limit in bytes (doc 90236: "最长128字节"). */
export const WECOM_TASK_ID_MAX_BYTES = 128;

/** Charset of WeCom task_id (doc 90236: digits, letters and `_-@`). */
export const WECOM_TASK_ID_PATTERN = /^[0-9A-Za-z_\-@]{1,128}$/;

const FORMAT_VERSION = '1';
const MAX_CARD_VERSION = 2 ** 31 - 1;
const SUBJECT_TYPE = /^[a-z][a-z_]{0,23}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const RAW_ID = /^[0-9A-Za-z_-]{1,48}$/;
const MAX_ID_BYTES = 36;
const B64URL = /^[0-9A-Za-z_-]+$/;
const BASE36 = /^[0-9a-z]{1,6}$/;
const NONCE = /^[0-9A-Za-z_-]{1,11}$/;

/** Returns why `ref` cannot be encoded, or null when it can. Safe on any input. */
export function actionRefProblem(ref: unknown): ActionRefProblem | null {
  if (typeof ref !== 'object' || ref === null) return 'unknown_action';
  const r = ref as Record<string, unknown>;
  if (!isActionName(r.action)) return 'unknown_action';
  if (typeof r.subjectType !== 'string' || !SUBJECT_TYPE.test(r.subjectType)) return 'invalid_subject_type';
  if (typeof r.subjectId !== 'string' || encodeSubjectId(r.subjectId) === null) return 'invalid_subject_id';
  const v = r.cardVersion;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v > MAX_CARD_VERSION) return 'invalid_card_version';
  return null;
}

/** Encodes a ref; throws on an invalid ref, because that is a bug in the card builder, not user input. */
export function encodeActionRef(ref: ActionRef): string {
  const problem = actionRefProblem(ref);
  if (problem) throw new Error(`encodeActionRef: ${problem} in ${JSON.stringify(ref)}`);
  const id = encodeSubjectId(ref.subjectId) as string;
  return [FORMAT_VERSION, ref.action, ref.subjectType, id, ref.cardVersion.toString(36)].join('@');
}

/** Decodes an encoded ref; null on anything malformed or non-canonical. Never throws. */
export function decodeActionRef(encoded: unknown): ActionRef | null {
  if (typeof encoded !== 'string' || encoded.length > ACTION_REF_MAX_LENGTH) return null;
  const parts = encoded.split('@');
  if (parts.length !== 5 || parts[0] !== FORMAT_VERSION) return null;
  const [, action, subjectType, id, version] = parts;
  if (!isActionName(action) || !SUBJECT_TYPE.test(subjectType) || !BASE36.test(version)) return null;
  const subjectId = decodeSubjectId(id);
  if (subjectId === null) return null;
  const ref: ActionRef = { action, subjectType, subjectId, cardVersion: parseInt(version, 36) };
  // Canonical check: rejects leading zeros, padding bits, raw ids that should have been UUID-packed, etc.
  if (actionRefProblem(ref) !== null || encodeActionRef(ref) !== encoded) return null;
  return ref;
}

/**
 * A WeCom task_id for one sent card: the encoded ref plus a nonce, because "同一个应用任务id不能重复"
 * (doc 90236) while the same ref can be sent to many people and many times.
 * `nonce` is `[0-9A-Za-z_-]{1,11}` (e.g. a delivery sequence in base36); throws otherwise.
 */
export function encodeTaskId(ref: ActionRef, nonce: string): string {
  if (typeof nonce !== 'string' || !NONCE.test(nonce)) throw new Error(`encodeTaskId: invalid nonce ${JSON.stringify(nonce)}`);
  return `${encodeActionRef(ref)}@${nonce}`;
}

/** Decodes a task_id from encodeTaskId; null on anything else. Never throws. */
export function decodeTaskId(taskId: unknown): { ref: ActionRef; nonce: string } | null {
  if (typeof taskId !== 'string' || taskId.length > WECOM_TASK_ID_MAX_BYTES) return null;
  const at = taskId.lastIndexOf('@');
  if (at < 0) return null;
  const nonce = taskId.slice(at + 1);
  if (!NONCE.test(nonce)) return null;
  const ref = decodeActionRef(taskId.slice(0, at));
  return ref ? { ref, nonce } : null;
}

/** True when two refs name the same action on the same subject version. */
export function sameActionRef(a: ActionRef, b: ActionRef): boolean {
  return (
    a.action === b.action && a.subjectType === b.subjectType && a.subjectId === b.subjectId && a.cardVersion === b.cardVersion
  );
}

function encodeSubjectId(id: string): string | null {
  if (UUID.test(id)) return `u${Buffer.from(id.replace(/-/g, ''), 'hex').toString('base64url')}`;
  if (RAW_ID.test(id)) return `r${id}`;
  if (id.length === 0) return null;
  const bytes = Buffer.from(id, 'utf8');
  // Lone surrogates do not survive UTF-8; refuse them instead of silently changing the id.
  if (bytes.length > MAX_ID_BYTES || bytes.toString('utf8') !== id) return null;
  return `b${bytes.toString('base64url')}`;
}

function decodeSubjectId(encoded: string): string | null {
  const kind = encoded.charAt(0);
  const body = encoded.slice(1);
  if (kind === 'r') return RAW_ID.test(body) ? body : null;
  if (!B64URL.test(body)) return null;
  const bytes = Buffer.from(body, 'base64url');
  if (kind === 'u') {
    if (bytes.length !== 16) return null;
    const hex = bytes.toString('hex');
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  }
  if (kind === 'b') return bytes.length > 0 && bytes.length <= MAX_ID_BYTES ? bytes.toString('utf8') : null;
  return null;
}
