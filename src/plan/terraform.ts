/**
 * Runs Terraform offline on synthesized stacks: finds the binary, pins where the AWS provider comes from, and runs
 * `terraform` with a CLI config of its own so nothing depends on the caller's TF_CLI_CONFIG_FILE or TF_* variables.
 * `npm run plan` and every Terraform-backed test use it.
 *
 * Provider source (env `ECR_CACHE_TF_MIRROR`):
 * - a folder used as a `filesystem_mirror`: the mirror root (holding `registry.terraform.io/`) or that
 *   `registry.terraform.io` folder itself;
 * - `registry`: download from the public registry into a plugin cache (`plugins/` in {@link PROVIDER_CACHE_DIR}, or
 *   `TF_PLUGIN_CACHE_DIR` when set), so the download happens once per machine (a zipped mirror is unpacked into
 *   that cache once, too);
 * - unset: the first of {@link WELL_KNOWN_MIRRORS} that holds hashicorp/aws {@link AWS_PROVIDER_VERSION}.
 *
 * The first `init` of a run writes the dependency lock file, kept in {@link PROVIDER_CACHE_DIR}; every later `init`
 * (other stacks, other configs, later runs) starts from it, so no init resolves or downloads the provider again.
 * Every command gets TF_IN_AUTOMATION=1 and CHECKPOINT_DISABLE=1.
 */
import { ChildProcess, execFile, execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { promisify } from "node:util";
import { terraformMessages as msg } from "./terraform.messages";
import { PROJECT_ROOT } from "../project";

/** The hashicorp/aws version the project pins (@cdktf/provider-aws 20.1.0 is generated from it). */
export const AWS_PROVIDER_VERSION = "5.100.0";
/** Terraform releases older than this are refused (write-only attributes need 1.11). */
export const MIN_TERRAFORM_VERSION = "1.11.0";
/** Name of the provider and backend override file written by {@link writePlanOverride}. */
export const PLAN_OVERRIDE_FILE = "zz_plan_override.tf.json";
/** Mirror folders tried, in order, when `ECR_CACHE_TF_MIRROR` is unset. */
export const WELL_KNOWN_MIRRORS: readonly string[] = [
  "/opt/tf-plugins",
  path.join(os.homedir(), ".terraform.d", "plugins"),
  path.join(os.homedir(), ".local", "share", "terraform", "plugins"),
  "/usr/share/terraform/plugins",
  "/usr/local/share/terraform/plugins",
];
/** Where the shared lock file (and, in registry mode, the downloaded provider) is kept between runs. */
export const PROVIDER_CACHE_DIR = path.join(PROJECT_ROOT, "node_modules", ".cache", "ecr-pull-cache", "terraform");

const AWS_PROVIDER_ADDRESS = "registry.terraform.io/hashicorp/aws";
const LOCK_FILE = ".terraform.lock.hcl";
const DEFAULT_TIMEOUT_MS = 5 * 60 * 1000;
const MAX_BUFFER = 256 * 1024 * 1024;
const execFileAsync = promisify(execFile);
/** Parent TF_* variables that survive into child processes (debug logging only). */
const KEPT_TF_VARS = new Set(["TF_LOG", "TF_LOG_CORE", "TF_LOG_PROVIDER", "TF_LOG_PATH"]);
/** Dummy provider settings that let the AWS provider plan without an account; never real credentials. */
const OFFLINE_PROVIDER = {
  access_key: "plan-dummy-access-key",
  secret_key: "plan-dummy-secret-key",
  skip_credentials_validation: true,
  skip_requesting_account_id: true,
  skip_metadata_api_check: true,
  skip_region_validation: true,
  max_retries: 1,
};

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
      /** The provider is only there as a zip (Terraform would unpack it on every init without a plugin cache). */
      readonly packed: boolean;
    }
  | { readonly kind: "registry" };

/** Output of one successful Terraform command. */
export interface CommandResult {
  readonly stdout: string;
  readonly stderr: string;
}

/** Options of every command runner below. */
export interface RunOptions {
  /** Extra environment variables for this call only. @default - none */
  readonly env?: Readonly<Record<string, string>>;
  /** Kill the command after this many milliseconds. @default 300000 */
  readonly timeoutMs?: number;
  /**
   * Aborting it stops the running command (SIGTERM to Terraform, which winds down as on Ctrl-C) and rejects once
   * Terraform has ended. @default - never
   */
  readonly signal?: AbortSignal;
}

/** Options of {@link plan}. */
export interface PlanOptions extends RunOptions {
  /** Root variable values passed as `-var name=value` (complex types as HCL). @default - none */
  readonly vars?: Readonly<Record<string, string>>;
  /** A tfvars JSON file passed as `-var-file`. @default - none */
  readonly varFile?: string;
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

/**
 * A plan reduced to what is stable across machines and runs: no versions, timestamps, paths or prior state, every
 * object's keys sorted. Fit for `toMatchSnapshot` and for `--json`.
 */
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

/** Thrown when Terraform or the provider cannot be found; the message says what to install or set. */
export class TerraformSetupError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "TerraformSetupError";
  }
}

/** Thrown when a Terraform command exits non-zero or cannot start; the message names the command, dir and stderr. */
export class TerraformCommandError extends Error {
  /** Terraform's error diagnostics, one `  - summary: detail` line each; empty when it printed none as JSON. */
  readonly errors: readonly string[];

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
    this.errors = diagnostics;
  }
}

let cachedBinary: TerraformBinary | undefined;
let cachedSource: ProviderSource | undefined;
let cachedCliConfig: string | undefined;

/**
 * Locates Terraform: `TERRAFORM_BINARY_NAME` (a name looked up on PATH, or a path), default `terraform`.
 * @throws TerraformSetupError when it is missing, does not answer `version -json` as Terraform does, or is older than
 * {@link MIN_TERRAFORM_VERSION}.
 */
export function findTerraform(): TerraformBinary {
  if (cachedBinary) return cachedBinary;
  const name = process.env.TERRAFORM_BINARY_NAME || "terraform";
  const isPath = name.includes("/") || name.includes("\\");
  const found = isPath ? executable(path.resolve(name)) : onPath(name);
  if (!found) throw new TerraformSetupError(msg.terraformNotFound(isPath ? `\`${name}\`` : `\`${name}\` on PATH`));
  const env = { ...baseTerraformEnv(found), TF_CLI_CONFIG_FILE: os.devNull };
  let version: string;
  try {
    const out = execFileSync(found, ["version", "-json"], { encoding: "utf8", env, stdio: ["ignore", "pipe", "pipe"] });
    const answer = JSON.parse(out) as { terraform_version?: unknown };
    if (typeof answer.terraform_version !== "string") throw new Error("no terraform_version in its answer");
    version = answer.terraform_version;
  } catch (e) {
    const reason = ((e as Error).message ?? String(e)).split("\n")[0];
    throw new TerraformSetupError(msg.notTerraform(found, reason));
  }
  if (compareVersions(version, MIN_TERRAFORM_VERSION) < 0) {
    throw new TerraformSetupError(msg.terraformTooOld(version, found));
  }
  cachedBinary = { path: found, version };
  return cachedBinary;
}

/**
 * Resolves where hashicorp/aws comes from (see the file comment for `ECR_CACHE_TF_MIRROR`).
 * @throws TerraformSetupError when the named mirror lacks the provider, or when unset and no well-known mirror has it.
 */
export function resolveProviderSource(): ProviderSource {
  if (cachedSource) return cachedSource;
  const setting = process.env.ECR_CACHE_TF_MIRROR?.trim();
  if (setting === "registry") {
    cachedSource = { kind: "registry" };
  } else if (setting) {
    const root = mirrorRoot(path.resolve(setting));
    if (!root) {
      throw new TerraformSetupError(
        msg.mirrorLacksProvider(setting, AWS_PROVIDER_ADDRESS, AWS_PROVIDER_VERSION, platform()),
      );
    }
    cachedSource = mirrorSource(root);
  } else {
    const root = WELL_KNOWN_MIRRORS.map(mirrorRoot).find((r): r is string => r !== undefined);
    if (!root) {
      throw new TerraformSetupError(
        msg.noMirrorFound(WELL_KNOWN_MIRRORS, AWS_PROVIDER_ADDRESS, AWS_PROVIDER_VERSION, platform()),
      );
    }
    cachedSource = mirrorSource(root);
  }
  return cachedSource;
}

/**
 * The parent environment without its TF_* variables (debug logging kept), plus TF_IN_AUTOMATION=1,
 * CHECKPOINT_DISABLE=1 and TERRAFORM_BINARY_NAME set to `binary`. No CLI config is chosen here. Dropping TF_VAR_*
 * means no credential from the caller's shell ever reaches a plan.
 */
export function baseTerraformEnv(binary: string = findTerraform().path): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (!key.startsWith("TF_") || KEPT_TF_VARS.has(key)) env[key] = value;
  }
  return { ...env, TF_IN_AUTOMATION: "1", CHECKPOINT_DISABLE: "1", TERRAFORM_BINARY_NAME: binary };
}

/**
 * The environment every command runs with: {@link baseTerraformEnv} plus TF_CLI_CONFIG_FILE pointing at a CLI config
 * of our own (mirror mode) or at the null device and a plugin cache (registry mode).
 */
export function terraformEnv(): NodeJS.ProcessEnv {
  const env = baseTerraformEnv();
  const source = resolveProviderSource();
  const cliConfig = source.kind === "registry" ? os.devNull : cliConfigFile(source.path);
  // From an unpacked mirror Terraform links the provider in place, which beats copying it into a cache; a download
  // or a zip is unpacked once into the plugin cache and linked from there.
  if (source.kind === "mirror" && !source.packed) return { ...env, TF_CLI_CONFIG_FILE: cliConfig };
  const cache = process.env.TF_PLUGIN_CACHE_DIR || path.join(PROVIDER_CACHE_DIR, "plugins");
  fs.mkdirSync(cache, { recursive: true });
  return { ...env, TF_CLI_CONFIG_FILE: cliConfig, TF_PLUGIN_CACHE_DIR: cache };
}

/**
 * Runs `terraform <args>` in `dir` with {@link terraformEnv}, capturing output.
 * @throws TerraformCommandError on a non-zero exit, with the command, the dir and terraform's stderr; when aborted,
 * only once Terraform has ended.
 */
export async function runTerraform(
  dir: string,
  args: readonly string[],
  options: RunOptions = {},
): Promise<CommandResult> {
  const binary = findTerraform().path;
  let child: ChildProcess | undefined;
  try {
    const running = execFileAsync(binary, [...args], {
      cwd: dir,
      env: { ...terraformEnv(), ...options.env },
      encoding: "utf8",
      maxBuffer: MAX_BUFFER,
      timeout: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
      signal: options.signal,
      killSignal: "SIGINT",
    });
    child = running.child;
    const { stdout, stderr } = await running;
    return { stdout, stderr };
  } catch (e) {
    // An abort rejects at once, while Terraform, sent SIGTERM, still winds down and writes into `dir`: the caller
    // removes `dir` next, so wait until Terraform has ended.
    if (child) await ended(child);
    const error = e as NodeJS.ErrnoException & { stdout?: string; stderr?: string; code?: unknown };
    const status = typeof error.code === "number" ? error.code : null;
    const stderr = `${error.stderr ?? ""}${status === null ? `\n${error.message}` : ""}`;
    throw new TerraformCommandError(["terraform", ...args].join(" "), dir, status, error.stdout ?? "", stderr);
  }
}

/** Resolves once `child` has exited (at once when it has, or never started). */
function ended(child: ChildProcess): Promise<void> {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once("exit", () => resolve()));
}

/**
 * Writes {@link PLAN_OVERRIDE_FILE} into `stackDir`: an override that merges dummy credentials and the skip_* flags
 * into every `provider "aws"` block found in the dir's `.tf`/`.tf.json` files (region only into the default one), so
 * plans run offline, and, unless `keepBackend`, replaces the stack's backend by a local one inside `stackDir` (an S3
 * backend would need AWS; the user's own state is never read). The AWS provider has no argument for a fixed account
 * id: config that reads `data.aws_caller_identity` cannot be planned offline. A target's stack assumes a role and
 * allows one account, neither of which can work without AWS, and an override cannot remove a block: so the stack's
 * own JSON loses `assume_role` and `allowed_account_ids` here, and its region wins over `region`. Write it only into
 * a temporary copy of the stacks.
 * @param options.keepBackend leave the stack's own backend in force (tests that check the real state location).
 * @returns the file's path.
 */
export function writePlanOverride(
  stackDir: string,
  region: string,
  options: { readonly keepBackend?: boolean } = {},
): string {
  const ownRegion = withoutAccountBinding(stackDir);
  const blocks = [
    { ...OFFLINE_PROVIDER, region: ownRegion ?? region },
    ...awsProviderAliases(stackDir).map((alias) => ({ ...OFFLINE_PROVIDER, alias })),
  ];
  const file = path.join(stackDir, PLAN_OVERRIDE_FILE);
  const terraform = options.keepBackend ? undefined : { backend: { local: { path: "plan.tfstate" } } };
  fs.writeFileSync(file, `${JSON.stringify({ terraform, provider: { aws: blocks } }, null, 2)}\n`);
  return file;
}

/**
 * Removes `assume_role` and `allowed_account_ids` from the default AWS provider of the stack's `cdk.tf.json`, when it
 * has them; returns that provider's region.
 */
function withoutAccountBinding(stackDir: string): string | undefined {
  const file = path.join(stackDir, "cdk.tf.json");
  if (!fs.existsSync(file)) return undefined;
  const json = JSON.parse(fs.readFileSync(file, "utf8")) as { provider?: { aws?: Record<string, unknown>[] } };
  const provider = json.provider?.aws?.find((b) => b.alias === undefined);
  if (provider === undefined) return undefined;
  if ("assume_role" in provider || "allowed_account_ids" in provider) {
    delete provider.assume_role;
    delete provider.allowed_account_ids;
    fs.writeFileSync(file, `${JSON.stringify(json, null, 2)}\n`);
  }
  return typeof provider.region === "string" ? provider.region : undefined;
}

/**
 * `terraform init` in `dir`, starting from the shared lock file when an earlier init wrote one (so the provider is
 * neither resolved nor downloaded again), and saving the lock file for later inits when none exists yet.
 */
export async function init(dir: string, options: RunOptions = {}): Promise<void> {
  const shared = sharedLockFile();
  const local = path.join(dir, LOCK_FILE);
  if (fs.existsSync(shared) && !fs.existsSync(local)) fs.copyFileSync(shared, local);
  await runTerraform(dir, ["init", "-input=false", "-no-color"], options);
  if (!fs.existsSync(shared) && fs.existsSync(local)) {
    // Through a temporary name, so parallel runs never read a half-written lock file.
    fs.mkdirSync(path.dirname(shared), { recursive: true });
    const partial = `${shared}.${process.pid}.tmp`;
    fs.copyFileSync(local, partial);
    fs.renameSync(partial, shared);
  }
}

/**
 * `terraform validate -json` in an initialized `dir`.
 * @returns the parsed result, also when the config is invalid (check `valid` and `diagnostics`).
 */
export async function validate(dir: string, options: RunOptions = {}): Promise<ValidateResult> {
  try {
    return JSON.parse((await runTerraform(dir, ["validate", "-json", "-no-color"], options)).stdout) as ValidateResult;
  } catch (error) {
    if (error instanceof TerraformCommandError && error.stdout.trim().startsWith("{")) {
      return JSON.parse(error.stdout) as ValidateResult;
    }
    throw error;
  }
}

/**
 * `terraform plan -out` then `terraform show -json` in an initialized `dir`, without state locking or refresh.
 * @returns the normalized plan with the raw JSON text as non-enumerable `raw`.
 * @throws TerraformCommandError listing terraform's error diagnostics, e.g. failed variable validations.
 */
export async function plan(dir: string, options: PlanOptions = {}): Promise<PlanResult> {
  const planDir = fs.mkdtempSync(path.join(os.tmpdir(), "ecr-cache-plan-"));
  const planFile = path.join(planDir, "tfplan");
  try {
    const varArgs = [
      ...(options.varFile ? [`-var-file=${options.varFile}`] : []),
      ...Object.entries(options.vars ?? {}).map(([name, value]) => `-var=${name}=${value}`),
    ];
    const args = ["plan", "-input=false", "-lock=false", "-refresh=false", "-json", `-out=${planFile}`, ...varArgs];
    const log = await runTerraform(dir, args, options);
    const shown = (await runTerraform(dir, ["show", "-json", "-no-color", planFile], options)).stdout;
    const normalized = normalizePlan(JSON.parse(shown), [dir, fs.realpathSync(dir), planDir]);
    const raw = [log.stdout, log.stderr, shown].join("\n");
    return Object.defineProperty(normalized, "raw", { value: raw, enumerable: false }) as PlanResult;
  } finally {
    fs.rmSync(planDir, { recursive: true, force: true });
  }
}

/**
 * `terraform fmt -check -recursive -diff` on `dir`.
 * @throws TerraformCommandError naming the unformatted files and their diff.
 */
export async function fmtCheck(dir: string, options: RunOptions = {}): Promise<void> {
  await runTerraform(dir, ["fmt", "-check", "-recursive", "-diff", "-no-color"], options);
}

/**
 * Reduces `terraform show -json` output to {@link NormalizedPlan}: drops versions, timestamps, configuration and
 * prior state, masks sensitive values, replaces `dirs` (absolute paths) by `<dir>` and sorts every object's keys.
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
    Object.entries((planJson.output_changes ?? {}) as Record<string, any>).map(([name, oc]) => [
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
      .map(([name, v]) => [name, v.value]),
  );
  let text = JSON.stringify({ resource_changes, output_changes, variables });
  for (const dir of [...dirs].sort((a, b) => b.length - a.length)) {
    text = text.split(JSON.stringify(dir).slice(1, -1)).join("<dir>");
  }
  return sortKeys(JSON.parse(text)) as NormalizedPlan;
}

/** `value` with the keys of every object in it sorted, so its JSON text is the same on every machine. */
export function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (isObject(value)) {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((k) => [k, sortKeys(value[k])]),
    );
  }
  return value;
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

/**
 * The lock file shared by every init that gets the provider from the same source: beside the plugin cache, keyed by
 * the source so a mirror's and the registry's hashes never mix.
 */
function sharedLockFile(): string {
  const source = resolveProviderSource();
  const key = source.kind === "registry" ? "registry" : `mirror-${hash(source.path)}`;
  return path.join(PROVIDER_CACHE_DIR, `${key}-aws-${AWS_PROVIDER_VERSION}`, LOCK_FILE);
}

/** The first 16 hex digits of the SHA-256 of `text`. */
function hash(text: string): string {
  return createHash("sha256").update(text).digest("hex").slice(0, 16);
}

/** Aliases of `provider "aws"` blocks declared in `dir` (JSON parsed; HCL scanned). */
function awsProviderAliases(dir: string): string[] {
  const aliases = new Set<string>();
  for (const file of fs.readdirSync(dir)) {
    if (file === PLAN_OVERRIDE_FILE) continue;
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
 * Writes a CLI config installing hashicorp/aws only from `mirror` (others directly) to a file in
 * {@link PROVIDER_CACHE_DIR} named after its content, so parallel runs share it; returns its path.
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
  const file = path.join(PROVIDER_CACHE_DIR, `cli-config-${hash(content)}.tfrc`);
  if (!fs.existsSync(file) || fs.readFileSync(file, "utf8") !== content) {
    const partial = `${file}.${process.pid}.tmp`;
    fs.mkdirSync(PROVIDER_CACHE_DIR, { recursive: true });
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

/** The source for a mirror root found by {@link mirrorRoot}. */
function mirrorSource(root: string): ProviderSource {
  const unpacked = path.join(root, AWS_PROVIDER_ADDRESS, AWS_PROVIDER_VERSION, platform());
  return { kind: "mirror", path: root, packed: !fs.existsSync(unpacked) };
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
