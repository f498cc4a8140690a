import type { HazardGrade } from './hazardTypes';

/**
 * The plant's hazard category tree (plant config `hazard_categories`), e.g. 电气安全 → 配电箱 → 未上锁.
 * Hazards are filed under leaves; inner nodes group them.
 */

/** One category node. */
export interface HazardCategory {
  key: string;
  /** Display name in Chinese; also matched as a keyword by suggestCategories. */
  name: string;
  /** Parent key; absent/null for a root. */
  parentKey?: string | null;
  /** Extra words that point to this node (synonyms, colloquial forms: 没锁, 未锁). */
  keywords?: readonly string[];
  /** Grade a new hazard of this category starts with; inherited from the nearest ancestor that has one. */
  defaultGrade?: HazardGrade;
}

/** The node and its ancestors, root first. Stops on a cycle or a missing parent instead of looping. */
export function categoryPath(key: string, categories: readonly HazardCategory[]): HazardCategory[] {
  const byKey = new Map(categories.map((c) => [c.key, c]));
  const path: HazardCategory[] = [];
  const seen = new Set<string>();
  let current = byKey.get(key);
  while (current && !seen.has(current.key)) {
    seen.add(current.key);
    path.unshift(current);
    current = current.parentKey ? byKey.get(current.parentKey) : undefined;
  }
  return path;
}

/** Categories nobody names as parent, in input order. */
export function leafCategories(categories: readonly HazardCategory[]): HazardCategory[] {
  const parents = new Set(categories.map((c) => c.parentKey).filter((k): k is string => !!k));
  return categories.filter((c) => !parents.has(c.key));
}

/**
 * The grade a new hazard of `categoryKey` starts with: the category's defaultGrade, else the nearest
 * ancestor's, else `fallback` ('general': a safety officer upgrades with set_grade).
 */
export function defaultGrade(
  categoryKey: string,
  categories: readonly HazardCategory[],
  fallback: HazardGrade = 'general',
): HazardGrade {
  const path = categoryPath(categoryKey, categories);
  for (let i = path.length - 1; i >= 0; i--) {
    const grade = path[i].defaultGrade;
    if (grade) return grade;
  }
  return fallback;
}
