import { Queryable } from '../db/db';
import { Principal, PrincipalVia } from '../auth/principal';

/** A person as the rest of the system sees them. */
export interface PersonInfo {
  id: string;
  plantId: string;
  key: string;
  name: string;
  departmentKey: string | null;
  roles: string[];
  locale: string;
  messengerIds: Record<string, string>;
  managerKey: string | null;
}

interface PlantSnapshot {
  loadedAt: number;
  timezone: string;
  locale: string;
  people: Map<string, PersonInfo>;
  byKey: Map<string, PersonInfo>;
  byPlatform: Map<string, PersonInfo>;
  rights: Map<string, string[]>;
}

/**
 * Read-through cache of people and role rights per plant. Config changes through the importer
 * call `invalidate`; other instances pick changes up within `ttlMs`.
 */
export class Directory {
  private readonly plants = new Map<string, PlantSnapshot>();
  constructor(private readonly db: Queryable, private readonly ttlMs = 30_000) {}

  /** Drops cached data (one plant, or all). */
  invalidate(plantId?: string): void {
    if (plantId) this.plants.delete(plantId);
    else this.plants.clear();
  }

  private async snapshot(plantId: string): Promise<PlantSnapshot | null> {
    const cached = this.plants.get(plantId);
    if (cached && Date.now() - cached.loadedAt < this.ttlMs) return cached;
    const plant = (await this.db.query<{ timezone: string; settings: { locale?: string } }>('SELECT timezone, settings FROM plants WHERE id = $1', [plantId])).rows[0];
    if (!plant) return null;
    const people = await this.db.query<{ id: string; key: string; name: string; data: Record<string, unknown> }>(
      'SELECT id, key, name, data FROM people WHERE plant_id = $1 AND deleted_at IS NULL',
      [plantId],
    );
    const roles = await this.db.query<{ key: string; data: { rights?: string[] } }>(
      'SELECT key, data FROM roles WHERE plant_id = $1 AND deleted_at IS NULL',
      [plantId],
    );
    const snap: PlantSnapshot = {
      loadedAt: Date.now(),
      timezone: plant.timezone,
      locale: plant.settings?.locale ?? 'zh-CN',
      people: new Map(),
      byKey: new Map(),
      byPlatform: new Map(),
      rights: new Map(roles.rows.map((r) => [r.key, r.data.rights ?? []])),
    };
    for (const row of people.rows) {
      const d = row.data as { departmentKey?: string; roles?: string[]; locale?: string; messengerIds?: Record<string, string>; managerKey?: string };
      const messengerIds = { sandbox: row.key, ...(d.messengerIds ?? {}) };
      const info: PersonInfo = {
        id: row.id,
        plantId,
        key: row.key,
        name: row.name,
        departmentKey: d.departmentKey ?? null,
        roles: d.roles ?? [],
        locale: d.locale ?? snap.locale,
        messengerIds,
        managerKey: d.managerKey ?? null,
      };
      snap.people.set(info.id, info);
      snap.byKey.set(info.key, info);
      for (const [platform, uid] of Object.entries(messengerIds)) snap.byPlatform.set(`${platform}:${uid}`, info);
    }
    this.plants.set(plantId, snap);
    return snap;
  }

  /** Plant ids known to the database. */
  async plantIds(): Promise<string[]> {
    return (await this.db.query<{ id: string }>('SELECT id FROM plants ORDER BY id')).rows.map((r) => r.id);
  }

  async timezone(plantId: string): Promise<string> {
    return (await this.snapshot(plantId))?.timezone ?? 'Asia/Shanghai';
  }

  async person(plantId: string, personId: string): Promise<PersonInfo | null> {
    return (await this.snapshot(plantId))?.people.get(personId) ?? null;
  }

  async personByKey(plantId: string, key: string): Promise<PersonInfo | null> {
    return (await this.snapshot(plantId))?.byKey.get(key) ?? null;
  }

  /** Resolves a verified platform sender (WeCom userid, DingTalk userId, Sandbox id) to a person. */
  async personByPlatform(plantId: string, platform: string, platformUserId: string): Promise<PersonInfo | null> {
    return (await this.snapshot(plantId))?.byPlatform.get(`${platform}:${platformUserId}`) ?? null;
  }

  /** All active people of a plant. */
  async people(plantId: string): Promise<PersonInfo[]> {
    return [...((await this.snapshot(plantId))?.people.values() ?? [])];
  }

  /** Rights of a set of roles. */
  async rightsOf(plantId: string, roles: readonly string[]): Promise<string[]> {
    const snap = await this.snapshot(plantId);
    if (!snap) return [];
    return [...new Set(roles.flatMap((r) => snap.rights.get(r) ?? []))];
  }

  /** Does this role exist in the plant? */
  async hasRole(plantId: string, role: string): Promise<boolean> {
    return (await this.snapshot(plantId))?.rights.has(role) ?? false;
  }

  /** Builds the principal of a person after their session or platform identity was verified. */
  async principalFor(plantId: string, personId: string, via: PrincipalVia): Promise<Principal | null> {
    const person = await this.person(plantId, personId);
    if (!person) return null;
    return {
      plantId,
      personId: person.id,
      label: person.name,
      roles: person.roles,
      rights: new Set(await this.rightsOf(plantId, person.roles)),
      via,
      locale: person.locale,
    };
  }
}
