import { t } from '../../../../cards/src/i18n/catalogue';
import type { SyncReport } from './dingtalkSync';

/** A sync report as lines for a terminal (pure). */
export function formatSyncReport(r: SyncReport, locale: string): string[] {
  const s = r.summary;
  const head = r.applied ? 'dingtalk.sync.applied' : r.dryRun ? 'dingtalk.sync.dry_run' : 'dingtalk.sync.no_change';
  const lines = [
    t(locale, head, { plantId: r.plantId, runId: r.runId }),
    t(locale, 'dingtalk.sync.summary', {
      departments: r.fetched.departments, users: r.fetched.users, deptCreated: s.departments.created, deptUpdated: s.departments.updated,
      deptUnchanged: s.departments.unchanged, created: s.people.created, updated: s.people.updated, linked: s.people.linked,
      unchanged: s.people.unchanged, deactivated: s.people.deactivated, fileDiffers: s.fileDiffers, skipped: s.skipped, missing: s.missingInDingtalk,
    }),
  ];
  for (const d of r.plan.departments) {
    lines.push(t(locale, d.change === 'create' ? 'dingtalk.sync.line.department_created' : 'dingtalk.sync.line.department_updated', { key: d.key, name: d.name }));
  }
  for (const p of r.plan.people) {
    if (p.change === 'create') {
      lines.push(t(locale, 'dingtalk.sync.line.person_created', { key: p.key, name: p.name, userId: p.userId }));
    } else if (p.change === 'link') {
      lines.push(t(locale, 'dingtalk.sync.line.person_linked', { key: p.key, name: p.name, userId: p.userId, matchedBy: t(locale, `dingtalk.sync.matched.${p.matchedBy}`) }));
    } else {
      const changes = Object.entries(p.set).map(([field, c]) => ` ${field}: ${c?.from ?? '∅'} → ${c?.to}`).join(';');
      lines.push(t(locale, 'dingtalk.sync.line.person_updated', { key: p.key, name: p.name, userId: p.userId, changes }));
    }
  }
  for (const d of r.plan.fileDiffers) {
    lines.push(t(locale, 'dingtalk.sync.line.file_differs', { key: d.key, field: t(locale, `dingtalk.sync.field.${d.field}`), file: d.file ?? '∅', dingtalk: d.dingtalk }));
  }
  for (const k of r.plan.skipped) {
    lines.push(t(locale, 'dingtalk.sync.line.skipped', { name: k.name, userId: k.userId, reason: t(locale, `dingtalk.sync.skip.${k.reason}`) }));
  }
  for (const m of r.plan.missingInDingtalk) lines.push(t(locale, 'dingtalk.sync.line.missing', { key: m.key, name: m.name, userId: m.userId }));
  for (const m of r.plan.deactivated) lines.push(t(locale, 'dingtalk.sync.line.deactivated', { key: m.key, name: m.name, userId: m.userId }));
  return lines;
}
