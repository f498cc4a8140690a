import { api } from '../api';
import type { PermitView } from './permitTypes';

/** The whole permit record. */
export function getPermit(id: string): Promise<PermitView> {
  return api<PermitView>('GET', `/api/permits/${id}`);
}
