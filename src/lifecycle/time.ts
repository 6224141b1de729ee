/**
 * Timestamps as the AWS CLI prints them: v2 writes ISO 8601 with an offset (`2026-11-20T09:15:02.123000+09:00`),
 * v1 and the raw API write epoch seconds as numbers (`1565128275.0`).
 */

const ISO_DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(?:(Z)|([+-])(\d{2}):?(\d{2}))$/;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

function daysInMonth(year: number, month: number): number {
  return month === 2
    ? year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0)
      ? 29
      : 28
    : [4, 6, 9, 11].includes(month)
      ? 30
      : 31;
}

/** Milliseconds since the epoch of a UTC date and time, or undefined when a field is out of range. */
function utc(year: number, month: number, day: number, hour = 0, minute = 0, second = 0): number | undefined {
  const valid =
    month >= 1 &&
    month <= 12 &&
    day >= 1 &&
    day <= daysInMonth(year, month) &&
    hour <= 23 &&
    minute <= 59 &&
    second <= 59;
  return valid ? Date.UTC(year, month - 1, day, hour, minute, second) : undefined;
}

/**
 * An ISO 8601 date-time with a `Z` or `+hh:mm` offset, in milliseconds since the epoch; undefined for anything else
 * (a time without an offset would depend on the machine's time zone). Checked field by field: JavaScript's own
 * parser rolls 30 February over into March.
 */
export function parseIsoDateTime(text: string): number | undefined {
  const m = ISO_DATE_TIME.exec(text);
  if (m === null) return undefined;
  const local = utc(+m[1], +m[2], +m[3], +m[4], +m[5], +m[6]);
  if (local === undefined) return undefined;
  const millis = m[7] === undefined ? 0 : Number(`${m[7]}00`.slice(0, 3));
  if (m[8] === "Z") return local + millis;
  const [hours, minutes] = [+m[10], +m[11]];
  if (hours > 23 || minutes > 59) return undefined;
  return local + millis - (m[9] === "-" ? -1 : 1) * (hours * 60 + minutes) * 60 * 1000;
}

/** An ISO 8601 date-time with an offset, or a date alone (midnight UTC), in milliseconds since the epoch. */
export function parseInstant(text: string): number | undefined {
  const m = ISO_DATE.exec(text);
  if (m !== null) return utc(+m[1], +m[2], +m[3]);
  return parseIsoDateTime(text);
}

/** A describe-images timestamp (ISO string or epoch seconds) in milliseconds since the epoch, or undefined. */
export function parseAwsTimestamp(value: unknown): number | undefined {
  if (typeof value === "number") return Number.isFinite(value) && value >= 0 ? Math.round(value * 1000) : undefined;
  return typeof value === "string" ? parseIsoDateTime(value) : undefined;
}

/** An instant as `2026-11-30T17:34:27Z` (UTC, whole seconds). */
export function formatInstant(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");
}

const DAY_MS = 24 * 60 * 60 * 1000;
/** The end of year 9999: up to it (and from 1970) the ISO form has a four-digit year and the fast path applies. */
const FAST_END_MS = Date.UTC(10000, 0, 1);
/** `2026-11-30` by day number since the epoch, filled as days are seen (a preview's images share a few hundred). */
const dates = new Map<number, string>();
const twoDigits = Array.from({ length: 60 }, (_, i) => String(i).padStart(2, "0"));
const threeDigits = Array.from({ length: 1000 }, (_, i) => String(i).padStart(3, "0"));

function dateOfDay(day: number): string {
  let date = dates.get(day);
  if (date === undefined) {
    date = new Date(day * DAY_MS).toISOString().slice(0, 10);
    dates.set(day, date);
  }
  return date;
}

/**
 * An instant as `Date.prototype.toISOString` writes it (`2026-11-30T17:34:27.123Z`), for many instants: the date part
 * is cached per day and the time of day is formatted with integer math, without a Date object per call.
 */
export function isoString(ms: number): string {
  if (!(ms >= 0 && ms < FAST_END_MS) || !Number.isInteger(ms)) return new Date(ms).toISOString();
  const day = Math.floor(ms / DAY_MS);
  let rest = ms - day * DAY_MS;
  const millis = rest % 1000;
  rest = (rest - millis) / 1000;
  const seconds = rest % 60;
  rest = (rest - seconds) / 60;
  const minutes = rest % 60;
  const hours = (rest - minutes) / 60;
  return `${dateOfDay(day)}T${twoDigits[hours]}:${twoDigits[minutes]}:${twoDigits[seconds]}.${threeDigits[millis]}Z`;
}

/** An instant as `2026-11-02 09:15` (UTC, to the minute), for many instants; see {@link isoString}. */
export function shortUtc(ms: number): string {
  if (!(ms >= 0 && ms < FAST_END_MS) || !Number.isInteger(ms)) {
    const iso = new Date(ms).toISOString();
    return `${iso.slice(0, 10)} ${iso.slice(11, 16)}`;
  }
  const day = Math.floor(ms / DAY_MS);
  const minuteOfDay = Math.floor((ms - day * DAY_MS) / 60000);
  return `${dateOfDay(day)} ${twoDigits[Math.floor(minuteOfDay / 60)]}:${twoDigits[minuteOfDay % 60]}`;
}
