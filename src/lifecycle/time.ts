/**
 * Timestamps as the AWS CLI prints them: v2 writes ISO 8601 with an offset (`2026-11-20T09:15:02.123000+09:00`),
 * v1 and the raw API write epoch seconds as numbers (`1565128275.0`).
 */

const ISO_DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.\d{1,9})?(?:Z|[+-](\d{2}):?(\d{2}))$/;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** Whether the fields of a matched date(-time) are in range (JavaScript's parser rolls 30 February over into March). */
function inRange(m: RegExpExecArray): boolean {
  const [year, month, day, hour = 0, minute = 0, second = 0, offH = 0, offM = 0] = m
    .slice(1)
    .map((v) => Number(v ?? 0));
  return (
    month >= 1 &&
    month <= 12 &&
    day >= 1 &&
    day <= daysInMonth(year, month) &&
    hour <= 23 &&
    minute <= 59 &&
    second <= 59 &&
    offH <= 23 &&
    offM <= 59
  );
}

/**
 * An ISO 8601 date-time with a `Z` or `+hh:mm` offset, in milliseconds since the epoch; undefined for anything else
 * (a time without an offset would depend on the machine's time zone).
 */
export function parseIsoDateTime(text: string): number | undefined {
  const m = ISO_DATE_TIME.exec(text);
  if (m === null || !inRange(m)) return undefined;
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? undefined : ms;
}

/** An ISO 8601 date-time with an offset, or a date alone (midnight UTC), in milliseconds since the epoch. */
export function parseInstant(text: string): number | undefined {
  const m = ISO_DATE.exec(text);
  if (m !== null) return inRange(m) ? Date.parse(`${text}T00:00:00Z`) : undefined;
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
