/**
 * Readable hazard codes (YH-20261124-0001). The date is the plant-local day the hazard was reported,
 * so a report at 00:30 Beijing time carries that day even though it is still yesterday in UTC.
 */

/**
 * The plant-local calendar day of `now` as 'YYYYMMDD', computed with Intl (no tz library).
 * Throws RangeError for an unknown IANA time zone (a config error caught at plant import).
 */
export function plantLocalDay(now: Date, timezone: string): string {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone: timezone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).formatToParts(now);
  const part = (type: Intl.DateTimeFormatPartTypes): string => parts.find((p) => p.type === type)?.value ?? '';
  return `${part('year').padStart(4, '0')}${part('month')}${part('day')}`;
}

/**
 * Builds 'PREFIX-YYYYMMDD-NNNN'. The sequence is per plant and day (allocated by the repo); it is padded
 * to 4 digits and simply grows past 9999 rather than wrapping, so codes stay unique.
 */
export function hazardCode(prefix: string, plantLocalDate: string, seq: number): string {
  if (!/^[A-Z][A-Z0-9]*$/.test(prefix)) throw new RangeError(`hazard code prefix must be upper-case letters/digits: ${prefix}`);
  if (!/^\d{8}$/.test(plantLocalDate)) throw new RangeError(`plant-local date must be YYYYMMDD: ${plantLocalDate}`);
  if (!Number.isInteger(seq) || seq < 1) throw new RangeError(`hazard sequence must be a positive integer: ${seq}`);
  return `${prefix}-${plantLocalDate}-${String(seq).padStart(4, '0')}`;
}
