import { WecomApi } from '../../../../bot/src/adapters/wecom/wecomApi';
import type { Env } from '../../env';

/** The WeCom app's settings, taken from the environment once (secrets stay in memory only). */
export interface WecomSettings {
  corpId: string;
  agentId: number;
  /** The agent id as WeCom writes it in callbacks. */
  agentIdText: string;
  secret: string;
  /** Callback Token (signs callbacks). */
  token: string;
  /** Callback EncodingAESKey (encrypts callbacks). */
  encodingAesKey: string;
  apiBase: string;
  callbackPath: string;
  timestampWindowSeconds: number;
}

/** The settings, or null when WeCom is not configured (the module then stays inert). */
export function wecomSettings(env: Env): WecomSettings | null {
  if (!env.wecomEnabled) return null;
  const agentId = Number(env.WECOM_AGENT_ID);
  if (!Number.isSafeInteger(agentId) || agentId <= 0) throw new Error('WECOM_AGENT_ID must be the app’s numeric AgentId');
  return {
    corpId: env.WECOM_CORP_ID as string,
    agentId,
    agentIdText: String(agentId),
    secret: env.WECOM_SECRET as string,
    token: env.WECOM_TOKEN as string,
    encodingAesKey: env.WECOM_ENCODING_AES_KEY as string,
    apiBase: env.WECOM_API_BASE,
    callbackPath: env.WECOM_CALLBACK_PATH,
    timestampWindowSeconds: env.WECOM_TIMESTAMP_WINDOW_SECONDS,
  };
}

/** One API client per app: it holds the app's access-token cache (WeCom rate-limits gettoken). */
export function createWecomApi(s: WecomSettings, now: () => Date): WecomApi {
  return new WecomApi({ baseUrl: s.apiBase, corpId: s.corpId, agentId: s.agentId, secret: s.secret, now });
}
