/**
 * The usage flags of `npm run cost`: each flag's rule, default and what the default assumes, in one table. The CLI
 * parses with it, the output prints the defaults from it, and the error for a bad value is built from it.
 */
import { Config } from "../config/schema";
import { retentionDays, Usage } from "./model";

/** The usage flags, by name. */
export type UsageFlag =
  | "gb-per-day"
  | "miss-share"
  | "hours-per-day"
  | "azs"
  | "nat-gateways"
  | "days-per-month"
  | "cache-gb";

/** One flag: its rule (as a predicate and as words), an example, and what it means. */
export interface UsageFlagSpec {
  readonly accepts: (n: number) => boolean;
  /** What the value must be, completing "must be ...". */
  readonly rule: string;
  readonly example: string;
  /** What the flag means. */
  readonly meaning: string;
}

/** The usage flags' rules. */
export const USAGE_FLAGS: Readonly<Record<UsageFlag, UsageFlagSpec>> = {
  "gb-per-day": {
    accepts: (n) => n >= 0,
    rule: "a number of GB, 0 or more",
    example: "--gb-per-day 10",
    meaning: "image GB pulled a day by all nodes",
  },
  "miss-share": {
    accepts: (n) => n >= 0 && n <= 1,
    rule: "a share from 0 to 1",
    example: "--miss-share 0.1 (one byte in ten new to the cache)",
    meaning: "share of the pulled bytes new to the cache",
  },
  "hours-per-day": {
    accepts: (n) => n > 0 && n <= 24,
    rule: "a number of hours above 0 and at most 24",
    example: "--hours-per-day 10",
    meaning: "hours a day the NAT gateways and endpoints are up",
  },
  azs: {
    accepts: (n) => Number.isInteger(n) && n >= 1,
    rule: "a whole number of Availability Zones, 1 or more",
    example: "--azs 2",
    meaning: "AZs per interface endpoint (one network interface, billed per hour, in each)",
  },
  "nat-gateways": {
    // The model keeps a NAT: the first pull of an image may need a route to the internet (ecr-facts.md §7), and the
    // no-cache scenario pulls everything through it. A cluster without any NAT is outside what it prices.
    accepts: (n) => Number.isInteger(n) && n >= 1,
    rule: "a whole number, 1 or more (the first pull of an image needs a route to the internet)",
    example: "--nat-gateways 1",
    meaning: "NAT gateways, each with one public IPv4 address",
  },
  "days-per-month": {
    accepts: (n) => n > 0 && n <= 31,
    rule: "a number of days above 0 and at most 31",
    example: "--days-per-month 22 (weekdays only)",
    meaning: "days of use a month",
  },
  "cache-gb": {
    accepts: (n) => n >= 0,
    rule: "a number of GB, 0 or more",
    example: "--cache-gb 50",
    meaning: "GB the cache stores",
  },
};

/** Defaults that need no config. */
export const USAGE_DEFAULTS = {
  gbPerDay: { value: 10, assumes: "about 20 nodes pulling 0.5 GB of images each a day" },
  missShare: { value: 0.1, assumes: "one byte in ten is new to the cache on a given day" },
  hoursPerDay: { value: 24, assumes: "the NAT gateway and the endpoints are never torn down" },
  natGateways: { value: 1, assumes: "one NAT gateway shared by all AZs" },
  daysPerMonth: { value: 30, assumes: "a 30-day month of use; use 22 for weekdays only" },
  /** When the config lists no subnets. */
  azs: { value: 2, assumes: "the config lists no subnetIds, so 2" },
} as const;

/** A usage value and, when defaulted, what the default assumes. */
export interface UsageValue {
  readonly value: number;
  /** Undefined when the user gave the flag. */
  readonly assumes?: string;
}

/** Every usage value with where it came from, in flag order. */
export type ResolvedUsage = Readonly<Record<UsageFlag, UsageValue>>;

/** A flag value that breaks its rule. */
export interface UsageFlagError {
  readonly flag: UsageFlag;
  readonly value: string;
}

/** Parses a flag's text as a finite number (no empty strings, no Infinity, no hex). */
function parseNumber(text: string): number | undefined {
  if (!/^\s*[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?\s*$/i.test(text)) return undefined;
  const n = Number(text);
  return Number.isFinite(n) ? n : undefined;
}

/** Parses the usage flags given (as text): their numbers, or every flag that breaks its rule. */
export function parseUsageFlags(
  given: Partial<Record<UsageFlag, string>>,
): { numbers: Partial<Record<UsageFlag, number>> } | { errors: UsageFlagError[] } {
  const errors: UsageFlagError[] = [];
  const numbers: Partial<Record<UsageFlag, number>> = {};
  for (const flag of Object.keys(USAGE_FLAGS) as UsageFlag[]) {
    const text = given[flag];
    if (text === undefined) continue;
    const n = parseNumber(text);
    if (n === undefined || !USAGE_FLAGS[flag].accepts(n)) errors.push({ flag, value: text });
    else numbers[flag] = n;
  }
  return errors.length > 0 ? { errors } : { numbers };
}

/** The usage from the parsed flags and the defaults (from the config where it has them). */
export function resolveUsage(
  numbers: Partial<Record<UsageFlag, number>>,
  config: Config,
): { usage: Usage; resolved: ResolvedUsage } {
  const pick = (flag: UsageFlag, fallback: UsageValue): UsageValue =>
    numbers[flag] !== undefined ? { value: numbers[flag] } : fallback;
  const subnets = config.vpcEndpoints?.subnetIds?.length ?? 0;
  const azs = pick(
    "azs",
    subnets > 0 ? { value: subnets, assumes: `the config's ${subnets} subnetIds` } : USAGE_DEFAULTS.azs,
  );
  const gbPerDay = pick("gb-per-day", USAGE_DEFAULTS.gbPerDay);
  const missShare = pick("miss-share", USAGE_DEFAULTS.missShare);
  const retention = retentionDays(config);
  const cache = pick("cache-gb", {
    value: gbPerDay.value * missShare.value * retention.days,
    assumes: `${gbPerDay.value} GB a day x ${missShare.value} new x ${retention.days} days an image stays (${
      retention.fromPolicy
        ? "the longest sinceImagePushed expiry of templateDefaults' lifecycle policy"
        : "assumed: the lifecycle policy has no sinceImagePushed expiry"
    })`,
  });
  const resolved: ResolvedUsage = {
    "gb-per-day": gbPerDay,
    "miss-share": missShare,
    "hours-per-day": pick("hours-per-day", USAGE_DEFAULTS.hoursPerDay),
    azs,
    "nat-gateways": pick("nat-gateways", USAGE_DEFAULTS.natGateways),
    "days-per-month": pick("days-per-month", USAGE_DEFAULTS.daysPerMonth),
    "cache-gb": cache,
  };
  const usage: Usage = {
    gbPerDay: gbPerDay.value,
    missShare: missShare.value,
    hoursPerDay: resolved["hours-per-day"].value,
    azs: azs.value,
    natGateways: resolved["nat-gateways"].value,
    daysPerMonth: resolved["days-per-month"].value,
    cacheGb: cache.value,
  };
  return { usage, resolved };
}
