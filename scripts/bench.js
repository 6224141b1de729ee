#!/usr/bin/env node
/**
 * Benchmark: `npm run synth` against `cdktf synth` of the same config, in one run, on this machine.
 * Prints the median wall time of each, the ratio, the synth's peak memory, and whether both wrote the same JSON;
 * then the median wall time of `npm run cost` of the same config (target: well under a second; fails at 1 s).
 * Then times how fast `npm run validate` refuses configs too large to be real: a 200,000-key file (2 MB) and a file
 * under the size limit with more keys than the limit (refused by a count before the parser starts).
 *
 * Then the median wall time of `npm run plan` of the config with the provider already initialized (warm: one
 * untimed run first), and the lifecycle preview's benchmark (scripts/bench-preview.js).
 *
 * With `--write <file>`, the figures also go to that file (Markdown: the machine, the date and the command first);
 * the README's figures are docs/bench.md, written this way, so they always come from a run anyone can repeat.
 *
 * Usage: npm run bench [-- --config <file>] [--runs <n>] [--cdktf-runs <n>] [--plan-runs <n>] [--only refusal]
 *        [--write <file>]
 */
const { spawnSync } = require("node:child_process");
const { existsSync, mkdtempSync, readFileSync, renameSync, writeFileSync } = require("node:fs");
const os = require("node:os");
const { tmpdir } = os;
const path = require("node:path");
const { parseArgs } = require("node:util");

const root = path.join(__dirname, "..");
const { values } = parseArgs({
  options: {
    config: { type: "string", default: "config/default.yaml" },
    runs: { type: "string", default: "7" },
    "cdktf-runs": { type: "string", default: "3" },
    only: { type: "string" },
    "plan-runs": { type: "string", default: "3" },
    write: { type: "string" },
  },
});
if (values.only !== undefined && values.only !== "refusal") {
  console.error(`error: --only takes "refusal" (got ${values.only})`);
  process.exit(2);
}
const runs = Number(values.runs);
const cdktfRuns = Number(values["cdktf-runs"]);
const planRuns = Number(values["plan-runs"]);
if ([runs, cdktfRuns, planRuns].some((n) => !Number.isInteger(n) || n < 1)) {
  console.error(
    "error: --runs, --cdktf-runs and --plan-runs take a whole number >= 1 " +
      `(got ${values.runs}, ${values["cdktf-runs"]}, ${values["plan-runs"]})`,
  );
  process.exit(2);
}
/** Every figure printed, kept for `--write`. */
const lines = [];
/** Prints one line of figures and keeps it for `--write`. */
function say(line) {
  console.log(line);
  lines.push(line);
}

/** Writes the kept figures to the `--write` file in one rename, headed by where and when they were measured. */
function writeFigures() {
  if (values.write === undefined) return;
  const git = spawnSync("git", ["rev-parse", "--short", "HEAD"], { cwd: root, encoding: "utf8" });
  const cpus = os.cpus();
  const header = [
    "# Benchmark figures",
    "",
    `Written by \`npm run bench -- ${process.argv.slice(2).join(" ")}\` on ${new Date().toISOString().slice(0, 16)}Z ` +
      `at commit ${git.stdout.trim() || "unknown"}. Run it to get your machine's figures.`,
    "",
    `Machine: ${cpus.length} × ${cpus[0]?.model.trim() ?? "unknown CPU"}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, ` +
      `Node.js ${process.version}, load average ${os.loadavg()[0].toFixed(1)} at the end.`,
    "",
  ];
  const file = path.resolve(values.write);
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, [...header, "```", ...lines, "```", ""].join("\n"));
  renameSync(tmp, file);
  console.log(`\nwrote ${values.write}`);
}

const env = { ...process.env, CHECKPOINT_DISABLE: "1", ECR_CACHE_CONFIG: path.resolve(values.config) };
delete env.CDKTF_OUTDIR;
const timeBin = existsSync("/usr/bin/time") ? "/usr/bin/time" : undefined;

/** Runs a command once; returns seconds and, where /usr/bin/time exists, the peak RSS in MiB. */
function once(command, args) {
  const [cmd, argv] = timeBin ? [timeBin, ["-f", "%M", command, ...args]] : [command, args];
  const start = process.hrtime.bigint();
  const r = spawnSync(cmd, argv, { cwd: root, env, encoding: "utf8" });
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  if (r.status !== 0) {
    console.error(`error: ${command} ${args.join(" ")} failed (exit ${r.status}):\n${r.stderr}`);
    process.exit(1);
  }
  const rssKb = timeBin ? Number(r.stderr.trim().split("\n").pop()) : NaN;
  return { seconds, rssMiB: rssKb / 1024 };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** `npm run validate` on configs too large to be real: each must exit 1, and quickly. */
function refusalBench() {
  const dir = mkdtempSync(path.join(tmpdir(), "bench-refusal-"));
  const head = "region: eu-west-1\nregistries:\n  quay: { upstreamRegistryUrl: quay.io }\n";
  const keys = (n) => head + Array.from({ length: n }, (_, i) => `x-k${i}: 1\n`).join("");
  const files = {
    "200,000 keys": keys(200_000),
    "21,000 keys under the size limit": keys(21_000),
  };
  const run = (file, status) => {
    const start = process.hrtime.bigint();
    const args = ["scripts/run.js", "src/cli/validate-main.ts", ...(file ? ["--config", file] : [])];
    const r = spawnSync(process.execPath, args, { cwd: root, encoding: "utf8" });
    if (r.status !== status) {
      console.error(`error: validate ${file ?? ""} exited ${r.status}, not ${status}:\n${r.stderr}`);
      process.exit(1);
    }
    return Number(process.hrtime.bigint() - start) / 1e9;
  };
  run(undefined, 0); // warm-up: builds the bundle cache once
  // The default config: the cost of starting node and the bundle, which every refusal pays too.
  const baseline = median(Array.from({ length: 5 }, () => run(undefined, 0)));
  say(`validate default:  ${baseline.toFixed(2)} s median of 5 (node start and bundle: the baseline)`);
  for (const [label, text] of Object.entries(files)) {
    const file = path.join(dir, "big.yaml");
    writeFileSync(file, text);
    const t = median(Array.from({ length: 5 }, () => run(file, 1)));
    say(
      `refused ${label}: ${t.toFixed(2)} s median of 5 (${(text.length / 1e6).toFixed(2)} MB; ` +
        `${Math.max(0, t - baseline).toFixed(2)} s over the baseline)`,
    );
  }
}

if (values.only === "refusal") {
  refusalBench();
  writeFigures();
  process.exit(0);
}

const outA = mkdtempSync(path.join(tmpdir(), "bench-npm-"));
const outB = mkdtempSync(path.join(tmpdir(), "bench-cdktf-"));

once("npm", ["run", "--silent", "synth", "--", "--out", outA]); // warm-up: builds the bundle cache once
const npm = Array.from({ length: runs }, () => once("npm", ["run", "--silent", "synth", "--", "--out", outA]));
const cdktf = Array.from({ length: cdktfRuns }, () =>
  once(path.join(root, "node_modules", ".bin", "cdktf"), ["synth", "--output", outB]),
);

// Warm: the first run builds the bundle and writes the shared provider lock file; the timed runs reuse both.
const planArgs = ["run", "--silent", "plan", "--", "--config", values.config, "--json"];
once("npm", planArgs);
const plan = Array.from({ length: planRuns }, () => once("npm", planArgs));

const same = ["registry-cache", "vpc-endpoints"].every((stack) => {
  const file = (out) => path.join(out, "stacks", stack, "cdk.tf.json");
  return !existsSync(file(outA)) || readFileSync(file(outA), "utf8") === readFileSync(file(outB), "utf8");
});
once("npm", ["run", "--silent", "cost"]); // warm-up: builds the cost command's bundle cache once
const cost = Array.from({ length: runs }, () => once("npm", ["run", "--silent", "cost"]));

const a = median(npm.map((r) => r.seconds));
const b = median(cdktf.map((r) => r.seconds));
say(`config:            ${values.config}`);
say(
  `npm run synth:     ${a.toFixed(2)} s median of ${runs} (peak RSS ${median(npm.map((r) => r.rssMiB)).toFixed(0)} MiB)`,
);
say(
  `cdktf synth:       ${b.toFixed(2)} s median of ${cdktfRuns} (peak RSS ${median(cdktf.map((r) => r.rssMiB)).toFixed(0)} MiB, cli process)`,
);
say(`ratio:             cdktf synth takes ${(b / a).toFixed(1)}x as long`);
say(`same output:       ${same ? "yes" : "NO: the two synths wrote different JSON"}`);
const c = median(cost.map((r) => r.seconds));
const fastEnough = c < 1;
say(
  `npm run cost:      ${c.toFixed(2)} s median of ${runs} (peak RSS ${median(cost.map((r) => r.rssMiB)).toFixed(0)} MiB)${fastEnough ? "" : ": TOO SLOW, the target is well under 1 s"}`,
);
say(
  `npm run plan, warm: ${median(plan.map((r) => r.seconds)).toFixed(2)} s median of ${planRuns} ` +
    `(every stack: terraform init, plan, show; largest process peak RSS ${median(plan.map((r) => r.rssMiB)).toFixed(0)} MiB)`,
);
refusalBench();
// The lifecycle preview's benchmark (scripts/bench-preview.js) runs after the others.
say("");
const preview = spawnSync(process.execPath, [path.join(__dirname, "bench-preview.js")], {
  cwd: root,
  stdio: ["ignore", "pipe", "inherit"],
  encoding: "utf8",
});
for (const line of preview.stdout.split("\n").filter((l) => l !== "")) say(line);
writeFigures();
process.exitCode = same && fastEnough && preview.status === 0 ? 0 : 1;
