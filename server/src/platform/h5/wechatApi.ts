import axios from 'axios';

/** Why WeChat refused or could not answer a login code. */
export class WechatLoginError extends Error {
  constructor(readonly kind: 'code_refused' | 'unreachable', readonly errcode?: number) {
    super(kind === 'code_refused' ? `WeChat refused the login code (errcode ${errcode})` : 'WeChat is unreachable');
  }
}

/**
 * `GET {base}/sns/jscode2session`: a wx.login() code → the user's openid. The session_key is
 * never passed on (nothing here decrypts WeChat data). Codes are single use and live 5 minutes.
 */
export async function jscode2session(base: string, appId: string, secret: string, code: string): Promise<{ openid: string }> {
  let data: { openid?: string; errcode?: number; errmsg?: string };
  try {
    const r = await axios.get(`${base.replace(/\/$/, '')}/sns/jscode2session`, {
      params: { appid: appId, secret, js_code: code, grant_type: 'authorization_code' },
      timeout: 5000,
      validateStatus: (s) => s < 500,
    });
    data = r.data as typeof data;
  } catch {
    throw new WechatLoginError('unreachable');
  }
  if (data.errcode && data.errcode !== 0) {
    // -1 is WeChat's "system busy": worth a retry, unlike a bad code.
    throw new WechatLoginError(data.errcode === -1 ? 'unreachable' : 'code_refused', data.errcode);
  }
  if (!data.openid) throw new WechatLoginError('unreachable');
  return { openid: data.openid };
}
