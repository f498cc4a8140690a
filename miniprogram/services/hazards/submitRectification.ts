import { api } from '../api';
import type { HazardView } from './hazardTypes';

/** Submits the rectification with its "after" photos, for verification. */
export function submitRectification(id: string, body: { afterPhotoIds: string[]; note?: string }, clientId: string): Promise<HazardView> {
  return api<HazardView>('POST', `/api/hazards/${id}/submit`, { data: body, idempotencyKey: clientId });
}
