import { distanceToFence, type Fence } from '../../../lib/geo';

/** An area as cached on the phone (fence in WGS-84). */
export interface AreaOption {
  key: string;
  name: string;
  geofence: Fence;
}

/** A category as cached on the phone. */
export interface CategoryOption {
  key: string;
  name: string;
  level: number;
  parentKey: string | null;
}

/** A level-1 group with the leaves one taps second. */
export interface CategoryGroup {
  key: string;
  name: string;
  leaves: Array<{ key: string; name: string }>;
}

/** The report being filled in. */
export interface ReportDraft {
  photos: string[];
  fix: { lat: number; lng: number; datum: 'WGS-84'; accuracyM?: number } | null;
  areaKey: string | null;
  categoryKey: string | null;
  description: string;
  capturedAt: string | null;
}

/** Beyond this distance from every fence, the fix is not on site (same margin as the server). */
export const OFF_SITE_M = 500;

/** Pre-selects the area containing the fix (smallest distance 0); `offSite` when far from all. Pure. */
export function preselectArea(areas: readonly AreaOption[], fix: { lat: number; lng: number } | null): { areaKey: string | null; offSite: boolean } {
  if (!fix || !areas.length) return { areaKey: null, offSite: false };
  let best: { key: string; d: number } | null = null;
  for (const a of areas) {
    const d = distanceToFence([fix.lng, fix.lat], a.geofence);
    if (!best || d < best.d) best = { key: a.key, d };
  }
  return { areaKey: best && best.d === 0 ? best.key : null, offSite: !best || best.d > OFF_SITE_M };
}

/** Two taps: a level-1 group, then a leaf (level 3, or a level 2 without children). Pure. */
export function categoryGroups(categories: readonly CategoryOption[]): CategoryGroup[] {
  const children = (key: string) => categories.filter((c) => c.parentKey === key);
  return categories
    .filter((c) => c.level === 1)
    .map((top) => ({
      key: top.key,
      name: top.name,
      // No flatMap: older WeChat JS engines (iOS 11) lack it.
      leaves: children(top.key).reduce<Array<{ key: string; name: string }>>((acc, mid) => {
        const leaves = children(mid.key);
        return acc.concat(leaves.length ? leaves.map((l) => ({ key: l.key, name: l.name })) : [{ key: mid.key, name: mid.name }]);
      }, []),
    }))
    .filter((g) => g.leaves.length > 0);
}

/** What is missing before the report can be queued, as message keys. Pure. */
export function validateReport(d: ReportDraft): string[] {
  const problems: string[] = [];
  if (d.photos.length < 1) problems.push('miniprogram.report.need_photo');
  if (d.photos.length > 9) problems.push('miniprogram.report.too_many_photos');
  if (!d.areaKey) problems.push('miniprogram.report.need_area');
  if (!d.categoryKey) problems.push('miniprogram.report.need_category');
  const text = d.description.trim();
  if (!text) problems.push('miniprogram.report.need_description');
  if (text.length > 200) problems.push('miniprogram.report.description_too_long');
  return problems;
}

/** The POST /api/hazards body without photo ids (the outbox adds them once uploaded). Pure. */
export function reportPayload(d: ReportDraft): Record<string, unknown> {
  return {
    areaKey: d.areaKey,
    categoryKey: d.categoryKey,
    description: d.description.trim().replace(/\s+/g, ' '),
    ...(d.fix ? { location: { lat: d.fix.lat, lng: d.fix.lng, datum: d.fix.datum } } : {}),
  };
}
