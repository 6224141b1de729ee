/**
 * Test harness for every Terraform-backed test: finds the binary, pins where the AWS provider comes from, and runs
 * `terraform` with a CLI config of its own so no test depends on the caller's TF_CLI_CONFIG_FILE or TF_* variables.
 *
 * Provider source (env `ECR_CACHE_TF_MIRROR`):
 * - a folder used as a `filesystem_mirror`: the mirror root (holding `registry.terraform.io/`) or that
 *   `registry.terraform.io` folder itself;
 * - `registry`: download from the public registry (no CLI config is written; the caller's is still ignored);
 * - unset: the first of {@link WELL_KNOWN_MIRRORS} that holds hashicorp/aws {@link AWS_PROVIDER_VERSION}.
 *
 * Every command gets TF_IN_AUTOMATION=1 and CHECKPOINT_DISABLE=1; `.terraform` stays in the stack dir (no TF_DATA_DIR
 * is needed since every test works in a dir of its own).
 */
import { execFileSync, spawnSync } from "child_process";
import { createHash } from "crypto";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

/** The hashicorp/aws version the project pins (@cdktf/provider-aws 20.1.0 is generated from it). */
export const AWS_PROVIDER_VERSION = "5.100.0";
/** Terraform releases older than this are refused (write-only attributes need 1.11). */
export const MIN_TERRAFORM_VERSION = "1.11.0";
/** Name of the provider override file written by {@link writeTestOverride}. */
export const TEST_OVERRIDE_FILE = "zz_test_override.tf.json";
/** Mirror folders tried, in order, when `ECR_CACHE_TF_MIRROR` is unset. */
export const WELL_KNOWN_MIRRORS: readonly string[] = [
  "/opt/tf-plugins",
  path.join(os.homedir(), ".terraform.d", "plugins"),
  path.join(os.homedir(), ".local", "share", "terraform", "plugins"),
  "/usr/share/terraform/plugins",
  "/usr/local/share/terraform/plugins",
];

const AWS_PROVIDER_ADDRESS = "registry.terraform.io/hashicorp/aws";
const DEFAULT_TIMEOUT_MS = 5 * 60 * 1000;
const MAX_BUFFER = 256 * 1024 * 1024;
/** Parent TF_* variables that survive into child processes (debug logging only). */
const KEPT_TF_VARS = new Set(["TF_LOG", "TF_LOG_CORE", "TF_LOG_PROVIDER", "TF_LOG_PATH"]);

/** A located Terraform binary. */
export interface TerraformBinary {
  /** Absolute path of the executable. */
  readonly path: string;
  /** Its version, e.g. `1.11.4`. */
  readonly version: string;
}

/** Where `terraform init` gets hashicorp/aws from. */
export type ProviderSource =
  | {
      readonly kind: "mirror";
      /** Mirror root: the folder that holds `registry.terraform.io/`. */ readonly path: string;
    }
  | { readonly kind: "registry" };

/** Output of one successful Terraform command. */
export interface CommandResult {
  readonly stdout: string;
  readonly stderr: string;
}

/** Options of {@link runTerraform}. */
export interface RunOptions {
  /** Extra environment variables for this call only. @default - none */
  readonly env?: Readonly<Record<string, string>>;
  /** Kill the command after this many milliseconds. @default 300000 */
  readonly timeoutMs?: number;
}

/** Options of {@link plan}. */
export interface PlanOptions {
  /** Root variable values passed as `-var name=value` (complex types as HCL). Ephemeral variables go here too. @default - none */
  readonly vars?: Readonly<Record<string, string>>;
}

/** One resource change of a normalized plan. */
export interface NormalizedResourceChange {
  readonly address: string;
  readonly module_address?: string;
  readonly mode: string;
  readonly type: string;
  readonly name: string;
  readonly index?: string | number;
  readonly change: {
    readonly actions: string[];
    /** Planned values; leaves marked in `after_sensitive` are replaced by `"(sensitive)"`. */
    readonly after: unknown;
    readonly after_unknown: unknown;
    readonly after_sensitive: unknown;
  };
}

/** One output change of a normalized plan. */
export interface NormalizedOutputChange {
  readonly actions: string[];
  /** Planned value, `"(sensitive)"` where marked sensitive. */
  readonly after: unknown;
  readonly after_unknown: unknown;
  readonly after_sensitive: unknown;
}

/** A plan reduced to what is stable across machines and runs, fit for `toMatchSnapshot`. */
export interface NormalizedPlan {
  /** Sorted by address. */
  readonly resource_changes: NormalizedResourceChange[];
  readonly output_changes: Record<string, NormalizedOutputChange>;
  /** Root variable values; variables declared sensitive are left out. */
  readonly variables: Record<string, unknown>;
}

/** What {@link plan} returns: the normalized plan, plus `raw` as a non-enumerable property so snapshots skip it. */
export type PlanResult = NormalizedPlan & {
  /** Everything Terraform printed: the plan's log and `terraform show -json`, to grep for planted secrets. */
  readonly raw: string;
};

/** Parsed `terraform validate -json`. */
export interface ValidateResult {
  readonly valid: boolean;
  readonly error_count: number;
  readonly warning_count: number;
  readonly diagnostics: TerraformDiagnostic[];
}

/** A Terraform diagnostic as printed by `-json` commands. */
export interface TerraformDiagnostic {
  readonly severity: "error" | "warning";
  readonly summary: string;
  readonly detail?: string;
  readonly range?: { readonly filename: string; readonly start: { readonly line: number } };
}

/** Thrown when a Terraform command exits non-zero or cannot start; the message names the command, dir and stderr. */
export class TerraformCommandError extends Error {
  constructor(
    readonly command: string,
    readonly dir: string,
    readonly status: number | null,
    readonly stdout: string,
    readonly stderr: string,
  ) {
    const diagnostics = jsonDiagnostics(stdout)
      .filter((d) => d.severity === "error")
      .map((d) => `  - ${d.summary}${d.detail ? `: ${d.detail}` : ""}`);
    super(
      [
        `terraform command failed (exit ${status ?? "signal"}): ${command}`,
        `  in dir: ${dir}`,
        ...(diagnostics.length > 0 ? ["  errors:", ...diagnostics] : []),
        `  stderr:\n${indent(stderr.trim() || "(empty)")}`,
        ...(diagnostics.length === 0 && stdout.trim() ? [`  stdout:\n${indent(tail(stdout.trim(), 4000))}`] : []),
      ].join("\n"),
    );
    this.name = "TerraformCommandError";
  }
}

let cachedBinary: TerraformBinary | undefined;
let cachedSource: ProviderSource | undefined;
let cachedCliConfig: string | undefined;

/**
 * Locates Terraform: `TERRAFORM_BINARY_NAME` (a name looked up on PATH, or a path), default `terraform`.
 * @throws Error when it is missing or older than {@link MIN_TERRAFORM_VERSION}; never skips.
 */
export function findTerraform(): TerraformBinary {
  if (cachedBinary) return cachedBinary;
  const name = process.env.TERRAFORM_BINARY_NAME || "terraform";
  const found = name.includes("/") || name.includes("\\") ? executable(path.resolve(name)) : onPath(name);
  if (!found) {
    const where = name.includes("/") ? `\`${name}\`` : `\`${name}\` on PATH`;
    throw new Error(
      `Terraform not found (looked for ${where}); install Terraform >= 1.11 or set TERRAFORM_BINARY_NAME`,
    );
  }
  const env = { ...baseTerraformEnv(found), TF_CLI_CONFIG_FILE: os.devNull };
  const out = execFileSync(found, ["version", "-json"], { encoding: "utf8", env });
  const version = String((JSON.parse(out) as { terraform_version: string }).terraform_version);
  if (compareVersions(version, MIN_TERRAFORM_VERSION) < 0) {
    throw new Error(
      `Terraform ${version} at ${found} is too old; install Terraform >= 1.11 or set TERRAFORM_BINARY_NAME`,
    );
  }
  cachedBinary = { path: found, version };
  return cachedBinary;
}

/**
 * Resolves where hashicorp/aws comes from (see the file comment for `ECR_CACHE_TF_MIRROR`).
 * @throws Error when the named mirror lacks the provider, or when unset and no well-known mirror has it.
 */
export function resolveProviderSource(): ProviderSource {
  if (cachedSource) return cachedSource;
  const setting = process.env.ECR_CACHE_TF_MIRROR?.trim();
  const howToSet =
    "Set ECR_CACHE_TF_MIRROR to a filesystem mirror folder (one holding " +
    `${AWS_PROVIDER_ADDRESS}/${AWS_PROVIDER_VERSION}/${platform()}), or set ECR_CACHE_TF_MIRROR=registry ` +
    "to download providers from the public Terraform registry.";
  if (setting === "registry") {
    cachedSource = { kind: "registry" };
  } else if (setting) {
    const root = mirrorRoot(path.resolve(setting));
    if (!root) {
      throw new Error(
        `ECR_CACHE_TF_MIRROR=${setting} does not hold ${AWS_PROVIDER_ADDRESS} ${AWS_PROVIDER_VERSION} for ${platform()}. ${howToSet}`,
      );
    }
    cachedSource = { kind: "mirror", path: root };
  } else {
    const root = WELL_KNOWN_MIRRORS.map(mirrorRoot).find((r): r is string => r !== undefined);
    if (!root) {
      throw new Error(
        `No Terraform provider mirror with ${AWS_PROVIDER_ADDRESS} ${AWS_PROVIDER_VERSION} found ` +
          `(looked in ${WELL_KNOWN_MIRRORS.join(", ")}). ${howToSet}`,
      );
    }
    cachedSource = { kind: "mirror", path: root };
  }
  return cachedSource;
}

/**
 * The parent environment without its TF_* variables (debug logging kept), plus TF_IN_AUTOMATION=1,
 * CHECKPOINT_DISABLE=1 and TERRAFORM_BINARY_NAME set to `binary`. No CLI config is chosen here.
 */
export function baseTerraformEnv(binary: string = findTerraform().path): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (!key.startsWith("TF_") || KEPT_TF_VARS.has(key)) env[key] = value;
  }
  return { ...env, TF_IN_AUTOMATION: "1", CHECKPOINT_DISABLE: "1", TERRAFORM_BINARY_NAME: binary };
}

/**
 * The environment every harness command runs with: {@link baseTerraformEnv} plus TF_CLI_CONFIG_FILE pointing at the
 * harness's own CLI config (mirror mode) or at the null device (registry mode).
 */
export function terraformEnv(): NodeJS.ProcessEnv {
  const env = baseTerraformEnv();
  const source = resolveProviderSource();
  if (source.kind === "registry") {
    const cache = process.env.TF_PLUGIN_CACHE_DIR;
    return { ...env, TF_CLI_CONFIG_FILE: os.devNull, ...(cache ? { TF_PLUGIN_CACHE_DIR: cache } : {}) };
  }
  return { ...env, TF_CLI_CONFIG_FILE: cliConfigFile(source.path) };
}

/**
 * Runs `terraform <args>` in `dir` with {@link terraformEnv}, capturing output.
 * @throws TerraformCommandError on a non-zero exit, with the command, the dir and terraform's stderr.
 */
export function runTerraform(dir: string, args: readonly string[], options: RunOptions = {}): CommandResult {
  const binary = findTerraform().path;
  const result = spawnSync(binary, args, {
    cwd: dir,
    env: { ...terraformEnv(), ...options.env },
    encoding: "utf8",
    maxBuffer: MAX_BUFFER,
    timeout: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    stdio: ["ignore", "pipe", "pipe"],
  });
  const stdout = result.stdout ?? "";
  const stderr = (result.stderr ?? "") + (result.error ? `\n${result.error.message}` : "");
  if (result.error || result.status !== 0) {
    throw new TerraformCommandError(["terraform", ...args].join(" "), dir, result.status, stdout, stderr);
  }
  return { stdout, stderr };
}

/**
 * Writes {@link TEST_OVERRIDE_FILE} into `stackDir`: an override that merges dummy credentials and the skip_* flags
 * into every `provider "aws"` block found in the dir's `.tf`/`.tf.json` files (region only into the default one), so
 * plans run offline. The AWS provider has no argument for a fixed account id: config that reads
 * `data.aws_caller_identity` cannot be planned offline. Tests only; the product never emits this.
 * @returns the file's path.
 */
export function writeTestOverride(stackDir: string, region: string): string {
  const dummy = {
    access_key: "harness-dummy-access-key",
    secret_key: "harness-dummy-secret-key",
    skip_credentials_validation: true,
    skip_requesting_account_id: true,
    skip_metadata_api_check: true,
    skip_region_validation: true,
    max_retries: 1,
  };
  const blocks = [{ ...dummy, region }, ...awsProviderAliases(stackDir).map((alias) => ({ ...dummy, alias }))];
  const file = path.join(stackDir, TEST_OVERRIDE_FILE);
  // A local backend in the stack folder replaces whatever backend the stack declares (an S3 one would need AWS).
  const terraform = { backend: { local: { path: "test.tfstate" } } };
  fs.writeFileSync(file, `${JSON.stringify({ terraform, provider: { aws: blocks } }, null, 2)}\n`);
  return file;
}

/** `terraform init` in `dir` (providers from {@link resolveProviderSource}); run once per stack dir. */
export function init(dir: string): void {
  runTerraform(dir, ["init", "-input=false", "-no-color"]);
}

/**
 * `terraform validate -json` in an initialized `dir`.
 * @returns the parsed result, also when the config is invalid (check `valid` and `diagnostics`).
 */
export function validate(dir: string): ValidateResult {
  try {
    return JSON.parse(runTerraform(dir, ["validate", "-json", "-no-color"]).stdout) as ValidateResult;
  } catch (error) {
    if (error instanceof TerraformCommandError && error.stdout.trim().startsWith("{")) {
      return JSON.parse(error.stdout) as ValidateResult;
    }
    throw error;
  }
}

/**
 * `terraform plan -out` then `terraform show -json` in an initialized `dir`, without state locking.
 * @returns the normalized plan (snapshot it as is) with the raw JSON text as non-enumerable `raw`.
 * @throws TerraformCommandError listing terraform's error diagnostics, unwrapped, e.g. failed variable validations.
 */
export function plan(dir: string, options: PlanOptions = {}): PlanResult {
  const planFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "ecr-cache-plan-")), "tfplan");
  try {
    const varArgs = Object.entries(options.vars ?? {}).map(([name, value]) => `-var=${name}=${value}`);
    const log = runTerraform(dir, ["plan", "-input=false", "-lock=false", "-json", `-out=${planFile}`, ...varArgs]);
    const shown = runTerraform(dir, ["show", "-json", "-no-color", planFile]).stdout;
    const normalized = normalizePlan(JSON.parse(shown), [dir, fs.realpathSync(dir)]);
    const raw = [log.stdout, log.stderr, shown].join("\n");
    return Object.defineProperty(normalized, "raw", { value: raw, enumerable: false }) as PlanResult;
  } finally {
    fs.rmSync(path.dirname(planFile), { recursive: true, force: true });
  }
}

/**
 * `terraform fmt -check -recursive -diff` on `dir`.
 * @throws TerraformCommandError naming the unformatted files and their diff.
 */
export function fmtCheck(dir: string): void {
  runTerraform(dir, ["fmt", "-check", "-recursive", "-diff", "-no-color"]);
}

/**
 * Reduces `terraform show -json` output to {@link NormalizedPlan}: drops versions, timestamps, configuration and
 * prior state, masks sensitive values and replaces `dirs` (absolute paths) by `<dir>`.
 */
export function normalizePlan(planJson: any, dirs: readonly string[] = []): NormalizedPlan {
  const sensitiveVars = new Set(
    Object.entries(planJson.configuration?.root_module?.variables ?? {})
      .filter(([, v]) => (v as { sensitive?: boolean }).sensitive)
      .map(([k]) => k),
  );
  const resource_changes = ((planJson.resource_changes ?? []) as any[])
    .map(
      (rc): NormalizedResourceChange => ({
        address: rc.address,
        ...(rc.module_address !== undefined ? { module_address: rc.module_address } : {}),
        mode: rc.mode,
        type: rc.type,
        name: rc.name,
        ...(rc.index !== undefined ? { index: rc.index } : {}),
        change: {
          actions: rc.change.actions,
          after: maskSensitive(rc.change.after, rc.change.after_sensitive),
          after_unknown: rc.change.after_unknown,
          after_sensitive: rc.change.after_sensitive,
        },
      }),
    )
    .sort((a, b) => (a.address < b.address ? -1 : a.address > b.address ? 1 : 0));
  const output_changes = Object.fromEntries(
    Object.entries((planJson.output_changes ?? {}) as Record<string, any>)
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([name, oc]) => [
        name,
        {
          actions: oc.actions,
          after: maskSensitive(oc.after, oc.after_sensitive),
          after_unknown: oc.after_unknown,
          after_sensitive: oc.after_sensitive,
        },
      ]),
  );
  const variables = Object.fromEntries(
    Object.entries((planJson.variables ?? {}) as Record<string, { value: unknown }>)
      .filter(([name]) => !sensitiveVars.has(name))
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([name, v]) => [name, v.value]),
  );
  let text = JSON.stringify({ resource_changes, output_changes, variables });
  for (const dir of [...dirs].sort((a, b) => b.length - a.length)) {
    text = text.split(JSON.stringify(dir).slice(1, -1)).join("<dir>");
  }
  return JSON.parse(text) as NormalizedPlan;
}

/** `value` with every leaf that `sensitive` marks `true` replaced by `"(sensitive)"`. */
function maskSensitive(value: unknown, sensitive: unknown): unknown {
  if (sensitive === true) return value === null || value === undefined ? value : "(sensitive)";
  if (Array.isArray(value) && Array.isArray(sensitive)) {
    return value.map((v, i) => maskSensitive(v, sensitive[i]));
  }
  if (isObject(value) && isObject(sensitive)) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, maskSensitive(v, sensitive[k])]));
  }
  return value;
}

/** True for plain (non-array, non-null) objects. */
function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Aliases of `provider "aws"` blocks declared in `dir` (JSON parsed; HCL scanned). */
function awsProviderAliases(dir: string): string[] {
  const aliases = new Set<string>();
  for (const file of fs.readdirSync(dir)) {
    if (file === TEST_OVERRIDE_FILE) continue;
    const text = () => fs.readFileSync(path.join(dir, file), "utf8");
    if (file.endsWith(".tf.json")) {
      const aws = (JSON.parse(text()) as { provider?: Record<string, unknown> }).provider?.aws;
      for (const block of Array.isArray(aws) ? aws : aws ? [aws] : []) {
        const alias = (block as { alias?: unknown }).alias;
        if (typeof alias === "string") aliases.add(alias);
      }
    } else if (file.endsWith(".tf")) {
      for (const match of text().matchAll(/provider\s+"aws"\s*\{([^}]*)\}/g)) {
        const alias = /\balias\s*=\s*"([^"]+)"/.exec(match[1]);
        if (alias) aliases.add(alias[1]);
      }
    }
  }
  return [...aliases].sort();
}

/**
 * Writes a CLI config installing hashicorp/aws only from `mirror` (others directly) to a temp file named after its
 * content, so parallel workers share it and nothing is left to clean up; returns its path.
 */
function cliConfigFile(mirror: string): string {
  if (cachedCliConfig) return cachedCliConfig;
  const content = [
    "provider_installation {",
    "  filesystem_mirror {",
    `    path    = ${JSON.stringify(mirror)}`,
    `    include = [${JSON.stringify(AWS_PROVIDER_ADDRESS)}]`,
    "  }",
    "  direct {",
    `    exclude = [${JSON.stringify(AWS_PROVIDER_ADDRESS)}]`,
    "  }",
    "}",
    "",
  ].join("\n");
  const hash = createHash("sha256").update(content).digest("hex").slice(0, 16);
  const file = path.join(os.tmpdir(), `ecr-cache-terraform-${hash}.tfrc`);
  if (!fs.existsSync(file) || fs.readFileSync(file, "utf8") !== content) {
    const partial = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(partial, content);
    fs.renameSync(partial, file);
  }
  cachedCliConfig = file;
  return file;
}

/** The mirror root for `folder` (itself, or its parent if it is `registry.terraform.io`) when it holds the pinned provider. */
function mirrorRoot(folder: string): string | undefined {
  const root = path.basename(folder) === "registry.terraform.io" ? path.dirname(folder) : folder;
  const providerDir = path.join(root, AWS_PROVIDER_ADDRESS);
  const unpacked = path.join(providerDir, AWS_PROVIDER_VERSION, platform());
  const packed = path.join(providerDir, `terraform-provider-aws_${AWS_PROVIDER_VERSION}_${platform()}.zip`);
  return fs.existsSync(unpacked) || fs.existsSync(packed) ? root : undefined;
}

/** Terraform's name for this OS/arch, e.g. `linux_amd64`. */
function platform(): string {
  const arch: Record<string, string> = { x64: "amd64", arm64: "arm64", ia32: "386", arm: "arm" };
  return `${process.platform === "win32" ? "windows" : process.platform}_${arch[process.arch] ?? process.arch}`;
}

/** First executable called `name` on PATH, if any. */
function onPath(name: string): string | undefined {
  const exts = process.platform === "win32" ? ["", ".exe"] : [""];
  for (const entry of (process.env.PATH ?? "").split(path.delimiter).filter(Boolean)) {
    for (const ext of exts) {
      const found = executable(path.join(entry, name + ext));
      if (found) return found;
    }
  }
  return undefined;
}

/** `file` if it is an executable regular file. */
function executable(file: string): string | undefined {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile() ? file : undefined;
  } catch {
    return undefined;
  }
}

/** Compares `major.minor.patch` versions: negative, zero or positive like a sort comparator. */
function compareVersions(a: string, b: string): number {
  const pa = a.split(/[.-]/).map((p) => parseInt(p, 10) || 0);
  const pb = b.split(/[.-]/).map((p) => parseInt(p, 10) || 0);
  for (let i = 0; i < 3; i++) {
    const diff = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (diff !== 0) return diff;
  }
  return 0;
}

/** Diagnostics from `-json` output (JSON lines or one validate document); other lines are ignored. */
function jsonDiagnostics(stdout: string): TerraformDiagnostic[] {
  const found: TerraformDiagnostic[] = [];
  const trimmed = stdout.trim();
  for (const line of trimmed.startsWith("{\n") ? [trimmed] : trimmed.split("\n")) {
    if (!line.startsWith("{")) continue;
    try {
      const parsed = JSON.parse(line) as { diagnostic?: TerraformDiagnostic; diagnostics?: TerraformDiagnostic[] };
      if (parsed.diagnostic) found.push(parsed.diagnostic);
      if (parsed.diagnostics) found.push(...parsed.diagnostics);
    } catch {
      // not a JSON line
    }
  }
  return found;
}

/** Indents every line by four spaces. */
function indent(text: string): string {
  return text.replace(/^/gm, "    ");
}

/** The last `max` characters of `text`. */
function tail(text: string, max: number): string {
  return text.length > max ? `...${text.slice(-max)}` : text;
}
