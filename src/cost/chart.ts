/**
 * The cost chart: monthly cost against GB pulled per day for each scenario, the break-even points marked and the
 * user's usage as a vertical rule. {@link chartSpec} builds a vega-lite spec (pure); {@link renderChartSvg} renders
 * it to SVG with vega in Node, no browser. vega and vega-lite are ES modules (vega with top-level await): they are
 * loaded with import() on the first chart, so a run without --chart never loads them.
 */
// vega-lite's types sit behind its package exports, which this project's "node" module resolution does not read.
import type { compile, TopLevelSpec } from "vega-lite/build/index";
import { costCurve, CostInputs, CostReport, ScenarioId } from "./model";

/** Names of the chart's layers; they become CSS classes of the SVG groups, which the tests look for. */
export const CHART_LAYERS = { lines: "scenario_lines", breakEvens: "break_even_points", usage: "usage_rule" } as const;

/** What the chart is of, beyond the model's inputs. */
export interface ChartContext {
  readonly region: string;
  readonly priceDate: string;
  readonly report: CostReport;
}

/** The usages to plot: 0, then points spread evenly on the chart's symlog axis up to `max`. */
function samples(max: number, count = 80): number[] {
  const top = Math.log10(1 + max);
  return [...new Set(Array.from({ length: count + 1 }, (_, i) => 10 ** ((top * i) / count) - 1))].map(
    (g) => Math.round(g * 1000) / 1000,
  );
}

/** The x axis reaches past the usage and the break-evens (a symlog scale keeps the small values readable). */
export function chartMaxGbPerDay(inputs: CostInputs, report: CostReport): number {
  const crossings = [report.breakEven.pulledGbPerDay, ...report.crossings.map((c) => c.gbPerDay)].filter(
    (g): g is number => g !== null && g > 0 && g <= 100_000,
  );
  return Math.max(10, inputs.usage.gbPerDay * 10, ...crossings.map((g) => g * 1.5));
}

/** Short scenario names for the break-even labels. */
const SHORT: Readonly<Record<string, string>> = {
  "no-cache": "no cache",
  "s3-gateway": "S3 gateway only",
  config: "the config",
};
const short = (id: ScenarioId) => SHORT[id] ?? id.replace(/^preset:/, "preset ");

/** A number of GB as the labels show it. */
const gb = (g: number) => g.toLocaleString("en-US", { maximumFractionDigits: g >= 100 ? 0 : 1 });

/** The vega-lite spec of the chart: x symlog (0 included) and y log, so small and large usages both show. */
export function chartSpec(inputs: CostInputs, context: ChartContext): TopLevelSpec {
  const { report } = context;
  const max = chartMaxGbPerDay(inputs, report);
  const curve = costCurve(inputs, samples(max));
  const title = (id: ScenarioId) => report.scenarios.find((s) => s.id === id)!.title;
  const shown = report.crossings.filter(
    (c): c is typeof c & { gbPerDay: number } => c.gbPerDay !== null && c.gbPerDay > 0 && c.gbPerDay <= max,
  );
  const points = shown.map((c, i) => ({
    scenario: title(c.scenario),
    gbPerDay: c.gbPerDay,
    perMonth: costCurve(inputs, [c.gbPerDay]).find((p) => p.id === c.scenario)!.perMonth,
    label: `${gb(c.gbPerDay)} GB/day`,
    above: i % 2 === 0,
  }));
  const usage = inputs.usage.gbPerDay;
  const ticks = [0, ...[1, 10, 100, 1_000, 10_000, 100_000].filter((t) => t <= max)];
  const x = {
    field: "gbPerDay",
    type: "quantitative" as const,
    title: "GB pulled per day (symlog scale)",
    scale: { type: "symlog" as const, domain: [0, max] },
    axis: { values: ticks, format: ",d" },
  };
  const y = {
    field: "perMonth",
    type: "quantitative" as const,
    title: "USD per month (log scale)",
    scale: { type: "log" as const },
  };
  const color = {
    field: "scenario",
    type: "nominal" as const,
    title: "scenario",
    sort: report.scenarios.map((s) => s.title),
    legend: { orient: "bottom" as const, columns: 2, labelLimit: 400 },
  };
  const u = inputs.usage;
  const label = (above: boolean) => ({
    transform: [{ filter: above ? "datum.above" : "!datum.above" }],
    mark: { type: "text" as const, align: "left" as const, dx: 7, dy: above ? -9 : 11, fontSize: 10 },
    encoding: { x, y, text: { field: "label", type: "nominal" as const } },
  });
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    width: 640,
    height: 360,
    background: "white",
    padding: 10,
    title: {
      text: `Monthly cost vs GB pulled per day, ${context.region}, prices read ${context.priceDate}`,
      subtitle: [
        `${Math.round(u.missShare * 100)}% new to the cache, up ${u.hoursPerDay} h a day, ${u.azs} AZs, ${u.natGateways} NAT gateway(s), ${u.daysPerMonth} days a month`,
        ...shown.map(
          (c) =>
            `break-even (diamond): ${short(c.scenario)} costs less than ${short(c.against)} above ${gb(c.gbPerDay)} GB/day`,
        ),
      ],
    },
    layer: [
      {
        name: CHART_LAYERS.lines,
        data: { values: curve },
        mark: { type: "line", clip: true },
        encoding: { x, y, color },
      },
      {
        name: CHART_LAYERS.breakEvens,
        data: { values: points },
        layer: [
          {
            mark: {
              type: "point",
              shape: "diamond",
              size: 110,
              filled: true,
              opacity: 1,
              stroke: "black",
              strokeWidth: 1,
            },
            encoding: { x, y, color },
          },
          label(true),
          label(false),
        ],
      },
      {
        name: CHART_LAYERS.usage,
        data: { values: [{ gbPerDay: usage, label: `your usage: ${gb(usage)} GB/day` }] },
        layer: [
          { mark: { type: "rule", strokeDash: [6, 4], color: "gray" }, encoding: { x } },
          {
            mark: { type: "text", align: "left", baseline: "top", dx: 4, y: 4, fontSize: 10, color: "gray" },
            encoding: { x, text: { field: "label", type: "nominal" } },
          },
        ],
      },
    ],
  };
}

/** The vega-lite module name, as a plain string so TypeScript does not try to resolve it (see the type import). */
const VEGA_LITE: string = "vega-lite";

/** Renders a vega-lite spec to an SVG document in Node (vega's headless renderer, text widths estimated). */
export async function renderChartSvg(spec: TopLevelSpec): Promise<string> {
  const [vega, vegaLite] = await Promise.all([
    import("vega"),
    import(VEGA_LITE) as Promise<{ compile: typeof compile }>,
  ]);
  const view = new vega.View(vega.parse(vegaLite.compile(spec).spec), { renderer: "none" });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}
