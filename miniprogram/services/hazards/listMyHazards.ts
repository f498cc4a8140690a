import { api } from '../api';
import type { HazardView } from './hazardTypes';

/** Hazards the person must act on (assigned, open) and the ones they reported. */
export async function listMyHazards(personId: string): Promise<{ assigned: HazardView[]; reported: HazardView[] }> {
  const [assigned, reported] = await Promise.all([
    api<{ items: HazardView[] }>('GET', `/api/hazards?assigneeId=${personId}&status=assigned,rectifying&limit=50`),
    api<{ items: HazardView[] }>('GET', `/api/hazards?reporterId=${personId}&limit=50`),
  ]);
  return { assigned: assigned.items, reported: reported.items };
}
