import type { MajorElementName, MajorElements } from './hazardTypes';

/**
 * The pure rules of the hazard capability, in one import. Each lives in its own file; the five-element
 * check is here because the machine and the command layer both need it.
 */
export { hazardCode, plantLocalDay } from './hazardCode';
export { categoryPath, defaultGrade, leafCategories } from './hazardCategories';
export type { HazardCategory } from './hazardCategories';
export { suggestCategories } from './categorySuggest';
export type { CategorySuggestion, SuggestOptions } from './categorySuggest';
export { deadlineFor, escalationAt, escalationTimes, hazardTiming, hourMs, remindAt, slaPolicyFor } from './hazardSla';
export type { HazardSlaPolicy, SlaOptions } from './hazardSla';
export { activeByKey, makeCanDelegate, matchAssignmentRule, resolveAssignee } from './hazardAssignment';
export type { AssignmentRule, AssignTarget, DeputyMap, PlantDepartment, PlantPerson, ResolvedAssignee } from './hazardAssignment';
export { escalationTarget } from './hazardEscalation';
export { findRecurrence } from './hazardRecurrence';
export type { RecurrenceCandidate, RecurrenceProbe } from './hazardRecurrence';

const filled = (s: string | undefined): boolean => typeof s === 'string' && s.trim().length > 0;

/**
 * The 五落实 elements still missing, in the fixed order measures, responsible_person, funds, deadline,
 * emergency_plan. Blank text, a negative/non-finite amount or an invalid date count as missing.
 */
export function majorElementsMissing(elements: MajorElements | null | undefined): MajorElementName[] {
  const e = elements ?? {};
  const missing: MajorElementName[] = [];
  if (!filled(e.measures)) missing.push('measures');
  if (!filled(e.responsiblePersonId)) missing.push('responsible_person');
  if (!(typeof e.fundsYuan === 'number' && Number.isFinite(e.fundsYuan) && e.fundsYuan >= 0)) missing.push('funds');
  if (!(e.deadline instanceof Date && !Number.isNaN(e.deadline.getTime()))) missing.push('deadline');
  if (!filled(e.emergencyPlan)) missing.push('emergency_plan');
  return missing;
}
