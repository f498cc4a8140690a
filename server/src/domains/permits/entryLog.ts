import type { RuleIssue } from './permitModel';
import { gb } from './policyLeaves';

/**
 * The confined-space entry log (GB 30871 6.8 c): the guardian, who stays outside, logs every
 * person and every tool going in and out, so that nobody and nothing is left inside when the
 * space is closed. Pure: the service loads the log and the permit.
 */

/** One line of the log. `subject` is a person id or a tool's name; tools carry a count. */
export interface EntryRecord {
  kind: 'person' | 'tool';
  subject: string;
  direction: 'in' | 'out';
  count: number;
}

/** Who and what is inside now. */
export interface InsideNow {
  people: string[];
  tools: Array<{ name: string; count: number }>;
}

/** What the log is checked against. */
export interface EntryPermit {
  type: string;
  status: string;
  performerIds: readonly string[];
  guardianIds: readonly string[];
}

const SOURCE = gb('6.8 c)');
/** Entering only while work may go on; leaving always, an interrupted or held space above all. */
const ENTER_STATUSES = ['active'];
const LEAVE_STATUSES = ['active', 'interrupted', 'suspended', 'completed'];

/** Folds the log into who and what is inside (order of the records = order of recording). */
export function insideNow(records: readonly EntryRecord[]): InsideNow {
  const people = new Set<string>();
  const tools = new Map<string, number>();
  for (const r of records) {
    if (r.kind === 'person') {
      if (r.direction === 'in') people.add(r.subject);
      else people.delete(r.subject);
    } else {
      const n = (tools.get(r.subject) ?? 0) + (r.direction === 'in' ? r.count : -r.count);
      if (n > 0) tools.set(r.subject, n);
      else tools.delete(r.subject);
    }
  }
  return { people: [...people], tools: [...tools].map(([name, count]) => ({ name, count })) };
}

const issue = (code: string, field: string, params: Record<string, unknown> = {}): RuleIssue => ({ code, field, params, sourceRef: SOURCE });

/** Why a new record cannot be logged, or null when it can. */
export function checkEntry(permit: EntryPermit, records: readonly EntryRecord[], next: EntryRecord): RuleIssue | null {
  if (permit.type !== 'CSE') return issue('entry_log_confined_space_only', 'kind', { type: permit.type });
  const allowed = next.direction === 'in' ? ENTER_STATUSES : LEAVE_STATUSES;
  if (!allowed.includes(permit.status)) return issue('entry_not_now', 'direction', { direction: next.direction, status: permit.status });
  const now = insideNow(records);
  if (next.kind === 'person') {
    if (next.direction === 'in') {
      if (permit.guardianIds.includes(next.subject)) return issue('guardian_stays_outside', 'person', { person: next.subject });
      if (!permit.performerIds.includes(next.subject)) return issue('entrant_not_on_permit', 'person', { person: next.subject });
      if (now.people.includes(next.subject)) return issue('entrant_already_inside', 'person', { person: next.subject });
    } else if (!now.people.includes(next.subject)) {
      return issue('entrant_not_inside', 'person', { person: next.subject });
    }
    return null;
  }
  const inside = now.tools.find((t) => t.name === next.subject)?.count ?? 0;
  if (next.direction === 'out' && next.count > inside) return issue('tool_not_inside', 'count', { tool: next.subject, inside, count: next.count });
  return null;
}

/** The finding that stops a confined-space permit from completing while anyone or anything is inside. */
export function leftInside(records: readonly EntryRecord[]): RuleIssue | null {
  const now = insideNow(records);
  if (!now.people.length && !now.tools.length) return null;
  return issue('entrants_inside', 'entries', { people: now.people, tools: now.tools.map((t) => `${t.name}×${t.count}`) });
}
