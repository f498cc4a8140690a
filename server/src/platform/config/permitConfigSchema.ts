import { z } from 'zod';
import { t } from '../../../../cards/src/i18n/catalogue';
import { NATIONAL_PERMIT_POLICY } from '../../domains/permits/permitTypes';
import { PermitPolicy } from '../../domains/permits/permitModel';
import { PolicyIssue, PolicyOverrideError, resolvePolicy } from '../../domains/permits/policyOverrides';
import { policyRoles } from '../../domains/permits/policyRoleMap';
import type { ConfigPath, ReportProblem } from './checkPlantReferences';
import { KeySchema } from './plantPrimitives';

/**
 * The optional `permits` section of a plant file: how the plant adapts GB 30871-2022 to its own
 * organisation. `roleMap` renames the standard's approver roles to the plant's role keys (Table B.1
 * is informative); `overrides` mirrors the national policy's shape and may tighten anything freely,
 * while loosening a value needs `{value, loosen: true, reason, approvedBy}` (logged to the evidence
 * chain when the policy is first used). Remote approval from a card is such a loosening of 4.11 a).
 */
export const PermitConfigSchema = z.strictObject({
  /** National role id → the plant's role keys (e.g. unit_head: [workshop_director]). */
  roleMap: z.record(z.string(), z.array(KeySchema).min(1, 'map a role to at least one role key')).optional(),
  /** Policy overrides, same shape as NATIONAL_PERMIT_POLICY (see server/src/domains/permits/permitTypes.ts). */
  overrides: z.record(z.string(), z.unknown()).optional(),
  /** The holder and guardians are reminded this many minutes before a permit's window ends. */
  expiryReminderMinutes: z.number().int().positive().max(24 * 60).default(60),
  /** GPS tolerance at the fence edge for on-site approval and check-in, in metres. */
  geofenceToleranceM: z.number().min(0).max(200).default(15),
});

/** A validated `permits` section. */
export type PermitConfig = z.output<typeof PermitConfigSchema>;

function pathOf(issue: PolicyIssue): ConfigPath {
  const parts = issue.path.split('.').filter(Boolean);
  return parts[0] === 'roleMap' ? ['permits', ...parts] : ['permits', 'overrides', ...parts];
}

function messageOf(issue: PolicyIssue): string {
  const params = Object.fromEntries(Object.entries(issue.params).map(([k, v]) => [k, Array.isArray(v) ? v.join(', ') : v]));
  return t('en', `permits.policy.${issue.code}`, { ...params, path: issue.path });
}

/** Resolves the section against the national policy; reports each problem at its own path. */
export function resolvePermitConfig(config: PermitConfig | undefined, report: ReportProblem): PermitPolicy | null {
  try {
    return resolvePolicy(NATIONAL_PERMIT_POLICY, config?.overrides ?? {}, config?.roleMap).policy;
  } catch (err) {
    if (!(err instanceof PolicyOverrideError)) throw err;
    for (const issue of err.issues) report(pathOf(issue), messageOf(issue));
    return null;
  }
}

/**
 * Cross-checks of the section against the rest of the plant file: every role the resolved policy
 * names (approval steps, shift check, acceptance, supervisors, fatigue review) must be a role of
 * the plant, or the chain could never be completed.
 */
export function checkPermitConfig(plant: { roles: ReadonlyArray<{ key: string }>; permits?: PermitConfig }, report: ReportProblem): void {
  if (!plant.permits) return;
  const policy = resolvePermitConfig(plant.permits, report);
  if (!policy) return;
  const known = new Set(plant.roles.map((r) => r.key));
  const targets = new Set(Object.values(plant.permits.roleMap ?? {}).flat());
  for (const role of [...policyRoles(policy)].sort()) {
    // An unknown mapping target is reported once, below, at the target's own path.
    if (known.has(role) || targets.has(role)) continue;
    report(['permits', 'roleMap', role], `the permit policy needs role '${role}', which is not a role of this plant: map it in permits.roleMap (e.g. ${role}: [workshop_director])`);
  }
  for (const [role, targets] of Object.entries(plant.permits.roleMap ?? {})) {
    targets.forEach((target, i) => {
      if (!known.has(target)) report(['permits', 'roleMap', role, i], `unknown role '${target}'`);
    });
  }
}
