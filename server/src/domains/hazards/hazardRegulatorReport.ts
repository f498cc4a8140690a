import { formatPlantTime } from '../../../../cards/src/hazards/hazardCardView';
import { t } from '../../../../cards/src/i18n/catalogue';
import type { HazardPolicy } from './hazardPolicy';
import type { HazardRow } from './hazardRepo';
import { majorElementsMissing } from './hazardRules';
import type { LedgerTable } from './hazardLedger';

/**
 * The major-hazard report to the regulator (Safety Law Art. 41; SAWS Order 16; domain.md §3.3):
 * (1) current status and cause, (2) severity and difficulty of rectification, (3) the treatment plan
 * (the 五落实: measures, responsible person, funds, time limit, emergency plan). One entry per hazard
 * flagged major in the range.
 */
export interface RegulatorEntry {
  code: string;
  reportedAt: string;
  area: string;
  equipmentTag: string | null;
  description: string;
  status: string;
  cause: string | null;
  severity: string | null;
  difficulty: string | null;
  treatmentPlan: {
    measures: string | null;
    responsiblePerson: string | null;
    fundsYuan: number | null;
    deadline: string | null;
    emergencyPlan: string | null;
    /** Elements still missing (empty = the plan is complete). */
    missing: string[];
  };
  rectificationDeadline: string;
  closedAt: string | null;
  flaggedAt: string | null;
}

/** The entries, oldest first (the caller filters flagged hazards of the range). */
export function regulatorEntries(rows: HazardRow[], policy: HazardPolicy, locale: string): RegulatorEntry[] {
  const tz = policy.timezone;
  const when = (d: Date | null | undefined) => (d ? formatPlantTime(d, tz) : null);
  return rows.map((h) => {
    const s = h.state;
    const e = s.majorElements ?? {};
    const responsible = e.responsiblePersonId ? (policy.people.find((p) => p.id === e.responsiblePersonId)?.name ?? e.responsiblePersonId) : null;
    return {
      code: h.code,
      reportedAt: when(s.createdAt) as string,
      area: policy.areas.find((a) => a.key === h.areaKey)?.name ?? h.areaKey,
      equipmentTag: h.equipmentTag,
      description: h.description,
      status: t(locale, `hazards.status.${s.status}`),
      cause: h.majorReport?.cause ?? null,
      severity: h.majorReport?.severity ?? null,
      difficulty: h.majorReport?.difficulty ?? null,
      treatmentPlan: {
        measures: e.measures ?? null,
        responsiblePerson: responsible,
        fundsYuan: e.fundsYuan ?? null,
        deadline: when(e.deadline),
        emergencyPlan: e.emergencyPlan ?? null,
        missing: majorElementsMissing(s.majorElements),
      },
      rectificationDeadline: when(s.deadline) as string,
      closedAt: when(s.closedAt),
      flaggedAt: when(h.majorFlaggedAt),
    };
  });
}

const COLUMNS = [
  'code', 'reported_at', 'area', 'description', 'status', 'cause', 'severity', 'difficulty', 'measures', 'responsible_person',
  'funds', 'plan_deadline', 'emergency_plan', 'missing', 'rectification_deadline', 'closed_at',
] as const;

/** The entries as a table for CSV. */
export function regulatorTable(entries: RegulatorEntry[], locale: string): LedgerTable {
  return {
    headers: COLUMNS.map((c) => t(locale, `hazards.regulator.col.${c}`)),
    rows: entries.map((e) => [
      e.code,
      e.reportedAt,
      e.equipmentTag ? `${e.area} · ${e.equipmentTag}` : e.area,
      e.description,
      e.status,
      e.cause,
      e.severity,
      e.difficulty,
      e.treatmentPlan.measures,
      e.treatmentPlan.responsiblePerson,
      e.treatmentPlan.fundsYuan,
      e.treatmentPlan.deadline,
      e.treatmentPlan.emergencyPlan,
      e.treatmentPlan.missing.map((m) => t(locale, `hazards.element.${m}`)).join('、'),
      e.rectificationDeadline,
      e.closedAt,
    ]),
  };
}
