import { api } from '../api';

/** Records the answer to the privacy notice; the client id makes a resend harmless. */
export function recordConsent(body: { noticeVersion: string; purposes: Array<'location' | 'photos'>; granted: boolean }, clientId: string): Promise<unknown> {
  return api('POST', '/api/consents', { data: { ...body, channel: 'miniprogram', clientId } });
}
