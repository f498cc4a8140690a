import { isMap, isSeq, parseDocument, YAMLMap, YAMLSeq } from 'yaml';
import { contentHash } from '../../platform/config/importPlant';
import type { SyncPlan } from './planDingtalkSync';
import { spliceSyncIntoYaml } from './spliceSyncIntoYaml';

type Js = Record<string, unknown>;
type Item = { key: string } & Js;

/** The plan applied to the parsed file (what the written text must parse back to). */
export function expectedAfterSync(before: Js, plan: SyncPlan): Js {
  // A JSON copy: plant files hold only JSON-shaped values (the core schema has no timestamps).
  const out = JSON.parse(JSON.stringify(before)) as Js & { departments?: Item[]; people?: Item[] };
  const departments = (out.departments ??= []);
  for (const d of plan.departments) {
    if (d.change === 'create') departments.push({ key: d.key, name: d.name, ...(d.parentKey ? { parentKey: d.parentKey } : {}) });
    else {
      const row = departments.find((x) => x.key === d.key);
      if (!row) continue;
      row.name = d.name;
      if (d.parentKey) row.parentKey = d.parentKey;
      else delete row.parentKey;
    }
  }
  const people = (out.people ??= []);
  for (const p of plan.people) {
    if (p.change === 'create') {
      people.push({ ...p.person });
      continue;
    }
    const row = people.find((x) => x.key === p.key);
    if (!row) continue;
    for (const [field, change] of Object.entries(p.set)) {
      if (!change) continue;
      if (field === 'dingtalk') row.messengerIds = { ...((row.messengerIds as Js | undefined) ?? {}), dingtalk: change.to };
      else row[field] = change.to;
    }
  }
  return out;
}

function indexByKey(seq: unknown, key: string): number {
  if (!isSeq(seq)) return -1;
  return seq.items.findIndex((item) => isMap(item) && item.get('key') === key);
}

function seqAt(doc: ReturnType<typeof parseDocument>, name: string): YAMLSeq {
  const seq = doc.get(name, true);
  if (isSeq(seq)) return seq;
  const created = new YAMLSeq();
  doc.set(name, created);
  return created;
}

/** Fallback: edits through the yaml Document (comments kept; some flow spacing may change). */
function renderWithDocument(text: string, plan: SyncPlan, stamp: string): string {
  const doc = parseDocument(text);
  const departments = seqAt(doc, 'departments');
  for (const d of plan.departments) {
    if (d.change === 'create') {
      const node = doc.createNode({ key: d.key, name: d.name, ...(d.parentKey ? { parentKey: d.parentKey } : {}) }) as YAMLMap;
      node.commentBefore = ` dingtalk:sync ${stamp}: DingTalk department ${d.deptId}`;
      departments.add(node);
      continue;
    }
    const i = indexByKey(departments, d.key);
    if (i < 0) continue;
    doc.setIn(['departments', i, 'name'], d.name);
    if (d.parentKey) doc.setIn(['departments', i, 'parentKey'], d.parentKey);
    else doc.deleteIn(['departments', i, 'parentKey']);
  }
  const people = seqAt(doc, 'people');
  for (const p of plan.people) {
    if (p.change === 'create') {
      const node = doc.createNode(p.person) as YAMLMap;
      for (const k of ['messengerIds', 'roles']) {
        const child = node.get(k, true);
        if (isMap(child) || isSeq(child)) child.flow = true;
      }
      node.commentBefore = ` dingtalk:sync ${stamp}: DingTalk userId ${p.userId}`;
      people.add(node);
      continue;
    }
    const i = indexByKey(people, p.key);
    if (i < 0) continue;
    for (const [field, change] of Object.entries(p.set)) {
      if (!change) continue;
      if (field !== 'dingtalk') doc.setIn(['people', i, field], change.to);
      else if (doc.hasIn(['people', i, 'messengerIds'])) doc.setIn(['people', i, 'messengerIds', 'dingtalk'], change.to);
      else {
        const ids = doc.createNode({ dingtalk: change.to }) as YAMLMap;
        ids.flow = true;
        doc.setIn(['people', i, 'messengerIds'], ids);
      }
    }
  }
  return doc.toString({ lineWidth: 0 });
}

/**
 * Writes a sync plan into a plant file's text. First by splicing text (every untouched byte
 * stays as the plant wrote it); if that cannot express an edit, or its result does not parse
 * back to exactly the planned content, through the yaml Document (comments kept). New entries
 * carry a comment saying where they came from. Pure; the caller validates before writing.
 */
export function applySyncToYaml(text: string, plan: SyncPlan, stamp: string): string {
  const before = parseDocument(text).toJS() as Js;
  // Compared by content hash (key order and object prototypes do not matter).
  const expected = contentHash(expectedAfterSync(before, plan));
  const matches = (out: string) => contentHash(parseDocument(out).toJS()) === expected;
  const spliced = spliceSyncIntoYaml(text, plan, stamp);
  if (spliced !== null && matches(spliced)) return spliced;
  const rendered = renderWithDocument(text, plan, stamp);
  if (!matches(rendered)) throw new Error('applySyncToYaml: the edited file does not match the plan');
  return rendered;
}
