import { HeightLevel, NoPermitNeeded, PermitPolicy } from './permitModel';
import { gb } from './policyLeaves';

/** The nine objective hazard factors of 8.1.2 (a–i). */
export const HEIGHT_FACTORS = [
  'gust_wind_5', // a) gust ≥ Beaufort 5 (8.0 m/s)
  'mean_temp_5c', // b) mean air temperature ≤ 5 °C
  'cold_water_12c', // c) contact with water ≤ 12 °C
  'slippery_surface', // d) ice, snow, frost, oil or water underfoot
  'poor_light', // e) poor light or visibility
  'live_conductor_near', // f) closer to live conductors than Table 1
  'unstable_footing', // g) swaying, or footing with any side < 500 mm
  'toxic_or_low_o2', // h) toxic gas or O₂ < 19.5 %
  'disaster_rescue', // i) disaster or rescue conditions
] as const;
/** One 8.1.2 hazard factor. */
export type HeightFactor = (typeof HEIGHT_FACTORS)[number];

/** Situations of informative Table B.1 note 2 that put height work at a minimum level. */
export const HEIGHT_SITUATIONS = {
  slope_over_45: 'I',
  near_opening_or_pit: 'II',
  hazardous_zone_or_rotating: 'II',
  vessel_without_platform: 'II',
  inside_vessel: 'II',
  near_toxic_vent: 'II',
  hot_or_cold_environment: 'IV',
  snowfall: 'IV',
  rainfall: 'IV',
  outdoor_night_artificial_light: 'IV',
  live_work: 'IV',
  suspended_no_footing: 'IV',
} as const satisfies Record<string, HeightLevel>;
/** One Table B.1 situation id. */
export type HeightSituation = keyof typeof HEIGHT_SITUATIONS;

/** Inputs of the work-at-height classification. */
export interface HeightInput {
  heightM: number;
  factors: HeightFactor[];
  situations: HeightSituation[];
}

/** Level of height work, with the method (A/B of Table 2) and what raised it. */
export interface HeightLevelResult {
  kind: 'level';
  level: HeightLevel;
  method: 'A' | 'B';
  band: 1 | 2 | 3 | 4;
  raisedBy: HeightSituation[];
  sourceRef: string;
}

const ORDER: HeightLevel[] = ['I', 'II', 'III', 'IV'];

/**
 * Classifies work at height (8.1): the height band gives the level by method A, or by method B
 * (one level higher, capped at IV) when any 8.1.2 factor is present; several factors still mean
 * method B, not one step each. Table B.1 situations then set a minimum level. Below the minimum
 * height it is not work at height.
 */
export function heightLevel(input: HeightInput, policy: PermitPolicy): HeightLevelResult | NoPermitNeeded {
  const p = policy.height;
  if (input.heightM < p.minHeightM.value) {
    return { code: 'no_permit_needed', reason: 'below_height_threshold', params: { heightM: input.heightM, minHeightM: p.minHeightM.value }, sourceRef: p.minHeightM.sourceRef, riskAnalysisRequired: false };
  }
  const band = input.heightM <= p.band1MaxM.value ? 1 : input.heightM <= p.band2MaxM.value ? 2 : input.heightM <= p.band3MaxM.value ? 3 : 4;
  const method = input.factors.length > 0 ? 'B' : 'A';
  let rank = Math.min(3, band - 1 + (method === 'B' ? 1 : 0));
  const raisedBy: HeightSituation[] = [];
  for (const s of input.situations) {
    const min = ORDER.indexOf(HEIGHT_SITUATIONS[s]);
    if (min > rank) raisedBy.push(s);
    rank = Math.max(rank, min);
  }
  return { kind: 'level', level: ORDER[rank], method, band, raisedBy, sourceRef: raisedBy.length ? gb('8.1.3, B.1 说明2') : gb('8.1.3') };
}
