/**
 * The cost model: pure functions from a config, the usage and a Region's prices to line items per scenario, the
 * break-even and the cheapest scenario. No I/O; the CLI (src/cli/cost.ts) formats what this returns.
 *
 * Traffic model (also returned as `assumptions`, so the output and --json state it):
 * - `gbPerDay` is the image bytes all nodes pull a day. Without the cache every byte comes from the upstream
 *   registries through the NAT gateway.
 * - With the cache, the share `missShare` is new to it; those bytes are counted through the NAT (the first pull of an
 *   image may need a route to the internet, ecr-facts.md §7: counting them there is the cautious side).
 * - Of the cache hits, REGISTRY_API_SHARE (manifests, auth, API calls) goes to ECR's registry endpoints: through the
 *   ecr.dkr interface endpoint when the scenario has one, else through the NAT. The rest, the layers, comes from S3:
 *   free through an S3 gateway endpoint, at the interface rate through an S3 interface endpoint, else through the NAT.
 * - Other interface endpoints (ec2, logs, sts, eks, ...) carry no image bytes: only their hours are counted.
 */
import { EffectiveEndpoint, effectiveEndpoints } from "../config/endpoints";
import { Config } from "../config/schema";
import { templateLifecyclePolicy } from "../config/templates";
import { SERVICES, shortServiceName } from "../aws/ec2";
import { ENDPOINT_PRESET_NAMES, EndpointPresetName } from "../policy/endpoint-presets";
import { PriceFigure, PriceKey, RegionPrices } from "./prices";

/** Share of the bytes of a cached pull that goes to ECR's registry API (ecr.dkr/ecr.api) rather than S3. */
export const REGISTRY_API_SHARE = 0.05;

/** Days a cached image stays when the lifecycle policy has no `sinceImagePushed` expiry to read it from. */
export const FALLBACK_RETENTION_DAYS = 30;

/** What the user says about their usage; every field set (the CLI fills in the defaults). */
export interface Usage {
  /** Image GB pulled per day by all nodes. */
  readonly gbPerDay: number;
  /** Share (0..1) of the pulled bytes new to the cache. */
  readonly missShare: number;
  /** Hours a day the NAT gateways and interface endpoints are up; partial hours bill as full hours. */
  readonly hoursPerDay: number;
  /** AZs an interface endpoint spans when it does not list its own subnets. */
  readonly azs: number;
  readonly natGateways: number;
  /** Days of use per month: usage-based charges are per day times this; monthly charges are spread over it. */
  readonly daysPerMonth: number;
  /** GB the cache stores; undefined = missShare x gbPerDay x the lifecycle policy's retention days. */
  readonly cacheGb?: number;
}

/** The line items, in output order. */
export const LINE_ITEMS = [
  "natHours",
  "natGb",
  "natPublicIpv4",
  "endpointAzHours",
  "endpointGb",
  "ecrStorage",
  "secrets",
] as const;
/** One line item kind. */
export type LineItemId = (typeof LINE_ITEMS)[number];

/** Label, price, billing unit and quantity unit of each line item. */
export const LINE_ITEM_INFO: Readonly<
  Record<
    LineItemId,
    {
      readonly label: string;
      readonly price: PriceKey;
      readonly unit: string;
      readonly quantityUnit: string;
      readonly monthly: boolean;
    }
  >
> = {
  natHours: { label: "NAT gateway hours", price: "natHour", unit: "h", quantityUnit: "h", monthly: false },
  natGb: { label: "NAT gateway data", price: "natGb", unit: "GB", quantityUnit: "GB", monthly: false },
  natPublicIpv4: {
    label: "NAT public IPv4 address",
    price: "publicIpv4Hour",
    unit: "h",
    quantityUnit: "h",
    monthly: false,
  },
  endpointAzHours: {
    label: "interface endpoint AZ-hours",
    price: "endpointAzHour",
    unit: "AZ-h",
    quantityUnit: "AZ-h",
    monthly: false,
  },
  endpointGb: { label: "interface endpoint data", price: "endpointGb", unit: "GB", quantityUnit: "GB", monthly: false },
  ecrStorage: {
    label: "ECR storage of the cache",
    price: "ecrStorageGbMonth",
    unit: "GB-month",
    quantityUnit: "GB",
    monthly: true,
  },
  secrets: {
    label: "Secrets Manager secrets",
    price: "secretMonth",
    unit: "secret-month",
    quantityUnit: "secrets",
    monthly: true,
  },
};

/** One priced line. Hourly and per-GB items have a quantity per day; monthly items a quantity per month. */
export interface LineItem {
  readonly id: LineItemId;
  readonly label: string;
  readonly unitPrice: PriceFigure;
  readonly unit: string;
  /** Per day for hourly and per-GB items, per month for storage and secrets (see `monthly`). */
  readonly quantity: number;
  readonly monthly: boolean;
  readonly perDay: number;
  readonly perMonth: number;
}

/** Scenario ids: the two fixed ones, the config, and one per preset. */
export type ScenarioId = "no-cache" | "s3-gateway" | "config" | `preset:${EndpointPresetName}`;

/** One scenario's bill. */
export interface ScenarioCost {
  readonly id: ScenarioId;
  readonly title: string;
  /** The interface endpoints it pays for (names), and whether it has the S3 gateway endpoint. */
  readonly interfaceEndpoints: readonly string[];
  readonly s3Gateway: boolean;
  readonly lineItems: readonly LineItem[];
  readonly perDay: number;
  readonly perMonth: number;
}

/** Where a scenario's endpoints come from; `undefined` = no cache at all. */
interface ScenarioSpec {
  readonly id: ScenarioId;
  readonly title: string;
  readonly endpoints?: readonly EffectiveEndpoint[];
}

/** The fixed inputs of a cost run apart from the usage. */
export interface CostInputs {
  readonly config: Config;
  readonly prices: RegionPrices;
  readonly usage: Usage;
  /** The hub a spoke target pulls from: the hub holds the secrets, the spoke none. @default - not a spoke */
  readonly spokeOf?: string;
}

/** Billed hours of one resource up `hoursPerDay` a day: partial hours bill as full hours. */
export function billedHours(hoursPerDay: number): number {
  return Math.ceil(hoursPerDay);
}

/** Days the config's lifecycle policy keeps a cached image: its longest `sinceImagePushed` expiry, else the fallback. */
export function retentionDays(config: Config): { days: number; fromPolicy: boolean } {
  const policy = templateLifecyclePolicy(config.templateDefaults) as {
    rules?: { selection?: { countType?: unknown; countNumber?: unknown }; action?: { type?: unknown } }[];
  };
  const days = (policy.rules ?? [])
    .filter((r) => r.selection?.countType === "sinceImagePushed" && r.action?.type === "expire")
    .map((r) => r.selection?.countNumber)
    .filter((n): n is number => typeof n === "number");
  return days.length > 0
    ? { days: Math.max(...days), fromPolicy: true }
    : { days: FALLBACK_RETENTION_DAYS, fromPolicy: false };
}

/** GB the cache holds: the given figure, else a day's new bytes kept for the retention days. */
export function cacheGb(config: Config, usage: Usage): number {
  return usage.cacheGb ?? usage.gbPerDay * usage.missShare * retentionDays(config).days;
}

/** Secrets the cache needs: one per registry with credentials (created here or referenced by ARN). */
export function secretCount(config: Config): number {
  return Object.values(config.registries).filter((r) => r.credentials !== undefined).length;
}

/** The scenarios of a config: no cache, cache + S3 gateway only, the config as written, then each other preset. */
export function scenarioSpecs(config: Config): ScenarioSpec[] {
  const preset = (name: EndpointPresetName) => effectiveEndpoints({ preset: name, endpoints: {} });
  const specs: ScenarioSpec[] = [
    { id: "no-cache", title: "no cache (every pull through the NAT)" },
    { id: "s3-gateway", title: "cache + S3 gateway only (preset s3-only)", endpoints: preset("s3-only") },
    {
      id: "config",
      title: "the config as written",
      endpoints: config.vpcEndpoints ? effectiveEndpoints(config.vpcEndpoints) : [],
    },
  ];
  for (const name of ENDPOINT_PRESET_NAMES) {
    if (name === "s3-only") continue; // the s3-gateway scenario above
    specs.push({ id: `preset:${name}`, title: `cache + preset ${name}`, endpoints: preset(name) });
  }
  return specs;
}

/** Bytes per day on each path for a set of endpoints (undefined = no cache). */
export function trafficPerDay(
  endpoints: readonly EffectiveEndpoint[] | undefined,
  usage: Pick<Usage, "gbPerDay" | "missShare">,
): { natGb: number; endpointGb: number; s3GatewayGb: number } {
  if (endpoints === undefined) return { natGb: usage.gbPerDay, endpointGb: 0, s3GatewayGb: 0 };
  const has = (service: string, type: "Interface" | "Gateway") =>
    endpoints.some((e) => e.endpoint.type === type && shortServiceName(e.endpoint.service) === service);
  const misses = usage.gbPerDay * usage.missShare;
  const hits = usage.gbPerDay - misses;
  const registry = hits * REGISTRY_API_SHARE;
  const layers = hits - registry;
  const s3Gateway = has(SERVICES.s3, "Gateway");
  const s3Interface = !s3Gateway && has(SERVICES.s3, "Interface");
  const ecrDkr = has(SERVICES.ecrDkr, "Interface");
  return {
    natGb: misses + (ecrDkr ? 0 : registry) + (s3Gateway || s3Interface ? 0 : layers),
    endpointGb: (ecrDkr ? registry : 0) + (s3Interface ? layers : 0),
    s3GatewayGb: s3Gateway ? layers : 0,
  };
}

/** AZ-hours per day of a set of endpoints: each interface endpoint in its own subnets' count of AZs, else `azs`. */
export function endpointAzHoursPerDay(endpoints: readonly EffectiveEndpoint[], usage: Usage): number {
  const azs = endpoints
    .filter((e) => e.endpoint.type === "Interface")
    .reduce((sum, e) => sum + (e.endpoint.subnetIds?.length ?? usage.azs), 0);
  return azs * billedHours(usage.hoursPerDay);
}

/** One scenario's line items and totals. */
export function scenarioCost(spec: ScenarioSpec, inputs: CostInputs): ScenarioCost {
  const { config, prices, usage } = inputs;
  const endpoints = spec.endpoints;
  const traffic = trafficPerDay(endpoints, usage);
  const natHours = usage.natGateways * billedHours(usage.hoursPerDay);
  const quantities: Record<LineItemId, number> = {
    natHours,
    natGb: traffic.natGb,
    natPublicIpv4: natHours,
    endpointAzHours: endpoints ? endpointAzHoursPerDay(endpoints, usage) : 0,
    endpointGb: traffic.endpointGb,
    ecrStorage: endpoints ? cacheGb(config, usage) : 0,
    secrets: endpoints && inputs.spokeOf === undefined ? secretCount(config) : 0,
  };
  const lineItems = LINE_ITEMS.map((id): LineItem => {
    const info = LINE_ITEM_INFO[id];
    const unitPrice = prices[info.price];
    const quantity = quantities[id];
    const amount = quantity * unitPrice.usd;
    const [perDay, perMonth] = info.monthly
      ? [amount / usage.daysPerMonth, amount]
      : [amount, amount * usage.daysPerMonth];
    return { id, label: info.label, unitPrice, unit: info.unit, quantity, monthly: info.monthly, perDay, perMonth };
  });
  const interfaceEndpoints = (endpoints ?? []).filter((e) => e.endpoint.type === "Interface").map((e) => e.name);
  return {
    id: spec.id,
    title: spec.title,
    interfaceEndpoints,
    s3Gateway: (endpoints ?? []).some(
      (e) => e.endpoint.type === "Gateway" && shortServiceName(e.endpoint.service) === SERVICES.s3,
    ),
    lineItems,
    perDay: sum(lineItems.map((l) => l.perDay)),
    perMonth: sum(lineItems.map((l) => l.perMonth)),
  };
}

/**
 * The least GB pulled per day from which scenario `a` costs no more than `b`, for two costs that grow linearly with
 * gbPerDay: 0 when `a` is never dearer, null when it never catches up.
 */
export function crossingGbPerDay(a: (gbPerDay: number) => number, b: (gbPerDay: number) => number): number | null {
  const tolerance = 1e-9;
  const fixed = a(0) - b(0);
  const slope = b(1) - b(0) - (a(1) - a(0));
  if (fixed <= tolerance && slope >= -tolerance) return 0;
  if (fixed > tolerance && slope > tolerance) return fixed / slope;
  return null;
}

/** The break-even of the config's interface endpoints against sending their traffic through the NAT. */
export interface BreakEven {
  /** What the config's interface endpoints cost a day in hours alone. */
  readonly endpointHoursPerDay: number;
  /** What one GB through an interface endpoint saves over the NAT (NAT GB price minus endpoint GB price). */
  readonly savingPerGb: number;
  /** GB a day through the interface endpoints above which they are cheaper; null = never (no saving per GB). */
  readonly endpointGbPerDay: number | null;
  /** The same in GB pulled a day under the traffic model; null = the endpoints never pay for themselves. */
  readonly pulledGbPerDay: number | null;
}

/** Break-even of the config's interface endpoints: the config against the config with only its gateway endpoints. */
export function configBreakEven(inputs: CostInputs): BreakEven {
  const { config, prices, usage } = inputs;
  const endpoints = config.vpcEndpoints ? effectiveEndpoints(config.vpcEndpoints) : [];
  const endpointHoursPerDay = endpointAzHoursPerDay(endpoints, usage) * prices.endpointAzHour.usd;
  const savingPerGb = prices.natGb.usd - prices.endpointGb.usd;
  const endpointGbPerDay = endpointHoursPerDay === 0 ? 0 : savingPerGb > 0 ? endpointHoursPerDay / savingPerGb : null;
  const gatewaysOnly = endpoints.filter((e) => e.endpoint.type === "Gateway");
  const at = (list: readonly EffectiveEndpoint[]) => (gbPerDay: number) =>
    scenarioCost({ id: "config", title: "", endpoints: list }, { ...inputs, usage: { ...usage, gbPerDay } }).perDay;
  return {
    endpointHoursPerDay,
    savingPerGb,
    endpointGbPerDay,
    pulledGbPerDay: crossingGbPerDay(at(endpoints), at(gatewaysOnly)),
  };
}

/** Everything a cost report shows. */
export interface CostReport {
  readonly scenarios: readonly ScenarioCost[];
  readonly breakEven: BreakEven;
  /** Per scenario other than no-cache, where it becomes cheaper than its baseline (GB pulled a day), if ever. */
  readonly crossings: readonly {
    readonly scenario: ScenarioId;
    readonly against: ScenarioId;
    readonly gbPerDay: number | null;
  }[];
  /** The cheapest scenario at the given usage (the first of equals, in scenario order). */
  readonly cheapest: ScenarioId;
}

/**
 * Costs every scenario at the given usage. Crossings: the S3 gateway scenario against no cache (where the cache pays
 * for itself), every scenario with interface endpoints against the S3 gateway scenario.
 */
export function costReport(inputs: CostInputs): CostReport {
  const specs = scenarioSpecs(inputs.config);
  const scenarios = specs.map((s) => scenarioCost(s, inputs));
  const costAt = (spec: ScenarioSpec) => (gbPerDay: number) =>
    scenarioCost(spec, { ...inputs, usage: { ...inputs.usage, gbPerDay } }).perMonth;
  const byId = (id: ScenarioId) => specs.find((s) => s.id === id)!;
  const crossings = specs
    .filter((s) => s.id !== "no-cache")
    .map((s) => {
      const against: ScenarioId = s.id === "s3-gateway" ? "no-cache" : "s3-gateway";
      return { scenario: s.id, against, gbPerDay: crossingGbPerDay(costAt(s), costAt(byId(against))) };
    });
  const cheapest = scenarios.reduce((best, s) => (s.perMonth < best.perMonth - 1e-9 ? s : best)).id;
  return { scenarios, breakEven: configBreakEven(inputs), crossings, cheapest };
}

/** The monthly cost of each scenario at a series of usages, for the chart. */
export function costCurve(
  inputs: CostInputs,
  gbPerDay: readonly number[],
): { scenario: ScenarioCost["title"]; id: ScenarioId; gbPerDay: number; perMonth: number }[] {
  return scenarioSpecs(inputs.config).flatMap((spec) =>
    gbPerDay.map((g) => ({
      scenario: spec.title,
      id: spec.id,
      gbPerDay: g,
      perMonth: scenarioCost(spec, { ...inputs, usage: { ...inputs.usage, gbPerDay: g } }).perMonth,
    })),
  );
}

function sum(xs: readonly number[]): number {
  return xs.reduce((a, b) => a + b, 0);
}
