/**
 * Jest's global setup: a pool of running hashicorp/aws providers that every Terraform command of the test run attaches
 * to, instead of each command starting the 600 MB provider (two or three times: for its schema, then per provider
 * block). Same Terraform binary, same provider binary, same configuration and checks; the provider processes just
 * live for the whole run. That halves the CPU of each `validate`, `plan` and `show`, the bulk of the suite's time.
 *
 * How: the provider installed by a real `terraform init` (from the same mirror or registry the tests use) is started
 * {@link SLOTS} times with `-debug`, which prints the `TF_REATTACH_PROVIDERS` value that attaches Terraform to it.
 * `TERRAFORM_BINARY_NAME` (which every command of the project and the tests honours) then names a wrapper script
 * that takes a free provider (an exclusive `flock` on its slot, held until Terraform exits, so one provider never
 * serves two commands at once: each command configures it with its own Region) and runs the real Terraform attached
 * to it. `init`, `fmt` and `version` run as they are: init still installs the provider from the mirror, and writes
 * the lock file, as a user's does.
 *
 * Set ECR_CACHE_TEST_PROVIDER_POOL=0 to run every command with its own provider processes, as users do. When
 * Terraform or the provider is missing there is no pool: each Terraform test then fails with the setup message.
 */
import { ChildProcess, spawn } from "node:child_process";
import { chmodSync, existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { AWS_PROVIDER_VERSION, findTerraform, init, TerraformSetupError } from "../../src/plan/terraform";

/** Providers in the pool: Terraform commands that can run at once (the machine this was tuned on has 2 cores). */
const SLOTS = 3;

/** Commands that do not start the provider (or, for init, install it): run without the pool. */
const PLAIN_COMMANDS = ["init", "fmt", "version", "-version", "-v", "--version", "-help", "--help", "get"];

/** What globalTeardown (provider-pool-teardown.ts) stops and removes: it sees jest's globals, not this module. */
export interface ProviderPool {
  readonly dir: string;
  /** The providers' watchdog shells (see {@link start}). */
  readonly shells: ChildProcess[];
}

declare global {
  // eslint-disable-next-line no-var
  var providerPool: ProviderPool | undefined;
}

/** Quotes a value for sh. */
function sh(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

/** The wrapper that {@link setup} names in TERRAFORM_BINARY_NAME. */
function wrapperScript(terraform: string, dir: string): string {
  return `#!/bin/sh
# Written by __tests__/support/provider-pool.ts: runs Terraform attached to a free provider of the test pool.
case "$1" in
  ${PLAIN_COMMANDS.join("|")}) exec ${sh(terraform)} "$@" ;;
esac
attach() {
  TF_REATTACH_PROVIDERS="$(cat ${sh(dir)}/slot$1.json)"
  export TF_REATTACH_PROVIDERS
  shift
  exec ${sh(terraform)} "$@"
}
i=0
while [ $i -lt ${SLOTS} ]; do
  exec 9>${sh(dir)}/slot$i.lock
  if flock -n 9; then attach $i "$@"; fi
  i=$((i + 1))
done
i=$(($$ % ${SLOTS}))
exec 9>${sh(dir)}/slot$i.lock
flock 9
attach $i "$@"
`;
}

/** Turns off the provider's own logging, which in debug mode writes megabytes of trace lines per command. */
const QUIET: Readonly<Record<string, string>> = Object.fromEntries(
  [
    "TF_LOG_PROVIDER",
    "TF_LOG_SDK",
    "TF_LOG_SDK_PROTO",
    "TF_LOG_SDK_FRAMEWORK",
    "TF_LOG_SDK_HELPER_SCHEMA",
    "TF_LOG_SDK_MUX",
  ].map((name) => [name, "OFF"]),
);

/**
 * The pool's providers' environment: quiet, and without AWS_CA_BUNDLE, which a provider applies to its HTTP client
 * once per process; the second configuration then fails ("unable to add custom RootCAs HTTPClient"). Plans run with
 * the skip_* flags and never reach AWS, so the bundle is never used.
 */
function providerEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, ...QUIET };
  delete env.AWS_CA_BUNDLE;
  return env;
}

/**
 * Starts one provider in debug mode, its output going to `file`, under a shell that kills it when jest's end of the
 * shell's stdin closes (jest exited or died); resolves with the provider's TF_REATTACH_PROVIDERS value.
 */
async function start(binary: string, file: string, shells: ChildProcess[]): Promise<string> {
  const child = spawn(
    "sh",
    ["-c", '"$0" -debug > "$1" 2>/dev/null & pid=$!; cat > /dev/null; kill $pid', binary, file],
    {
      stdio: ["pipe", "ignore", "ignore"],
      env: providerEnv(),
    },
  );
  shells.push(child);
  // Neither the shell nor its pipe keeps jest alive.
  child.unref();
  (child.stdin as unknown as { unref(): void }).unref();
  const output = () => (existsSync(file) ? readFileSync(file, "utf8") : "");
  for (let waited = 0; waited < 60000; waited += 50) {
    const m = /TF_REATTACH_PROVIDERS='([^']+)'/.exec(output());
    if (m) return m[1];
    if (child.exitCode !== null) break;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`${binary} -debug printed no TF_REATTACH_PROVIDERS line:\n${output()}`);
}

/** Finds the provider binary a `terraform init` in `dir` installed. */
function installedProvider(dir: string): string {
  const root = path.join(dir, ".terraform", "providers", "registry.terraform.io", "hashicorp", "aws");
  const platformDir = path.join(root, AWS_PROVIDER_VERSION, readdirSync(path.join(root, AWS_PROVIDER_VERSION))[0]);
  const binary = readdirSync(platformDir).find((f) => f.startsWith("terraform-provider-aws"));
  if (binary === undefined) throw new Error(`no provider binary in ${platformDir}`);
  return path.join(platformDir, binary);
}

/** Jest globalSetup: starts the pool and points TERRAFORM_BINARY_NAME at the wrapper (see the file comment). */
export default async function setup(): Promise<void> {
  if (process.env.ECR_CACHE_TEST_PROVIDER_POOL === "0") return;
  let terraform: string;
  try {
    terraform = findTerraform().path;
  } catch (e) {
    if (e instanceof TerraformSetupError) return;
    throw e;
  }
  const dir = mkdtempSync(path.join(tmpdir(), "ecr-pull-cache-provider-pool-"));
  const shells: ChildProcess[] = [];
  globalThis.providerPool = { dir, shells };
  const versions = { required_providers: { aws: { source: "hashicorp/aws", version: AWS_PROVIDER_VERSION } } };
  writeFileSync(path.join(dir, "main.tf.json"), JSON.stringify({ terraform: versions }));
  try {
    await init(dir);
  } catch {
    // No pool: each test that needs Terraform runs its own init and fails with that command's message.
    return;
  }
  const binary = installedProvider(dir);
  const reattach = await Promise.all(
    Array.from({ length: SLOTS }, (_, i) => start(binary, path.join(dir, `provider${i}.out`), shells)),
  );
  reattach.forEach((value, i) => writeFileSync(path.join(dir, `slot${i}.json`), value));
  const wrapper = path.join(dir, "terraform");
  writeFileSync(wrapper, wrapperScript(terraform, dir));
  chmodSync(wrapper, 0o755);
  process.env.TERRAFORM_BINARY_NAME = wrapper;
}
