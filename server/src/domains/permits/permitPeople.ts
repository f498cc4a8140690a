import type { Queryable } from '../../platform/db/db';
import { rolesInArea, type OrgFacts } from './roleScope';

/** A person as permit commands need them: id, key, name, roles, department. */
export interface PersonLite {
  id: string;
  key: string;
  name: string;
  roles: string[];
  departmentKey: string | null;
}

type PersonRow = { id: string; key: string; name: string; data: { roles?: string[]; departmentKey?: string } };
const lite = (x: PersonRow): PersonLite => ({ id: x.id, key: x.key, name: x.name, roles: x.data.roles ?? [], departmentKey: x.data.departmentKey ?? null });

/**
 * People read through the caller's handle. Commands run inside a transaction, and on PGlite a query
 * on the outer handle inside a transaction waits forever, so the (cached) Directory, which reads
 * through the outer handle when its cache is stale, is not used from inside commands.
 */
export async function loadPeople(q: Queryable, plantId: string): Promise<PersonLite[]> {
  const r = await q.query<PersonRow>('SELECT id, key, name, data FROM people WHERE plant_id = $1 AND deleted_at IS NULL ORDER BY key', [plantId]);
  return r.rows.map(lite);
}

/** One person by id or plant key (null when nobody matches). */
export async function findPerson(q: Queryable, plantId: string, ref: string): Promise<PersonLite | null> {
  const byId = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(ref);
  const r = await q.query<PersonRow>(
    `SELECT id, key, name, data FROM people WHERE plant_id = $1 AND deleted_at IS NULL AND ${byId ? 'id = $2::uuid' : 'key = $2'}`,
    [plantId, ref],
  );
  const x = r.rows[0];
  return x ? lite(x) : null;
}

/** Person id → name. */
export async function namesOf(q: Queryable, plantId: string): Promise<Map<string, string>> {
  return new Map((await loadPeople(q, plantId)).map((p) => [p.id, p.name]));
}

/**
 * Ids of the people holding any of `roles` for work in `areaKey` (department-scoped roles count
 * only in their holder's department's areas, per the plant's `org` facts), except those excluded.
 */
export async function idsWithRoles(q: Queryable, plantId: string, roles: readonly string[], exclude: readonly string[], at: { areaKey: string; org: OrgFacts }): Promise<string[]> {
  const areaDept = at.org.areaDepartment.get(at.areaKey) ?? null;
  return (await loadPeople(q, plantId))
    .filter((p) => !exclude.includes(p.id) && rolesInArea(p.roles, p.departmentKey, areaDept, at.org).roles.some((r) => roles.includes(r)))
    .map((p) => p.id);
}
