/**
 * Timestamps as the AWS CLI prints them: v2 writes ISO 8601 with an offset (`2026-11-20T09:15:02.123000+09:00`),
 * v1 and the raw API write epoch seconds as numbers (`1565128275.0`).
 */

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

/** The number written by `count` ASCII digits of `text` at `at`, or -1 when one of them is not a digit. */
function digitsAt(text: string, at: number, count: number): number {
  let value = 0;
  for (let i = at; i < at + count; i += 1) {
    const d = text.charCodeAt(i) - 48;
    if (!(d >= 0 && d <= 9)) return -1;
    value = value * 10 + d;
  }
  return value;
}

/**
 * An ISO 8601 date-time with a `Z` or `+hh:mm` offset, in milliseconds since the epoch; undefined for anything else
 * (a time without an offset would depend on the machine's time zone). Checked field by field: JavaScript's own
 * parser rolls 30 February over into March. Accepts exactly what
 * `/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:?\d{2})$/` matches, read character by character
 * rather than with that regex: a preview reads a few hundred thousand of these.
 */
export function parseIsoDateTime(text: string): number | undefined {
  const n = text.length;
  if (n < 20) return undefined;
  const year = digitsAt(text, 0, 4);
  const month = digitsAt(text, 5, 2);
  const day = digitsAt(text, 8, 2);
  const hour = digitsAt(text, 11, 2);
  const minute = digitsAt(text, 14, 2);
  const second = digitsAt(text, 17, 2);
  if (
    (year | month | day | hour | minute | second) < 0 ||
    text.charCodeAt(4) !== 45 /* - */ ||
    text.charCodeAt(7) !== 45 /* - */ ||
    text.charCodeAt(10) !== 84 /* T */ ||
    text.charCodeAt(13) !== 58 /* : */ ||
    text.charCodeAt(16) !== 58 /* : */
  ) {
    return undefined;
  }
  // Fraction: a dot and 1 to 9 digits, of which the first three give the milliseconds.
  let i = 19;
  let millis = 0;
  if (text.charCodeAt(i) === 46 /* . */) {
    const first = (i += 1);
    while (i < n && digitsAt(text, i, 1) >= 0) i += 1;
    const count = i - first;
    if (count < 1 || count > 9) return undefined;
    millis = digitsAt(text, first, Math.min(count, 3)) * (count >= 3 ? 1 : count === 2 ? 10 : 100);
  }
  // Offset: Z, or a sign, two digits, an optional colon and two digits, ending the text.
  const zone = text.charCodeAt(i);
  let offsetMinutes = 0;
  if (zone === 90 /* Z */) {
    if (i + 1 !== n) return undefined;
  } else if (zone === 43 /* + */ || zone === 45 /* - */) {
    const colon = text.charCodeAt(i + 3) === 58 /* : */ ? 1 : 0;
    if (i + 5 + colon !== n) return undefined;
    const hours = digitsAt(text, i + 1, 2);
    const minutes = digitsAt(text, i + 3 + colon, 2);
    if (hours < 0 || minutes < 0) return undefined;
    if (hours > 23 || minutes > 59) return undefined;
    offsetMinutes = (zone === 45 ? -1 : 1) * (hours * 60 + minutes);
  } else {
    return undefined;
  }
  const local = utc(year, month, day, hour, minute, second);
  if (local === undefined) return undefined;
  return local + millis - offsetMinutes * 60 * 1000;
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

function dateOfDay(day: number): string {
  let date = dates.get(day);
  if (date === undefined) {
    date = new Date(day * DAY_MS).toISOString().slice(0, 10);
    dates.set(day, date);
  }
  return date;
}

/** Where {@link writeIso} writes. */
export interface TextSink {
  text(s: string): void;
}

/** `2026-11-30T` by day number since the epoch, filled as days are seen. */
const isoDates = new Map<number, string>();
/** `17:34:` by minute of the day, filled as minutes are seen. */
const isoMinutes = new Array<string | undefined>(24 * 60);
/** `27.` by second of the minute, and `123Z` by millisecond of the second. */
const isoSeconds = Array.from({ length: 60 }, (_, i) => `${twoDigits[i]}.`);
const isoMillis = Array.from({ length: 1000 }, (_, i) => `${String(i).padStart(3, "0")}Z`);

/**
 * Writes an instant as `Date.prototype.toISOString` does (`2026-11-30T17:34:27.123Z`), for many instants: in four
 * pieces, each made once (per day, minute of the day, second and millisecond), with no Date object or string per call.
 */
export function writeIso(ms: number, out: TextSink): void {
  if (!(ms >= 0 && ms < FAST_END_MS) || !Number.isInteger(ms)) return out.text(new Date(ms).toISOString());
  const day = Math.floor(ms / DAY_MS);
  let rest = ms - day * DAY_MS;
  const millis = rest % 1000;
  rest = (rest - millis) / 1000;
  const seconds = rest % 60;
  const minuteOfDay = (rest - seconds) / 60;
  let date = isoDates.get(day);
  if (date === undefined) isoDates.set(day, (date = `${dateOfDay(day)}T`));
  let minute = isoMinutes[minuteOfDay];
  if (minute === undefined) {
    minute = `${twoDigits[Math.floor(minuteOfDay / 60)]}:${twoDigits[minuteOfDay % 60]}:`;
    isoMinutes[minuteOfDay] = minute;
  }
  out.text(date);
  out.text(minute);
  out.text(isoSeconds[seconds]);
  out.text(isoMillis[millis]);
}

/** An instant as `Date.prototype.toISOString` writes it; see {@link writeIso}. */
export function isoString(ms: number): string {
  let iso = "";
  writeIso(ms, { text: (s) => (iso += s) });
  return iso;
}

/** ` 09:15` by minute of the day, filled as minutes are seen. */
const minutes = new Array<string | undefined>(24 * 60);

/**
 * The date of {@link shortUtc}'s text, `2026-11-02`, made once per day; undefined for an instant outside the years
 * 1970 to 9999 or not a whole number of milliseconds (then only shortUtc writes it).
 */
export function shortUtcDate(ms: number): string | undefined {
  return ms >= 0 && ms < FAST_END_MS && Number.isInteger(ms) ? dateOfDay(Math.floor(ms / DAY_MS)) : undefined;
}

/** The rest of {@link shortUtc}'s text after {@link shortUtcDate}, ` 09:15`, made once per minute of the day. */
export function shortUtcTime(ms: number): string {
  const minuteOfDay = Math.floor((ms - Math.floor(ms / DAY_MS) * DAY_MS) / 60000);
  let time = minutes[minuteOfDay];
  if (time === undefined) {
    time = ` ${twoDigits[Math.floor(minuteOfDay / 60)]}:${twoDigits[minuteOfDay % 60]}`;
    minutes[minuteOfDay] = time;
  }
  return time;
}

/**
 * An instant as `2026-11-02 09:15` (UTC, to the minute; always 16 characters), for many instants; see
 * {@link isoString}. A writer of many can write {@link shortUtcDate} and {@link shortUtcTime}, made once each.
 */
export function shortUtc(ms: number): string {
  const date = shortUtcDate(ms);
  if (date === undefined) {
    const iso = new Date(ms).toISOString();
    return `${iso.slice(0, 10)} ${iso.slice(11, 16)}`;
  }
  return date + shortUtcTime(ms);
}
