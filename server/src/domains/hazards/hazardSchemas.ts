import { z } from 'zod';
import { HAZARD_GRADES, HAZARD_STATUSES } from './hazardTypes';

/** Request schemas of the hazard API (validated by the router, published in the OpenAPI document). */

const key = z.string().trim().min(1).max(64);
const isoDate = z.iso.datetime({ offset: true }).transform((s) => new Date(s));
const expectedVersion = z.number().int().positive().optional().describe('The version you saw; a newer hazard answers 409 version_conflict');
const reason = z.string().trim().min(1).max(500);

/** A reported position. */
export const LocationSchema = z.object({
  lat: z.number().min(-90).max(90),
  lng: z.number().min(-180).max(180),
  datum: z.enum(['WGS-84', 'GCJ-02', 'BD-09']).default('WGS-84'),
});

/** POST /api/hazards */
export const HazardsCreateSchema = z.strictObject({
  areaKey: key,
  categoryKey: key.describe('A level-3 hazard category key'),
  description: z.string().trim().min(1).max(2000),
  equipmentTag: z.string().trim().max(64).nullable().optional().describe('位号; omitted = found in the description when it names a configured tag'),
  photoFileIds: z.array(z.uuid()).max(9).default([]).describe('Ids from POST /api/files; required when the plant requires a photo'),
  location: LocationSchema.optional(),
  grade: z.enum(HAZARD_GRADES).optional().describe('Only honoured for callers with hazard.grade; default: the category grade'),
});
/** Body of POST /api/hazards. */
export type HazardsCreateReq = z.output<typeof HazardsCreateSchema>;

/** GET /api/hazards */
export const HazardsListQuerySchema = z.strictObject({
  status: z
    .string()
    .optional()
    .describe(`Comma-separated: ${HAZARD_STATUSES.join(', ')}`)
    .transform((s, ctx) => {
      if (!s) return undefined;
      const list = s.split(',').map((x) => x.trim()).filter(Boolean);
      const bad = list.find((x) => !(HAZARD_STATUSES as readonly string[]).includes(x));
      if (bad) {
        ctx.addIssue({ code: 'custom', message: `unknown status '${bad}'` });
        return z.NEVER;
      }
      return list as (typeof HAZARD_STATUSES)[number][];
    }),
  areaKey: key.optional(),
  categoryKey: key.optional(),
  grade: z.enum(HAZARD_GRADES).optional(),
  assigneeId: z.uuid().optional().describe('Assignee or delegate'),
  reporterId: z.uuid().optional(),
  overdue: z.enum(['true', 'false']).optional().transform((v) => (v === undefined ? undefined : v === 'true')),
  from: isoDate.optional().describe('Reported at or after (ISO 8601)'),
  to: isoDate.optional().describe('Reported before (ISO 8601)'),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(200).optional(),
});

/** :id */
export const HazardParamsSchema = z.object({ id: z.uuid() });

/** Body schemas of the action routes, by path segment. */
export const HazardActionSchemas = {
  assign: z.strictObject({ assigneeId: z.uuid(), deadline: isoDate.optional(), expectedVersion }),
  reassign: z.strictObject({ assigneeId: z.uuid(), reason: reason.optional(), deadline: isoDate.optional(), expectedVersion }),
  delegate: z.strictObject({ delegateId: z.uuid().nullable().describe('null ends the delegation'), expectedVersion }),
  start: z.strictObject({ expectedVersion }),
  submit: z.strictObject({ afterPhotoIds: z.array(z.uuid()).max(9), note: z.string().trim().max(500).optional(), expectedVersion }),
  approve: z.strictObject({ expectedVersion }),
  return: z.strictObject({ reason, expectedVersion }),
  reject: z.strictObject({ reason, expectedVersion }),
  grade: z.strictObject({ grade: z.enum(HAZARD_GRADES), deadline: isoDate.optional(), expectedVersion }),
  'major-elements': z.strictObject({
    measures: z.string().trim().max(2000).optional(),
    responsiblePersonId: z.uuid().optional(),
    fundsYuan: z.number().min(0).optional(),
    deadline: isoDate.optional(),
    emergencyPlan: z.string().trim().max(2000).optional(),
    cause: z.string().trim().max(2000).optional().describe('Regulator report: cause of the hazard'),
    severity: z.string().trim().max(2000).optional().describe('Regulator report: severity'),
    difficulty: z.string().trim().max(2000).optional().describe('Regulator report: difficulty of rectification'),
    expectedVersion,
  }),
  reinspection: z.strictObject({
    outcome: z.enum(['ok', 'recurred']),
    note: z.string().trim().max(500).optional(),
    photoFileIds: z.array(z.uuid()).max(9).optional(),
    expectedVersion,
  }),
} as const;
/** An action route segment. */
export type HazardActionRoute = keyof typeof HazardActionSchemas;

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be YYYY-MM-DD (plant-local date)');

/** GET /api/hazards/ledger and /api/hazards/regulator-report: an inclusive range of plant-local days. */
export const ExportQuerySchema = z.strictObject({
  from: day,
  to: day,
  format: z.enum(['csv', 'xlsx', 'json']).default('csv'),
});

/** GET /api/hazards/category-suggestions */
export const SuggestQuerySchema = z.strictObject({ text: z.string().trim().min(1).max(500) });
