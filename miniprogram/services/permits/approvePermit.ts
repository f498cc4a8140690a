import { api } from '../api';
import type { PermitView } from './permitTypes';

/** Signs the current approval step on site (the server checks the position against the area fence). */
export function approvePermit(
  permitId: string,
  body: { mode: 'onsite'; location: { lat: number; lng: number; datum: string; accuracyM?: number }; comment?: string },
  clientId: string,
): Promise<{ permit: PermitView }> {
  return api<{ permit: PermitView }>('POST', `/api/permits/${permitId}/approve`, { data: body, idempotencyKey: clientId });
}
