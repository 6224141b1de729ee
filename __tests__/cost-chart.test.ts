/** `npm run cost -- --chart`: run as a user runs it, then the SVG opened and its series, labels and markers checked. */
import { existsSync, readFileSync } from "node:fs";
import * as path from "node:path";
import { Document, DOMParser, Element } from "@xmldom/xmldom";
import { ROOT } from "./support/app";
import { runEntry, tempDir } from "./support/cli";

const dir = tempDir("cost-chart");

/** The groups whose class list has `cls` (vega names them after the chart's layers). */
function groups(doc: Document, cls: string): Element[] {
  return Array.from(doc.getElementsByTagName("g")).filter((g) =>
    (g.getAttribute("class") ?? "").split(" ").includes(cls),
  );
}

/** The elements in the one group whose class list has `cls`. */
function groupChildren(doc: Document, cls: string): Element[] {
  const found = groups(doc, cls);
  expect(found).toHaveLength(1);
  return Array.from(found[0].childNodes).filter((n): n is Element => n.nodeType === 1);
}

/** The text of every <text> element in groups whose class list has `cls`. */
function texts(doc: Document, cls: string): string[] {
  return groups(doc, cls).flatMap((g) => Array.from(g.getElementsByTagName("text")).map((t) => t.textContent ?? ""));
}

describe("the cost chart of the default config", () => {
  const file = path.join(dir, "cost.svg");
  const r = runEntry("src/cli/cost-main.ts", ["--chart", file]);
  const doc = new DOMParser().parseFromString(readFileSync(file, "utf8"), "image/svg+xml");

  test("the command succeeds and still prints the report", () => {
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^Cost of .*default\.yaml in ap-northeast-2/);
  });

  test("an SVG document titled with the Region and the price date", () => {
    expect(doc.documentElement!.nodeName).toBe("svg");
    expect(texts(doc, "role-title-text")).toEqual([
      "Monthly cost vs GB pulled per day, ap-northeast-2, prices read 2026-11-30",
    ]);
  });

  test("one line per scenario, named in the legend", () => {
    // One group with one path per series; each path's aria-label names its scenario.
    const lines = groups(doc, "scenario_lines_marks").flatMap((g) => Array.from(g.getElementsByTagName("path")));
    expect(lines.map((l) => /scenario: (.*)$/.exec(l.getAttribute("aria-label") ?? "")?.[1])).toEqual([
      "no cache (every pull through the NAT)",
      "cache + S3 gateway only (preset s3-only)",
      "the config as written",
      "cache + preset ecr",
      "cache + preset eks-private",
    ]);
    expect(texts(doc, "role-legend-label")).toEqual([
      "no cache (every pull through the NAT)",
      "cache + S3 gateway only (preset s3-only)",
      "the config as written",
      "cache + preset ecr",
      "cache + preset eks-private",
    ]);
  });

  test("the axes say what they show", () => {
    expect(texts(doc, "role-axis-title").sort()).toEqual([
      "GB pulled per day (symlog scale)",
      "USD per month (log scale)",
    ]);
  });

  test("a diamond at each break-even, labelled with its GB per day, and the break-evens spelled out", () => {
    const diamonds = groupChildren(doc, "break_even_points_layer_0_marks");
    expect(diamonds).toHaveLength(4);
    for (const d of diamonds) expect(d.getAttribute("aria-roledescription")).toBe("point");
    const labels = [...texts(doc, "break_even_points_layer_1_marks"), ...texts(doc, "break_even_points_layer_2_marks")];
    expect(labels.sort()).toEqual(["1,981 GB/day", "1.5 GB/day", "2,830 GB/day", "566 GB/day"]);
    expect(texts(doc, "role-title-subtitle").join("\n")).toContain(
      "break-even (diamond): the config costs less than S3 gateway only above 1,981 GB/day",
    );
  });

  test("the README shows this output of the default config (regenerate it when the model or the prices change)", () => {
    const readme = readFileSync(path.join(ROOT, "README.md"), "utf8");
    const block = /<!-- cost-output:start -->\n```text\n([\s\S]*?)\n```\n<!-- cost-output:end -->/.exec(readme);
    expect(block?.[1]).toBe(r.stdout.trimEnd());
  });

  test("docs/cost.svg, the README's chart, is this chart (rerun: npm run cost -- --chart docs/cost.svg)", () => {
    expect(readFileSync(path.join(ROOT, "docs", "cost.svg"), "utf8")).toBe(readFileSync(file, "utf8"));
  });

  test("the user's usage as a vertical rule with its label", () => {
    const rule = groupChildren(doc, "usage_rule_layer_0_marks");
    expect(rule).toHaveLength(1);
    // A vertical line: no x2 offset from its translated origin, full height.
    expect(rule[0].nodeName).toBe("line");
    expect(rule[0].getAttribute("x2")).toBe("0");
    expect(rule[0].getAttribute("y2")).toBe("360");
    expect(rule[0].getAttribute("aria-label")).toBe("GB pulled per day (symlog scale): 10");
    expect(texts(doc, "usage_rule_layer_1_marks")).toEqual(["your usage: 10 GB/day"]);
  });
});

test("a chart path in a folder that does not exist: exit 1, the reason, no report and no file", () => {
  const file = path.join(dir, "missing", "cost.svg");
  const r = runEntry("src/cli/cost-main.ts", ["--chart", file]);
  expect(r.status).toBe(1);
  expect(r.stdout).toBe("");
  expect(r.stderr).toBe(
    `error: --chart: cannot write ${JSON.stringify(file)}: ENOENT; give a file path in a folder you can write to, e.g. --chart cost.svg\n`,
  );
  expect(existsSync(file)).toBe(false);
});
