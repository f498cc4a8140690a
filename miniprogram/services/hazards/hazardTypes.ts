import type { HazardStatus } from '../../generated/statusNames';

/** A hazard as GET /api/hazards answers it (the fields the pages use). */
export interface HazardView {
  id: string;
  code: string;
  status: HazardStatus;
  grade: 'general' | 'major';
  description: string;
  area: { key: string; name: string | null };
  category: { key: string; path: string[] };
  deadline: string;
  overdue: boolean;
  version: number;
  reporter: { id: string; name: string | null } | null;
  assignee: { id: string; name: string | null } | null;
  photos?: Array<{ fileId: string; role: 'before' | 'after' | 'reinspection' }>;
}
