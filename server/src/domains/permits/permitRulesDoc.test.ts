import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { NATIONAL_PERMIT_POLICY } from './permitTypes';

/** Every policy leaf path (the override paths a plant file may use). */
function leaves(x: unknown, path = ''): Array<{ path: string; sourceRef: string }> {
  if (typeof x !== 'object' || x === null || Array.isArray(x)) return [];
  const o = x as Record<string, unknown>;
  if (typeof o.kind === 'string' && 'value' in o && typeof o.sourceRef === 'string') return [{ path, sourceRef: o.sourceRef }];
  return Object.keys(o).flatMap((k) => leaves(o[k], path ? `${path}.${k}` : k));
}

it('RULES.md (the README section) lists every policy value with its source, so the documentation cannot drift', () => {
  const doc = readFileSync(join(__dirname, 'RULES.md'), 'utf8');
  const all = leaves(NATIONAL_PERMIT_POLICY);
  expect(all.length).toBeGreaterThan(200);
  const rows = new Map(doc.split('\n').filter((l) => l.startsWith('| `')).map((l) => [l.slice(3, l.indexOf('`', 3)), l]));
  const wrong = all.filter((leaf) => !rows.get(leaf.path)?.includes(`| ${leaf.sourceRef} |`)).map((leaf) => leaf.path);
  expect(wrong).toEqual([]);
});
