import { t } from '../i18n/catalogue';
import { AlarmView } from './alarmViews';

/** A reading as people read it: at most 4 significant digits, no trailing zeros. */
export function formatValue(v: number): string {
  if (!Number.isFinite(v)) return '—';
  return Number(v.toPrecision(4)).toString();
}

/** `value uom`, with CJK-style units (℃, %) glued on. */
export function withUnit(v: number, uom: string | null): string {
  if (!uom) return formatValue(v);
  return /^[℃°%‰]/.test(uom) ? `${formatValue(v)}${uom}` : `${formatValue(v)} ${uom}`;
}

/** Plant-local date and time, `2026-11-24 08:03:15`. */
export function formatTime(d: Date, timezone: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone: timezone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false,
  }).formatToParts(d);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')} ${get('hour') === '24' ? '00' : get('hour')}:${get('minute')}:${get('second')}`;
}

/** Plant-local clock time `08:03`. */
export function formatClock(d: Date, timezone: string): string {
  return formatTime(d, timezone).slice(11, 16);
}

/** A duration in words: `2分15秒` / `2 min 15 s`, `1小时5分` / `1 h 5 min`. */
export function formatDuration(ms: number, locale: string): string {
  const s = Math.max(0, Math.round(ms / 1000));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = s % 60;
  if (h > 0) return t(locale, 'alarms.duration.hm', { h, m });
  if (m > 0) return t(locale, 'alarms.duration.ms', { m, s: sec });
  return t(locale, 'alarms.duration.s', { s: sec });
}

/** The rule as a sentence: 'R-101 温度 偏离设定值：87.2℃（设定 80℃，允许偏差 5℃）'. */
export function describeAlarm(a: AlarmView, locale: string, value = a.triggerValue): string {
  const unit = a.uom ?? '';
  const params = {
    label: a.label,
    value: formatValue(value),
    limit: formatValue(a.limitValue),
    unit,
    setpoint: formatValue(a.setpoint ?? NaN),
    deviation: formatValue(a.deviation ?? NaN),
  };
  return t(locale, `alarms.rule.${a.ruleKind}`, params);
}

/** How long the alarm was (or has been) active. */
export function activeFor(a: AlarmView, now: Date): number {
  return (a.clearedAt ?? a.closedAt ?? now).getTime() - a.raisedAt.getTime();
}

/** Where: `合成车间 / 合成一单元`. */
export function placeOf(a: { areaName: string | null; unitName: string | null }): string {
  return [a.areaName, a.unitName].filter(Boolean).join(' / ') || '—';
}
