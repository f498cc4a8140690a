import { api } from '../api';

/** Whether the current privacy notice still needs an answer. */
export function getConsent(): Promise<{ currentVersion: string; needed: boolean }> {
  return api('GET', '/api/consents/me');
}
