import { Confidence, PermitPolicy, PolicyLeaf } from './permitModel';
import { checkPolicyInvariants, validateSetElement } from './policyInvariants';
import { applyRoleMap, RoleMappingRecord } from './policyRoleMap';

/** One applied override, to be written to the evidence chain when the plant config is imported. */
export interface OverrideRecord {
  path: string;
  from: unknown;
  to: unknown;
  direction: 'tighten' | 'loosen';
  reason?: string;
  approvedBy?: string;
  /** Source of the national value that was replaced. */
  sourceRef: string;
  confidence: Confidence;
}

/** Stable codes of override problems. */
export type PolicyIssueCode =
  | 'unknown_key'
  | 'not_overridable'
  | 'invalid_value'
  | 'loosening_requires_approval'
  | 'loosen_missing_reason'
  | 'inconsistent_range';

/** One problem in a plant's overrides, with the dotted path of the offending key. */
export interface PolicyIssue {
  path: string;
  code: PolicyIssueCode;
  params: Record<string, unknown>;
}

/** Thrown by resolvePolicy with every problem found, so start-up can print them all at once. */
export class PolicyOverrideError extends Error {
  constructor(readonly issues: PolicyIssue[]) {
    super(`permit policy overrides rejected: ${issues.map((i) => `${i.path}: ${i.code}`).join('; ')}`);
    this.name = 'PolicyOverrideError';
  }
}

/** The effective policy, the overrides that produced it and the role renames applied first. */
export interface ResolvedPolicy {
  policy: PermitPolicy;
  overrides: OverrideRecord[];
  roleMappings: RoleMappingRecord[];
}

const LEAF_KINDS = new Set(['limit', 'flag', 'set']);
const OVERRIDE_KEYS = new Set(['value', 'loosen', 'reason', 'approvedBy']);

function isPlainObject(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

function isLeaf(x: unknown): x is PolicyLeaf {
  return isPlainObject(x) && typeof x.kind === 'string' && LEAF_KINDS.has(x.kind) && 'value' in x;
}

/** Canonical JSON (sorted keys) so set elements compare by content. */
function canon(x: unknown): string {
  if (Array.isArray(x)) return `[${x.map(canon).join(',')}]`;
  if (isPlainObject(x)) return `{${Object.keys(x).sort().map((k) => `${JSON.stringify(k)}:${canon(x[k])}`).join(',')}}`;
  return JSON.stringify(x);
}

interface Walk {
  records: OverrideRecord[];
  issues: PolicyIssue[];
}

/** Compares two values of a leaf: 'same', 'tighten' or 'loosen'. */
function direction(leaf: PolicyLeaf, to: unknown): 'same' | 'tighten' | 'loosen' {
  if (leaf.kind === 'limit') {
    const v = to as number;
    if (v === leaf.value) return 'same';
    return (v < leaf.value) === (leaf.stricter === 'lower') ? 'tighten' : 'loosen';
  }
  if (leaf.kind === 'flag') {
    if (to === leaf.value) return 'same';
    return to === leaf.stricter ? 'tighten' : 'loosen';
  }
  const next = new Set((to as unknown[]).map(canon));
  const prev = leaf.value.map(canon);
  if (prev.length === next.size && prev.every((e) => next.has(e))) return 'same';
  return prev.every((e) => next.has(e)) ? 'tighten' : 'loosen';
}

function valueIssue(leaf: PolicyLeaf, value: unknown, path: string): PolicyIssue | null {
  const bad = (expected: string): PolicyIssue => ({ path, code: 'invalid_value', params: { expected, got: canon(value) } });
  if (leaf.kind === 'limit') return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? null : bad('number >= 0');
  if (leaf.kind === 'flag') return typeof value === 'boolean' ? null : bad('boolean');
  if (!Array.isArray(value)) return bad('array');
  const problem = value.map((e) => validateSetElement(path, e)).find((p) => p !== null);
  return problem ? bad(problem) : null;
}

function overrideLeaf(leaf: PolicyLeaf, ov: unknown, path: string, w: Walk): PolicyLeaf {
  const entry: Record<string, unknown> = isPlainObject(ov) ? ov : { value: ov };
  for (const key of Object.keys(entry)) {
    if (!OVERRIDE_KEYS.has(key)) w.issues.push({ path: `${path}.${key}`, code: 'unknown_key', params: {} });
  }
  const problem = valueIssue(leaf, entry.value, path);
  if (problem) {
    w.issues.push(problem);
    return leaf;
  }
  const dir = direction(leaf, entry.value);
  if (dir === 'same') return leaf;
  const reason = typeof entry.reason === 'string' && entry.reason.trim() ? entry.reason.trim() : undefined;
  const approvedBy = typeof entry.approvedBy === 'string' && entry.approvedBy.trim() ? entry.approvedBy.trim() : undefined;
  if (dir === 'loosen' && entry.loosen !== true) {
    w.issues.push({ path, code: 'loosening_requires_approval', params: { from: canon(leaf.value), to: canon(entry.value), sourceRef: leaf.sourceRef } });
    return leaf;
  }
  if (dir === 'loosen' && (!reason || !approvedBy)) {
    w.issues.push({ path, code: 'loosen_missing_reason', params: { missing: [!reason && 'reason', !approvedBy && 'approvedBy'].filter(Boolean) } });
    return leaf;
  }
  const record: OverrideRecord = { path, from: leaf.value, to: entry.value, direction: dir, sourceRef: leaf.sourceRef, confidence: leaf.confidence };
  if (reason) record.reason = reason;
  if (approvedBy) record.approvedBy = approvedBy;
  w.records.push(record);
  const override = { from: leaf.value, direction: dir, ...(reason ? { reason } : {}), ...(approvedBy ? { approvedBy } : {}) };
  return { ...leaf, value: entry.value, override } as PolicyLeaf;
}

function walk(nat: unknown, ov: unknown, path: string, w: Walk): unknown {
  if (ov === undefined) return nat;
  if (isLeaf(nat)) return overrideLeaf(nat, ov, path, w);
  if (!isPlainObject(nat)) {
    w.issues.push({ path, code: 'not_overridable', params: {} });
    return nat;
  }
  if (!isPlainObject(ov)) {
    w.issues.push({ path, code: 'invalid_value', params: { expected: 'object', got: canon(ov) } });
    return nat;
  }
  const out: Record<string, unknown> = { ...nat };
  for (const key of Object.keys(ov)) {
    const child = path ? `${path}.${key}` : key;
    if (!Object.prototype.hasOwnProperty.call(nat, key)) w.issues.push({ path: child, code: 'unknown_key', params: {} });
    else out[key] = walk(nat[key], ov[key], child, w);
  }
  return out;
}

/**
 * Applies a plant's overrides to the national defaults. Tightening any value is free; loosening one
 * needs `{ value, loosen: true, reason, approvedBy }`. Overrides mirror the policy's shape (for example
 * `{ types: { HOT: { levels: { L2: { maxValidityH: 48 } } } } }`), and a leaf may be given bare or as
 * such an entry. `roleMap` first renames national role ids to the plant's role keys (see RoleMap),
 * so overrides are compared with the renamed chains. Every applied change (tighter or looser) is
 * returned for the evidence log.
 * @throws PolicyOverrideError listing unknown keys, bad values, unapproved loosening and broken ranges.
 */
export function resolvePolicy(nationalDefaults: PermitPolicy, plantOverrides: unknown, roleMap?: unknown): ResolvedPolicy {
  const w: Walk = { records: [], issues: [] };
  // A JSON copy, not structuredClone: the national data shares leaf objects between levels, and
  // role renaming must not touch a shared leaf twice.
  const base = JSON.parse(JSON.stringify(nationalDefaults)) as PermitPolicy;
  const mapped = applyRoleMap(base, roleMap);
  w.issues.push(...mapped.issues);
  const policy = walk(base, plantOverrides ?? {}, '', w) as PermitPolicy;
  if (w.issues.length === 0) w.issues.push(...checkPolicyInvariants(policy));
  if (w.issues.length > 0) throw new PolicyOverrideError(w.issues);
  return { policy, overrides: w.records, roleMappings: mapped.records };
}
