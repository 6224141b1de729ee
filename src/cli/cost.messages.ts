/** User-facing texts of `npm run cost` (./cost.ts) that are errors or notes. */
import { USAGE_FLAGS, UsageFlag } from "../cost/usage";

/** Messages of the cost command. */
export const costMessages = {
  /** The costed target is a spoke: its cache misses come from the hub, not through the NAT. */
  spokeNote: (hub: string): string =>
    `note: this target pulls its cache misses from ${hub}'s cache (ECR to ECR), not through its NAT gateway; the misses priced through the NAT below are an upper bound (transfer between Regions is not priced)`,
  /** A usage flag breaks its rule (USAGE_FLAGS). */
  badFlag: (flag: UsageFlag, value: string): string =>
    `error: --${flag} must be ${USAGE_FLAGS[flag].rule} (got ${JSON.stringify(value)}); give the ${USAGE_FLAGS[flag].meaning}, e.g. ${USAGE_FLAGS[flag].example}`,
  /** The price table has no entry for the config's Region. */
  regionWithoutPrices: (region: string, file: string, known: readonly string[]): string =>
    `error: region: no prices for ${JSON.stringify(region)} in ${file} (it has ${known.join(", ")}); ` +
    `add "${region}" to PRICE_TABLE.regions in ${file} with all seven figures and their sources, or cost a config in one of those Regions`,
  /** The config does not load. */
  configHasErrors: (file: string, errors: number): string =>
    `${file}: ${errors} error(s); nothing was costed. Fix the fields above and run again.`,
  /** The chart cannot be written. */
  chartUnwritable: (file: string, reason: string): string =>
    `error: --chart: cannot write ${JSON.stringify(file)}: ${reason}; give a file path in a folder you can write to, e.g. --chart cost.svg`,
  /** The chart path does not end in .svg. */
  chartNotSvg: (file: string): string =>
    `error: --chart must name an .svg file (got ${JSON.stringify(file)}); e.g. --chart cost.svg`,
};
