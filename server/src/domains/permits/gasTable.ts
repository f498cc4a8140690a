import { Confidence } from './permitModel';

/** Physical data of a representative gas: lower explosive limit and molar mass. */
export interface GasInfo {
  id: string;
  nameZh: string;
  formula: string;
  /** Molar mass in g/mol, used to turn ppm into mg/m³. */
  molarMass: number;
  /** Lower explosive limit in vol%; absent for non-flammable gases. */
  lelVolPct?: number;
  sourceRef: string;
  confidence: Confidence;
}

const LEL_SOURCE = 'NIOSH Pocket Guide to Chemical Hazards (LEL, vol%)';

function gas(id: string, nameZh: string, formula: string, molarMass: number, lelVolPct: number | undefined): GasInfo {
  const base = { id, nameZh, formula, molarMass, sourceRef: LEL_SOURCE, confidence: 'S' as const };
  return lelVolPct === undefined ? base : { ...base, lelVolPct };
}

/**
 * Common representative gases. Detectors mostly read %LEL, while GB 30871 5.3.2 limits are vol%,
 * so a reading can only be judged once the representative gas (and so its LEL) is known.
 */
export const GAS_TABLE: Record<string, GasInfo> = Object.fromEntries(
  [
    gas('methane', '甲烷', 'CH4', 16.04, 5.0),
    gas('hydrogen', '氢气', 'H2', 2.016, 4.0),
    gas('ethane', '乙烷', 'C2H6', 30.07, 3.0),
    gas('propane', '丙烷', 'C3H8', 44.1, 2.1),
    gas('butane', '正丁烷', 'C4H10', 58.12, 1.6),
    gas('ethylene', '乙烯', 'C2H4', 28.05, 2.7),
    gas('propylene', '丙烯', 'C3H6', 42.08, 2.0),
    gas('acetylene', '乙炔', 'C2H2', 26.04, 2.5),
    gas('benzene', '苯', 'C6H6', 78.11, 1.2),
    gas('toluene', '甲苯', 'C7H8', 92.14, 1.1),
    gas('methanol', '甲醇', 'CH3OH', 32.04, 6.0),
    gas('ethanol', '乙醇', 'C2H5OH', 46.07, 3.3),
    gas('ammonia', '氨', 'NH3', 17.03, 15),
    gas('carbon_monoxide', '一氧化碳', 'CO', 28.01, 12.5),
    gas('hydrogen_sulfide', '硫化氢', 'H2S', 34.08, 4.0),
    gas('chlorine', '氯气', 'Cl2', 70.9, undefined),
    gas('hydrogen_cyanide', '氰化氢', 'HCN', 27.03, 5.6),
    gas('sulfur_dioxide', '二氧化硫', 'SO2', 64.07, undefined),
    gas('nitrogen_dioxide', '二氧化氮', 'NO2', 46.01, undefined),
  ].map((g) => [g.id, g]),
);

/** Looks a gas up by id; undefined when the table does not know it. */
export function gasInfo(id: string): GasInfo | undefined {
  return Object.prototype.hasOwnProperty.call(GAS_TABLE, id) ? GAS_TABLE[id] : undefined;
}
