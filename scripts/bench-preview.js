#!/usr/bin/env node
/**
 * Benchmark of `npm run preview`: one repository of 100,000 images (describe-images output as AWS CLI v2 prints it,
 * in 100 pages of 1,000 back to back) under a 10-rule lifecycle policy. Times the whole command, as package.json's
 * `preview` script runs it (without npm's own start-up), output to /dev/null, and checks it against the 1 s target.
 *
 * Usage: node scripts/bench-preview.js [--images <n>] [--runs <n>]   (also run by `npm run bench`)
 */
const { spawnSync } = require("node:child_process");
const {
  closeSync,
  existsSync,
  mkdtempSync,
  openSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} = require("node:fs");
const { cpus, loadavg, tmpdir } = require("node:os");
const path = require("node:path");
const { parseArgs } = require("node:util");

const root = path.join(__dirname, "..");
const { values } = parseArgs({
  options: { images: { type: "string", default: "100000" }, runs: { type: "string", default: "5" } },
});
const count = Number(values.images);
const runs = Number(values.runs);
if (!Number.isInteger(count) || count < 1 || !Number.isInteger(runs) || runs < 1) {
  console.error(`error: --images and --runs take a whole number >= 1 (got ${values.images}, ${values.runs})`);
  process.exit(2);
}
const TARGET_SECONDS = 1;
const AT = Date.parse("2026-11-30T00:00:00Z");
const DAY = 24 * 60 * 60 * 1000;

/** A small deterministic PRNG (mulberry32), so every run times the same input. */
function prng(seed) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** AWS CLI v2's timestamp style, in Seoul time. */
function iso(ms) {
  return `${new Date(ms + 9 * 3600 * 1000).toISOString().replace("Z", "000+09:00")}`;
}

function imageDetail(i, random) {
  const pushed = AT - Math.floor(random() * 400 * DAY);
  const kind = Math.floor(random() * 8);
  const tags = [
    [`pr-${i}`],
    [`v${i % 7}.${i % 13}.${i}`],
    [`sha-${i.toString(16).padStart(7, "0")}`, `main-${i}`],
    [`nightly-${i}`],
    [`feature-${i % 97}-${i}`],
    [`v2.${i}-rc${i % 3}`],
    [`build-${i}-debug`],
    [],
  ][kind];
  const archived = random() < 0.1;
  const detail = {
    registryId: "123456789012",
    repositoryName: "docker-hub/library/app",
    imageDigest: `sha256:${i.toString(16).padStart(64, "0")}`,
    ...(tags.length > 0 ? { imageTags: tags } : {}),
    imageSizeInBytes: 20_000_000 + Math.floor(random() * 200_000_000),
    imagePushedAt: iso(pushed),
    imageManifestMediaType: "application/vnd.oci.image.index.v1+json",
    artifactMediaType: "application/vnd.oci.image.config.v1+json",
  };
  if (random() < 0.7) detail.lastRecordedPullTime = iso(pushed + Math.floor(random() * (AT - pushed)));
  if (archived) {
    detail.imageStatus = "ARCHIVED";
    detail.lastArchivedAt = iso(pushed + Math.floor(random() * (AT - pushed)));
  }
  return detail;
}

const expire = { type: "expire" };
const transition = { type: "transition", targetStorageClass: "archive" };
const days = (countType, countNumber) => ({ countType, countUnit: "days", countNumber });
const POLICY = {
  rules: [
    {
      selection: { tagStatus: "tagged", tagPrefixList: ["pr-"], countType: "imageCountMoreThan", countNumber: 20 },
      action: expire,
    },
    { selection: { tagStatus: "tagged", tagPatternList: ["*-rc*"], ...days("sinceImagePushed", 7) }, action: expire },
    { selection: { tagStatus: "tagged", tagPrefixList: ["nightly"], ...days("sinceImagePushed", 14) }, action: expire },
    {
      selection: { tagStatus: "tagged", tagPatternList: ["v*.*.*"], countType: "imageCountMoreThan", countNumber: 50 },
      action: transition,
    },
    {
      selection: { tagStatus: "tagged", tagPatternList: ["sha-*"], ...days("sinceImagePulled", 30) },
      action: transition,
    },
    {
      selection: { tagStatus: "tagged", tagPrefixList: ["feature"], countType: "imageCountMoreThan", countNumber: 10 },
      action: expire,
    },
    { selection: { tagStatus: "tagged", tagPatternList: ["*debug*"], ...days("sinceImagePushed", 3) }, action: expire },
    { selection: { tagStatus: "untagged", ...days("sinceImagePushed", 2) }, action: expire },
    {
      selection: {
        tagStatus: "tagged",
        tagPatternList: ["*"],
        storageClass: "archive",
        ...days("sinceImageTransitioned", 90),
      },
      action: expire,
    },
    { selection: { tagStatus: "any", countType: "imageCountMoreThan", countNumber: 5000 }, action: expire },
  ].map((rule, i) => ({ rulePriority: i + 1, ...rule })),
};

const dir = mkdtempSync(path.join(tmpdir(), "bench-preview-"));
const imagesFile = path.join(dir, "images.json");
const policyFile = path.join(dir, "policy.json");
const random = prng(20261130);
const pages = [];
for (let start = 0; start < count; start += 1000) {
  const details = [];
  for (let i = start; i < Math.min(count, start + 1000); i += 1) details.push(imageDetail(i, random));
  pages.push(JSON.stringify({ imageDetails: details }, null, 4));
}
writeFileSync(imagesFile, pages.join("\n"));
writeFileSync(policyFile, JSON.stringify(POLICY));

/** package.json's `preview` script (`[NAME=value ...] node <flags> scripts/run.js <entry>`), as words. */
const PREVIEW_SCRIPT = JSON.parse(readFileSync(path.join(root, "package.json"), "utf8")).scripts.preview.split(" ");
/** The environment variables the script sets before `node`. */
const PREVIEW_ENV = Object.fromEntries(
  PREVIEW_SCRIPT.splice(0, PREVIEW_SCRIPT.indexOf("node")).map((word) => [
    word.split("=")[0],
    word.slice(word.indexOf("=") + 1),
  ]),
);

const timeBin = existsSync("/usr/bin/time") ? "/usr/bin/time" : undefined;

/** Runs the command once with stdout to /dev/null; returns wall seconds and, with /usr/bin/time, CPU seconds. */
function once(extra) {
  const command = [process.execPath, ...PREVIEW_SCRIPT.slice(1)];
  const args = [...command, "--images", imagesFile, "--policy", policyFile, "--at", "2026-11-30", ...extra];
  const [cmd, argv] = timeBin ? [timeBin, ["-f", "%U %S", ...args]] : [args[0], args.slice(1)];
  const out = openSync("/dev/null", "w");
  const start = process.hrtime.bigint();
  const env = { ...process.env, ...PREVIEW_ENV };
  const r = spawnSync(cmd, argv, { cwd: root, env, stdio: ["ignore", out, "pipe"], encoding: "utf8" });
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  closeSync(out);
  if (r.status !== 0) {
    console.error(`error: preview failed (exit ${r.status}):\n${r.stderr}`);
    process.exit(1);
  }
  const cpu = timeBin
    ? r.stderr
        .trim()
        .split("\n")
        .pop()
        .split(" ")
        .reduce((sum, v) => sum + Number(v), 0)
    : NaN;
  return { seconds, cpu };
}

/** Wall seconds of a fixed CPU-bound loop in a fresh Node: how busy the machine is (about 0.6 s here when idle). */
function calibration() {
  const start = process.hrtime.bigint();
  spawnSync(process.execPath, ["-e", "let x = 0; for (let i = 0; i < 1e8; i++) x += i;"]);
  return Number(process.hrtime.bigint() - start) / 1e9;
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
once([]); // warm-up: builds the bundle cache once
const text = Array.from({ length: runs }, () => once([]));
const json = Array.from({ length: runs }, () => once(["--json"]));
const mib = (statSync(imagesFile).size / 2 ** 20).toFixed(0);
const figures = (rs) =>
  `${median(rs.map((r) => r.seconds)).toFixed(2)} s median of ${runs}` +
  (timeBin ? ` (CPU ${median(rs.map((r) => r.cpu)).toFixed(2)} s)` : "") +
  `; each run: ${rs.map((r) => r.seconds.toFixed(2) + (timeBin ? `/${r.cpu.toFixed(2)}` : "")).join(" ")}` +
  (timeBin ? " s wall/CPU" : " s");
console.log(
  `preview input:     ${count.toLocaleString("en")} images in 1 repository (${mib} MiB, ${pages.length} pages), 10 rules`,
);
console.log(`preview (text):    ${figures(text)}`);
console.log(`preview (--json):  ${figures(json)}`);
const worst = Math.max(median(text.map((r) => r.seconds)), median(json.map((r) => r.seconds)));
console.log(
  `machine load:      load average ${loadavg()[0].toFixed(1)} on ${cpus().length} cores; a 1e8-step loop takes ${calibration().toFixed(2)} s`,
);
console.log(`preview target:    under ${TARGET_SECONDS} s: ${worst < TARGET_SECONDS ? "yes" : "NO"}`);
rmSync(dir, { recursive: true, force: true });
process.exitCode = worst < TARGET_SECONDS ? 0 : 1;
