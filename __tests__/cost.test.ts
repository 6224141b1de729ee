/** The cost model against figures computed by hand, the break-even at its edges, and `npm run cost` as users run it. */
import { writeFileSync } from "node:fs";
import * as path from "node:path";
import { runCost } from "../src/cli/cost";
import { parseConfig } from "../src/config/load";
import { Config } from "../src/config/schema";
import {
  configBreakEven,
  costReport,
  crossingGbPerDay,
  LineItemId,
  ScenarioCost,
  ScenarioId,
  scenarioCost,
  scenarioSpecs,
  Usage,
} from "../src/cost/model";
import { PRICE_TABLE } from "../src/cost/prices";
import { parseUsageFlags, resolveUsage } from "../src/cost/usage";
import { runEntry, tempDir } from "./support/cli";
import { defaultConfig, minimalInput } from "./support/app";

const SEOUL = PRICE_TABLE.regions["ap-northeast-2"];
const VIRGINIA = PRICE_TABLE.regions["us-east-1"];

/** The default config's usage defaults, written out: 10 GB/day, 10% new, 24 h, 2 AZs, 1 NAT, 30 days, 14 GB cached. */
const DEFAULT_USAGE: Usage = {
  gbPerDay: 10,
  missShare: 0.1,
  hoursPerDay: 24,
  azs: 2,
  natGateways: 1,
  daysPerMonth: 30,
  cacheGb: 14,
};

/** [per day, per month] of each line item of a scenario (absent = 0). */
function items(s: ScenarioCost): Partial<Record<LineItemId, [number, number]>> {
  return Object.fromEntries(s.lineItems.filter((l) => l.quantity > 0).map((l) => [l.id, [l.perDay, l.perMonth]]));
}

function expectItems(s: ScenarioCost, expected: Partial<Record<LineItemId, [number, number]>>): void {
  const actual = items(s);
  expect(Object.keys(actual).sort()).toEqual(Object.keys(expected).sort());
  for (const [id, [day, month]] of Object.entries(expected)) {
    expect(actual[id as LineItemId]![0]).toBeCloseTo(day, 6);
    expect(actual[id as LineItemId]![1]).toBeCloseTo(month, 6);
  }
  const sum = (i: 0 | 1) => Object.values(expected).reduce((a, v) => a + v[i], 0);
  expect(s.perDay).toBeCloseTo(sum(0), 6);
  expect(s.perMonth).toBeCloseTo(sum(1), 6);
}

function scenario(report: { scenarios: readonly ScenarioCost[] }, id: ScenarioId): ScenarioCost {
  return report.scenarios.find((s) => s.id === id)!;
}

describe("the default config in Seoul, by hand", () => {
  const inputs = { config: defaultConfig(), prices: SEOUL, usage: DEFAULT_USAGE };
  const report = costReport(inputs);

  test("the defaults the CLI fills in are the usage above (14 GB cached = 10 GB x 0.1 x the policy's 14 days)", () => {
    expect(resolveUsage({}, inputs.config).usage).toEqual(DEFAULT_USAGE);
  });

  test("no cache: NAT 24 h x $0.059, 10 GB x $0.059, its IPv4 address 24 h x $0.005", () => {
    expectItems(scenario(report, "no-cache"), {
      natHours: [1.416, 42.48],
      natGb: [0.59, 17.7],
      natPublicIpv4: [0.12, 3.6],
    });
  });

  test("cache + S3 gateway: 1 GB of misses and 0.45 GB of registry API through the NAT, 14 GB stored, 2 secrets", () => {
    expectItems(scenario(report, "s3-gateway"), {
      natHours: [1.416, 42.48],
      natGb: [1.45 * 0.059, 1.45 * 0.059 * 30],
      natPublicIpv4: [0.12, 3.6],
      ecrStorage: [1.4 / 30, 1.4],
      secrets: [0.8 / 30, 0.8],
    });
  });

  test("the config: 7 interface endpoints x 2 AZs x 24 h x $0.013 = $4.368 a day; 0.45 GB through ecr.dkr", () => {
    expectItems(scenario(report, "config"), {
      natHours: [1.416, 42.48],
      natGb: [0.059, 1.77],
      natPublicIpv4: [0.12, 3.6],
      endpointAzHours: [4.368, 131.04],
      endpointGb: [0.0045, 0.135],
      ecrStorage: [1.4 / 30, 1.4],
      secrets: [0.8 / 30, 0.8],
    });
    expect(scenario(report, "config").interfaceEndpoints).toHaveLength(7);
  });

  test("presets: ecr pays 2 x 2 x 24 AZ-hours, eks-private 10 x 2 x 24", () => {
    expect(items(scenario(report, "preset:ecr")).endpointAzHours![0]).toBeCloseTo(96 * 0.013, 9);
    expect(items(scenario(report, "preset:eks-private")).endpointAzHours![0]).toBeCloseTo(480 * 0.013, 9);
  });

  test("break-even: $4.368 / ($0.059 - $0.01) = 89.14 GB a day through the endpoints, 1,981 GB pulled a day", () => {
    const be = configBreakEven(inputs);
    expect(be.endpointHoursPerDay).toBeCloseTo(4.368, 9);
    expect(be.savingPerGb).toBeCloseTo(0.049, 9);
    expect(be.endpointGbPerDay).toBeCloseTo(4.368 / 0.049, 9);
    // Only the registry share of the hits (0.9 x 5%) reaches the interface endpoints.
    expect(be.pulledGbPerDay).toBeCloseTo(4.368 / (0.9 * 0.05 * 0.049), 6);
  });

  test("break-even edges: at 0 GB the endpoints cost their hours more; at the break-even both cost the same", () => {
    const be = configBreakEven(inputs);
    const spec = scenarioSpecs(inputs.config).find((s) => s.id === "config")!;
    const gatewaysOnly = { ...spec, endpoints: spec.endpoints!.filter((e) => e.endpoint.type === "Gateway") };
    const at = (g: number) => {
      const i = { ...inputs, usage: { ...DEFAULT_USAGE, gbPerDay: g, cacheGb: undefined } };
      return scenarioCost(spec, i).perDay - scenarioCost(gatewaysOnly, i).perDay;
    };
    expect(at(0)).toBeCloseTo(4.368, 9);
    expect(at(be.pulledGbPerDay!)).toBeCloseTo(0, 9);
    expect(at(be.pulledGbPerDay! * 1.01)).toBeLessThan(0);
  });

  test("the cheapest at 10 GB a day is the cache with the S3 gateway alone", () => {
    expect(report.cheapest).toBe("s3-gateway");
  });
});

describe("a config in us-east-1, by hand", () => {
  // preset ecr in 3 subnets, 9.5 h a day (billed 10), 2 NATs, 100 GB a day, 20% new, 22 days, 50 GB cached.
  const config: Config = parseConfig(
    minimalInput({
      region: "us-east-1",
      registries: { "docker-hub": { upstreamRegistryUrl: "registry-1.docker.io", credentials: "managed" } },
      vpcEndpoints: { preset: "ecr", subnetIds: ["subnet-1a", "subnet-1b", "subnet-1c"] },
    }),
  ).config;
  const given = {
    "gb-per-day": "100",
    "miss-share": "0.2",
    "hours-per-day": "9.5",
    "nat-gateways": "2",
    "days-per-month": "22",
    "cache-gb": "50",
  };
  const flags = parseUsageFlags(given);
  if (!("numbers" in flags)) throw new Error("the flags did not parse");
  const resolved = resolveUsage(flags.numbers, config);
  const report = costReport({ config, prices: VIRGINIA, usage: resolved.usage });

  test("AZs default to the config's 3 subnets; 9.5 h bill as 10", () => {
    expect(resolved.resolved.azs).toEqual({ value: 3, assumes: "the config's 3 subnetIds" });
  });

  test("no cache: 2 NATs x 10 h x $0.045, 100 GB x $0.045, 20 IPv4 address-hours x $0.005", () => {
    expectItems(scenario(report, "no-cache"), {
      natHours: [0.9, 19.8],
      natGb: [4.5, 99],
      natPublicIpv4: [0.1, 2.2],
    });
  });

  test("the config (preset ecr): 2 endpoints x 3 AZs x 10 h x $0.01; 4 GB via ecr.dkr; 20 GB of misses via the NAT", () => {
    expectItems(scenario(report, "config"), {
      natHours: [0.9, 19.8],
      natGb: [0.9, 19.8],
      natPublicIpv4: [0.1, 2.2],
      endpointAzHours: [0.6, 13.2],
      endpointGb: [0.04, 0.88],
      ecrStorage: [5 / 22, 5],
      secrets: [0.4 / 22, 0.4],
    });
  });

  test("break-even: $0.60 / ($0.045 - $0.01) = 17.14 GB a day through the endpoints, 428.6 GB pulled a day", () => {
    const be = report.breakEven;
    expect(be.endpointGbPerDay).toBeCloseTo(0.6 / 0.035, 9);
    expect(be.pulledGbPerDay).toBeCloseTo(0.6 / (0.8 * 0.05 * 0.035), 6);
  });
});

describe("crossingGbPerDay", () => {
  test("edges: never dearer -> 0; equal fixed cost and slope -> 0; parallel and dearer -> null; steeper -> null", () => {
    expect(
      crossingGbPerDay(
        (g) => 1 + g,
        (g) => 1 + 2 * g,
      ),
    ).toBe(0);
    expect(
      crossingGbPerDay(
        (g) => 2 + g,
        (g) => 2 + g,
      ),
    ).toBe(0);
    expect(
      crossingGbPerDay(
        (g) => 3 + g,
        (g) => 1 + g,
      ),
    ).toBeNull();
    expect(
      crossingGbPerDay(
        (g) => 3 + 2 * g,
        (g) => 1 + g,
      ),
    ).toBeNull();
    expect(
      crossingGbPerDay(
        (g) => 3 + g,
        (g) => 1 + 2 * g,
      ),
    ).toBeCloseTo(2, 12);
  });

  test("a config without interface endpoints breaks even at 0 GB", () => {
    const config = parseConfig(minimalInput({ region: "us-east-1", vpcEndpoints: { preset: "s3-only" } })).config;
    const be = configBreakEven({ config, prices: VIRGINIA, usage: DEFAULT_USAGE });
    expect(be).toMatchObject({ endpointHoursPerDay: 0, endpointGbPerDay: 0, pulledGbPerDay: 0 });
  });
});

// ---- the command ----

interface Captured {
  readonly code: number;
  readonly stdout: string[];
  readonly stderr: string[];
}

async function run(argv: string[]): Promise<Captured> {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const code = await runCost(argv, { stdout: (l) => stdout.push(l), stderr: (l) => stderr.push(l), env: {} });
  return { code, stdout, stderr };
}

const dir = tempDir("cost");
function configFile(name: string, data: unknown): string {
  const file = path.join(dir, name);
  writeFileSync(file, JSON.stringify(data));
  return file;
}

describe("runCost", () => {
  test.each([
    ["--gb-per-day", "-1", "a number of GB, 0 or more"],
    ["--gb-per-day", "NaN", "a number of GB, 0 or more"],
    ["--gb-per-day", "", "a number of GB, 0 or more"],
    ["--miss-share", "1.5", "a share from 0 to 1"],
    ["--miss-share", "10%", "a share from 0 to 1"],
    ["--hours-per-day", "25", "a number of hours above 0 and at most 24"],
    ["--hours-per-day", "0", "a number of hours above 0 and at most 24"],
    ["--azs", "1.5", "a whole number of Availability Zones, 1 or more"],
    ["--azs", "0", "a whole number of Availability Zones, 1 or more"],
    ["--nat-gateways", "0", "a whole number, 1 or more (the first pull of an image needs a route to the internet)"],
    ["--days-per-month", "Infinity", "a number of days above 0 and at most 31"],
    ["--cache-gb", "lots", "a number of GB, 0 or more"],
  ])("%s %j: exit 2, naming the flag, the value and the fix", async (flag, value, rule) => {
    // --flag=value: parseArgs itself refuses a separate value starting with "-" (also exit 2, with its own message).
    const r = await run([`${flag}=${value}`]);
    expect(r.code).toBe(2);
    expect(r.stdout).toEqual([]);
    expect(r.stderr).toEqual([
      expect.stringMatching(
        new RegExp(
          `^error: ${flag} must be ${rule.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")} \\(got ${JSON.stringify(value).replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}\\); give the .+, e\\.g\\. ${flag} `,
        ),
      ),
    ]);
  });

  test("every bad flag is reported at once", async () => {
    const r = await run(["--azs", "2.5", "--miss-share=-0.1"]);
    expect(r.code).toBe(2);
    expect(r.stderr.map((l) => l.split(" ")[1])).toEqual(["--miss-share", "--azs"]);
  });

  test("a Region without prices: exit 1, naming the Region and the file to extend", async () => {
    const file = configFile("sao-paulo.json", minimalInput({ region: "sa-east-1" }));
    const r = await run(["--config", file]);
    expect(r.code).toBe(1);
    expect(r.stdout).toEqual([]);
    expect(r.stderr).toEqual([
      expect.stringMatching(
        /^error: region: no prices for "sa-east-1" in src\/cost\/prices\.ts \(it has us-east-1, .*ap-southeast-1\); add "sa-east-1" to PRICE_TABLE\.regions in src\/cost\/prices\.ts/,
      ),
    ]);
  });

  test("--chart must name an .svg file; nothing is costed", async () => {
    const r = await run(["--chart", "cost.png"]);
    expect(r).toEqual({
      code: 2,
      stdout: [],
      stderr: ['error: --chart must name an .svg file (got "cost.png"); e.g. --chart cost.svg'],
    });
  });

  test("the text names the price date, marks secondary figures and prints defaults with what they assume", async () => {
    const r = await run([]);
    expect(r.code).toBe(0);
    const text = r.stdout.join("\n");
    expect(r.stdout[0]).toMatch(/^Cost of .*config\/default\.yaml in ap-northeast-2, list prices read 2026-11-30/);
    expect(text).toContain("interface endpoint AZ-hours   336 AZ-h a day x $0.013*/AZ-h");
    expect(text).toMatch(/--gb-per-day 10 +image GB pulled a day by all nodes \(default: about 20 nodes/);
    expect(text).toMatch(/--azs 2 +AZs per interface endpoint .*\(default: the config lists no subnetIds, so 2\)/);
    expect(text).toMatch(/the config as written\s+\$6\.041\s+\$181\.22\s+\+\$117\.44/);
    expect(text).toContain('At 10 GB a day the cheapest is "cache + S3 gateway only (preset s3-only)"');
    expect(text).toContain("What the bill can't show:");
    expect(text).toContain("100 anonymous pulls per 6 hours");
    expect(text).toContain("bill every hour until destroyed");
  });
});

describe("npm run cost, run as a user runs it", () => {
  test("--json: the same numbers, the assumptions and the price sources", () => {
    const r = runEntry("src/cli/cost-main.ts", ["--json", "--gb-per-day", "10"]);
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    const json = JSON.parse(r.stdout);
    expect(json.region).toBe("ap-northeast-2");
    expect(json.priceTable.date).toBe("2026-11-30");
    expect(json.priceTable.prices.endpointAzHour).toMatchObject({ usd: 0.013, confidence: "secondary" });
    expect(json.usage["gb-per-day"]).toEqual({ value: 10, default: false });
    expect(json.usage["miss-share"]).toMatchObject({ value: 0.1, default: true });
    expect(json.scenarios.map((s: { id: string }) => s.id)).toEqual([
      "no-cache",
      "s3-gateway",
      "config",
      "preset:ecr",
      "preset:eks-private",
    ]);
    const config = json.scenarios.find((s: { id: string }) => s.id === "config");
    expect(config.perMonth).toBeCloseTo(181.225, 6);
    expect(config.lineItems.find((l: { id: string }) => l.id === "endpointAzHours")).toMatchObject({
      quantity: 336,
      unitPrice: 0.013,
      priceConfidence: "secondary",
    });
    expect(json.assumptions.length).toBeGreaterThan(5);
    expect(json.cheapest).toBe("s3-gateway");
    expect(json.breakEven.pulledGbPerDay).toBeCloseTo(1980.952, 2);
  });

  test("a bad flag through the real entry: exit 2 and the message", () => {
    const r = runEntry("src/cli/cost-main.ts", ["--miss-share", "2"]);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toMatch(/^error: --miss-share must be a share from 0 to 1 \(got "2"\)/);
  });

  describe("a config with targets: one target at a time", () => {
    const ORG = ["--config", "config/organization.yaml"];
    const json = (target: string) => {
      const r = runEntry("src/cli/cost-main.ts", [...ORG, "--target", target, "--json"]);
      expect(r.status).toBe(0);
      return { ...r, json: JSON.parse(r.stdout) };
    };
    const secrets = (j: any) =>
      j.scenarios
        .find((s: { id: string }) => s.id === "config")
        .lineItems.find((l: { id: string }) => l.id === "secrets").quantity;

    test("the hub: its Region, its two secrets, no note", () => {
      const hub = json("hub");
      expect(hub.stderr).toBe("");
      expect(hub.json.region).toBe("eu-west-1");
      expect(secrets(hub.json)).toBe(2);
    });

    test("a spoke: its own Region and endpoints, no secrets, and a note that its misses come from the hub", () => {
      const us = json("hub-us");
      expect(us.json.region).toBe("us-east-1");
      expect(secrets(us.json)).toBe(0);
      expect(us.stderr).toBe(
        "note: this target pulls its cache misses from hub's cache (ECR to ECR), not through its NAT gateway; the misses priced through the NAT below are an upper bound (transfer between Regions is not priced)\n",
      );
      const prod = json("prod");
      const endpoints = (j: any) =>
        j.scenarios
          .find((s: { id: string }) => s.id === "config")
          .lineItems.find((l: { id: string }) => l.id === "endpointAzHours").quantity;
      // prod's eks-private preset: 10 interface endpoints (the S3 one is a gateway) x 2 AZs x 24 h.
      expect(endpoints(prod.json)).toBe(10 * 2 * 24);
    });

    test("without --target: exit 2, the targets to choose from", () => {
      const r = runEntry("src/cli/cost-main.ts", ORG);
      expect(r).toEqual({
        status: 2,
        stdout: "",
        stderr: "error: the config has targets; pass --target with one of: hub, hub-us, prod\n",
      });
    });
  });
});
