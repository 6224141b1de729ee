/**
 * The cost report as text and as JSON: the same numbers, the traffic model's assumptions, and the notes on what the
 * bill can't show. Pure: the CLI prints what these return.
 */
import { effectiveEndpoints } from "../config/endpoints";
import { Config } from "../config/schema";
import { upstreamKind } from "../aws/ecr";
import { ENDPOINT_PRESETS } from "../policy/endpoint-presets";
import {
  billedHours,
  CostInputs,
  CostReport,
  endpointAzHoursPerDay,
  LINE_ITEM_INFO,
  LineItem,
  REGISTRY_API_SHARE,
  ScenarioCost,
  ScenarioId,
} from "./model";
import { PRICE_TABLE_DATE, PRICE_TABLE_FILE, PriceFigure, PriceKey, RegionPrices } from "./prices";
import { ResolvedUsage, USAGE_FLAGS, UsageFlag } from "./usage";

/** Everything one cost run knows. */
export interface CostRun extends CostInputs {
  readonly file: string;
  readonly resolved: ResolvedUsage;
  readonly report: CostReport;
}

/** The traffic model and what the figures leave out, stated in the output and in --json. */
export function assumptions(run: Pick<CostRun, "usage">): string[] {
  const h = run.usage.hoursPerDay;
  return [
    "no cache: every pulled byte comes from the upstream registries through the NAT gateway",
    `with the cache, the share new to it (--miss-share) is counted through the NAT: the first pull of an image may need a route to the internet`,
    `of the cache hits, ${REGISTRY_API_SHARE * 100}% (manifests, auth, API calls; the top of the 1-5% range, so the interface endpoints get the most credit) goes to ECR's registry API: through an ecr.dkr interface endpoint if there is one, else through the NAT`,
    "the other 95% of the hits are image layers served from S3: free through an S3 gateway endpoint, at the interface rate through an S3 interface endpoint, else through the NAT",
    "interface endpoints other than ecr.dkr and s3 (ec2, logs, sts, eks, ...) carry no image bytes here: only their hours count",
    `NAT gateways and interface endpoints are up ${h} h a day, billed as ${billedHours(h)} full hours; each NAT gateway has one public IPv4 address`,
    "an interface endpoint spans its own subnetIds' count of AZs, else --azs; the interface data rate is the first tier (1 PB a month)",
    "storage and secrets are monthly charges, spread over --days-per-month in the per-day figures; secrets: one per registry with credentials",
    "not counted: cross-AZ transfer ($0.01/GB each way), Secrets Manager API calls, internet egress, the EKS control plane, the S3 and ECR request fees (none for pulls in the same Region)",
  ];
}

/** What the bill can't show, where it applies to this config and usage. */
export function notes(run: CostRun): string[] {
  const { config, usage } = run;
  const out: string[] = [];
  out.push(
    "The first pull of each image needs a route to the internet (AWS: over PrivateLink the first pull may need the NAT): " +
      "keep the NAT up on days new images arrive, or warm the cache from a host with egress (docker pull <cache URI>).",
  );
  const hub = Object.values(config.registries).find((r) => upstreamKind(r.upstreamRegistryUrl) === "docker-hub");
  out.push(
    "Docker Hub allows 100 anonymous pulls per 6 hours per IP address, and every node behind one NAT gateway shares its address: " +
      (hub === undefined
        ? "this config has no Docker Hub rule, so Docker Hub images still go through the NAT and share that limit."
        : hub.credentials !== undefined
          ? "through the cache, Docker Hub sees ECR pull each image once, with the config's credentials."
          : "through the cache, ECR pulls each image once, still anonymously: add credentials to raise the limit."),
  );
  const endpoints = config.vpcEndpoints ? effectiveEndpoints(config.vpcEndpoints) : [];
  const interfaces = endpoints.filter((e) => e.endpoint.type === "Interface").length;
  if (interfaces > 0) {
    const fullDay = endpointAzHoursPerDay(endpoints, { ...usage, hoursPerDay: 24 }) * run.prices.endpointAzHour.usd;
    out.push(
      `Interface endpoints bill every hour until destroyed, used or not: the config's ${interfaces} cost ${money(fullDay, 3)} a day left up 24 h` +
        (usage.hoursPerDay < 24
          ? `; the figures assume npx cdktf destroy vpc-endpoints after ${usage.hoursPerDay} h each day.`
          : "; npx cdktf destroy vpc-endpoints at night cuts that (try --hours-per-day)."),
    );
  }
  return out;
}

/** The one plain sentence on the break-even and the cheapest scenario. */
export function summarySentence(run: CostRun): string {
  const { report, usage, prices } = run;
  const be = report.breakEven;
  const config = scenario(report, "config");
  const cheapest = scenario(report, report.cheapest);
  const n = config.interfaceEndpoints.length;
  const breakEven =
    n === 0
      ? "The config has no interface endpoints, so there is no break-even to reach."
      : be.endpointGbPerDay === null
        ? `The config's ${n} interface endpoints never pay for themselves here: a GB through them costs no less than through the NAT.`
        : `The config's ${n} interface endpoints cost ${money(be.endpointHoursPerDay, 3)} a day in hours and save ${money(be.savingPerGb, 3)} per GB they take off the NAT (${unitPrice(prices.natGb.usd)} - ${unitPrice(prices.endpointGb.usd)}), so they pay for themselves above ${fmtNumber(be.endpointGbPerDay)} GB a day through them, ` +
          (be.pulledGbPerDay === null
            ? "which the traffic model never sends them (only ecr.dkr and an S3 interface endpoint carry image bytes)."
            : `that is above ${fmtNumber(be.pulledGbPerDay)} GB pulled a day under the traffic model.`);
  const cheaper =
    cheapest.id === "config"
      ? "the config as written"
      : `"${cheapest.title}", ${money(config.perMonth - cheapest.perMonth)} a month less than the config as written`;
  return `${breakEven} At ${fmtNumber(usage.gbPerDay)} GB a day the cheapest is ${cheaper} (${money(cheapest.perMonth)} a month).`;
}

function scenario(report: CostReport, id: ScenarioId): ScenarioCost {
  return report.scenarios.find((s) => s.id === id)!;
}

/** `$4.368`, `$42.48`; `digits` decimals. */
export function money(usd: number, digits = 2): string {
  return `$${usd.toFixed(digits)}`;
}

/** A unit price as written in price lists: `$0.059`, `$0.10`, `$0.40`. */
function unitPrice(usd: number): string {
  return usd < 0.1 ? `$${usd}` : `$${usd.toFixed(2)}`;
}

/** A number with at most 3 decimals and thousands separators. */
function fmtNumber(n: number): string {
  return n.toLocaleString("en-US", { maximumFractionDigits: n >= 100 ? 0 : n >= 10 ? 1 : 3 });
}

/** `*` for a secondary figure, `?` for an unverified one, else nothing. */
export function mark(figure: PriceFigure): string {
  return figure.confidence === "secondary" ? "*" : figure.confidence === "unverified" ? "?" : "";
}

/** The report as lines of text. */
export function formatText(run: CostRun): string[] {
  const { config, report, resolved, prices } = run;
  const lines: string[] = [];
  const marked = (Object.values(prices) as PriceFigure[]).some((f) => f.confidence !== "primary");
  lines.push(`Cost of ${run.file} in ${config.region}, list prices read ${PRICE_TABLE_DATE} (${PRICE_TABLE_FILE})`);
  if (marked)
    lines.push(
      "Unit prices marked * have only a secondary source, ? no source for this Region: check them (sources at the end).",
    );
  lines.push("", "Usage (a default says what it assumes):");
  for (const flag of Object.keys(resolved) as UsageFlag[]) {
    const v = resolved[flag];
    const text = `--${flag} ${fmtNumber(v.value)}`.padEnd(24);
    lines.push(`  ${text}${USAGE_FLAGS[flag].meaning}${v.assumes === undefined ? "" : ` (default: ${v.assumes})`}`);
  }
  lines.push("", "Traffic model:", ...assumptions(run).map((a) => `  - ${a}`));

  for (const s of report.scenarios) {
    lines.push("", `${s.title}${describeEndpoints(s)}`);
    lines.push(
      `  ${"line item".padEnd(30)}${"quantity x unit price".padEnd(34)}${"per day".padStart(10)}${"per month".padStart(12)}`,
    );
    for (const item of s.lineItems) {
      if (item.quantity === 0) continue;
      lines.push(
        `  ${item.label.padEnd(30)}${quantityText(item).padEnd(34)}${money(item.perDay, 3).padStart(10)}${money(item.perMonth).padStart(12)}`,
      );
    }
    lines.push(`  ${"total".padEnd(64)}${money(s.perDay, 3).padStart(10)}${money(s.perMonth).padStart(12)}`);
  }

  lines.push("", "Side by side:");
  lines.push(
    `  ${"scenario".padEnd(44)}${"per day".padStart(10)}${"per month".padStart(12)}${"vs no cache".padStart(14)}`,
  );
  const base = scenario(report, "no-cache").perMonth;
  for (const s of report.scenarios) {
    const delta = s.perMonth - base;
    const vs = s.id === "no-cache" ? "" : `${delta <= 0 ? "-" : "+"}${money(Math.abs(delta))}`;
    const star = s.id === report.cheapest ? " <- cheapest" : "";
    lines.push(
      `  ${s.title.padEnd(44)}${money(s.perDay, 3).padStart(10)}${money(s.perMonth).padStart(12)}${vs.padStart(14)}${star}`,
    );
  }
  lines.push("", "Break-even:");
  for (const c of report.crossings) {
    const what = `${scenario(report, c.scenario).title} vs ${scenario(report, c.against).title}`;
    const when =
      c.gbPerDay === null
        ? "never cheaper"
        : c.gbPerDay === 0
          ? "cheaper at any usage"
          : `cheaper above ${fmtNumber(c.gbPerDay)} GB pulled a day`;
    lines.push(`  ${what}: ${when}`);
  }
  lines.push("", summarySentence(run));
  lines.push("", "What the bill can't show:", ...notes(run).map((n) => `  - ${n}`));
  lines.push(
    "",
    `Prices in ${config.region} (read ${PRICE_TABLE_DATE}; * secondary source only, ? no source for this Region):`,
  );
  for (const [key, figure] of Object.entries(prices) as [PriceKey, PriceFigure][]) {
    lines.push(`  ${PRICE_LABELS[key].padEnd(34)}${(unitPrice(figure.usd) + mark(figure)).padEnd(9)}${figure.source}`);
  }
  return lines.map((line) => line.trimEnd());
}

/** Price labels for the sources list. */
const PRICE_LABELS: Readonly<Record<PriceKey, string>> = {
  natHour: "NAT gateway, per hour",
  natGb: "NAT gateway, per GB",
  endpointAzHour: "interface endpoint, per AZ-hour",
  endpointGb: "interface endpoint, per GB",
  ecrStorageGbMonth: "ECR storage, per GB-month",
  secretMonth: "Secrets Manager, per secret-month",
  publicIpv4Hour: "public IPv4 address, per hour",
};

function describeEndpoints(s: ScenarioCost): string {
  if (s.id === "no-cache") return "";
  const parts = [s.s3Gateway ? "S3 gateway" : "no S3 gateway"];
  if (s.interfaceEndpoints.length > 0)
    parts.push(`${s.interfaceEndpoints.length} interface endpoints (${s.interfaceEndpoints.join(", ")})`);
  return `: ${parts.join(" + ")}`;
}

/** `24 h a day x $0.059/h`, `14 GB x $0.10/GB-month`. */
function quantityText(item: LineItem): string {
  const { unit, quantityUnit } = LINE_ITEM_INFO[item.id];
  const quantity = `${fmtNumber(item.quantity)} ${quantityUnit}${item.monthly ? "" : " a day"}`;
  return `${quantity} x ${unitPrice(item.unitPrice.usd)}${mark(item.unitPrice)}/${unit}`;
}

/** The report as one JSON-ready object: the same numbers, the assumptions, the notes and every price's source. */
export function formatJson(run: CostRun): Record<string, unknown> {
  const { config, report, resolved, prices } = run;
  return {
    config: run.file,
    region: config.region,
    priceTable: { date: PRICE_TABLE_DATE, file: PRICE_TABLE_FILE, prices },
    usage: Object.fromEntries(
      (Object.keys(resolved) as UsageFlag[]).map((flag) => [
        flag,
        { value: resolved[flag].value, default: resolved[flag].assumes !== undefined, assumes: resolved[flag].assumes },
      ]),
    ),
    assumptions: assumptions(run),
    presets: ENDPOINT_PRESETS,
    scenarios: report.scenarios.map((s) => ({
      id: s.id,
      title: s.title,
      s3Gateway: s.s3Gateway,
      interfaceEndpoints: s.interfaceEndpoints,
      lineItems: s.lineItems.map((l) => ({
        id: l.id,
        label: l.label,
        quantity: l.quantity,
        quantityPer: l.monthly ? "month" : "day",
        unit: l.unit,
        unitPrice: l.unitPrice.usd,
        priceConfidence: l.unitPrice.confidence,
        perDay: l.perDay,
        perMonth: l.perMonth,
      })),
      perDay: s.perDay,
      perMonth: s.perMonth,
    })),
    breakEven: report.breakEven,
    crossings: report.crossings,
    cheapest: report.cheapest,
    summary: summarySentence(run),
    notes: notes(run),
  };
}

/** Whether the config's Region has prices; the table's Regions otherwise. */
export function pricesFor(
  table: Readonly<Record<string, RegionPrices>>,
  config: Config,
): { prices: RegionPrices } | { known: string[] } {
  const prices = Object.prototype.hasOwnProperty.call(table, config.region) ? table[config.region] : undefined;
  return prices ? { prices } : { known: Object.keys(table) };
}
