import { z } from 'zod';
import { HAZARD_GRADES, HAZARD_STATUSES, HazardState } from './hazardTypes';

/**
 * Reads a HazardState back from its JSON form (e.g. a jsonb column or a job payload), where dates are ISO
 * strings. Validates the shape, so a corrupt row fails loudly here instead of deep in the machine.
 */

const date = z.coerce.date().refine((d) => !Number.isNaN(d.getTime()), 'invalid date');
const nullableDate = date.nullable();
const id = z.string().min(1);

const HazardStateSchema = z.object({
  id,
  code: id,
  status: z.enum(HAZARD_STATUSES),
  grade: z.enum(HAZARD_GRADES),
  reporterId: id,
  assigneeId: id.nullable(),
  delegateId: id.nullable(),
  reviewerRole: z.string().nullable(),
  reviewerId: id.nullable(),
  deadline: date,
  escalationLevel: z.number().int().nonnegative(),
  returnedCount: z.number().int().nonnegative(),
  lastReason: z.string().nullable(),
  afterPhotoIds: z.array(z.string()),
  majorElements: z
    .object({
      measures: z.string().optional(),
      responsiblePersonId: z.string().optional(),
      fundsYuan: z.number().optional(),
      deadline: date.optional(),
      emergencyPlan: z.string().optional(),
    })
    .nullable(),
  timing: z.object({
    remindBeforeMs: z.number().nonnegative(),
    escalateEveryMs: z.number().positive(),
    reinspectAfterMs: z.number().nonnegative().nullable(),
    maxEscalationLevel: z.number().int().nonnegative(),
  }),
  timers: z.object({ remind: z.string().nullable(), escalate: z.string().nullable(), reinspect: z.string().nullable() }),
  reinspection: z.object({
    dueAt: nullableDate,
    promptedAt: nullableDate,
    outcome: z.enum(['ok', 'recurred']).nullable(),
    at: nullableDate,
    note: z.string().nullable(),
  }),
  verifiedById: id.nullable(),
  rejectedById: id.nullable(),
  version: z.number().int().positive(),
  createdAt: date,
  updatedAt: date,
  assignedAt: nullableDate,
  startedAt: nullableDate,
  submittedAt: nullableDate,
  lastRemindedAt: nullableDate,
  closedAt: nullableDate,
  rejectedAt: nullableDate,
});

/** Parses and revives a stored state; throws a ZodError naming the bad fields. */
export function reviveHazardState(raw: unknown): HazardState {
  const parsed: HazardState = HazardStateSchema.parse(raw);
  return parsed;
}
