import { api } from '../api';
import type { PermitView } from './permitTypes';

/** Guardian check-in at the site with the scanned QR token and the current position. */
export function checkInPermit(
  permitId: string,
  body: { qrToken: string; location: { lat: number; lng: number; datum: string; accuracyM?: number } },
  clientId: string,
): Promise<{ permit: PermitView }> {
  return api<{ permit: PermitView }>('POST', `/api/permits/${permitId}/check-in`, { data: body, idempotencyKey: clientId });
}
