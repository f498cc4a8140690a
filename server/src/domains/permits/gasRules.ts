import { gasInfo } from './gasTable';
import { PermitPolicy, RuleIssue } from './permitModel';
import { gb } from './policyLeaves';

/** One detector reading. Combustibles may be read in vol% or in %LEL; oxygen is vol%. */
export type GasReading =
  | { kind: 'combustible'; gasId?: string; /** LEL in vol% when the gas is not in the table. */ lelVolPct?: number; value: number; unit: 'vol_pct' | 'lel_pct' }
  | { kind: 'oxygen'; value: number }
  | { kind: 'toxic'; gasId: string; value: number; unit: 'ppm' | 'mg_m3' };

/** One gas analysis (取样分析): when, by whom, where, and its readings. */
export interface GasTest {
  id: string;
  /** ISO timestamp of sampling. */
  takenAt: string;
  analystId: string;
  location?: string;
  readings: GasReading[];
  /** The space is an oxygen-enriched environment: O₂ up to the enriched maximum is accepted (6.4 a). */
  oxygenEnriched?: boolean;
}

/** Acceptance criteria frozen onto a permit when it is drafted. */
export interface GasCriteria {
  lelBoundaryVolPct: number;
  highLelLimitVolPct: number;
  lowLelLimitVolPct: number;
  /** Oxygen band; min null = no lower bound checked (hot work in air). */
  oxygen: { min: number | null; max: number; enrichedMax: number };
  toxicLimitsMgM3: Record<string, number>;
  molarVolumeL: number;
  requiredKinds: Array<'combustible' | 'oxygen'>;
  requiredToxicGases: string[];
  sourceRefs: { combustible: string; oxygen: string; toxic: string };
}

/** What a permit needs to be tested for. */
export interface GasNeeds {
  oxygenBand: boolean;
  requiredToxicGases?: string[];
}

/** Builds the criteria from the policy: the oxygen band applies to confined spaces, the 23.5 % ceiling everywhere. */
export function gasCriteriaFor(policy: PermitPolicy, needs: GasNeeds): GasCriteria {
  const g = policy.gas;
  const toxicLimitsMgM3 = Object.fromEntries(Object.entries(g.toxicLimitsMgM3).map(([id, l]) => [id, l.value]));
  return {
    lelBoundaryVolPct: g.lelClassBoundaryVolPct.value,
    highLelLimitVolPct: g.combustibleLimitHighLelVolPct.value,
    lowLelLimitVolPct: g.combustibleLimitLowLelVolPct.value,
    oxygen: needs.oxygenBand
      ? { min: g.oxygenMinVolPct.value, max: g.oxygenMaxVolPct.value, enrichedMax: g.oxygenEnrichedMaxVolPct.value }
      : { min: null, max: g.oxygenEnrichedMaxVolPct.value, enrichedMax: g.oxygenEnrichedMaxVolPct.value },
    toxicLimitsMgM3,
    molarVolumeL: g.molarVolumeL.value,
    requiredKinds: needs.oxygenBand ? ['combustible', 'oxygen'] : ['combustible'],
    requiredToxicGases: needs.requiredToxicGases ?? [],
    sourceRefs: { combustible: gb('5.3.2'), oxygen: needs.oxygenBand ? g.oxygenMinVolPct.sourceRef : gb('5.2.7'), toxic: gb('6.4 b)') },
  };
}

/** Converts a combustible reading to vol%: %LEL × LEL / 100. */
export function toVolPct(value: number, unit: 'vol_pct' | 'lel_pct', lelVolPct: number): number {
  return unit === 'vol_pct' ? value : (value * lelVolPct) / 100;
}

/** The 5.3.2 limit for a gas: ≤ 0.5 vol% when its LEL ≥ 4 %, else ≤ 0.2 vol%. */
export function combustibleLimitVolPct(lelVolPct: number, c: GasCriteria): number {
  return lelVolPct >= c.lelBoundaryVolPct ? c.highLelLimitVolPct : c.lowLelLimitVolPct;
}

/** Turns ppm into mg/m³ with the criteria's molar volume. */
export function ppmToMgM3(ppm: number, molarMass: number, molarVolumeL: number): number {
  return (ppm * molarMass) / molarVolumeL;
}

const round = (x: number) => Math.round(x * 1000) / 1000;

function checkReading(r: GasReading, i: number, test: GasTest, c: GasCriteria): RuleIssue | null {
  const field = `readings[${i}]`;
  if (r.kind === 'combustible') {
    const lel = r.lelVolPct ?? (r.gasId ? gasInfo(r.gasId)?.lelVolPct : undefined);
    if (lel === undefined) return { code: 'gas_unknown_lel', field, params: { gasId: r.gasId ?? null }, sourceRef: c.sourceRefs.combustible };
    const volPct = toVolPct(r.value, r.unit, lel);
    const limitVolPct = combustibleLimitVolPct(lel, c);
    if (volPct <= limitVolPct) return null;
    return { code: 'combustible_over_limit', field, params: { gasId: r.gasId ?? null, volPct: round(volPct), limitVolPct, lelVolPct: lel }, sourceRef: c.sourceRefs.combustible };
  }
  if (r.kind === 'oxygen') {
    const max = test.oxygenEnriched ? c.oxygen.enrichedMax : c.oxygen.max;
    if (c.oxygen.min !== null && r.value < c.oxygen.min) return { code: 'oxygen_low', field, params: { volPct: r.value, min: c.oxygen.min }, sourceRef: c.sourceRefs.oxygen };
    if (r.value > max) return { code: 'oxygen_high', field, params: { volPct: r.value, max }, sourceRef: c.sourceRefs.oxygen };
    return null;
  }
  const limitMgM3 = c.toxicLimitsMgM3[r.gasId];
  const info = gasInfo(r.gasId);
  if (limitMgM3 === undefined || (r.unit === 'ppm' && !info)) {
    return { code: 'toxic_gas_unknown', field, params: { gasId: r.gasId }, sourceRef: c.sourceRefs.toxic };
  }
  const mgM3 = r.unit === 'mg_m3' ? r.value : ppmToMgM3(r.value, info!.molarMass, c.molarVolumeL);
  if (mgM3 <= limitMgM3) return null;
  return { code: 'toxic_over_limit', field, params: { gasId: r.gasId, mgM3: round(mgM3), limitMgM3 }, sourceRef: c.sourceRefs.toxic };
}

/** Verdict of one gas test against a permit's criteria. */
export interface GasVerdict {
  passed: boolean;
  failures: RuleIssue[];
}

/**
 * Judges a gas test: each reading against its limit, and the required kinds of reading present
 * (combustible always, oxygen where the band applies, each declared toxic gas). A reading that
 * cannot be judged (unknown LEL or gas) fails: the safe answer when the rule cannot be applied.
 */
export function evaluateGasTest(test: GasTest, c: GasCriteria): GasVerdict {
  const failures: RuleIssue[] = [];
  test.readings.forEach((r, i) => {
    const issue = checkReading(r, i, test, c);
    if (issue) failures.push(issue);
  });
  for (const kind of c.requiredKinds) {
    if (!test.readings.some((r) => r.kind === kind)) failures.push({ code: 'gas_reading_missing', field: 'readings', params: { kind }, sourceRef: kind === 'oxygen' ? c.sourceRefs.oxygen : c.sourceRefs.combustible });
  }
  for (const gasId of c.requiredToxicGases) {
    if (!test.readings.some((r) => r.kind === 'toxic' && r.gasId === gasId)) failures.push({ code: 'gas_reading_missing', field: 'readings', params: { kind: 'toxic', gasId }, sourceRef: c.sourceRefs.toxic });
  }
  return { passed: failures.length === 0, failures };
}

/** Minutes between sampling and `now` (negative when the sample claims to be from the future). */
export function gasTestAgeMin(test: Pick<GasTest, 'takenAt'>, now: Date): number {
  return (now.getTime() - Date.parse(test.takenAt)) / 60_000;
}

/** True when an interruption lasted longer than the re-test limit (5.3.1 d, 6.3 f). */
export function retestRequired(interruptedAt: Date, resumeAt: Date, gapLimitMin: number): boolean {
  return (resumeAt.getTime() - interruptedAt.getTime()) / 60_000 > gapLimitMin;
}
