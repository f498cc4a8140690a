import { t } from '../../../../cards/src/i18n/catalogue';
import { levelLabel, typeLabel } from '../../../../cards/src/permits/permitLabels';
import type { Queryable } from '../../platform/db/db';
import { complianceRate } from './complianceRate';
import { placeNames } from './permitAreas';
import type { PermitRow } from './permitRecord';
import { permitsForReport } from './permitRepo';
import { localDate, localTime } from './plantTime';

/** The instant of local midnight of a plant-local date (DST-safe: two correction passes). */
export function localMidnight(date: string, timezone: string): Date {
  const [y, m, d] = date.split('-').map(Number);
  let guess = Date.UTC(y, m - 1, d);
  for (let i = 0; i < 2; i++) {
    const lt = localTime(new Date(guess), timezone);
    const [ly, lm, ld] = lt.date.split('-').map(Number);
    const shownAsUtc = Date.UTC(ly, lm - 1, ld) + lt.minuteOfDay * 60_000;
    guess -= shownAsUtc - Date.UTC(y, m - 1, d);
  }
  return new Date(guess);
}

/** One group of the report. */
export interface ComplianceGroup {
  key: string;
  name: string;
  permits: number;
  executed: number;
  required: number;
  rate: number;
  missed: Array<{ permitId: string; permitCode: string; level: string; node: string; name: string; params: Record<string, unknown> }>;
}

function groupKey(p: PermitRow, by: 'area' | 'type' | 'month', timezone: string): string {
  if (by === 'area') return p.areaKey;
  if (by === 'type') return p.type;
  return localDate(p.validFrom, timezone).slice(0, 7);
}

/**
 * 过程合规率 by area, type or plant-local month of the window start: mandatory nodes executed ÷
 * nodes required over every permit in the period (drafts excluded), with each missed node listed.
 */
export async function complianceReport(
  q: Queryable, plantId: string, timezone: string, locale: string,
  query: { groupBy: 'area' | 'type' | 'month'; from: string; to: string; areaKey?: string; type?: string },
): Promise<{ groupBy: string; from: string; to: string; total: Omit<ComplianceGroup, 'key' | 'name' | 'missed'>; groups: ComplianceGroup[] }> {
  // `to` is inclusive: the report runs to the end of that local day.
  const from = localMidnight(query.from, timezone);
  const to = new Date(localMidnight(query.to, timezone).getTime() + 86_400_000);
  const rows = await permitsForReport(q, plantId, from, to, { areaKey: query.areaKey, type: query.type });
  const places = await placeNames(q, plantId);
  const groups = new Map<string, ComplianceGroup>();
  for (const p of rows) {
    const key = groupKey(p, query.groupBy, timezone);
    const name = query.groupBy === 'area' ? places.areas.get(key) ?? key : query.groupBy === 'type' ? typeLabel(locale, key) : key;
    const g = groups.get(key) ?? { key, name, permits: 0, executed: 0, required: 0, rate: 1, missed: [] };
    const r = complianceRate(p.state);
    g.permits += 1;
    g.executed += r.executed;
    g.required += r.required;
    for (const n of r.missed) g.missed.push({ permitId: p.id, permitCode: p.code, level: levelLabel(locale, p.type, p.level), node: n.node, name: t(locale, `permits.node.${n.node}`), params: n.params });
    groups.set(key, g);
  }
  const list = [...groups.values()].sort((a, b) => a.key.localeCompare(b.key));
  for (const g of list) g.rate = g.required === 0 ? 1 : Math.round((g.executed / g.required) * 1000) / 1000;
  const executed = list.reduce((s, g) => s + g.executed, 0);
  const required = list.reduce((s, g) => s + g.required, 0);
  return {
    groupBy: query.groupBy, from: query.from, to: query.to,
    total: { permits: rows.length, executed, required, rate: required === 0 ? 1 : Math.round((executed / required) * 1000) / 1000 },
    groups: list,
  };
}
