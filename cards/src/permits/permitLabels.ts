import { t } from '../i18n/catalogue';

/** Display name of a work type (动火作业 …). */
export function typeLabel(locale: string, type: string): string {
  return t(locale, `permits.type.${type}`);
}

/** Display name of a level (二级动火, III级高处作业 …); ungraded types show the type only. */
export function levelLabel(locale: string, type: string, level: string): string {
  return level === 'single' ? typeLabel(locale, type) : t(locale, `permits.level.${type}.${level}`);
}

/** Display name of a lifecycle state. */
export function statusLabel(locale: string, status: string): string {
  return t(locale, `permits.status.${status}`);
}

/** Display name of a configured role: the catalogue's name of a national role, else the plant's role name, else the key. */
export function roleLabel(locale: string, role: string, plantRoleNames?: ReadonlyMap<string, string>): string {
  const key = `permits.role.${role}`;
  const national = t(locale, key);
  if (national !== key) return national;
  return plantRoleNames?.get(role) ?? role;
}

/** Plant-local 'YYYY-MM-DD HH:mm' of an ISO time (the forms sign to the minute). */
export function localMinute(iso: string | Date, timezone: string): string {
  const d = typeof iso === 'string' ? new Date(iso) : iso;
  if (Number.isNaN(d.getTime())) return '';
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone: timezone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit',
  }).formatToParts(d);
  const get = (k: string) => parts.find((p) => p.type === k)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')} ${get('hour')}:${get('minute')}`;
}
