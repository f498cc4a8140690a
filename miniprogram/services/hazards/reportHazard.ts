import { api } from '../api';
import type { HazardView } from './hazardTypes';

/** Body of POST /api/hazards. */
export interface ReportHazardBody {
  areaKey: string;
  categoryKey: string;
  description: string;
  photoFileIds: string[];
  location?: { lat: number; lng: number; datum: 'WGS-84' | 'GCJ-02' | 'BD-09' };
}

/** Reports a hazard; the outbox item id is the idempotency key (a retry returns the same hazard). */
export function reportHazard(body: ReportHazardBody, clientId: string): Promise<HazardView> {
  return api<HazardView>('POST', '/api/hazards', { data: body, idempotencyKey: clientId });
}
