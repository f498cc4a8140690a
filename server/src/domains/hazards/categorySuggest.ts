import { categoryPath, HazardCategory, leafCategories } from './hazardCategories';

/**
 * Suggests leaf categories for a free-text report ("3号配电箱未上锁" → 电气安全/配电箱/未上锁).
 * Chinese has no word boundaries, so matching is by substring over the NFKC-normalised text.
 */

/** One suggestion. */
export interface CategorySuggestion {
  /** Leaf category key. */
  key: string;
  /** Names from root to leaf, e.g. ['电气安全', '配电箱', '未上锁']. */
  path: string[];
  score: number;
  /** The keywords (names included) found in the text. */
  matched: string[];
}

/** Options for suggestCategories. */
export interface SuggestOptions {
  /** At most this many suggestions (default 5). */
  limit?: number;
}

// A hit on the leaf itself says more than a hit on a broad ancestor such as 电气安全.
const LEAF_WEIGHT = 3;
const ANCESTOR_WEIGHT = 2;

function normalise(s: string): string {
  return s.normalize('NFKC').toLowerCase().replace(/\s+/g, '');
}

function nodeWords(c: HazardCategory): string[] {
  return [c.name, ...(c.keywords ?? [])].map(normalise).filter((w) => w.length > 0);
}

/**
 * Ranks leaf categories by keyword hits: each distinct name/keyword of the leaf found in the text scores
 * 3, of an ancestor 2; a word contained in another matched word (电箱 in 配电箱) does not count again.
 * Ties go to the longer total matched text (more specific), then to category order. Leaves with no hit
 * are left out.
 */
export function suggestCategories(
  text: string,
  categories: readonly HazardCategory[],
  opts: SuggestOptions = {},
): CategorySuggestion[] {
  const haystack = normalise(text);
  if (!haystack) return [];
  const ranked = leafCategories(categories).map((leaf, order) => {
    const path = categoryPath(leaf.key, categories);
    const hits = new Map<string, number>(); // word → weight of the first node that names it
    path.forEach((node, i) => {
      const weight = i === path.length - 1 ? LEAF_WEIGHT : ANCESTOR_WEIGHT;
      for (const word of nodeWords(node)) if (!hits.has(word) && haystack.includes(word)) hits.set(word, weight);
    });
    // 配电箱 also contains 电箱: one mention must not score twice.
    const words = [...hits.keys()];
    const matched = words.filter((w) => !words.some((other) => other !== w && other.includes(w)));
    const score = matched.reduce((n, w) => n + (hits.get(w) ?? 0), 0);
    const matchedChars = matched.reduce((n, w) => n + w.length, 0);
    return { key: leaf.key, path: path.map((n) => n.name), score, matched, matchedChars, order };
  });
  return ranked
    .filter((r) => r.score > 0)
    .sort((a, b) => b.score - a.score || b.matchedChars - a.matchedChars || a.order - b.order)
    .slice(0, opts.limit ?? 5)
    .map(({ key, path, score, matched }) => ({ key, path, score, matched }));
}
