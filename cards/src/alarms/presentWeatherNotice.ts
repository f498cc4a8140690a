import { t } from '../i18n/catalogue';
import { Locale } from '../i18n/messageTypes';
import { Notice, notice } from '../model';
import { formatTime } from './alarmFormat';
import { PresentOptions, WeatherWarningView } from './alarmViews';

/** The warning's name: `南京市气象台发布雷电黄色预警` or `实测风力 6 级（11.2 m/s）`. */
export function weatherTitle(w: WeatherWarningView, locale: string): string {
  if (w.windSpeedMs !== null && w.beaufort !== null) return t(locale, 'alarms.weather.wind', { force: w.beaufort, speed: w.windSpeedMs });
  if (w.headline) return w.headline;
  const level = w.level ? t(locale, `alarms.weather.level.${w.level}`) : '';
  return t(locale, 'alarms.weather.warning', { sender: w.sender ?? '', event: w.event, level });
}

/** Group notice of a weather warning that took effect, or of its end. */
export function presentWeatherNotice(w: WeatherWarningView, o: PresentOptions): Notice {
  const title = weatherTitle(w, o.locale);
  if (w.releasedReason) {
    return notice(t(o.locale, 'alarms.weather.released_title'), t(o.locale, 'alarms.weather.released', { event: title }), { kind: 'weather.notice', locale: o.locale as Locale });
  }
  const outdoor = w.outdoorOnly ? t(o.locale, 'alarms.weather.action.outdoor_only') : '';
  const lines: string[] = [`**${title}**`];
  if (w.stopTypes.length) lines.push(`- ${t(o.locale, 'alarms.weather.action.stop', { types: w.stopTypes.map((x) => t(o.locale, `alarms.work_type.${x}`)).join('、') })}${outdoor}`);
  if (w.raiseLevel.length) lines.push(`- ${t(o.locale, 'alarms.weather.action.raise_level', { types: w.raiseLevel.map((x) => t(o.locale, `alarms.work_type.${x}`)).join('、') })}${outdoor}`);
  if (w.evacuate) lines.push(`- ${t(o.locale, 'alarms.weather.action.evacuate')}`);
  if (w.heldPermits > 0) lines.push(`- ${t(o.locale, 'alarms.notice.held', { n: w.heldPermits })}`);
  if (w.expiresAt) lines.push(`- ${t(o.locale, 'alarms.weather.until', { at: formatTime(w.expiresAt, o.timezone) })}`);
  return notice(t(o.locale, 'alarms.weather.notice_title'), lines.join('\n'), { kind: 'weather.notice', locale: o.locale as Locale });
}
