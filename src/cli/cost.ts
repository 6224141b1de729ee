/**
 * The `cost` command: what a config costs and saves per day and per month, scenario by scenario, the break-even of
 * its interface endpoints and the cheapest scenario at the given usage; optionally as JSON and as an SVG chart.
 */
import { renameSync, rmSync, writeFileSync } from "node:fs";
import { chartSpec, renderChartSvg } from "../cost/chart";
import { CostRun, formatJson, formatText, pricesFor } from "../cost/format";
import { costReport } from "../cost/model";
import { PRICE_TABLE, PRICE_TABLE_DATE, PRICE_TABLE_FILE } from "../cost/prices";
import { parseUsageFlags, resolveUsage, USAGE_FLAGS, UsageFlag } from "../cost/usage";
import { costMessages } from "./cost.messages";
import { selectTarget } from "./target";
import {
  CliIo,
  errorCount,
  EXIT_FAILURE,
  EXIT_OK,
  EXIT_USAGE,
  FlagSpec,
  loadForCli,
  parseFlags,
  printFindings,
} from "./common";

const FLAG_HELP = (Object.keys(USAGE_FLAGS) as UsageFlag[])
  .map((flag) => `  --${`${flag} <n>`.padEnd(20)}${USAGE_FLAGS[flag].meaning}`)
  .join("\n");

const USAGE = `Usage: npm run cost -- [--config <file>] [--target <name>] [--gb-per-day N] [--miss-share F] [--hours-per-day H] [--azs N]
                      [--nat-gateways N] [--days-per-month N] [--cache-gb N] [--json] [--chart <file.svg>]

Prices the config's setup against no cache, the cache with only the S3 gateway endpoint, and each endpoint preset,
per day and per month, with the break-even of its interface endpoints. Prices: ${PRICE_TABLE_FILE} (read ${PRICE_TABLE_DATE}).
  --config <file>       YAML or JSON config (default: $ECR_CACHE_CONFIG, else config/default.yaml)
  --target <name>       with a config that has targets: the target to cost (its Region and endpoints)
${FLAG_HELP}
  --json                print the numbers, assumptions and price sources as JSON
  --chart <file.svg>    also draw monthly cost against GB pulled per day to an SVG file
  -h, --help            print this text

Defaults are printed with what they assume. Exit codes: 0 costed, 1 the config has errors or its Region no prices,
2 invalid command line.`;

const OPTIONS = {
  config: { type: "string", path: true },
  target: { type: "string" },
  json: { type: "boolean" },
  chart: { type: "string", path: true },
  ...Object.fromEntries((Object.keys(USAGE_FLAGS) as UsageFlag[]).map((flag) => [flag, { type: "string" }])),
} as const satisfies FlagSpec;

/** The cost command. Resolves to the exit code. */
export async function runCost(argv: readonly string[], io: CliIo): Promise<number> {
  // The usage flags and --chart say what their value must be, empty or not.
  const parsed = parseFlags(argv, OPTIONS as FlagSpec, USAGE, io, {
    ownEmptyCheck: [...Object.keys(USAGE_FLAGS), "chart"],
  });
  if ("exit" in parsed) return parsed.exit;
  const values = parsed.values as Record<string, string | boolean | undefined>;
  const chart = values.chart as string | undefined;
  if (chart !== undefined && !/\.svg$/i.test(chart)) {
    io.stderr(costMessages.chartNotSvg(chart));
    return EXIT_USAGE;
  }

  // The flags first: a bad value is a command-line error whatever the config holds.
  const given = Object.fromEntries(
    (Object.keys(USAGE_FLAGS) as UsageFlag[]).flatMap((flag) =>
      typeof values[flag] === "string" ? [[flag, values[flag] as string]] : [],
    ),
  );
  const flags = parseUsageFlags(given);
  if ("errors" in flags) {
    for (const e of flags.errors) io.stderr(costMessages.badFlag(e.flag, e.value));
    return EXIT_USAGE;
  }

  const loaded = loadForCli(values.config as string | undefined, io);
  if ("failed" in loaded) {
    printFindings(loaded.failed.findings, io);
    io.stderr(costMessages.configHasErrors(loaded.file, errorCount(loaded.failed.findings)));
    return EXIT_FAILURE;
  }
  // With targets, one target is costed: its Region and its endpoints.
  const selected = selectTarget(loaded.loaded.config, values.target as string | undefined);
  if ("problem" in selected) {
    io.stderr(`error: ${selected.problem}`);
    return EXIT_USAGE;
  }
  const { config } = selected;
  // A spoke pulls from its hub's cache, and the hub holds the secrets.
  const spokeOf = selected.target?.hub?.name;
  if (spokeOf !== undefined) io.stderr(costMessages.spokeNote(spokeOf));
  const usage = resolveUsage(flags.numbers, config);
  const found = pricesFor(PRICE_TABLE.regions, config);
  if ("known" in found) {
    io.stderr(costMessages.regionWithoutPrices(config.region, PRICE_TABLE_FILE, found.known));
    return EXIT_FAILURE;
  }

  const inputs = { config, prices: found.prices, usage: usage.usage, spokeOf };
  const run: CostRun = { ...inputs, file: loaded.file, resolved: usage.resolved, report: costReport(inputs) };

  // The chart first: when it cannot be written, nothing else is printed as if all went well.
  if (chart !== undefined) {
    const svg = await renderChartSvg(
      chartSpec(inputs, { region: config.region, priceDate: PRICE_TABLE_DATE, report: run.report }),
    );
    const tmp = `${chart}.${process.pid}.tmp`;
    try {
      writeFileSync(tmp, svg);
      renameSync(tmp, chart);
    } catch (e) {
      rmSync(tmp, { force: true });
      io.stderr(costMessages.chartUnwritable(chart, (e as NodeJS.ErrnoException).code ?? String(e)));
      return EXIT_FAILURE;
    }
  }
  if (values.json) io.stdout(JSON.stringify(formatJson(run), null, 2));
  else for (const line of formatText(run)) io.stdout(line);
  return EXIT_OK;
}
