/** WeCom's additions to the mini-program runtime (absent from miniprogram-api-typings). */
declare namespace WechatMiniprogram {
  interface QyLoginSuccess {
    code: string;
    errMsg: string;
  }
  interface Qy {
    /** Inside WeCom: a login code for /cgi-bin/miniprogram/jscode2session (valid 5 minutes). */
    login(options: { success?: (res: QyLoginSuccess) => void; fail?: (err: { errMsg: string }) => void }): void;
  }
  interface SystemInfo {
    /** "wxwork" inside WeCom; absent in WeChat. */
    environment?: string;
  }
  interface Wx {
    /** Present only when running inside WeCom (企业微信). */
    qy?: Qy;
  }
}
