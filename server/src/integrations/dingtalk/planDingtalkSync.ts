import type { DingtalkDepartment, DingtalkUser } from '../../../../bot/src/adapters/dingtalk/dingtalkApiTypes';
import type { ConfigRow } from '../../platform/directory/directoryRows';

/** Rows this sync created carry this marker; everything else belongs to the plant file (or another sync). */
export const DINGTALK_SOURCE = 'dingtalk';

/** A department change: created as `dt-<deptId>`, or a department the sync created renamed, moved or restored. */
export interface DepartmentChange {
  change: 'create' | 'update';
  key: string;
  deptId: number;
  name: string;
  parentKey?: string;
  /** The row (update only). */
  id?: string;
  /** Changed fields with their old value (update only). */
  before?: { name?: string; parentKey?: string | null; restored?: true };
}

/** A field change on a person: old value (absent when unset) and new value. */
export type FieldChange = { from?: string; to: string };

/** The fields a sync may set on a person it created. */
export type SyncedField = 'name' | 'title' | 'phone' | 'departmentKey';

/** A synced person's data (the row's `data`). */
export interface SyncedPersonData {
  source: typeof DINGTALK_SOURCE;
  title?: string;
  phone?: string;
  departmentKey: string;
  roles: string[];
  messengerIds: { dingtalk: string };
}

/** A person change: a new person, a synced person's fields, or a file person's DingTalk link. */
export type PersonChange =
  | { change: 'create'; key: string; userId: string; name: string; data: SyncedPersonData }
  | {
      change: 'update'; id: string; key: string; userId: string; name: string;
      set: Partial<Record<SyncedField, FieldChange>>;
      /** The row was deleted (a plant-file import before syncs lived in the database, or a deactivation). */
      restored?: true;
    }
  | {
      change: 'link'; id: string; key: string; userId: string; name: string;
      /** How the file person was recognised: by phone or by a name only one unlinked person has. */
      matchedBy: 'phone' | 'name';
    };

/** Why a DingTalk user was left out. */
export type SkipReason = 'inactive' | 'no_default_role' | 'no_department';

/** What a sync would do. Nothing is deleted: people DingTalk no longer lists are reported (deactivated only on request). */
export interface SyncPlan {
  departments: DepartmentChange[];
  departmentsUnchanged: number;
  people: PersonChange[];
  peopleUnchanged: number;
  /** People the plant file owns whose name or title DingTalk has differently (the file is left as it is). */
  fileDiffers: Array<{ key: string; userId: string; field: 'name' | 'title'; file: string | null; dingtalk: string }>;
  skipped: Array<{ userId: string; name: string; reason: SkipReason }>;
  /** People linked to a DingTalk userId that DingTalk did not list. */
  missingInDingtalk: Array<{ key: string; name: string; userId: string }>;
  /** Synced people DingTalk did not list, soft-deleted because the sync was asked to. */
  deactivated: Array<{ id: string; key: string; name: string; userId: string }>;
}

/** Sync settings. */
export interface SyncOptions {
  /** The DingTalk department synced with everything below it (1 = the whole organisation). */
  rootDeptId: number;
  /** Role of people created by the sync (none given: new people are skipped). */
  defaultRole?: string;
  /** Department key for users DingTalk lists only in the root department. */
  defaultDepartment?: string;
  /** Soft-delete people the sync created that DingTalk no longer lists (whole organisation only). */
  deactivateMissing?: boolean;
}

/** The plant as the sync sees it: every departments/people row and the role keys. */
export interface ExistingDirectory {
  departments: ConfigRow[];
  people: ConfigRow[];
  roleKeys: readonly string[];
}

const PHONE = /^\+?[0-9][0-9 -]{4,19}$/;
const digits = (s: unknown): string => (typeof s === 'string' ? s : '').replace(/\D/g, '');
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const synced = (r: ConfigRow) => r.data.source === DINGTALK_SOURCE;
const dingtalkIdOf = (r: ConfigRow) => str((r.data.messengerIds as Record<string, unknown> | undefined)?.dingtalk);

/** `dt-<userid>` made into a valid key (lowercase, [a-z0-9_-], ≤ 64), unique among `taken`. */
export function personKeyFor(userId: string, taken: ReadonlySet<string>): string {
  const slug = userId.toLowerCase().replace(/[^a-z0-9_-]+/g, '_').replace(/^[_-]+/, '').slice(0, 56) || 'user';
  let key = `dt-${slug}`;
  for (let n = 2; taken.has(key); n += 1) key = `dt-${slug}-${n}`;
  return key;
}

/** Maps DingTalk departments onto plant departments (by `dt-<id>` key, else by unique name, else new). */
function planDepartments(rows: ConfigRow[], depts: DingtalkDepartment[], opts: SyncOptions) {
  const byKey = new Map(rows.map((d) => [d.key, d]));
  const byName = new Map<string, string[]>();
  for (const d of rows.filter((r) => !r.deleted)) byName.set(d.name, [...(byName.get(d.name) ?? []), d.key]);
  const keyOf = new Map<number, string>();
  const changes: DepartmentChange[] = [];
  let unchanged = 0;
  // listAllDepartments walks breadth first, so a parent is mapped before its children.
  for (const d of depts) {
    const parentKey = d.parentId === undefined || d.parentId === opts.rootDeptId ? undefined : keyOf.get(d.parentId);
    const own = byKey.get(`dt-${d.deptId}`);
    const named = byName.get(d.name);
    if (own && !synced(own) && !own.deleted) {
      // A dt- department the plant file lists (an earlier file-based sync wrote it there) is the file's.
      keyOf.set(d.deptId, own.key);
      unchanged += 1;
    } else if (own) {
      // The sync's own row, or a dt- row the file no longer lists: the sync (re)takes it.
      keyOf.set(d.deptId, own.key);
      const before: DepartmentChange['before'] = {};
      if (own.name !== d.name) before.name = own.name;
      if (str(own.data.parentKey) !== parentKey) before.parentKey = str(own.data.parentKey) ?? null;
      if (own.deleted || !synced(own)) before.restored = true;
      if (Object.keys(before).length > 0) changes.push({ change: 'update', id: own.id, key: own.key, deptId: d.deptId, name: d.name, parentKey, before });
      else unchanged += 1;
    } else if (named && named.length === 1) {
      keyOf.set(d.deptId, named[0]);
      unchanged += 1;
    } else {
      const key = `dt-${d.deptId}`;
      keyOf.set(d.deptId, key);
      changes.push({ change: 'create', key, deptId: d.deptId, name: d.name, ...(parentKey ? { parentKey } : {}) });
    }
  }
  return { changes, unchanged, keyOf };
}

/**
 * Plans a DingTalk directory sync against the plant's rows (pure). People are recognised by their
 * DingTalk userId, else (people without one) by phone, else by a name only one unlinked person
 * has; anyone else becomes a new synced person with `defaultRole`. Synced people follow DingTalk
 * (name, title, phone, department). People the plant file owns are never changed: the sync only
 * records the DingTalk link it recognised and reports other differences. Roles are never touched.
 */
export function planDingtalkSync(existing: ExistingDirectory, depts: DingtalkDepartment[], users: DingtalkUser[], opts: SyncOptions): SyncPlan {
  const dept = planDepartments(existing.departments, depts, opts);
  const roleOk = opts.defaultRole !== undefined && existing.roleKeys.includes(opts.defaultRole);
  const deptFor = (u: DingtalkUser): string | undefined => u.deptIds.map((id) => dept.keyOf.get(id)).find((k) => k !== undefined) ?? opts.defaultDepartment;
  const live = existing.people.filter((p) => !p.deleted);
  const byDingtalk = new Map(live.filter(dingtalkIdOf).map((p) => [dingtalkIdOf(p) as string, p]));
  // A synced person a file import or a deactivation deleted gets their row back when DingTalk lists them.
  const deletedSynced = new Map(existing.people.filter((p) => p.deleted && synced(p) && dingtalkIdOf(p)).map((p) => [dingtalkIdOf(p) as string, p]));
  const unlinked = live.filter((p) => !dingtalkIdOf(p));
  const claimed = new Set<string>();
  const taken = new Set(existing.people.map((p) => p.key));
  const plan: SyncPlan = {
    departments: dept.changes, departmentsUnchanged: dept.unchanged, people: [], peopleUnchanged: 0,
    fileDiffers: [], skipped: [], missingInDingtalk: [], deactivated: [],
  };
  const listed = new Set(users.map((u) => u.userId));

  for (const u of users) {
    if (u.active === false) {
      plan.skipped.push({ userId: u.userId, name: u.name, reason: 'inactive' });
      continue;
    }
    const phone = u.mobile && PHONE.test(u.mobile) ? u.mobile : undefined;
    const departmentKey = deptFor(u);
    const person = byDingtalk.get(u.userId) ?? deletedSynced.get(u.userId);
    if (person && synced(person)) {
      const set: Extract<PersonChange, { change: 'update' }>['set'] = {};
      if (u.name && person.name !== u.name) set.name = { from: person.name, to: u.name };
      const fields: Array<[SyncedField, string | undefined]> = [['title', u.title || undefined], ['phone', phone], ['departmentKey', departmentKey]];
      for (const [field, to] of fields) {
        const from = str(person.data[field]);
        if (to !== undefined && from !== to) set[field] = { ...(from !== undefined ? { from } : {}), to };
      }
      if (Object.keys(set).length > 0 || person.deleted) {
        plan.people.push({ change: 'update', id: person.id, key: person.key, userId: u.userId, name: u.name, set, ...(person.deleted ? { restored: true as const } : {}) });
      } else {
        plan.peopleUnchanged += 1;
      }
      continue;
    }
    if (person) {
      plan.peopleUnchanged += 1;
      reportFileDiffers(plan, person, u);
      continue;
    }
    let match: ConfigRow | undefined;
    let matchedBy: 'phone' | 'name' = 'phone';
    if (digits(u.mobile).length >= 5) match = unlinked.find((p) => !claimed.has(p.key) && digits(p.data.phone) === digits(u.mobile));
    if (!match) {
      const same = unlinked.filter((p) => !claimed.has(p.key) && p.name === u.name);
      match = same.length === 1 ? same[0] : undefined;
      matchedBy = 'name';
    }
    if (match) {
      claimed.add(match.key);
      plan.people.push({ change: 'link', id: match.id, key: match.key, userId: u.userId, name: u.name, matchedBy });
      reportFileDiffers(plan, match, u);
      continue;
    }
    if (!roleOk) plan.skipped.push({ userId: u.userId, name: u.name, reason: 'no_default_role' });
    else if (!departmentKey) plan.skipped.push({ userId: u.userId, name: u.name, reason: 'no_department' });
    else {
      const key = personKeyFor(u.userId, taken);
      taken.add(key);
      plan.people.push({
        change: 'create', key, userId: u.userId, name: u.name,
        data: { source: DINGTALK_SOURCE, ...(u.title ? { title: u.title } : {}), ...(phone ? { phone } : {}), departmentKey, roles: [opts.defaultRole as string], messengerIds: { dingtalk: u.userId } },
      });
    }
  }
  for (const [userId, p] of byDingtalk) {
    if (listed.has(userId)) continue;
    if (synced(p) && opts.deactivateMissing) plan.deactivated.push({ id: p.id, key: p.key, name: p.name, userId });
    else plan.missingInDingtalk.push({ key: p.key, name: p.name, userId });
  }
  return plan;
}

function reportFileDiffers(plan: SyncPlan, person: ConfigRow, u: DingtalkUser): void {
  if (u.name && person.name !== u.name) plan.fileDiffers.push({ key: person.key, userId: u.userId, field: 'name', file: person.name, dingtalk: u.name });
  const title = str(person.data.title);
  if (u.title && title !== u.title) plan.fileDiffers.push({ key: person.key, userId: u.userId, field: 'title', file: title ?? null, dingtalk: u.title });
}

/** True when the plan writes anything. */
export function planHasChanges(plan: SyncPlan): boolean {
  return plan.departments.length > 0 || plan.people.length > 0 || plan.deactivated.length > 0;
}
