import { api } from '../api';
import type { HazardView } from './hazardTypes';

/** One hazard with its photos. */
export function getHazard(id: string): Promise<HazardView> {
  return api<HazardView>('GET', `/api/hazards/${id}`);
}
