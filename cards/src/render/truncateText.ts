/** The mark appended to text that was cut to fit a platform limit. */
export const ELLIPSIS = '…';

/**
 * Length in characters as we count them for platform limits: Unicode code points, so a CJK character,
 * a letter and an emoji each count 1. WeCom states limits in "字" without a counting rule; counting every
 * code point as one is the conservative reading (it never under-counts Chinese text).
 */
export function charCount(text: string): number {
  let n = 0;
  for (const _ of text) n += 1;
  return n;
}

/** Length in UTF-8 bytes (WeCom byte limits: task_id, keys, option ids, markdown content). */
export function utf8Bytes(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}

/**
 * Cuts `text` to at most `max` characters (see charCount), ending with '…' when something was cut.
 * Never splits a surrogate pair. `max` < 1 gives ''.
 */
export function truncateChars(text: string, max: number): string {
  if (max < 1) return '';
  if (charCount(text) <= max) return text;
  const kept: string[] = [];
  for (const ch of text) {
    if (kept.length === max - 1) break;
    kept.push(ch);
  }
  return `${kept.join('').trimEnd()}${ELLIPSIS}`;
}

/**
 * Cuts `text` to at most `maxBytes` UTF-8 bytes, ending with '…' (3 bytes) when something was cut.
 * Cuts on character boundaries only. A `maxBytes` below 3 gives ''.
 */
export function truncateBytes(text: string, maxBytes: number): string {
  if (utf8Bytes(text) <= maxBytes) return text;
  const budget = maxBytes - utf8Bytes(ELLIPSIS);
  if (budget < 0) return '';
  let used = 0;
  let out = '';
  for (const ch of text) {
    const size = utf8Bytes(ch);
    if (used + size > budget) break;
    used += size;
    out += ch;
  }
  const trimmed = out.trimEnd();
  return `${trimmed}${ELLIPSIS}`;
}

/** Collapses runs of whitespace (including newlines) to single spaces, for one-line slots. */
export function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}
