import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Document, isNode, LineCounter, parseDocument } from 'yaml';
import type { ZodError } from 'zod';
import { formatConfigPath, PlantConfigError, PlantConfigProblem } from './plantConfigError';
import { PlantFile, PlantFileSchema } from './plantSchema';

/** The 1-based line of the deepest node that exists along `path` (a missing key points at its parent). */
function lineOf(doc: Document, counter: LineCounter, path: ReadonlyArray<PropertyKey>): number | undefined {
  for (let n = path.length; n >= 0; n--) {
    const node = n === 0 ? doc.contents : doc.getIn(path.slice(0, n) as unknown[], true);
    if (isNode(node) && node.range) return counter.linePos(node.range[0]).line;
  }
  return undefined;
}

/** Turns zod issues into problems; an unknown key becomes one problem per key, at that key. */
function toProblems(file: string, issues: ZodError['issues'], doc: Document, counter: LineCounter): PlantConfigProblem[] {
  const out: PlantConfigProblem[] = [];
  for (const issue of issues) {
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) {
        const path = [...issue.path, key];
        out.push({ file, path: formatConfigPath(path), message: 'unknown key (misspelt? secrets go in env vars, referenced by *Ref)', line: lineOf(doc, counter, path) });
      }
      continue;
    }
    // An empty file parses to null; say what is expected instead of "received null".
    const message =
      issue.path.length === 0 && issue.code === 'invalid_type' ? 'the file must be a YAML mapping (id, name, settings, areas …)' : issue.message;
    out.push({ file, path: formatConfigPath(issue.path), message, line: lineOf(doc, counter, issue.path) });
  }
  return out;
}

/**
 * Parses and validates one plant file's text. Throws `PlantConfigError` listing every problem:
 * YAML syntax errors with line/column, otherwise every schema problem with its path and line.
 */
export function parsePlantText(text: string, file: string): PlantFile {
  const counter = new LineCounter();
  const doc = parseDocument(text, { lineCounter: counter, prettyErrors: true, uniqueKeys: true });
  if (doc.errors.length) {
    throw new PlantConfigError(
      doc.errors.map((e) => {
        const pos = e.linePos?.[0];
        return {
          file,
          path: pos ? `line ${pos.line}, col ${pos.col}` : '(yaml)',
          message: `YAML syntax error: ${e.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '')}`,
          line: pos?.line,
        };
      }),
    );
  }
  const result = PlantFileSchema.safeParse(doc.toJS({ maxAliasCount: 100 }));
  if (!result.success) throw new PlantConfigError(toProblems(file, result.error.issues, doc, counter));
  return result.data;
}

/** Reads, parses and validates one plant file; throws `PlantConfigError` naming the file and every problem. */
export function loadPlantFile(path: string): PlantFile {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new PlantConfigError([{ file: path, path: '(file)', message: `cannot read: ${(err as Error).message}` }]);
  }
  return parsePlantText(text, path);
}

/**
 * Loads every `*.yaml` / `*.yml` in `dir` (name order). Problems of all files are collected into one
 * `PlantConfigError`, and two files claiming the same plant id are a problem too. An empty folder
 * yields an empty list: whether that is fatal is the caller's decision.
 */
export function loadPlantDir(dir: string): Array<{ file: string; plant: PlantFile }> {
  let names: string[];
  try {
    names = readdirSync(dir).filter((f) => /\.ya?ml$/i.test(f)).sort();
  } catch (err) {
    throw new PlantConfigError([{ file: dir, path: '(folder)', message: `cannot read: ${(err as Error).message}` }]);
  }
  const loaded: Array<{ file: string; plant: PlantFile }> = [];
  const problems: PlantConfigProblem[] = [];
  const idFile = new Map<string, string>();
  for (const name of names) {
    const file = join(dir, name);
    try {
      const plant = loadPlantFile(file);
      const other = idFile.get(plant.id);
      if (other) problems.push({ file, path: 'id', message: `plant id '${plant.id}' is also used by ${other}` });
      idFile.set(plant.id, file);
      loaded.push({ file, plant });
    } catch (err) {
      if (!(err instanceof PlantConfigError)) throw err;
      problems.push(...err.problems);
    }
  }
  if (problems.length) throw new PlantConfigError(problems);
  return loaded;
}
