import { api } from '../api';
import type { HazardView } from './hazardTypes';

/** Marks an assigned hazard as being rectified (assigned → rectifying). */
export function startRectification(id: string, clientId: string): Promise<HazardView> {
  return api<HazardView>('POST', `/api/hazards/${id}/start`, { data: {}, idempotencyKey: clientId });
}
