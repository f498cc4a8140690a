import { t } from '../../../lib/t';
import type { HazardView } from '../../../services/hazards/hazardTypes';

/** A row of the task list, ready for the template. */
export interface TaskRow {
  id: string;
  code: string;
  status: string;
  statusLabel: string;
  area: string;
  text: string;
  deadline: string;
  overdue: boolean;
  canRectify: boolean;
}

/** The statuses in which the assignee can take the "after" photo. */
export const RECTIFIABLE = ['assigned', 'rectifying'];

/** `YYYY-MM-DD HH:mm` in the phone's zone (plants and phones share one in practice). */
function short(iso: string): string {
  const d = new Date(iso);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())} ${two(d.getHours())}:${two(d.getMinutes())}`;
}

/** Hazards as rows with status names from the server's catalogue (generated at build). Pure. */
export function taskRows(items: readonly HazardView[], personId: string): TaskRow[] {
  return items.map((h) => ({
    id: h.id,
    code: h.code,
    status: h.status,
    statusLabel: t(`hazards.status.${h.status}`),
    area: h.area.name ?? h.area.key,
    text: h.description,
    deadline: t('miniprogram.tasks.deadline', { deadline: short(h.deadline) }),
    overdue: h.overdue,
    canRectify: RECTIFIABLE.includes(h.status) && h.assignee?.id === personId,
  }));
}
