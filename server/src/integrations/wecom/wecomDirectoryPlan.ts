import { createHash } from 'node:crypto';
import type { WecomDepartment, WecomDirectoryUser } from '../../../../bot/src/adapters/wecom/wecomTypes';
import type { ConfigRow, RowWrite } from '../../platform/directory/directoryRows';

/**
 * Plans a WeCom directory import (pure): which departments and people to create or update, and
 * what to report. People listed in the plant file are never changed (the file owns them): they
 * are matched by their WeCom UserID and only differences are reported. People the sync created
 * and WeCom no longer lists are reported as missing and deactivated only when asked.
 */

/** How to import. */
export interface SyncOptions {
  /** Roles given to people the sync creates (a plant person needs at least one). */
  defaultRoles: string[];
  /** Soft-delete people the sync created earlier and WeCom no longer lists. */
  deactivateMissing: boolean;
}

/** What a sync did (or, in a dry run, would do). */
export interface SyncReport {
  departments: { created: Array<{ key: string; name: string }>; updated: Array<{ key: string; name: string }>; unchanged: number };
  people: {
    created: Array<{ userId: string; key: string; name: string; departmentKey: string }>;
    updated: Array<{ userId: string; key: string; changes: string[] }>;
    unchanged: number;
    /** People of the plant file with this UserID: left as the file says. */
    matchedFilePeople: number;
    /** File people whose name in WeCom differs (edit the plant file if WeCom is right). */
    fileDiffers: Array<{ userId: string; key: string; fileName: string; wecomName: string }>;
    /** Synced people WeCom no longer lists (kept unless deactivateMissing). */
    missing: Array<{ userId: string; key: string; name: string }>;
    deactivated: Array<{ userId: string; key: string; name: string }>;
  };
}

/** The writes and the report. */
export interface SyncPlan {
  departments: RowWrite[];
  people: RowWrite[];
  /** Ids of people rows to soft-delete. */
  deactivate: string[];
  report: SyncReport;
}

/** Rows this module created carry this marker, so they are never confused with the plant file's. */
export const WECOM_SOURCE = 'wecom';

/** The department key of a WeCom department id. */
export function departmentKeyOf(wecomId: number): string {
  return `wx-dept-${wecomId}`;
}

/** A person key for a WeCom UserID (keys are lowercase `[a-z0-9_-]`; UserIDs are not). */
export function personKeyOf(userId: string, taken: ReadonlySet<string>): string {
  const slug = userId.toLowerCase().replace(/[^a-z0-9_-]/g, '_').slice(0, 40);
  const plain = `wx-${slug}`;
  if (!taken.has(plain) && slug.replace(/_/g, '') !== '') return plain;
  return `${plain}-${createHash('sha1').update(userId).digest('hex').slice(0, 8)}`;
}

const sourceOf = (r: ConfigRow) => r.data.source;
const wecomIdOf = (r: ConfigRow) => (r.data.messengerIds as Record<string, string> | undefined)?.wecom;

/** Computes the plan. */
export function planWecomSync(
  wecom: { departments: WecomDepartment[]; users: WecomDirectoryUser[] },
  existing: { departments: ConfigRow[]; people: ConfigRow[] },
  opts: SyncOptions,
): SyncPlan {
  const plan: SyncPlan = {
    departments: [],
    people: [],
    deactivate: [],
    report: {
      departments: { created: [], updated: [], unchanged: 0 },
      people: { created: [], updated: [], unchanged: 0, matchedFilePeople: 0, fileDiffers: [], missing: [], deactivated: [] },
    },
  };
  const deptByKey = new Map(existing.departments.map((d) => [d.key, d]));
  const wecomDeptIds = new Set(wecom.departments.map((d) => d.id));
  for (const d of wecom.departments) {
    const key = departmentKeyOf(d.id);
    const data: Record<string, unknown> = { source: WECOM_SOURCE, wecomId: d.id };
    if (wecomDeptIds.has(d.parentId) && d.parentId !== d.id) data.parentKey = departmentKeyOf(d.parentId);
    const row = deptByKey.get(key);
    if (!row) {
      plan.departments.push({ key, name: d.name, data });
      plan.report.departments.created.push({ key, name: d.name });
    } else if (row.name !== d.name || row.deleted || row.data.parentKey !== data.parentKey) {
      plan.departments.push({ id: row.id, key, name: d.name, data: { ...row.data, ...data } });
      plan.report.departments.updated.push({ key, name: d.name });
    } else {
      plan.report.departments.unchanged++;
    }
  }

  const live = existing.people.filter((p) => !p.deleted);
  const byUserId = new Map(live.filter((p) => wecomIdOf(p)).map((p) => [wecomIdOf(p) as string, p]));
  const deletedSynced = new Map(existing.people.filter((p) => p.deleted && sourceOf(p) === WECOM_SOURCE && wecomIdOf(p)).map((p) => [wecomIdOf(p) as string, p]));
  const taken = new Set(existing.people.map((p) => p.key));
  const seen = new Set<string>();
  for (const u of wecom.users) {
    if (!u.userId || seen.has(u.userId)) continue;
    seen.add(u.userId);
    const departmentKey = u.departmentIds.length > 0 ? departmentKeyOf(u.departmentIds[0]) : departmentKeyOf(1);
    const row = byUserId.get(u.userId) ?? deletedSynced.get(u.userId);
    if (row && sourceOf(row) !== WECOM_SOURCE) {
      plan.report.people.matchedFilePeople++;
      if (row.name !== u.name) plan.report.people.fileDiffers.push({ userId: u.userId, key: row.key, fileName: row.name, wecomName: u.name });
      continue;
    }
    if (!row) {
      const key = personKeyOf(u.userId, taken);
      taken.add(key);
      const data = { source: WECOM_SOURCE, departmentKey, roles: opts.defaultRoles, messengerIds: { wecom: u.userId } };
      plan.people.push({ key, name: u.name, data });
      plan.report.people.created.push({ userId: u.userId, key, name: u.name, departmentKey });
      continue;
    }
    const changes: string[] = [];
    if (row.name !== u.name) changes.push('name');
    if (row.data.departmentKey !== departmentKey) changes.push('department');
    if (row.deleted) changes.push('restored');
    if (changes.length === 0) {
      plan.report.people.unchanged++;
      continue;
    }
    const rest = { ...row.data };
    delete rest.deactivated;
    plan.people.push({ id: row.id, key: row.key, name: u.name, data: { ...rest, departmentKey } });
    plan.report.people.updated.push({ userId: u.userId, key: row.key, changes });
  }
  for (const p of live) {
    const userId = wecomIdOf(p);
    if (sourceOf(p) !== WECOM_SOURCE || !userId || seen.has(userId)) continue;
    const entry = { userId, key: p.key, name: p.name };
    if (opts.deactivateMissing) {
      plan.deactivate.push(p.id);
      plan.report.people.deactivated.push(entry);
    } else {
      plan.report.people.missing.push(entry);
    }
  }
  return plan;
}
