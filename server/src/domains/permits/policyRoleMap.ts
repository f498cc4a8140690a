import { PermitPolicy, RoleId, SetLeaf, WORK_TYPES } from './permitModel';
import type { PolicyIssue } from './policyOverrides';

/**
 * National role ids → the plant's own role keys (for example `{ unit_head: ['workshop_director'] }`).
 * GB 30871 Table B.1 says the enterprise adapts approvers to its organisation, so a mapping is
 * neither tighter nor looser: it is applied before overrides and logged on its own.
 */
export type RoleMap = Record<RoleId, RoleId[]>;

/** One applied mapping, for the evidence log. */
export interface RoleMappingRecord {
  role: RoleId;
  to: RoleId[];
}

function roleSets(p: PermitPolicy): Array<SetLeaf<RoleId>> {
  return [
    ...WORK_TYPES.flatMap((t) => [p.types[t].acceptance.roles, p.types[t].supervisorRoles, p.types[t].shiftCheckRoles]),
    p.fatigue.reviewerRoles,
  ];
}

/** Every role id the policy names, in approval chains and role lists. */
export function policyRoles(p: PermitPolicy): Set<RoleId> {
  const out = new Set<RoleId>();
  for (const t of WORK_TYPES) {
    for (const level of Object.values(p.types[t].levels)) for (const step of level?.approvals.value ?? []) step.roles.forEach((r) => out.add(r));
  }
  for (const leaf of roleSets(p)) leaf.value.forEach((r) => out.add(r));
  return out;
}

const substitute = (roles: RoleId[], map: RoleMap): RoleId[] => [...new Set(roles.flatMap((r) => map[r] ?? [r]))];

/**
 * Renames roles throughout a (cloned, mutable) policy. Keys must be roles the policy uses; targets
 * must be non-empty lists of role keys. In a co-sign step every mapped role must sign.
 */
export function applyRoleMap(p: PermitPolicy, roleMap: unknown): { records: RoleMappingRecord[]; issues: PolicyIssue[] } {
  const issues: PolicyIssue[] = [];
  if (roleMap === undefined) return { records: [], issues };
  if (typeof roleMap !== 'object' || roleMap === null || Array.isArray(roleMap)) {
    return { records: [], issues: [{ path: 'roleMap', code: 'invalid_value', params: { expected: 'object' } }] };
  }
  const known = policyRoles(p);
  const map: RoleMap = {};
  for (const [role, to] of Object.entries(roleMap)) {
    if (!known.has(role)) issues.push({ path: `roleMap.${role}`, code: 'unknown_key', params: {} });
    else if (!Array.isArray(to) || to.length === 0 || !to.every((r) => typeof r === 'string' && r.length > 0)) {
      issues.push({ path: `roleMap.${role}`, code: 'invalid_value', params: { expected: 'non-empty list of role keys' } });
    } else map[role] = to as RoleId[];
  }
  if (issues.length > 0) return { records: [], issues };
  for (const t of WORK_TYPES) {
    for (const level of Object.values(p.types[t].levels)) {
      if (level) level.approvals.value = level.approvals.value.map((s) => ({ ...s, roles: substitute(s.roles, map) }));
    }
  }
  for (const leaf of roleSets(p)) leaf.value = substitute(leaf.value, map);
  return { records: Object.entries(map).map(([role, to]) => ({ role, to })), issues };
}
