/**
 * Minimal JSON path used by the payload mappings of MQTT and JSON weather sources:
 * dotted keys with optional `[n]` indices, e.g. `data.readings[0].ppm`, `warning`, `[2]`.
 * An empty path is the value itself. No wildcards, no filters, no evaluation.
 */
export function valueAtPath(root: unknown, path: string): unknown {
  if (path === '' || path === '$') return root;
  const tokens = tokenize(path);
  if (!tokens) return undefined;
  let cur: unknown = root;
  for (const tok of tokens) {
    if (cur === null || typeof cur !== 'object') return undefined;
    if (typeof tok === 'number') {
      if (!Array.isArray(cur)) return undefined;
      cur = cur[tok < 0 ? cur.length + tok : tok];
    } else {
      // Own properties only: a payload must not reach Object.prototype through `__proto__`.
      if (!Object.prototype.hasOwnProperty.call(cur, tok)) return undefined;
      cur = (cur as Record<string, unknown>)[tok];
    }
  }
  return cur;
}

/** True when the path is well-formed (for config validation at start-up). */
export function isValidPath(path: string): boolean {
  return path === '' || path === '$' || tokenize(path) !== null;
}

function tokenize(path: string): (string | number)[] | null {
  const out: (string | number)[] = [];
  const re = /([^.[\]]+)|\[(-?\d+)\]|(\.)/gy;
  let m: RegExpExecArray | null;
  let expectKey = false;
  const p = path.startsWith('$.') ? path.slice(2) : path;
  while (re.lastIndex < p.length) {
    m = re.exec(p);
    if (!m) return null;
    if (m[1] !== undefined) {
      out.push(m[1]);
      expectKey = false;
    } else if (m[2] !== undefined) {
      out.push(Number(m[2]));
      expectKey = false;
    } else {
      if (expectKey || out.length === 0) return null;
      expectKey = true;
    }
  }
  return expectKey ? null : out;
}
