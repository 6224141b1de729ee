/** How AWS and the AWS provider count the length of a string, and a limit counted that way. */

/**
 * How a limit counts a string. The AWS provider's `validation.StringLenBetween` uses Go's `len()`, which counts
 * UTF-8 bytes; the AWS APIs' length constraints (Smithy `@length`) count Unicode characters (code points).
 */
export type LengthUnit = "bytes" | "characters";

/** A maximum length and the unit it is counted in (whoever checks first: the provider at plan, else the API). */
export interface LengthLimit {
  readonly max: number;
  readonly unit: LengthUnit;
}

/** The length of `value` in `unit`: UTF-8 bytes, or Unicode code points (an emoji is one character, 4 bytes). */
export function lengthIn(value: string, unit: LengthUnit): number {
  if (unit === "bytes") return Buffer.byteLength(value, "utf8");
  let count = 0;
  for (const _ of value) count += 1;
  return count;
}
