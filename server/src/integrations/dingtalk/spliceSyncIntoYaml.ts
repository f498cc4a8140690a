import { isMap, isScalar, isSeq, parseDocument, YAMLMap, YAMLSeq } from 'yaml';
import type { SyncPlan } from './planDingtalkSync';

/** An edit this splicer cannot make as text; the caller falls back to the yaml Document. */
class CannotSplice extends Error {}

const RESERVED = /^(true|false|yes|no|on|off|null|y|n)$/i;

/** A string as a YAML scalar: plain when unambiguous (letters first), otherwise JSON-quoted (valid YAML). */
export function yamlScalar(v: string): string {
  return /^[\p{L}_][\p{L}\p{N}_-]*$/u.test(v) && !RESERVED.test(v) ? v : JSON.stringify(v);
}

const lineStart = (text: string, pos: number): number => text.lastIndexOf('\n', pos - 1) + 1;
/** Position just after the newline ending the line that holds `pos` (end of text when none). */
const afterLine = (text: string, pos: number): number => {
  const nl = text.indexOf('\n', Math.max(pos, 0));
  return nl < 0 ? text.length : nl + 1;
};

/** Collects insertions and replacements by offset and applies them back to front. */
class Edits {
  private readonly inserts = new Map<number, Array<{ text: string; late: boolean }>>();
  private readonly replaces: Array<{ start: number; end: number; text: string }> = [];

  /**
   * Inserts text at an offset. `late` inserts (new sequence items) go after the others at the same
   * offset, so a field added to the last item is not glued to an item appended after it.
   */
  insert(at: number, text: string, late = false): void {
    this.inserts.set(at, [...(this.inserts.get(at) ?? []), { text, late }]);
  }

  replace(start: number, end: number, text: string): void {
    this.replaces.push({ start, end, text });
  }

  apply(source: string): string {
    const all = [
      ...this.replaces,
      ...[...this.inserts].map(([at, parts]) => ({
        start: at, end: at, text: [...parts.filter((p) => !p.late), ...parts.filter((p) => p.late)].map((p) => p.text).join(''),
      })),
    ].sort((a, b) => b.start - a.start || b.end - a.end);
    let out = source;
    for (const e of all) {
      // Text appended at the very end of a file without a final newline needs one first.
      const text = e.start === out.length && out.length > 0 && !out.endsWith('\n') ? `\n${e.text}` : e.text;
      out = out.slice(0, e.start) + text + out.slice(e.end);
    }
    return out;
  }
}

function range(node: unknown): [number, number, number] {
  const r = (node as { range?: [number, number, number] | null }).range;
  if (!r) throw new CannotSplice('node without a source range');
  return r;
}

/** Where the next item line of a block sequence goes, and its dash column. */
function seqTail(text: string, seq: unknown): { at: number; indent: string } {
  if (!isSeq(seq) || seq.flow || seq.items.length === 0) throw new CannotSplice('not a non-empty block sequence');
  const first = range(seq.items[0])[0];
  const dash = text.lastIndexOf('-', first - 1);
  const start = lineStart(text, dash);
  if (dash < 0 || !/^ *$/.test(text.slice(start, dash))) throw new CannotSplice('unexpected sequence layout');
  const last = range(seq.items[seq.items.length - 1])[1];
  return { at: afterLine(text, last - 1), indent: ' '.repeat(dash - start) };
}

/** Sets `field` of a map to a string: replaces the scalar, or adds the pair (block or flow map). */
function setField(text: string, edits: Edits, map: YAMLMap, field: string, value: string): void {
  const node = map.get(field, true);
  if (node !== undefined) {
    if (!isScalar(node)) throw new CannotSplice(`${field} is not a scalar`);
    const [s, e] = range(node);
    edits.replace(s, e, yamlScalar(value));
    return;
  }
  addPair(text, edits, map, `${field}: ${yamlScalar(value)}`);
}

function addPair(text: string, edits: Edits, map: YAMLMap, pair: string): void {
  const [, valueEnd] = range(map);
  if (map.flow) {
    const close = text.lastIndexOf('}', valueEnd - 1);
    if (close < 0) throw new CannotSplice('flow map without a closing brace');
    if (map.items.length === 0) edits.insert(close, pair);
    else edits.insert(text[close - 1] === ' ' ? close - 1 : close, `, ${pair}`);
    return;
  }
  if (map.items.length === 0) throw new CannotSplice('empty block map');
  const firstKey = range(map.items[0].key)[0];
  const col = firstKey - lineStart(text, firstKey);
  const last = map.items[map.items.length - 1];
  const end = range(last.value ?? last.key)[1];
  edits.insert(afterLine(text, end - 1), `${' '.repeat(col)}${pair}\n`);
}

function itemByKey(seq: unknown, key: string): YAMLMap {
  const item = isSeq(seq) ? seq.items.find((i) => isMap(i) && i.get('key') === key) : undefined;
  if (!isMap(item)) throw new CannotSplice(`no item ${key}`);
  return item;
}

/**
 * Writes a sync plan into the file as text edits, so every byte the plan does not touch stays as
 * written (comments, spacing, quoting). Returns null when an edit is beyond it (the caller then
 * uses the yaml Document). Pure.
 */
export function spliceSyncIntoYaml(text: string, plan: SyncPlan, stamp: string): string | null {
  try {
    const doc = parseDocument(text);
    if (doc.errors.length > 0) return null;
    const edits = new Edits();
    const departments = doc.get('departments', true) as YAMLSeq | undefined;
    for (const d of plan.departments) {
      if (d.change === 'create') {
        const { at, indent } = seqTail(text, departments);
        const parent = d.parentKey ? `, parentKey: ${yamlScalar(d.parentKey)}` : '';
        edits.insert(at, `${indent}# dingtalk:sync ${stamp}: DingTalk department ${d.deptId}\n${indent}- { key: ${yamlScalar(d.key)}, name: ${yamlScalar(d.name)}${parent} }\n`, true);
        continue;
      }
      const item = itemByKey(departments, d.key);
      setField(text, edits, item, 'name', d.name);
      if (!d.parentKey) {
        if (item.has('parentKey')) throw new CannotSplice('removing a key');
      } else setField(text, edits, item, 'parentKey', d.parentKey);
    }
    const people = doc.get('people', true) as YAMLSeq | undefined;
    for (const p of plan.people) {
      if (p.change === 'create') {
        const { at, indent } = seqTail(text, people);
        const x = p.person;
        const lines = [
          `# dingtalk:sync ${stamp}: DingTalk userId ${p.userId}`,
          `- key: ${yamlScalar(x.key)}`,
          `  name: ${yamlScalar(x.name)}`,
          ...(x.title ? [`  title: ${yamlScalar(x.title)}`] : []),
          `  departmentKey: ${yamlScalar(x.departmentKey)}`,
          `  roles: [${x.roles.map(yamlScalar).join(', ')}]`,
          ...(x.phone ? [`  phone: ${JSON.stringify(x.phone)}`] : []),
          `  messengerIds: { dingtalk: ${yamlScalar(x.messengerIds.dingtalk)} }`,
        ];
        edits.insert(at, lines.map((l) => `${indent}${l}\n`).join(''), true);
        continue;
      }
      const item = itemByKey(people, p.key);
      for (const [field, change] of Object.entries(p.set)) {
        if (!change) continue;
        if (field !== 'dingtalk') {
          setField(text, edits, item, field, change.to);
          continue;
        }
        const ids = item.get('messengerIds', true);
        if (ids === undefined) addPair(text, edits, item, `messengerIds: { dingtalk: ${yamlScalar(change.to)} }`);
        else if (isMap(ids)) setField(text, edits, ids, 'dingtalk', change.to);
        else throw new CannotSplice('messengerIds is not a map');
      }
    }
    return edits.apply(text);
  } catch (err) {
    if (err instanceof CannotSplice) return null;
    throw err;
  }
}
