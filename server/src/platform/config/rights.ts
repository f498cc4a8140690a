/**
 * Every right a role can grant. Roles in plant files name these strings; an unknown string is a
 * config error, so a typo cannot silently take a right away. Add new rights here (one line each)
 * and they become valid in plant files at once.
 */
export const RIGHTS = [
  'hazard.report', // report a hazard (photo, place, description)
  'hazard.read', // see hazards one reported, is assigned to, or that concern one's own area/department
  'hazard.read_all', // see every hazard of the plant
  'hazard.grade', // set or change the grade (general/major) and the category
  'hazard.assign', // assign or reassign the rectification owner
  'hazard.rectify', // submit the rectification (photo, note) for a hazard one owns
  'hazard.verify', // accept or reject a rectification (the reviewer)
  'hazard.export', // export hazard ledgers (Excel/PDF)
  'hazard.major_elements', // record the "five elements" of a major hazard (measures, funds, time, owner, plan)
  'permit.apply', // apply for a special-work permit
  'permit.read', // see permits
  'permit.approve', // sign an approval step the role is named in
  'permit.check_in', // check in/out at the work site (worker, guardian)
  'permit.shift_check', // shift handover check on a running permit
  'permit.accept', // accept the finished work and close the permit
  'permit.hold', // stop running work (anyone on site with this right)
  'permit.restrict', // restrict permits plant-wide or per area (weather, alarms)
  'permit.override_rule', // override a blocking rule with a recorded reason
  'certificate.manage', // register and revoke workers' special-operation certificates
  'alarm.ack', // acknowledge an alarm
  'alarm.read', // see alarms and readings
  'audit.verify', // verify the evidence chain and export head hashes
  'admin.config.read', // read the (redacted) plant configuration
  'admin.token.create', // create API tokens
  'admin.token.revoke', // revoke API tokens
  'admin.sync', // re-import plant files and sync platform directories
  'admin.backup', // write a backup archive of the embedded database and files
  'sandbox.use', // use the Sandbox messenger as oneself
] as const;

/** One known right. */
export type Right = (typeof RIGHTS)[number];

/** `'*'` grants every right, including rights added later. */
export const ALL_RIGHTS = '*';

const known = new Set<string>(RIGHTS);
const prefixes = new Set<string>(RIGHTS.map((r) => r.slice(0, r.indexOf('.'))));

/**
 * Whether a role's right string is acceptable: a known right, `'*'`, or a family wildcard such as
 * `'hazard.*'` whose family exists (so a plant can grant a whole family without listing it).
 */
export function isValidRightPattern(pattern: string): boolean {
  if (pattern === ALL_RIGHTS || known.has(pattern)) return true;
  return pattern.endsWith('.*') && prefixes.has(pattern.slice(0, -2));
}

/**
 * Whether a set of right patterns (one role's or several roles' merged) grants `right`: the right
 * itself, `'*'`, or its family wildcard (`'hazard.*'` grants every hazard right). The one rule;
 * `hasRight` on a principal calls it.
 */
export function grantsRight(patterns: ReadonlySet<string> | readonly string[], right: string): boolean {
  const has = (x: string) => ('has' in patterns ? patterns.has(x) : patterns.includes(x));
  if (has(ALL_RIGHTS) || has(right)) return true;
  const dot = right.indexOf('.');
  return dot > 0 && has(`${right.slice(0, dot)}.*`);
}
