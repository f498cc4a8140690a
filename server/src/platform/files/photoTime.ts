const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timezone: string): Intl.DateTimeFormat {
  let f = formatters.get(timezone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', {
      timeZone: timezone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23',
    });
    formatters.set(timezone, f);
  }
  return f;
}

function parts(at: Date, timezone: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const p of formatter(timezone).formatToParts(at)) if (p.type !== 'literal') out[p.type] = Number(p.value);
  return out;
}

/** `YYYY-MM-DD HH:mm` in the plant's time zone (what the watermark shows). */
export function formatPlantMinute(at: Date, timezone: string): string {
  const p = parts(at, timezone);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${p.year}-${two(p.month)}-${two(p.day)} ${two(p.hour)}:${two(p.minute)}`;
}

/** The instant a wall-clock time in `timezone` denotes (two passes settle DST edges). */
export function wallTimeToInstant(y: number, mo: number, d: number, h: number, mi: number, s: number, timezone: string): Date {
  const asUtc = Date.UTC(y, mo - 1, d, h, mi, s);
  let guess = asUtc;
  for (let i = 0; i < 2; i++) {
    const p = parts(new Date(guess), timezone);
    const shown = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
    guess += asUtc - shown;
  }
  return new Date(guess);
}

/**
 * EXIF `DateTimeOriginal` ("2026:11:20 09:15:00") as an instant. EXIF stores camera wall time;
 * `OffsetTimeOriginal` ("+08:00"), when present, says its zone, otherwise the plant's is assumed.
 */
export function parseExifDateTime(raw: unknown, offset: unknown, timezone: string): Date | null {
  if (typeof raw !== 'string') return null;
  const m = /^(\d{4})[:-](\d{2})[:-](\d{2})[ T](\d{2}):(\d{2}):(\d{2})/.exec(raw.trim());
  if (!m) return null;
  const [y, mo, d, h, mi, s] = m.slice(1).map(Number);
  if (y < 1990 || mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 60) return null;
  const off = typeof offset === 'string' ? /^([+-])(\d{2}):(\d{2})$/.exec(offset.trim()) : null;
  if (off) {
    const sign = off[1] === '-' ? -1 : 1;
    return new Date(Date.UTC(y, mo - 1, d, h, mi, s) - sign * (Number(off[2]) * 60 + Number(off[3])) * 60_000);
  }
  return wallTimeToInstant(y, mo, d, h, mi, s, timezone);
}
