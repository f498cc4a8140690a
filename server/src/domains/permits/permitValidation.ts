import { randomUUID } from 'node:crypto';
import type { Queryable } from '../../platform/db/db';
import { t } from '../../../../cards/src/i18n/catalogue';
import { AppError } from '../../platform/errors';
import { findFiles } from '../../platform/files/fileService';
import { PDF_MIME } from '../../platform/files/pdfCheck';
import { certificatesOf } from './certificateRepo';
import { findPerson } from './permitPeople';
import { evaluateGasTest, gasTestAgeMin, type GasTest } from './gasRules';
import type { PermitApplication, ValidationContext } from './permitApplication';
import type { RuleIssue } from './permitModel';
import type { PlantPermitContext } from './permitPolicyStore';
import { confinedSpaceHistory, liveSummaries, summariesByIds } from './permitRepo';
import { restrictionsCovering, type RestrictionRow, type RestrictionTarget } from './permitRestrictions';
import type { GasTestBody } from './permitSchemas';
import type { PermitRules } from './permitState';
import { gb } from './policyLeaves';

/** Resolves a person named by id or plant key; a 400 names the field when nobody matches. */
export async function resolvePerson(q: Queryable, plantId: string, ref: string, field: string, locale: string): Promise<string> {
  const person = await findPerson(q, plantId, ref);
  if (!person) {
    const message = t(locale, 'permits.error.unknown_person', { person: ref });
    throw new AppError('validation_failed', message, { fields: [{ field, message }] });
  }
  return person.id;
}

/** Everything validateApplication reads besides the application, loaded in one go. */
export async function validationContext(q: Queryable, plant: PlantPermitContext, app: PermitApplication, now: Date): Promise<ValidationContext> {
  const p = app.people;
  const ids = [...new Set([p.workLeaderId, ...p.performerIds, ...p.guardianIds, ...(p.liftingDirectorId ? [p.liftingDirectorId] : []), ...(p.craneOperatorIds ?? [])])];
  const from = new Date(app.window.from);
  const monthSpan = 32 * 86_400_000;
  const start = Number.isNaN(from.getTime()) ? now : from;
  return {
    now,
    timezone: plant.timezone,
    policy: plant.policy,
    calendar: plant.calendar,
    certificates: await certificatesOf(q, plant.plantId, ids),
    livePermits: await liveSummaries(q, plant.plantId),
    relatedPermits: await summariesByIds(q, plant.plantId, [...(app.relatedPermitIds ?? []), ...(app.parentPermitId ? [app.parentPermitId] : [])]),
    // fatigueReview keeps only the permits of the same plant-local month.
    confinedSpaceHistory: await confinedSpaceHistory(q, plant.plantId, p.performerIds, new Date(start.getTime() - monthSpan), new Date(start.getTime() + monthSpan)),
  };
}

/**
 * Refuses file ids that are not files of this plant, or not of an accepted kind (site photos are
 * images; plans and diagrams may also be PDF documents): a 400 naming the first bad one, so the
 * record never links nothing, another plant's file, or a document where a photo belongs.
 */
export async function checkPhotoIds(q: Queryable, plantId: string, ids: readonly string[], field: string, locale: string, accept: 'images' | 'images_or_pdf' = 'images'): Promise<void> {
  const files = await findFiles(q, plantId, ids);
  const refuse = (i: number, key: string) => {
    const message = t(locale, key, { fileId: ids[i] });
    return new AppError('validation_failed', message, { fields: [{ field: `${field}[${i}]`, message }] });
  };
  const unknown = ids.findIndex((id) => !files.has(id));
  if (unknown >= 0) throw refuse(unknown, 'permits.error.unknown_photo');
  const accepted = (mime: string) => mime.startsWith('image/') || (accept === 'images_or_pdf' && mime === PDF_MIME);
  const wrongKind = ids.findIndex((id) => !accepted(files.get(id)?.mime ?? ''));
  if (wrongKind >= 0) throw refuse(wrongKind, 'permits.error.photo_not_image');
}

/**
 * Refuses a hold or restriction scope that names an area, unit or permit this plant does not have,
 * or an `until` already past: a typo must not become a restriction that silently blocks nothing.
 */
export async function checkScope(
  q: Queryable, plantId: string, body: { scope: { permitIds?: string[]; areaKeys?: string[]; unitKeys?: string[] }; until?: string }, now: Date, locale: string,
): Promise<void> {
  const refuse = (field: string, key: string, params: Record<string, unknown>) => {
    const message = t(locale, key, params);
    return new AppError('validation_failed', message, { fields: [{ field, message }] });
  };
  const missing = async (table: 'areas' | 'units' | 'permits', column: 'key' | 'id', values: string[] = []) => {
    if (!values.length) return -1;
    const cast = column === 'id' ? '::uuid[]' : '::text[]';
    const live = table === 'permits' ? '' : ' AND deleted_at IS NULL';
    const found = new Set((await q.query<{ v: string }>(`SELECT ${column}::text AS v FROM ${table} WHERE plant_id = $1 AND ${column} = ANY($2${cast})${live}`, [plantId, values])).rows.map((r) => r.v));
    return values.findIndex((v) => !found.has(v));
  };
  const s = body.scope;
  let i = await missing('areas', 'key', s.areaKeys);
  if (i >= 0) throw refuse(`body.scope.areaKeys[${i}]`, 'permits.error.unknown_area', { key: s.areaKeys![i] });
  i = await missing('units', 'key', s.unitKeys);
  if (i >= 0) throw refuse(`body.scope.unitKeys[${i}]`, 'permits.error.unknown_unit', { key: s.unitKeys![i] });
  i = await missing('permits', 'id', s.permitIds);
  if (i >= 0) throw refuse(`body.scope.permitIds[${i}]`, 'permits.error.unknown_permit', { id: s.permitIds![i] });
  if (body.until && new Date(body.until).getTime() <= now.getTime()) throw refuse('body.until', 'permits.error.until_past', { until: body.until });
}

/** Turns a gas-test body into the core's GasTest (analyst by id or key; the caller when absent). */
export async function toGasTest(q: Queryable, plantId: string, body: GasTestBody, defaultAnalystId: string, field: string, locale: string): Promise<GasTest> {
  return {
    id: body.id ?? randomUUID(),
    takenAt: new Date(body.takenAt).toISOString(),
    analystId: body.analyst ? await resolvePerson(q, plantId, body.analyst, `${field}.analyst`, locale) : defaultAnalystId,
    ...(body.samplePoint ? { location: body.samplePoint } : {}),
    readings: body.readings,
    ...(body.oxygenEnriched ? { oxygenEnriched: true } : {}),
  };
}

/**
 * Checks gas analyses given with an application: each must pass the permit's limits and be
 * sampled no earlier than the sample-age limit before the work starts (5.3.1 c, 6.3 a), and not
 * in the future. Returns findings with fields pointing into `gasTests`.
 */
export function checkApplicationGasTests(tests: GasTest[], rules: PermitRules, windowFrom: Date, now: Date): RuleIssue[] {
  const out: RuleIssue[] = [];
  tests.forEach((t, i) => {
    const field = `gasTests[${i}]`;
    const taken = Date.parse(t.takenAt);
    if (taken > now.getTime()) out.push({ code: 'gas_sample_in_future', field: `${field}.takenAt`, params: { takenAt: t.takenAt }, sourceRef: rules.sampleMaxAgeMin.sourceRef });
    const ageAtStart = gasTestAgeMin(t, windowFrom);
    if (ageAtStart > rules.sampleMaxAgeMin.value) {
      out.push({ code: 'gas_sample_too_old', field: `${field}.takenAt`, params: { ageMin: Math.round(ageAtStart), maxMin: rules.sampleMaxAgeMin.value }, sourceRef: rules.sampleMaxAgeMin.sourceRef });
    }
    for (const f of evaluateGasTest(t, rules.gas).failures) out.push({ ...f, field: `${field}.${f.field}` });
  });
  return out;
}

/** Live work restrictions covering the target, as rule findings (submission consults these). */
export async function restrictionIssues(q: Queryable, plantId: string, target: RestrictionTarget, now: Date): Promise<RuleIssue[]> {
  return restrictionFindings(await restrictionsCovering(q, plantId, target, now));
}

/** The blocking ones among covering restrictions, as rule findings. Pure. */
export function restrictionFindings(covering: readonly RestrictionRow[]): RuleIssue[] {
  return covering.filter((r) => r.effect === 'block').map((r) => ({
    code: 'work_restricted', field: 'location.areaKey',
    params: { restrictionId: r.id, holdId: r.holdId, source: r.source, reason: r.reason, until: r.until?.toISOString() ?? null },
    sourceRef: r.source === 'weather' ? gb('8.2.6, 9.2.4, 5.2.15') : gb('4.8'),
  }));
}
