import type { Queryable, Tx } from '../../platform/db/db';
import { appendEvidence } from '../../platform/evidence/evidenceChain';
import { AppError } from '../../platform/errors';
import { PermitConfigSchema, type PermitConfig } from '../../platform/config/permitConfigSchema';
import type { PermitPolicy } from './permitModel';
import { NATIONAL_PERMIT_POLICY } from './permitTypes';
import type { PlantCalendar } from './plantTime';
import { resolvePolicy, type ResolvedPolicy } from './policyOverrides';
import { orgFactsOf, type OrgFacts } from './roleScope';

/** Everything a permit command needs to know about its plant. */
export interface PlantPermitContext {
  plantId: string;
  timezone: string;
  policy: PermitPolicy;
  calendar: PlantCalendar;
  config: PermitConfig;
  /** The plant config version the policy was resolved from. */
  configHash: string;
  resolved: ResolvedPolicy;
  /** Department-scoped roles, the department tree and the areas' departments. */
  org: OrgFacts;
}

interface PlantRow {
  timezone: string;
  config_hash: string;
  settings: { holidays?: string[]; makeupWorkdays?: string[]; restDays?: number[]; nightHours?: { start: string; end: string } };
  permits: unknown;
}

/**
 * Resolves each plant's permit policy from the imported plant file (plants.config → permits) and
 * caches it per config version, so a re-import takes effect on the next command. The first command
 * that uses a config version logs its overrides and role mappings (table + evidence chain).
 */
export class PermitPolicyStore {
  private readonly cache = new Map<string, PlantPermitContext>();
  private readonly logged = new Set<string>();

  /** The plant's context; 404 when the plant does not exist. */
  async load(q: Queryable, plantId: string): Promise<PlantPermitContext> {
    const r = await q.query<PlantRow>(`SELECT timezone, config_hash, settings, config->'permits' AS permits FROM plants WHERE id = $1`, [plantId]);
    const row = r.rows[0];
    if (!row) throw new AppError('not_found', `plant ${plantId} not found`);
    const cached = this.cache.get(plantId);
    if (cached && cached.configHash === row.config_hash) return cached;
    // The importer validated the section already; parsing again only fills defaults for old rows.
    const config = PermitConfigSchema.parse(row.permits ?? {});
    const resolved = resolvePolicy(NATIONAL_PERMIT_POLICY, config.overrides ?? {}, config.roleMap);
    const s = row.settings ?? {};
    // Read only when the config version changed: the check above runs on every command.
    const org = (await q.query<{ roles: null; departments: null; areas: null }>(
      `SELECT config->'roles' AS roles, config->'departments' AS departments, config->'areas' AS areas FROM plants WHERE id = $1`, [plantId],
    )).rows[0];
    const ctx: PlantPermitContext = {
      plantId,
      timezone: row.timezone,
      policy: resolved.policy,
      calendar: { holidays: s.holidays ?? [], makeupWorkdays: s.makeupWorkdays ?? [], restDays: s.restDays, nightHours: s.nightHours },
      config,
      configHash: row.config_hash,
      resolved,
      org: orgFactsOf(org ?? {}),
    };
    this.cache.set(plantId, ctx);
    return ctx;
  }

  /**
   * Writes the overrides and role mappings of this config version once (permit_policy_overrides,
   * and one evidence event so a loosening is on the chain). Safe to call from every command.
   */
  async ensureLogged(tx: Tx, ctx: PlantPermitContext, now: Date): Promise<void> {
    const key = `${ctx.plantId}:${ctx.configHash}`;
    if (this.logged.has(key)) return;
    const ins = await tx.query(
      `INSERT INTO permit_policy_overrides (plant_id, config_hash, overrides, role_mappings, logged_at) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (plant_id, config_hash) DO NOTHING`,
      [ctx.plantId, ctx.configHash, JSON.stringify(ctx.resolved.overrides), JSON.stringify(ctx.resolved.roleMappings), now],
    );
    if (ins.rowCount > 0) {
      await appendEvidence(tx, {
        plantId: ctx.plantId, kind: 'permit.policy_resolved', subjectType: 'permit_policy', subjectId: ctx.configHash,
        actor: { type: 'system', id: 'config', label: 'plant config' }, occurredAt: now,
        data: { overrides: ctx.resolved.overrides, roleMappings: ctx.resolved.roleMappings, loosened: ctx.resolved.overrides.filter((o) => o.direction === 'loosen').map((o) => o.path) },
      });
    }
    tx.afterCommit(() => {
      this.logged.add(key);
    });
  }
}
