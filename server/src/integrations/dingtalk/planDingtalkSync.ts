import type { DingtalkDepartment, DingtalkUser } from '../../../../bot/src/adapters/dingtalk/dingtalkApiTypes';
import type { PlantFile } from '../../platform/config/plantSchema';

/** A department change: created as `dt-<deptId>`, or a `dt-` department renamed or moved. */
export interface DepartmentChange {
  change: 'create' | 'update';
  key: string;
  deptId: number;
  name: string;
  parentKey?: string;
  /** Changed fields with their old value (update only). */
  before?: { name?: string; parentKey?: string | null };
}

/** A field change on a person: old value (absent when unset) and new value. */
export type FieldChange = { from?: string; to: string };

/** A person change: a new person, or fields of an existing one (its DingTalk link included). */
export type PersonChange =
  | {
      change: 'create'; key: string; userId: string; name: string;
      person: { key: string; name: string; title?: string; departmentKey: string; roles: string[]; phone?: string; messengerIds: { dingtalk: string } };
    }
  | {
      change: 'update'; key: string; userId: string; name: string;
      /** How the person was recognised: already linked, or by phone / unique name (then the link is added). */
      matchedBy: 'dingtalk_id' | 'phone' | 'name';
      set: Partial<Record<'name' | 'title' | 'phone' | 'departmentKey' | 'dingtalk', FieldChange>>;
    };

/** Why a DingTalk user was left out. */
export type SkipReason = 'inactive' | 'no_default_role' | 'no_department';

/** What a sync would do to a plant file. Nothing is ever deleted: people DingTalk no longer lists are only reported. */
export interface SyncPlan {
  departments: DepartmentChange[];
  departmentsUnchanged: number;
  people: PersonChange[];
  peopleUnchanged: number;
  skipped: Array<{ userId: string; name: string; reason: SkipReason }>;
  /** People linked to a DingTalk userId that DingTalk did not list (under the synced department). */
  missingInDingtalk: Array<{ key: string; name: string; userId: string }>;
}

/** Sync settings. */
export interface SyncOptions {
  /** The DingTalk department synced with everything below it (1 = the whole organisation). */
  rootDeptId: number;
  /** Role of people created by the sync (none given: new people are skipped). */
  defaultRole?: string;
  /** Department key for users DingTalk lists only in the root department. */
  defaultDepartment?: string;
}

const PHONE = /^\+?[0-9][0-9 -]{4,19}$/;
const digits = (s: string | undefined): string => (s ?? '').replace(/\D/g, '');

/** `dt-<userid>` made into a valid key (lowercase, [a-z0-9_-], ≤ 64), unique among `taken`. */
export function personKeyFor(userId: string, taken: ReadonlySet<string>): string {
  const slug = userId.toLowerCase().replace(/[^a-z0-9_-]+/g, '_').replace(/^[_-]+/, '').slice(0, 56) || 'user';
  let key = `dt-${slug}`;
  for (let n = 2; taken.has(key); n += 1) key = `dt-${slug}-${n}`;
  return key;
}

/** Maps DingTalk departments onto plant departments (by `dt-<id>` key, else by unique name, else new). */
function planDepartments(plant: PlantFile, depts: DingtalkDepartment[], opts: SyncOptions) {
  const byKey = new Map(plant.departments.map((d) => [d.key, d]));
  const byName = new Map<string, string[]>();
  for (const d of plant.departments) byName.set(d.name, [...(byName.get(d.name) ?? []), d.key]);
  const keyOf = new Map<number, string>();
  const changes: DepartmentChange[] = [];
  let unchanged = 0;
  // listAllDepartments walks breadth first, so a parent is mapped before its children.
  for (const d of depts) {
    const parentKey = d.parentId === undefined || d.parentId === opts.rootDeptId ? undefined : keyOf.get(d.parentId);
    const own = byKey.get(`dt-${d.deptId}`);
    const named = byName.get(d.name);
    if (own) {
      keyOf.set(d.deptId, own.key);
      const before: DepartmentChange['before'] = {};
      if (own.name !== d.name) before.name = own.name;
      if ((own.parentKey ?? undefined) !== parentKey) before.parentKey = own.parentKey ?? null;
      if (Object.keys(before).length > 0) changes.push({ change: 'update', key: own.key, deptId: d.deptId, name: d.name, parentKey, before });
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
 * Plans a DingTalk directory sync against a plant file (pure). People are recognised by their
 * DingTalk userId, else by phone, else by a name only one unlinked person has; anyone else
 * becomes a new person with `defaultRole`. Names and titles follow DingTalk; departments move
 * only for people the sync created (`dt-` keys), so hand-placed people keep theirs. Roles are
 * never touched and nobody is deleted.
 */
export function planDingtalkSync(plant: PlantFile, depts: DingtalkDepartment[], users: DingtalkUser[], opts: SyncOptions): SyncPlan {
  const dept = planDepartments(plant, depts, opts);
  const roleOk = opts.defaultRole !== undefined && plant.roles.some((r) => r.key === opts.defaultRole);
  const deptFor = (u: DingtalkUser): string | undefined => u.deptIds.map((id) => dept.keyOf.get(id)).find((k) => k !== undefined) ?? opts.defaultDepartment;
  const byDingtalk = new Map(plant.people.filter((p) => p.messengerIds.dingtalk).map((p) => [p.messengerIds.dingtalk as string, p]));
  const unlinked = plant.people.filter((p) => !p.messengerIds.dingtalk);
  const claimed = new Set<string>();
  const taken = new Set(plant.people.map((p) => p.key));
  const plan: SyncPlan = { departments: dept.changes, departmentsUnchanged: dept.unchanged, people: [], peopleUnchanged: 0, skipped: [], missingInDingtalk: [] };
  const listed = new Set(users.map((u) => u.userId));

  for (const u of users) {
    if (u.active === false) {
      plan.skipped.push({ userId: u.userId, name: u.name, reason: 'inactive' });
      continue;
    }
    let person = byDingtalk.get(u.userId);
    let matchedBy: 'dingtalk_id' | 'phone' | 'name' = 'dingtalk_id';
    if (!person && digits(u.mobile).length >= 5) {
      person = unlinked.find((p) => !claimed.has(p.key) && digits(p.phone) === digits(u.mobile));
      matchedBy = 'phone';
    }
    if (!person) {
      const same = unlinked.filter((p) => !claimed.has(p.key) && p.name === u.name);
      person = same.length === 1 ? same[0] : undefined;
      matchedBy = 'name';
    }
    const phone = u.mobile && PHONE.test(u.mobile) ? u.mobile : undefined;
    if (!person) {
      const departmentKey = deptFor(u);
      if (!roleOk) plan.skipped.push({ userId: u.userId, name: u.name, reason: 'no_default_role' });
      else if (!departmentKey) plan.skipped.push({ userId: u.userId, name: u.name, reason: 'no_department' });
      else {
        const key = personKeyFor(u.userId, taken);
        taken.add(key);
        plan.people.push({
          change: 'create', key, userId: u.userId, name: u.name,
          person: { key, name: u.name, ...(u.title ? { title: u.title } : {}), departmentKey, roles: [opts.defaultRole as string], ...(phone ? { phone } : {}), messengerIds: { dingtalk: u.userId } },
        });
      }
      continue;
    }
    claimed.add(person.key);
    const set: Extract<PersonChange, { change: 'update' }>['set'] = {};
    if (matchedBy !== 'dingtalk_id') set.dingtalk = { to: u.userId };
    if (u.name && person.name !== u.name) set.name = { from: person.name, to: u.name };
    if (u.title && person.title !== u.title) set.title = { ...(person.title ? { from: person.title } : {}), to: u.title };
    if (!person.phone && phone) set.phone = { to: phone };
    const departmentKey = deptFor(u);
    if (person.key.startsWith('dt-') && departmentKey && person.departmentKey !== departmentKey) set.departmentKey = { from: person.departmentKey, to: departmentKey };
    if (Object.keys(set).length > 0) plan.people.push({ change: 'update', key: person.key, userId: u.userId, name: u.name, matchedBy, set });
    else plan.peopleUnchanged += 1;
  }
  for (const [userId, p] of byDingtalk) if (!listed.has(userId)) plan.missingInDingtalk.push({ key: p.key, name: p.name, userId });
  return plan;
}

/** True when the plan changes the file. */
export function planHasChanges(plan: SyncPlan): boolean {
  return plan.departments.length > 0 || plan.people.length > 0;
}
