import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');

describe('.env.sample', () => {
  it('lists every variable env.ts reads (and the secrets the demo plant names), each with a comment, and nothing else', () => {
    const source = readFileSync(join(ROOT, 'server', 'src', 'env.ts'), 'utf8');
    // Plant files name secrets by env variable (robotKeyRef: WECOM_ROBOT_KEY_PLANT …).
    const plant = readFileSync(join(ROOT, 'server', 'plants', 'demo-plant.yaml'), 'utf8');
    const refs = [...plant.matchAll(/^\s*\w+Ref: ([A-Z][A-Z0-9_]+)\s*$/gm)].map((m) => m[1]);
    const read = [...new Set([...[...source.matchAll(/^ {4}([A-Z][A-Z0-9_]+):/gm)].map((m) => m[1]), ...refs])].sort();
    const sample = readFileSync(join(ROOT, '.env.sample'), 'utf8').split('\n');
    const listed: string[] = [];
    sample.forEach((line, i) => {
      const m = /^#?\s?([A-Z][A-Z0-9_]+)=/.exec(line);
      if (!m) return;
      listed.push(m[1]);
      // The line above a variable (or its block) is a comment explaining it.
      const above = sample.slice(0, i).reverse().find((l) => !/^#?\s?[A-Z][A-Z0-9_]+=/.test(l));
      expect(above?.startsWith('#')).toBe(true);
    });
    expect(listed.sort()).toEqual(read);
  });
});
