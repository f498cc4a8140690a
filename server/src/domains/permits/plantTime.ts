/** A moment seen on the plant's wall clock. */
export interface LocalTime {
  /** Plant-local date 'YYYY-MM-DD'. */
  date: string;
  /** Minutes since local midnight, 0–1439. */
  minuteOfDay: number;
  /** 0 = Sunday … 6 = Saturday. */
  weekday: number;
}

/**
 * The plant's working calendar, shaped like the plant settings (plantSchema: holidays,
 * makeupWorkdays, restDays, nightHours). China moves working days around public holidays (调休),
 * so weekends alone are not enough. Dates are plant-local 'YYYY-MM-DD'.
 */
export interface PlantCalendar {
  holidays: string[];
  /** Weekend dates that are working days (调休上班); they override restDays. */
  makeupWorkdays: string[];
  /** Weekdays that are normally rest days (0 = Sunday … 6 = Saturday); default Saturday and Sunday. */
  restDays?: number[];
  /** Plant night band 'HH:MM'–'HH:MM'; hot-work rules use it together with the policy's band. */
  nightHours?: { start: string; end: string };
}

/** Minutes since midnight of an 'HH:MM' clock time. */
export function clockMinutes(hhmm: string): number {
  const [h, m] = hhmm.split(':').map(Number);
  return h * 60 + m;
}

const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timezone: string): Intl.DateTimeFormat {
  let f = formatters.get(timezone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: timezone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', weekday: 'short',
    });
    formatters.set(timezone, f);
  }
  return f;
}

/** Reads `at` on the wall clock of `timezone` (an IANA name such as 'Asia/Shanghai'). */
export function localTime(at: Date, timezone: string): LocalTime {
  const parts: Record<string, string> = {};
  for (const p of formatter(timezone).formatToParts(at)) parts[p.type] = p.value;
  return {
    date: `${parts.year}-${parts.month}-${parts.day}`,
    minuteOfDay: Number(parts.hour) * 60 + Number(parts.minute),
    weekday: WEEKDAYS.indexOf(parts.weekday),
  };
}

/** Plant-local date 'YYYY-MM-DD' of a moment. */
export function localDate(at: Date, timezone: string): string {
  return localTime(at, timezone).date;
}

/** Whole days from local date `from` to local date `to` (both 'YYYY-MM-DD'); negative when `to` is earlier. */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/** True when a minute of the day lies in the night band [start, end), which may wrap midnight. */
export function isNightMinute(minuteOfDay: number, startMinute: number, endMinute: number): boolean {
  if (startMinute === endMinute) return false;
  return startMinute < endMinute
    ? minuteOfDay >= startMinute && minuteOfDay < endMinute
    : minuteOfDay >= startMinute || minuteOfDay < endMinute;
}

/** Classifies a local date: statutory holiday, rest day, or working day. */
export function dayKind(local: LocalTime, calendar: PlantCalendar): 'holiday' | 'rest_day' | 'working_day' {
  if (calendar.holidays.includes(local.date)) return 'holiday';
  if (calendar.makeupWorkdays.includes(local.date)) return 'working_day';
  return (calendar.restDays ?? [6, 0]).includes(local.weekday) ? 'rest_day' : 'working_day';
}

/**
 * Samples a window every `stepMin` minutes plus its last instant. Night bands and days are longer
 * than the step, so any overlap with them contains a sample or touches an end of the window.
 */
export function sampleWindow(from: Date, to: Date, stepMin = 15): Date[] {
  const out: Date[] = [];
  const end = to.getTime() - 1;
  for (let t = from.getTime(); t < end; t += stepMin * 60_000) out.push(new Date(t));
  if (end >= from.getTime()) out.push(new Date(end));
  return out;
}
