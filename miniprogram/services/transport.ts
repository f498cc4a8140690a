import { BUILD_CONFIG } from '../generated/buildConfig';

/**
 * The only module that touches the network (wx.request, wx.uploadFile, wx.downloadFile). Every
 * service function goes through here, so tests replace `wx` and nothing else.
 */

/** The server's answer: status and parsed JSON body. */
export interface RawResponse {
  status: number;
  body: unknown;
}

/** No answer at all (offline, DNS, timeout): the outbox retries these. */
export class NetworkError extends Error {}

const SERVER_KEY = 'anquan.serverUrl';

/** The server base URL: the build's, unless DevTools/QA stored another one. */
export function serverUrl(): string {
  const override = wx.getStorageSync(SERVER_KEY) as string;
  return (override || BUILD_CONFIG.serverUrl).replace(/\/$/, '');
}

/** Points this phone at another server (QA builds). */
export function setServerUrl(url: string | null): void {
  if (url) wx.setStorageSync(SERVER_KEY, url);
  else wx.removeStorageSync(SERVER_KEY);
}

function parse(data: unknown): unknown {
  if (typeof data !== 'string') return data;
  try {
    return data ? JSON.parse(data) : null;
  } catch {
    // A non-JSON body (proxy error page) is reported as text.
    return { error: { code: 'bad_response', message: data.slice(0, 200) } };
  }
}

/** One JSON request. */
export function rawRequest(method: 'GET' | 'POST', path: string, data?: unknown, header: Record<string, string> = {}): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    wx.request({
      url: `${serverUrl()}${path}`,
      method,
      data: data as WechatMiniprogram.IAnyObject,
      header: { 'content-type': 'application/json', ...header },
      timeout: 15000,
      success: (res) => resolve({ status: res.statusCode, body: parse(res.data) }),
      fail: (err) => reject(new NetworkError(err.errMsg)),
    });
  });
}

/** One multipart upload of a local file (field "file") with form fields. */
export function rawUpload(path: string, filePath: string, formData: Record<string, string>, header: Record<string, string> = {}): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    wx.uploadFile({
      url: `${serverUrl()}${path}`,
      filePath,
      name: 'file',
      formData,
      header,
      timeout: 60000,
      success: (res) => resolve({ status: res.statusCode, body: parse(res.data) }),
      fail: (err) => reject(new NetworkError(err.errMsg)),
    });
  });
}

/** Downloads an authenticated file to a temp path. */
export function rawDownload(path: string, header: Record<string, string> = {}): Promise<{ status: number; tempFilePath: string }> {
  return new Promise((resolve, reject) => {
    wx.downloadFile({
      url: `${serverUrl()}${path}`,
      header,
      success: (res) => resolve({ status: res.statusCode, tempFilePath: res.tempFilePath }),
      fail: (err) => reject(new NetworkError(err.errMsg)),
    });
  });
}
