/**
 * The `preview` command: what a lifecycle policy would expire or archive in repositories listed by
 * `aws ecr describe-images`, offline, at an instant. The policy comes from a file (`--policy`) or from the config's
 * creation templates, matched to each repository as ECR matches them (`--config`, the default).
 */
import { parseDocument } from "yaml";
import type { Config } from "../config/schema";
import { templateForRepository, templateLifecyclePolicy } from "../config/templates";
import {
  type DescribeImagesTableResult,
  type NextChunk,
  parseDescribeImageTable,
  readPlainPageTable,
} from "../lifecycle/describe-images";
import { evaluateTable, outcomeRowsOf, sinceLabel, tableStorageClass, youngestFirst } from "../lifecycle/evaluate";
import type { DueDetail, ImageTable, TableOutcomes, Tags } from "../lifecycle/image";
import { byRepository, rowsOf } from "../lifecycle/image-table";
import {
  formatInstant,
  isoString,
  parseInstant,
  shortUtc,
  shortUtcDate,
  shortUtcTime,
  writeIso,
} from "../lifecycle/time";
import type { LifecyclePolicy } from "../policy/lifecycle-policy";
import { BYTES_PER_GB, PRICE_TABLE, PRICE_TABLE_FILE, type PriceFigure } from "../cost/prices";
import type { Finding } from "../validate/finding";
import { parseLifecyclePolicy } from "../validate/lifecycle-policy";
import { LIFECYCLE_LIMITS } from "../aws/ecr";
import { ByteSink } from "./byte-sink";
import { CliIo, FileIo, loadForCli, parseFlags, printFindings, usageError } from "./common";
import { previewMessages as msg } from "./preview.messages";

const USAGE = `Usage: npm run preview -- --images <file|-> [--policy <file> | --config <file>] [--at <time>] [--json]

Shows, offline, which images a lifecycle policy would expire or archive, by which rule, and which it keeps.
  --images <file|->  output of aws ecr describe-images (JSON; several outputs may follow each other), - for stdin
  --policy <file>    a lifecycle policy (JSON), or the output of aws ecr get-lifecycle-policy
  --config <file>    the config whose creation templates give each repository its policy (default:
                     $ECR_CACHE_CONFIG, else config/default.yaml); used when --policy is absent
  --at <time>        evaluate at this instant: 2026-12-30 (midnight UTC) or 2026-12-30T09:00:00+09:00 (default: now)
  --json             print the result as JSON
  -h, --help         print this text

Exit codes: 0 preview printed, 1 unreadable or invalid images, policy or config, 2 invalid command line.`;

/** Problems printed in full before the rest are counted. */
const MAX_PRINTED_FINDINGS = 20;

/** The preview's I/O: the common streams, file and stdin reading, chunked file reading, and the clock. */
export interface PreviewIo extends FileIo {
  /** Opens a file and reads it chunk by chunk with `use`, then closes it; throws when it cannot open or read it. */
  readonly readChunks: <T>(file: string, use: (next: NextChunk) => T) => T;
  /** The current time in milliseconds since the epoch. */
  readonly now: () => number;
  /** Writes bytes to stdout (the reports, which are written as bytes). */
  readonly stdoutBytes: (bytes: Uint8Array) => void;
}

/** Where each repository's policy comes from. */
type PolicySource =
  | { readonly kind: "policy"; readonly file: string; readonly policy: LifecyclePolicy }
  | { readonly kind: "config"; readonly file: string; readonly config: Config };

/** One repository's result. */
interface RepositoryResult {
  readonly repositoryName: string;
  /** The creation template that applied (config source only): its prefix, or null when none covers the repository. */
  readonly template?: string | null;
  readonly policy?: LifecyclePolicy;
  /** The repository's images, youngest first: the order the reports list them in. */
  readonly images: ImageTable;
  /**
   * The same images in the input's order, for a pass that needs no order: it reads their strings front to back in
   * memory, as they were read, where youngest first jumps all over it (about 30 ms less for 100,000 images).
   */
  readonly listed: ImageTable;
  readonly outcomes: TableOutcomes;
}

/** Counts and bytes of one outcome. */
interface Tally {
  images: number;
  bytes: number;
}

interface Summary {
  readonly expire: Tally;
  readonly transition: Tally;
  readonly keep: Tally;
  /** Bytes that leave the standard storage class (expired or archived standard images). */
  readonly standardBytesFreed: number;
}

/** Prints findings, at most MAX_PRINTED_FINDINGS of them, and a count of the rest. */
function printSome(findings: readonly Finding[], io: CliIo): void {
  printFindings(findings.slice(0, MAX_PRINTED_FINDINGS), io);
  if (findings.length > MAX_PRINTED_FINDINGS) io.stderr(msg.moreFindings(findings.length - MAX_PRINTED_FINDINGS));
}

function reason(e: unknown): string {
  return e instanceof Error ? e.message.split("\n")[0] : String(e);
}

/**
 * The largest `--policy` file read: ECR takes a policy of at most 30,720 characters, and eight times that leaves room
 * for pretty-printing, 4-byte characters and get-lifecycle-policy's escaped text; anything larger is another file
 * (the images, by mistake), whose YAML parse would take minutes.
 */
export const POLICY_FILE_MAX_BYTES = 8 * LIFECYCLE_LIMITS.maxChars;

/** A JSON string, from its opening quote. */
const JSON_STRING = /"(?:[^"\\]|\\.)*"/y;

/** How many keys the objects in a parsed JSON value have, nested ones included. */
function keyCount(value: unknown): number {
  if (Array.isArray(value)) return value.reduce((n: number, v) => n + keyCount(v), 0);
  if (typeof value !== "object" || value === null) return 0;
  return Object.values(value).reduce((n: number, v) => n + 1 + keyCount(v), 0);
}

/**
 * The value of a JSON text that YAML's parser reads the same way, read with JSON.parse (YAML's parser takes 20 ms to
 * start on a policy); undefined for any other text, which YAML's parser then reads and names the problem of:
 * - a key twice in an object (JSON.parse keeps the last silently), found by counting the keys in the text against
 *   the value's;
 * - a carriage return not followed by a line feed (white space to JSON, not to YAML);
 * - anything JSON.parse or the count cannot take (nesting too deep for either).
 */
export function strictJson(text: string): unknown {
  if (/\r(?!\n)/.test(text)) return undefined;
  try {
    const value: unknown = JSON.parse(text);
    // In text that JSON.parse read, a string followed by a colon is a key.
    let keys = 0;
    for (let at = text.indexOf('"'); at !== -1; at = text.indexOf('"', JSON_STRING.lastIndex)) {
      JSON_STRING.lastIndex = at;
      JSON_STRING.exec(text);
      let next = JSON_STRING.lastIndex;
      while (text[next] === " " || text[next] === "\n" || text[next] === "\r" || text[next] === "\t") next += 1;
      if (text[next] === ":") keys += 1;
    }
    return keys === keyCount(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

/** Reads a policy file: a policy object, or get-lifecycle-policy output holding it as text. */
function readPolicy(file: string, io: PreviewIo): { policy: LifecyclePolicy } | { findings: Finding[] } {
  let text: string;
  try {
    const bytes = io.readBytes(file);
    if (bytes.byteLength > POLICY_FILE_MAX_BYTES) {
      return { findings: [msg.policyFileTooLarge(file, bytes.byteLength, POLICY_FILE_MAX_BYTES)] };
    }
    text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("utf8");
  } catch (e) {
    return { findings: [msg.cannotRead("--policy", file, reason(e))] };
  }
  let data = strictJson(text);
  if (data === undefined) {
    try {
      const doc = parseDocument(text, { uniqueKeys: true });
      const problem = doc.errors[0] ?? doc.warnings[0];
      if (problem) throw problem;
      data = doc.toJS();
    } catch (e) {
      return { findings: [msg.policyNotJson(file, reason(e))] };
    }
  }
  let path = "";
  if (
    typeof data === "object" &&
    data !== null &&
    typeof (data as Record<string, unknown>).lifecyclePolicyText === "string"
  ) {
    try {
      data = JSON.parse((data as { lifecyclePolicyText: string }).lifecyclePolicyText);
      path = "lifecyclePolicyText";
    } catch (e) {
      return { findings: [msg.policyTextNotJson(file, reason(e))] };
    }
  }
  const parsed = parseLifecyclePolicy(data, path);
  if (!("policy" in parsed)) {
    return { findings: parsed.findings.map((f) => ({ ...f, path: f.path === "" ? file : `${file}: ${f.path}` })) };
  }
  return { policy: parsed.policy };
}

/**
 * Reads the describe-images input: a file chunk by chunk when it is plain pages (the common case, and the fast one:
 * the whole file is never in memory), else the whole file or stdin, read by the exact reader.
 */
function readImages(file: string, io: PreviewIo): DescribeImagesTableResult {
  const source = file === "-" ? "<stdin>" : file;
  try {
    const plain = file === "-" ? undefined : io.readChunks(file, (next) => readPlainPageTable(next, source));
    return plain !== undefined ? { table: plain } : parseDescribeImageTable(io.readBytes(file), source);
  } catch (e) {
    return { findings: [msg.cannotRead("--images", file, reason(e))] };
  }
}

/** The outcomes of images no policy applies to: every one kept, no rule matching it. */
function keptOutcomes(n: number): TableOutcomes {
  const none = new Int32Array(n).fill(-1);
  return {
    rules: [],
    matched: none,
    due: new Uint8Array(n),
    measure: new Float64Array(n),
    blocked: new Int32Array(n),
    lists: [[]],
  };
}

/** Evaluates every repository; returns findings if a template's policy is invalid (a config bug caught late). */
function evaluateAll(
  images: ImageTable,
  source: PolicySource,
  at: number,
): { results: RepositoryResult[] } | { findings: Finding[] } {
  const results: RepositoryResult[] = [];
  const byTemplate = new Map<string, LifecyclePolicy>();
  for (const repoImages of byRepository(images)) {
    const repositoryName = repoImages.repositories[0];
    const order = youngestFirst(repoImages);
    // The images and outcomes put youngest first, the order the reports list them in: the reports then read the
    // columns front to back, not all over memory (the JSON report of 100,000 images took about 250 ms, not 400). The
    // policy is evaluated before, in the images' own order, for the same reason.
    const inOrder = (outcomes: TableOutcomes) => ({
      listed: repoImages,
      images: rowsOf(repoImages, order),
      outcomes: outcomeRowsOf(outcomes, order),
    });
    if (source.kind === "policy") {
      const outcomes = evaluateTable(source.policy, repoImages, at, order);
      results.push({ repositoryName, policy: source.policy, ...inOrder(outcomes) });
      continue;
    }
    const template = templateForRepository(source.config, repositoryName);
    if (template === undefined) {
      results.push({ repositoryName, template: null, ...inOrder(keptOutcomes(repoImages.length)) });
      continue;
    }
    let policy = byTemplate.get(template.prefix);
    if (policy === undefined) {
      const parsed = parseLifecyclePolicy(
        templateLifecyclePolicy(template.settings),
        `registries.${template.prefix}.template.lifecyclePolicy`,
      );
      if (!("policy" in parsed)) return { findings: parsed.findings };
      policy = parsed.policy;
      byTemplate.set(template.prefix, policy);
    }
    const outcomes = evaluateTable(policy, repoImages, at, order);
    results.push({ repositoryName, template: template.prefix, policy, ...inOrder(outcomes) });
  }
  return { results };
}

function summarize(results: readonly RepositoryResult[]): Summary {
  const summary: Summary = {
    expire: { images: 0, bytes: 0 },
    transition: { images: 0, bytes: 0 },
    keep: { images: 0, bytes: 0 },
    standardBytesFreed: 0,
  };
  const tally = summary as { standardBytesFreed: number };
  for (const r of results) {
    const { matched, due, rules } = r.outcomes;
    const { sizes, status } = r.images;
    for (let i = 0; i < r.images.length; i += 1) {
      const t = due[i] === 1 ? summary[rules[matched[i]].action.type] : summary.keep;
      t.images += 1;
      t.bytes += sizes[i];
      if (due[i] === 1 && status[i] === 0) tally.standardBytesFreed += sizes[i];
    }
  }
  return summary;
}

/** The ECR storage price of the config's Region, when there is a config and the price table has its Region. */
function storagePrice(region: string | undefined): PriceFigure | undefined {
  if (region === undefined || !Object.prototype.hasOwnProperty.call(PRICE_TABLE.regions, region)) return undefined;
  return PRICE_TABLE.regions[region].ecrStorageGbMonth;
}

/** The monthly price of a number of bytes of ECR storage, in USD. */
function monthlyUsd(bytes: number, price: PriceFigure): number {
  return (bytes / BYTES_PER_GB) * price.usd;
}

/** The units of {@link formatBytes}, each with the space before it and 1024 times the one before; and as bytes. */
const BYTE_UNITS = [" B", " KiB", " MiB", " GiB", " TiB"] as const;
const BYTE_UNIT_BYTES = BYTE_UNITS.map((unit) => Buffer.from(unit));

/** The unit (its index in BYTE_UNITS) a size is written in: the largest it is at least one of. */
function unitOf(bytes: number): number {
  let unit = 0;
  for (let value = bytes; value >= 1024 && unit < BYTE_UNITS.length - 1; value /= 1024) unit += 1;
  return unit;
}

/** The number of a size in its unit, as written: whole bytes, or one decimal. */
function sizeNumber(bytes: number, unit: number): string {
  // Dividing by a power of two is exact, as dividing by 1024 again and again is.
  return unit === 0 ? String(bytes) : (bytes / 1024 ** unit).toFixed(1);
}

/** `67.2 MiB`. */
export function formatBytes(bytes: number): string {
  const unit = unitOf(bytes);
  return sizeNumber(bytes, unit) + BYTE_UNITS[unit];
}

/** The length of {@link formatBytes}'s text, mostly without making it. */
function formattedBytesLength(bytes: number): number {
  const unit = unitOf(bytes);
  const value = bytes / 1024 ** unit;
  // Rounding to one decimal adds a digit only from .95 up (9.95 is 10.0); a whole number of bytes has no decimals.
  if (unit === 0 || value % 1 >= 0.9) return formatBytes(bytes).length;
  const digits = value < 10 ? 1 : value < 100 ? 2 : value < 1000 ? 3 : String(Math.floor(value)).length;
  return digits + 2 + BYTE_UNITS[unit].length;
}

/** Writes {@link formatBytes}'s text; returns its length. */
function writeBytesCell(out: ByteSink, bytes: number): number {
  const unit = unitOf(bytes);
  const number = sizeNumber(bytes, unit);
  out.text(number);
  out.bytes(BYTE_UNIT_BYTES[unit]);
  return number.length + BYTE_UNITS[unit].length;
}

/** A sha256 digest's first 12 hex digits, `sha256:3f1c0a9b2d4e`, as `docker images` shows them; else all of it. */
function shortDigestLength(digest: string): number {
  return digest.startsWith("sha256:") && digest.length === 71 ? 19 : digest.length;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}

const SINCE_VERBS = { pushed: "pushed", restored: "restored", pulled: "last pulled", archived: "archived" } as const;

/**
 * How the matched rule judged an image, as the text before and after its number (the rank, or the days with one
 * decimal): `#` and ` by push time among the rule's images (it keeps 10)`, or `pushed ` and
 * ` days ago (more than 14)`; the whole text and no number when a since rule had no time to count from.
 */
function detailPieces(countType: DueDetail["countType"], since: Since, limit: number, due: boolean, noTime: boolean) {
  if (countType === "imageCountMoreThan") return ["#", ` by push time among the rule's images (it keeps ${limit})`];
  if (noTime) return ["no archive time reported, so not due", ""];
  const prefix = countType === "sinceImagePulled" && since === "pushed" ? "never pulled, " : "";
  return [`${prefix}${SINCE_VERBS[since]} `, ` days ago (${due ? "more than" : "not more than"} ${limit})`];
}

type Since = keyof typeof SINCE_VERBS;
const SINCES = Object.keys(SINCE_VERBS) as Since[];

/** `rule 3 (expire)`: how the OUTCOME column names a rule an image is protected from. */
function ruleLabel(priority: number, policy: LifecyclePolicy | undefined): string {
  const action = policy?.rules.find((r) => r.rulePriority === priority)?.action.type;
  return `rule ${priority}${action === undefined ? "" : ` (${action})`}`;
}

/**
 * The OUTCOME column of one repository's table: `expire by rule 2: pushed 28.3 days ago (more than 14)`, or
 * `kept, matched by rule 1: #3 by push time among the rule's images (it keeps 10); rule 1 protects it from rule 4
 * (expire)`. The text around each image's number is made once per rule, judgement and blocked rules, and cached.
 */
class OutcomeColumn {
  /** [before, after] the number, by {@link key}. */
  private readonly pieces = new Map<number, readonly [string, string]>();
  private readonly labels = new Map<number, string>();
  constructor(private readonly r: RepositoryResult) {}

  /** Writes image i's OUTCOME cell. */
  write(out: ByteSink, i: number): void {
    const { matched, due, measure, blocked, rules } = this.r.outcomes;
    const m = matched[i];
    if (m === -1) return out.text("kept, no rule matches it");
    const countType = rules[m].selection.countType;
    const value = measure[i];
    const noTime = countType !== "imageCountMoreThan" && Number.isNaN(value);
    // Which time a since rule counted from; 0 for a count rule, or when there was none.
    const since =
      countType === "imageCountMoreThan" || noTime ? 0 : SINCES.indexOf(sinceLabel(countType, this.r.images, i)) + 1;
    const key = ((blocked[i] * rules.length + m) * 2 + due[i]) * (SINCES.length + 1) + since;
    let pieces = this.pieces.get(key);
    if (pieces === undefined) this.pieces.set(key, (pieces = this.make(m, due[i] === 1, since, blocked[i], noTime)));
    out.text(pieces[0]);
    if (noTime) return;
    out.text(countType === "imageCountMoreThan" ? String(value) : value.toFixed(1));
    out.text(pieces[1]);
  }

  private make(m: number, due: boolean, since: number, blocked: number, noTime: boolean): readonly [string, string] {
    const { rules, lists } = this.r.outcomes;
    const rule = rules[m];
    const head = due
      ? `${rule.action.type} by rule ${rule.rulePriority}`
      : `kept, matched by rule ${rule.rulePriority}`;
    const { countType, countNumber } = rule.selection;
    const [before, after] = detailPieces(countType, SINCES[Math.max(since - 1, 0)], countNumber, due, noTime);
    let protection = "";
    if (!due && lists[blocked].length > 0) {
      const names = lists[blocked].map((p) => {
        let label = this.labels.get(p);
        if (label === undefined) this.labels.set(p, (label = ruleLabel(p, this.r.policy)));
        return label;
      });
      protection = `; rule ${rule.rulePriority} protects it from ${names.join(", ")}`;
    }
    return [`${head}: ${before}`, `${after}${protection}`];
  }
}

const TABLE_HEADER = ["DIGEST", "TAGS", "PUSHED (UTC)", "LAST PULL (UTC)", "SIZE", "OUTCOME"] as const;

/** The TAGS cell. */
function tagsText(tags: Tags): string {
  return typeof tags === "string" ? tags : tags.length === 0 ? "<untagged>" : tags.join(",");
}

/** Writes a time cell, `2026-11-02 09:15` (UTC) or `never` for NaN; returns its length. */
function writeTimeCell(out: ByteSink, ms: number): number {
  if (Number.isNaN(ms)) {
    out.text("never");
    return "never".length;
  }
  const date = shortUtcDate(ms);
  if (date === undefined) {
    const text = shortUtc(ms);
    out.text(text);
    return text.length;
  }
  const time = shortUtcTime(ms);
  out.text(date);
  out.text(time);
  return date.length + time.length;
}

/**
 * Writes one repository's image table, youngest first, with aligned columns: every cell but the last padded to its
 * column's width. The widths come from a first pass that measures the cells without making them, rather than
 * keeping every row for the whole table: 100,000 rows held until the end cost the garbage collector more than
 * anything else in the report.
 */
function writeImageTable(out: ByteSink, r: RepositoryResult, indent: string): void {
  const widths = TABLE_HEADER.slice(0, -1).map((h) => h.length);
  const { digests, tags, sizes, pushedAt, pulledAt, status } = r.images;
  const listed = r.listed;
  // Every time cell is as long as shortUtc writes a time or "never"; a column is as wide as its widest cell.
  const timeWidth = shortUtc(0).length;
  if (r.images.length > 0) widths[2] = Math.max(widths[2], timeWidth);
  for (let i = 0; i < listed.length; i += 1) {
    const digest = shortDigestLength(listed.digests[i]);
    const imageTags = listed.tags[i];
    let tagsWidth: number;
    if (typeof imageTags === "string") {
      tagsWidth = imageTags.length;
    } else {
      tagsWidth = imageTags.length === 0 ? "<untagged>".length : imageTags.length - 1;
      for (const tag of imageTags) tagsWidth += tag.length;
    }
    const pull = Number.isNaN(listed.pulledAt[i]) ? "never".length : timeWidth;
    const size = formattedBytesLength(listed.sizes[i]);
    if (digest > widths[0]) widths[0] = digest;
    if (tagsWidth > widths[1]) widths[1] = tagsWidth;
    if (pull > widths[3]) widths[3] = pull;
    if (size > widths[4]) widths[4] = size;
  }
  const [digestWidth, tagsWidth, pushedWidth, pullWidth, sizeWidth] = widths.map((w) => w + 2);
  let header = indent;
  for (let c = 0; c < widths.length; c += 1) header += TABLE_HEADER[c].padEnd(widths[c] + 2);
  out.line(header + TABLE_HEADER[TABLE_HEADER.length - 1]);
  const outcomes = new OutcomeColumn(r);
  for (let i = 0; i < r.images.length; i += 1) {
    const digest = shortDigestLength(digests[i]);
    const tagCell = tagsText(tags[i]);
    out.text(indent);
    out.prefix(digests[i], digest);
    out.spaces(digestWidth - digest);
    out.text(tagCell);
    out.spaces(tagsWidth - tagCell.length);
    out.spaces(pushedWidth - writeTimeCell(out, pushedAt[i]));
    out.spaces(pullWidth - writeTimeCell(out, pulledAt[i]));
    out.spaces(sizeWidth - writeBytesCell(out, sizes[i]));
    outcomes.write(out, i);
    out.line(status[i] !== 0 ? " [archive]" : "");
  }
}

function tallyText(label: string, t: Tally): string {
  return `  ${label.padEnd(11)}${String(t.images).padStart(8)} ${t.images === 1 ? "image " : "images"}  ${formatBytes(t.bytes)}`;
}

function priceText(summary: Summary, region: string | undefined): string {
  const freed = `Standard storage freed: ${formatBytes(summary.standardBytesFreed)}`;
  if (region === undefined)
    return `${freed} (a price needs the config's Region: run with --config instead of --policy)`;
  const price = storagePrice(region);
  if (price === undefined) return `${freed} (${PRICE_TABLE_FILE} has no ECR storage price for ${region})`;
  const confidence = price.confidence === "primary" ? "" : `, ${price.confidence} source`;
  return (
    `${freed}, $${monthlyUsd(summary.standardBytesFreed, price).toFixed(2)} a month at ${region}'s ` +
    `$${price.usd.toFixed(2)}/GB-month (${PRICE_TABLE_FILE}, read ${price.read}${confidence})`
  );
}

/** Writes the text report: a table of images per repository, then the summary. */
function textReport(
  out: ByteSink,
  results: readonly RepositoryResult[],
  source: PolicySource,
  at: number,
  region?: string,
): void {
  out.lines(`Lifecycle preview at ${formatInstant(at)}, policy from ${source.file}`);
  for (const r of results) {
    out.lines("");
    const rules = r.policy === undefined ? "" : `, ${plural(r.policy.rules.length, "rule")}`;
    if (r.template === null)
      out.lines(`${r.repositoryName}: no creation template covers it, so ECR gave it no lifecycle policy`);
    else if (r.template !== undefined) out.lines(`${r.repositoryName}: creation template ${r.template}${rules}`);
    else out.lines(`${r.repositoryName}${rules.replace(", ", ": ")}`);
    writeImageTable(out, r, "  ");
  }
  const summary = summarize(results);
  const total = summary.expire.images + summary.transition.images + summary.keep.images;
  out.lines(
    "",
    `Summary: ${plural(results.length, "repository").replace("repositorys", "repositories")}, ${plural(total, "image")}`,
    tallyText("expire", summary.expire),
    tallyText("transition", summary.transition),
    tallyText("keep", summary.keep),
    priceText(summary, region),
    "Sizes count every layer of an image; layers that kept images share stay stored, so the saving is at most this.",
  );
  if (summary.transition.images > 0)
    out.lines("Archived images are billed at the archive storage price, not included.");
}

/** `JSON.stringify(value, null, 2)` of a value nested at `indent`: the same text with every line break indented. */
function nestedJson(value: unknown, indent: string): string {
  return JSON.stringify(value, null, 2).replace(/\n/g, `\n${indent}`);
}

/** A list of strings or numbers as `JSON.stringify(list, null, 2)` writes it when nested at `indent`. */
function jsonList(list: readonly (string | number)[], indent: string): string {
  if (list.length === 0) return "[]";
  let text = "[";
  for (let k = 0; k < list.length; k += 1) text += `${k === 0 ? "" : ","}\n${indent}  ${JSON.stringify(list[k])}`;
  return `${text}\n${indent}]`;
}

/** The indent of an image's fields in the JSON report. */
const FIELD_INDENT = "          ";
/** The pieces of an image object in the JSON report that are the same for every image, as bytes. */
const JSON_PIECES = {
  open: Buffer.from(`        {\n${FIELD_INDENT}"imageDigest": `),
  tags: Buffer.from(`,\n${FIELD_INDENT}"imageTags": `),
  listOpen: Buffer.from(`[\n${FIELD_INDENT}  `),
  listNext: Buffer.from(`,\n${FIELD_INDENT}  `),
  listClose: Buffer.from(`\n${FIELD_INDENT}],\n`),
  pulled: Buffer.from(`,\n${FIELD_INDENT}"lastRecordedPullTime": `),
  size: Buffer.from(`,\n${FIELD_INDENT}"imageSizeInBytes": `),
  storageClass: Buffer.from(`,\n${FIELD_INDENT}"storageClass": "`),
};

/** Writes an image's tags as `JSON.stringify(tags, null, 2)` writes them nested at FIELD_INDENT, and `,` and a line end. */
function writeJsonTags(out: ByteSink, tags: Tags): void {
  if (typeof tags === "string") {
    out.bytes(JSON_PIECES.listOpen);
    out.jsonString(tags);
    return out.bytes(JSON_PIECES.listClose);
  }
  if (tags.length === 0) return out.text("[],\n");
  out.bytes(JSON_PIECES.listOpen);
  out.jsonString(tags[0]);
  for (let k = 1; k < tags.length; k += 1) {
    out.bytes(JSON_PIECES.listNext);
    out.jsonString(tags[k]);
  }
  out.bytes(JSON_PIECES.listClose);
}

/** Writes a time as the JSON report does: its ISO string, or null. */
function writeJsonTime(out: ByteSink, ms: number): void {
  if (Number.isNaN(ms)) return out.text("null");
  out.text('"');
  writeIso(ms, out);
  out.text('"');
}

/**
 * Writes a repository's images as the JSON report lists them, youngest first, piece by piece. The lines from
 * `action` to `imagePushedAt`'s key repeat for every image with the same rule, judgement and blocked rules, so
 * they are made once each.
 */
function writeJsonImages(out: ByteSink, r: RepositoryResult): void {
  const { digests, tags, sizes, pushedAt, pulledAt } = r.images;
  const { matched, due, blocked, rules, lists } = r.outcomes;
  const middles = new Map<number, Buffer>();
  for (let i = 0; i < r.images.length; i += 1) {
    const m = matched[i];
    const key = (blocked[i] * (rules.length + 1) + m + 1) * 2 + due[i];
    let middle = middles.get(key);
    if (middle === undefined) {
      const rule = m === -1 ? undefined : rules[m];
      const acts = due[i] === 1 && rule !== undefined;
      middle = Buffer.from(
        `${FIELD_INDENT}"action": ${acts ? JSON.stringify(rule.action.type) : "null"},\n` +
          `${FIELD_INDENT}"rulePriority": ${acts ? rule.rulePriority : "null"},\n` +
          `${FIELD_INDENT}"matchedRulePriority": ${rule === undefined ? "null" : rule.rulePriority},\n` +
          `${FIELD_INDENT}"blockedRulePriorities": ${jsonList(lists[blocked[i]], FIELD_INDENT)},\n` +
          `${FIELD_INDENT}"imagePushedAt": `,
      );
      middles.set(key, middle);
    }
    out.bytes(JSON_PIECES.open);
    out.jsonString(digests[i]);
    out.bytes(JSON_PIECES.tags);
    writeJsonTags(out, tags[i]);
    out.bytes(middle);
    writeJsonTime(out, pushedAt[i]);
    out.bytes(JSON_PIECES.pulled);
    writeJsonTime(out, pulledAt[i]);
    out.bytes(JSON_PIECES.size);
    out.digits(sizes[i], 1);
    out.bytes(JSON_PIECES.storageClass);
    out.text(tableStorageClass(r.images, i));
    out.line(i === r.images.length - 1 ? `"\n        }` : `"\n        },`);
  }
}

/**
 * Writes the JSON report: exactly `JSON.stringify(report, null, 2)`, but written image by image, as lines, without
 * building the whole report as objects first.
 */
function jsonReport(
  out: ByteSink,
  results: readonly RepositoryResult[],
  source: PolicySource,
  at: number,
  region?: string,
): void {
  const iso = (ms: number) => (Number.isNaN(ms) ? "null" : `"${isoString(ms)}"`);
  const summary = summarize(results);
  const price = storagePrice(region);
  const policySource = { [source.kind]: source.file, ...(region === undefined ? {} : { region }) };
  out.lines("{", `  "at": ${iso(at)},`, `  "policySource": ${nestedJson(policySource, "  ")},`);
  if (results.length === 0) out.lines(`  "repositories": [],`);
  else out.lines(`  "repositories": [`);
  results.forEach((r, n) => {
    out.lines("    {", `      "repositoryName": ${JSON.stringify(r.repositoryName)},`);
    if (r.template !== undefined) out.lines(`      "template": ${JSON.stringify(r.template)},`);
    if (r.images.length === 0) out.lines(`      "images": []`);
    else out.lines(`      "images": [`);
    writeJsonImages(out, r);
    if (r.images.length > 0) out.lines("      ]");
    out.lines(n === results.length - 1 ? "    }" : "    },");
  });
  if (results.length > 0) out.lines("  ],");
  const summaryJson = {
    expire: summary.expire,
    transition: summary.transition,
    keep: summary.keep,
    standardBytesFreed: summary.standardBytesFreed,
    monthlyUsdFreed: price === undefined ? null : Number(monthlyUsd(summary.standardBytesFreed, price).toFixed(2)),
    usdPerGbMonth: price?.usd ?? null,
  };
  out.lines(`  "summary": ${nestedJson(summaryJson, "  ")}`, "}");
}

/**
 * Runs the preview command.
 * @returns 0 when the preview was printed, 1 when the images, the policy or the config cannot be used, 2 for a bad
 *   command line
 */
export function runPreview(argv: readonly string[], io: PreviewIo): number {
  const parsed = parseFlags(
    argv,
    {
      images: { type: "string", path: true },
      policy: { type: "string", path: true },
      config: { type: "string", path: true },
      at: { type: "string" },
      json: { type: "boolean" },
    },
    USAGE,
    io,
    { ownEmptyCheck: ["at"] },
  );
  if ("exit" in parsed) return parsed.exit;
  const flags = parsed.values;
  const usage = (text: string) => usageError(text, USAGE, io);
  if (flags.images === undefined) return usage(msg.imagesRequired());
  if (flags.policy !== undefined && flags.config !== undefined) return usage(msg.policyAndConfig());
  if (flags.images === "-" && flags.policy === "-") return usage(msg.stdinTwice());
  const at = flags.at === undefined ? io.now() : parseInstant(flags.at);
  if (at === undefined) return usage(msg.badInstant(flags.at ?? ""));

  let source: PolicySource;
  let region: string | undefined;
  if (flags.policy !== undefined) {
    const policy = readPolicy(flags.policy, io);
    if ("findings" in policy) {
      printSome(policy.findings, io);
      return 1;
    }
    source = { kind: "policy", file: flags.policy, policy: policy.policy };
  } else {
    const loaded = loadForCli(flags.config, io);
    if ("failed" in loaded) {
      printSome(loaded.failed.findings, io);
      return 1;
    }
    source = { kind: "config", file: loaded.file, config: loaded.loaded.config };
    region = loaded.loaded.config.region;
  }

  const images = readImages(flags.images, io);
  if ("findings" in images) {
    printSome(images.findings, io);
    return 1;
  }
  const evaluated = evaluateAll(images.table, source, at);
  if ("findings" in evaluated) {
    printSome(evaluated.findings, io);
    return 1;
  }
  const out = new ByteSink(io.stdoutBytes);
  (flags.json ? jsonReport : textReport)(out, evaluated.results, source, at, region);
  out.flush();
  return 0;
}
