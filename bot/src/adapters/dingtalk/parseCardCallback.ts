import { CardCallback, CardParamMap, ParseResult } from './dingtalkTypes';
import { parseFrameData } from './parseStreamFrame';

const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);
const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function parseJsonObject(v: unknown): Record<string, unknown> | undefined {
  if (isRecord(v)) return v;
  if (typeof v !== 'string' || v === '') return undefined;
  try {
    const parsed: unknown = JSON.parse(v);
    return isRecord(parsed) ? parsed : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Parses the `data` of a `/v1.0/card/instances/callback` frame. Pure. `content` is a JSON string
 * holding `{cardPrivateData: {actionIds, params}}`; the button's callback parameters are `params`.
 */
export function parseCardCallback(data: string): ParseResult<CardCallback> {
  const parsed = parseFrameData(data);
  if (!parsed.ok) return parsed;
  const d = parsed.value;
  const outTrackId = str(d.outTrackId);
  const userId = str(d.userId);
  if (!outTrackId) return { ok: false, reason: 'missing_out_track_id' };
  if (!userId) return { ok: false, reason: 'missing_user_id' };
  const content = parseJsonObject(d.content);
  if (!content) return { ok: false, reason: 'bad_content' };
  const priv = isRecord(content.cardPrivateData) ? content.cardPrivateData : {};
  const params = isRecord(priv.params) ? priv.params : {};
  const actionIds = Array.isArray(priv.actionIds) ? priv.actionIds.filter((a): a is string => typeof a === 'string') : [];
  const userIdType = typeof d.userIdType === 'number' ? d.userIdType : typeof d.userIdType === 'string' ? Number(d.userIdType) : undefined;
  return {
    ok: true,
    value: {
      outTrackId,
      userId,
      corpId: str(d.corpId),
      userIdType: Number.isFinite(userIdType) ? userIdType : undefined,
      spaceType: str(d.spaceType),
      spaceId: str(d.spaceId),
      type: str(d.type),
      params,
      actionIds,
      extension: parseJsonObject(d.extension),
    },
  };
}

/**
 * Turns values into a `cardParamMap`: DingTalk accepts only string values, so anything else is
 * JSON-stringified (as the official card examples do); null/undefined keys are dropped.
 */
export function toCardParamMap(values: Record<string, unknown>): CardParamMap {
  const out: CardParamMap = {};
  for (const [k, v] of Object.entries(values)) {
    if (v === null || v === undefined) continue;
    out[k] = typeof v === 'string' ? v : JSON.stringify(v);
  }
  return out;
}
