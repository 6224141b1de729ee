/**
 * The `plan` command: synthesizes a config into a temporary folder and plans every stack offline, from empty state,
 * with dummy provider credentials, then prints a review summary (or, with --json, the normalized plans).
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { synthesize } from "../app";
import { PlanError } from "../plan/plan-error";
import { planMessages as msg } from "./plan.messages";
import { summarizePlan } from "../plan/summary";
import {
  findTerraform,
  init,
  NormalizedPlan,
  plan,
  PlanOptions,
  resolveProviderSource,
  sortKeys,
  TerraformCommandError,
  TerraformSetupError,
  validate,
  writePlanOverride,
} from "../plan/terraform";
import { REGISTRY_CACHE_STACK } from "../stacks/registry-cache-stack";
import { VPC_ENDPOINTS_STACK } from "../stacks/vpc-endpoints-stack";
import { declaredVariables, readVarFile, sidecarVarFile, stackValues, VAR_FILE_SUFFIX } from "../plan/variables";
import {
  CliIo,
  errorCount,
  EXIT_FAILURE,
  EXIT_INTERRUPTED,
  EXIT_OK,
  EXIT_USAGE,
  loadForCli,
  parseFlags,
  printFindings,
} from "./common";

const USAGE = `Usage: npm run plan -- [--config <file>] [--var-file <file>] [--stack <name>] [--json]

Plans every stack of a config offline, without an AWS account: synthesizes it into a temporary folder, then runs
terraform init and plan (which validates the configuration first) from empty state with dummy provider credentials,
and prints what would be created.
  --config <file>    YAML or JSON config (default: $ECR_CACHE_CONFIG, else config/default.yaml)
  --var-file <file>  tfvars JSON file ({"name": value}) with the stacks' input variables (default: the config's
                     sidecar <name>${VAR_FILE_SUFFIX} beside it, when there is one). Never put credentials
                     in it: credential variables always get placeholders.
  --stack <name>     plan only this stack (${REGISTRY_CACHE_STACK} or ${VPC_ENDPOINTS_STACK})
  --json             print the normalized plans as JSON, {"<stack>": plan}, on stdout (the summary goes to stderr)
  -h, --help         print this text

Terraform >= 1.11 and the hashicorp/aws provider (ECR_CACHE_TF_MIRROR: a mirror folder, or "registry") are needed.
Exit codes: 0 planned, 1 the config, the variables or a terraform step failed, 2 invalid command line,
130 interrupted.`;

/** Options of {@link runPlan}. */
export interface PlanCommandOptions {
  /** Aborting it stops Terraform, removes the temporary folders and returns {@link EXIT_INTERRUPTED}. */
  readonly signal?: AbortSignal;
}

/**
 * The plan command. Writes nothing outside its temporary folder, which is removed on every path out.
 * @returns the exit code: 0 planned, 1 failed, 2 invalid command line, 130 interrupted.
 */
export async function runPlan(argv: readonly string[], io: CliIo, options: PlanCommandOptions = {}): Promise<number> {
  const parsed = parseFlags(
    argv,
    {
      config: { type: "string", path: true },
      "var-file": { type: "string", path: true },
      stack: { type: "string" },
      json: { type: "boolean" },
    },
    USAGE,
    io,
  );
  if ("exit" in parsed) return parsed.exit;
  const { values } = parsed;

  const loaded = loadForCli(values.config, io);
  if ("failed" in loaded) {
    printFindings(loaded.failed.findings, io);
    io.stderr(msg.nothingPlanned(loaded.file, errorCount(loaded.failed.findings)));
    return EXIT_FAILURE;
  }
  printFindings(loaded.loaded.warnings, io);

  let tmp: string | undefined;
  try {
    findTerraform();
    resolveProviderSource();
    const sidecar = sidecarVarFile(loaded.file);
    const varFile = values["var-file"] ?? (existsSync(sidecar) ? sidecar : undefined);
    const fileValues = varFile === undefined ? {} : readVarFile(varFile);

    try {
      tmp = mkdtempSync(path.join(tmpdir(), "ecr-pull-cache-plan-"));
    } catch (e) {
      throw new PlanError(msg.noTemporaryFolder(tmpdir(), (e as NodeJS.ErrnoException).code ?? String(e)));
    }
    const out = path.join(tmp, "out");
    const all = withTmpdir(tmp, () => synthesize(loaded.loaded.config, out));
    if (values.stack !== undefined && !all.includes(values.stack)) {
      throw new PlanError(msg.noSuchStack(values.stack, all), EXIT_USAGE);
    }
    const stacks = all.filter((s) => values.stack === undefined || s === values.stack);
    const dirs = Object.fromEntries(stacks.map((s) => [s, path.join(out, "stacks", s)]));
    const hint = `pass it with --var-file, or save it as ${sidecar} to have it used by default`;
    const declared = all.map((stack) => ({
      stack,
      variables: declaredVariables(JSON.parse(readFileSync(path.join(out, "stacks", stack, "cdk.tf.json"), "utf8"))),
    }));
    const stackVars = stackValues(declared, stacks, fileValues, varFile, hint);
    io.stderr(`Planning ${stacks.join(", ")} from ${loaded.file}${varFile ? ` with variables from ${varFile}` : ""}`);

    const region = loaded.loaded.config.region;
    // One init after the other: the first writes the shared lock file every later init starts from.
    for (const stack of stacks) {
      writePlanOverride(dirs[stack], region);
      await step(stack, "init", () => init(dirs[stack], options));
    }
    // Plan the stacks side by side; report in stack order.
    const plans = await settleAll(
      stacks.map(async (stack): Promise<[string, NormalizedPlan]> => {
        const stackVarFile = path.join(tmp!, `${stack}${VAR_FILE_SUFFIX}`);
        writeFileSync(stackVarFile, JSON.stringify(stackVars[stack]));
        const planned = await planStack(stack, dirs[stack], { ...options, varFile: stackVarFile });
        io.stderr(msg.configurationValid(stack));
        return [stack, planned];
      }),
    );
    // With --json the summary goes to stderr: a terminal still shows it while the JSON on stdout is piped away.
    const summary = values.json ? io.stderr : io.stdout;
    summary(msg.emptyStateNote);
    for (const [stack, p] of plans) summary(["", ...summarizePlan(stack, p)].join("\n"));
    if (values.json) io.stdout(JSON.stringify(sortKeys(Object.fromEntries(plans)), null, 2));
    return EXIT_OK;
  } catch (e) {
    if (options.signal?.aborted) {
      io.stderr(msg.interrupted);
      return EXIT_INTERRUPTED;
    }
    if (e instanceof PlanError) {
      io.stderr(e.message);
      return e.exitCode;
    }
    if (e instanceof TerraformSetupError) {
      io.stderr(e.message);
      return EXIT_FAILURE;
    }
    throw e;
  } finally {
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  }
}

/**
 * `terraform plan` (then `show`) of one initialized stack. The plan validates the configuration before planning, so
 * no separate `terraform validate` runs; only when the plan fails does `terraform validate` run, to tell an invalid
 * configuration (reported as the validate step, with each diagnostic) from a plan that failed on a valid one (a
 * rejected variable value, reported as the plan step).
 * @throws PlanError naming the stack, the failed step and Terraform's diagnostics; an interrupted run's error (or any
 *   error that is not a failed Terraform command) as it is.
 */
export async function planStack(stack: string, dir: string, options: PlanOptions = {}): Promise<NormalizedPlan> {
  try {
    return await plan(dir, options);
  } catch (e) {
    if (!(e instanceof TerraformCommandError) || options.signal?.aborted) throw e;
    const result = await step(stack, "validate", () => validate(dir, options));
    if (!result.valid) {
      const lines = result.diagnostics.map((d) => `  ${d.severity}: ${d.summary}${d.detail ? `: ${d.detail}` : ""}`);
      throw new PlanError(msg.terraformFailed(stack, "validate", lines.join("\n")));
    }
    throw stepFailed(stack, "plan", e);
  }
}

/** Runs one Terraform step of a stack, turning a failed command into a message naming the stack and the step. */
async function step<T>(stack: string, name: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (e) {
    throw e instanceof TerraformCommandError ? stepFailed(stack, name, e) : e;
  }
}

/** The error for a failed Terraform command: the stack, the step, and Terraform's error diagnostics (or its output). */
function stepFailed(stack: string, name: string, e: TerraformCommandError): PlanError {
  return new PlanError(msg.terraformFailed(stack, name, e.errors.length > 0 ? e.errors.join("\n") : e.message));
}

/**
 * Runs `fn` with os.tmpdir() pointing at `dir`: cdktf stages module assets in a temp folder it never removes, and
 * this way that folder is inside ours, removed with it.
 */
function withTmpdir<T>(dir: string, fn: () => T): T {
  const saved = process.env.TMPDIR;
  process.env.TMPDIR = dir;
  try {
    return fn();
  } finally {
    if (saved === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = saved;
  }
}

/**
 * Like Promise.all, but waits for every promise; then rejects with every {@link PlanError} message at once (each
 * stack's failure), or with the first other error.
 */
async function settleAll<T>(promises: readonly Promise<T>[]): Promise<T[]> {
  const settled = await Promise.allSettled(promises);
  const failures = settled.flatMap((s) => (s.status === "rejected" ? [s.reason as unknown] : []));
  const other = failures.find((f) => !(f instanceof PlanError));
  if (other !== undefined) throw other;
  if (failures.length > 0) throw new PlanError(failures.map((f) => (f as PlanError).message).join("\n"));
  return settled.map((s) => (s as PromiseFulfilledResult<T>).value);
}
