import { z } from 'zod';
import { HEIGHT_FACTORS, HEIGHT_SITUATIONS } from './heightLevel';
import { CERTIFICATE_TYPES, WORK_TYPES } from './permitModel';

/** zod schemas of the permits HTTP API (validation errors name the field; all appear in OpenAPI). */

const Iso = z.iso.datetime({ offset: true });
/** A person named by id (uuid) or by plant key (e.g. "xulin"). */
const PersonRef = z.string().trim().min(1).max(64);
const Key = z.string().trim().min(1).max(64);
const Uuids = (max: number) => z.array(z.uuid()).max(max);

/** A reported position (browsers report WGS-84; WeCom/WeChat GCJ-02). */
export const GeoPointSchema = z.object({
  lng: z.number().min(-180).max(180),
  lat: z.number().min(-90).max(90),
  datum: z.enum(['WGS-84', 'GCJ-02', 'BD-09']).default('WGS-84'),
  accuracyM: z.number().min(0).max(100_000).optional(),
});

const ReadingSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('combustible'), gasId: Key.optional(), lelVolPct: z.number().positive().max(100).optional(), value: z.number().min(0).max(100), unit: z.enum(['vol_pct', 'lel_pct']) }),
  z.object({ kind: z.literal('oxygen'), value: z.number().min(0).max(100) }),
  z.object({ kind: z.literal('toxic'), gasId: Key, value: z.number().min(0).max(1_000_000), unit: z.enum(['ppm', 'mg_m3']) }),
]);

/** One gas analysis (取样分析). */
export const GasTestSchema = z.object({
  id: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/).optional(),
  takenAt: Iso,
  analyst: PersonRef.optional(),
  samplePoint: z.string().trim().max(200).optional(),
  readings: z.array(ReadingSchema).min(1).max(20),
  oxygenEnriched: z.boolean().optional(),
});
/** A gas analysis body. */
export type GasTestBody = z.infer<typeof GasTestSchema>;

/** POST /api/permits: the application (申请). */
export const ApplySchema = z.object({
  type: z.enum(WORK_TYPES),
  level: z.string().trim().max(16).optional(),
  window: z.object({ from: Iso, to: Iso }),
  location: z.object({
    areaKey: Key,
    unitKey: Key.optional(),
    site: z.string().trim().min(1).max(200),
    point: GeoPointSchema.optional(),
    outdoor: z.boolean().optional(),
    inFireExplosionArea: z.boolean().optional(),
    equipmentTags: z.array(z.string().trim().min(1).max(64)).max(20).optional(),
  }),
  content: z.string().trim().min(1).max(2000),
  jsa: z.array(z.object({ hazard: z.string().trim().min(1).max(500), measures: z.array(z.string().trim().min(1).max(500)).min(1).max(20) })).min(1).max(50),
  checklist: z.record(z.string().max(16), z.enum(['done', 'na', 'pending'])).default({}),
  otherMeasures: z.string().trim().max(2000).optional(),
  people: z.object({
    workLeader: PersonRef,
    performers: z.array(PersonRef).min(1).max(50),
    guardians: z.array(PersonRef).max(10),
    liftingDirector: PersonRef.optional(),
    craneOperators: z.array(PersonRef).max(10).optional(),
  }),
  parentPermitId: z.uuid().optional(),
  relatedPermitIds: Uuids(20).optional(),
  alsoInvolves: z.array(z.enum(WORK_TYPES)).max(8).optional(),
  hotWork: z.object({
    onOperatingEquipment: z.boolean().optional(), inMajorHazardTankDike: z.boolean().optional(), inFireExplosionArea: z.boolean().optional(),
    onPipeRack: z.boolean().optional(), shutdownDowngradeApprovedBy: z.string().trim().min(1).max(64).optional(), inFixedHotWorkArea: z.boolean().optional(),
    method: z.enum(['welding', 'cutting', 'grinding', 'drilling', 'sandblasting', 'other']).optional(), specialCircumstance: z.boolean().optional(),
    workPlanApproved: z.boolean().optional(), workPlanFileIds: Uuids(10).optional(), hotTapping: z.boolean().optional(), unitUnstable: z.boolean().optional(), selfDecomposingMaterial: z.boolean().optional(),
  }).optional(),
  confinedSpace: z.object({ highRisk: z.boolean().optional() }).optional(),
  height: z.object({
    heightM: z.number().min(0).max(1000), factors: z.array(z.enum(HEIGHT_FACTORS)).default([]),
    situations: z.array(z.enum(Object.keys(HEIGHT_SITUATIONS) as [string, ...string[]])).default([]), specialOperation: z.boolean().optional(),
  }).optional(),
  lifting: z.object({ massT: z.number().min(0).max(100_000), tandem: z.boolean().optional(), maxLoadFractionOfRated: z.number().min(0).max(2).optional(), workPlanApproved: z.boolean().optional(), workPlanFileIds: Uuids(10).optional(), complexLoad: z.boolean().optional() }).optional(),
  blindPlate: z.object({ plateId: Key, action: z.enum(['insert', 'remove']), pipelineId: Key.optional(), diagramFileIds: Uuids(10).optional() }).optional(),
  excavation: z.object({ depthM: z.number().min(0).max(100), machineLevelling: z.boolean().optional(), nearBuriedHazardousLines: z.boolean().optional() }).optional(),
  tmp: z.object({ specialApproval: z.boolean().optional() }).optional(),
  gas: z.object({ toxicGasesPresent: z.array(Key).max(10).optional() }).optional(),
  weather: z.object({ windBeaufort: z.number().int().min(0).max(17).nullable(), fog: z.boolean().optional(), heavySnow: z.boolean().optional(), rainstorm: z.boolean().optional() }).optional(),
  /** Up to three samples, as Form A.1 prints them; recorded on the permit when it is submitted. */
  gasTests: z.array(GasTestSchema).max(3).optional(),
  photoFileIds: Uuids(20).optional(),
});
/** A parsed application body. */
export type ApplyBody = z.infer<typeof ApplySchema>;

/** :id of a permit. */
export const PermitIdParams = z.object({ id: z.uuid() });

/** POST /api/permits/:id/approve. */
export const ApproveSchema = z.object({
  mode: z.enum(['onsite', 'remote']),
  location: GeoPointSchema.optional(),
  comment: z.string().trim().max(500).optional(),
});

/** POST /api/permits/:id/reject and /cancel. */
export const ReasonSchema = z.object({ reason: z.string().trim().min(1).max(500) });
/** POST /api/permits/:id/cancel (reason optional). */
export const CancelSchema = z.object({ reason: z.string().trim().max(500).optional() });

/** POST /api/permits/:id/check-in: the scanned QR token and where the guardian stands. */
export const CheckInSchema = z.object({
  qrToken: z.string().min(1).max(4096),
  location: GeoPointSchema,
  continuousMonitoringOn: z.boolean().optional(),
  videoRecording: z.boolean().optional(),
  photoFileIds: Uuids(10).optional(),
});

/** POST /api/permits/:id/interrupt. */
export const InterruptSchema = z.object({ reason: z.string().trim().min(1).max(500) });
/** POST /api/permits/:id/resume. */
export const ResumeSchema = z.object({ conditionsReconfirmed: z.boolean().default(false) });
/** POST /api/permits/:id/void. */
export const VoidSchema = z.object({ cause: z.enum(['content', 'scope', 'location', 'conditions']), detail: z.string().trim().max(500).optional() });

/** Scope of a hold or restriction. */
export const ScopeSchema = z.union([
  z.object({ permitIds: z.array(z.uuid()).min(1).max(200) }).strict(),
  z.object({ areaKeys: z.array(Key).max(50).optional(), unitKeys: z.array(Key).max(50).optional(), types: z.array(z.enum(WORK_TYPES)).max(8).optional(), outdoorOnly: z.boolean().optional() }).strict(),
]);

/** POST /api/permits/holds (a person stops work). */
export const HoldSchema = z.object({
  scope: ScopeSchema,
  reason: z.string().trim().min(1).max(500),
  blockNewApplications: z.boolean().default(false),
  until: Iso.optional(),
});

/** POST /api/permits/restrictions. */
export const RestrictionSchema = z.object({
  scope: z.object({ areaKeys: z.array(Key).max(50).optional(), unitKeys: z.array(Key).max(50).optional(), types: z.array(z.enum(WORK_TYPES)).max(8).optional(), outdoorOnly: z.boolean().optional() }).strict(),
  reason: z.string().trim().min(1).max(500),
  until: Iso.optional(),
});

/** One certificate (holder by person key or id). */
export const CertificateSchema = z.object({
  holder: PersonRef,
  type: z.enum(CERTIFICATE_TYPES),
  number: z.string().trim().min(1).max(64),
  issuedOn: z.iso.date(),
  expiresOn: z.iso.date(),
  nextReviewOn: z.iso.date().nullable().optional(),
  issuer: z.string().trim().max(100).nullable().optional(),
});

/** POST /api/certificates/import: JSON records, or CSV text (also accepted raw as text/csv). */
export const CertificateImportSchema = z.union([
  z.object({ records: z.array(z.record(z.string(), z.unknown())).min(1).max(5000) }),
  z.object({ csv: z.string().min(1).max(2_000_000) }),
]);

/** GET /api/permits/compliance. */
export const ComplianceQuery = z.object({
  groupBy: z.enum(['area', 'type', 'month']).default('month'),
  from: z.iso.date(),
  to: z.iso.date(),
  areaKey: Key.optional(),
  type: z.enum(WORK_TYPES).optional(),
});

/** GET /api/permits. */
export const ListQuery = z.object({
  status: z.string().max(200).optional(),
  type: z.enum(WORK_TYPES).optional(),
  areaKey: Key.optional(),
  mine: z.enum(['1', 'true']).optional(),
  from: Iso.optional(),
  to: Iso.optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

/** POST /api/permits/:id/entries: a person (id or plant key) or a tool (name, count) going in or out. */
export const EntrySchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('person'), person: z.string().trim().min(1).max(64), direction: z.enum(['in', 'out']) }),
  z.object({ kind: z.literal('tool'), tool: z.string().trim().min(1).max(60), count: z.number().int().min(1).max(999).default(1), direction: z.enum(['in', 'out']) }),
]);
