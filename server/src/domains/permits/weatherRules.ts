import { PermitPolicy, RuleIssue, WorkType } from './permitModel';

/** Weather at the work site (forecast for an application, measured for a live permit). */
export interface WeatherConditions {
  /** Wind force on the Beaufort scale (gusts, per 8.1.2 a); null when unknown. */
  windBeaufort: number | null;
  fog?: boolean;
  heavySnow?: boolean;
  rainstorm?: boolean;
}

/** What the weather means for one permit. */
export interface WeatherVerdict {
  /** Outdoor work of this type must not go on (HGT 8.2.6, LFT 9.2.4). */
  stop: boolean;
  /** Hot work must be managed one level higher (5.2.15). */
  upgrade: boolean;
  issues: RuleIssue[];
}

/**
 * Applies the weather interlocks to outdoor work: wind ≥ force 5 or dense fog stops work at height;
 * wind ≥ force 6, heavy snow, rainstorm or heavy fog stops lifting; wind ≥ force 5 raises outdoor
 * hot work one level. Indoor work is unaffected. The weather module uses `stop` to place holds.
 */
export function weatherVerdict(type: WorkType, outdoor: boolean, w: WeatherConditions, policy: PermitPolicy): WeatherVerdict {
  const issues: RuleIssue[] = [];
  if (!outdoor) return { stop: false, upgrade: false, issues };
  const wp = policy.types[type].weather;
  const wind = w.windBeaufort;
  let stop = false;
  if (wp.stopOutdoorAtBeaufort && wind !== null && wind >= wp.stopOutdoorAtBeaufort.value) {
    stop = true;
    issues.push({ code: 'weather_stop_wind', field: 'weather.windBeaufort', params: { type, beaufort: wind, limit: wp.stopOutdoorAtBeaufort.value }, sourceRef: wp.stopOutdoorAtBeaufort.sourceRef });
  }
  if (wp.stopInFog?.value && w.fog) {
    stop = true;
    issues.push({ code: 'weather_stop_fog', field: 'weather.fog', params: { type }, sourceRef: wp.stopInFog.sourceRef });
  }
  if (wp.stopInHeavySnowOrRainstorm?.value && (w.heavySnow || w.rainstorm)) {
    stop = true;
    issues.push({ code: 'weather_stop_precipitation', field: w.heavySnow ? 'weather.heavySnow' : 'weather.rainstorm', params: { type }, sourceRef: wp.stopInHeavySnowOrRainstorm.sourceRef });
  }
  const upgrade = !!wp.upgradeOutdoorAtBeaufort && wind !== null && wind >= wp.upgradeOutdoorAtBeaufort.value;
  return { stop, upgrade, issues };
}
