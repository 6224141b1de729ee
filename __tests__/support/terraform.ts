/**
 * Terraform helpers shared by the test files that run real `terraform init`, `validate` and `plan`. Each provider
 * start costs seconds of CPU, so the helpers run a stack's steps once: the two stacks of an output side by side, and a
 * `validate` of a stack whose files are byte for byte those of a stack already validated by this test file is
 * answered from that run (init still runs in every folder). When Terraform or the provider is missing, the first
 * helper called throws TerraformSetupError, whose message says what to install or set.
 */
import { createHash } from "node:crypto";
import { readdirSync, readFileSync, statSync } from "node:fs";
import * as path from "node:path";
import { init, validate, ValidateResult, writePlanOverride } from "../../src/plan/terraform";

/** The stacks of a config that has VPC endpoints, in synth order. */
export const STACKS = ["registry-cache", "vpc-endpoints"] as const;

/** Root variable values that let the default config's vpc-endpoints stack plan. */
export const ENDPOINT_VARS: Readonly<Record<string, string>> = {
  vpc_id: "vpc-0123456789abcdef0",
  vpc_cidr: "10.0.0.0/16",
  private_subnet_ids: '["subnet-0aaaaaaaaaaaaaaa1"]',
  private_route_table_ids: '["rtb-0ccccccccccccccc3"]',
};

/** Root variable values that let the default config's registry-cache stack plan (dummy credentials). */
export const CACHE_VARS: Readonly<Record<string, string>> = {
  account_id: "123456789012",
  docker_hub_username: "u",
  docker_hub_access_token: "t",
  ghcr_username: "u",
  ghcr_access_token: "t",
};

/** Terraform's working files in a stack folder: not part of what a synth writes. */
const WORKING_FILES = new Set([".terraform", ".terraform.lock.hcl"]);

/** SHA-256 over every file Terraform reads as configuration in `dir` (working files left out), paths included. */
function configHash(dir: string): string {
  const hash = createHash("sha256");
  const walk = (d: string) => {
    for (const name of readdirSync(d).sort()) {
      const p = path.join(d, name);
      if (d === dir && WORKING_FILES.has(name)) continue;
      if (statSync(p).isDirectory()) walk(p);
      else
        hash
          .update(`${path.relative(dir, p)}\0`)
          .update(readFileSync(p))
          .update("\0");
    }
  };
  walk(dir);
  return hash.digest("hex");
}

const validated = new Map<string, Promise<ValidateResult>>();

/**
 * `terraform validate -json` in an initialized `dir`, run once per distinct configuration: a folder holding the same
 * files as one validated before (another synth of the same config) gets that result.
 */
function validateOnce(dir: string): Promise<ValidateResult> {
  const key = configHash(dir);
  let result = validated.get(key);
  if (!result) {
    result = validate(dir);
    validated.set(key, result);
  }
  return result;
}

/**
 * Writes the offline override into every stack folder of a synth output, inits the stacks side by side and validates
 * each (once per distinct configuration, see {@link validateOnce}).
 * @returns each stack's validate result, in {@link STACKS} order.
 */
export async function initAndValidate(
  out: string,
  region: string,
): Promise<{ stack: string; result: ValidateResult }[]> {
  return Promise.all(
    STACKS.map(async (stack) => {
      const dir = path.join(out, "stacks", stack);
      writePlanOverride(dir, region);
      await init(dir);
      return { stack, result: await validateOnce(dir) };
    }),
  );
}

/**
 * A queue that runs at most `n` of the functions given to it at once, so a test file can start all its Terraform work
 * up front without starting more provider processes than the machine has cores.
 */
export function limit(n: number): <T>(task: () => Promise<T>) => Promise<T> {
  let running = 0;
  const waiting: (() => void)[] = [];
  return async (task) => {
    // A finishing task hands its slot straight to the first waiting one.
    if (running < n) running++;
    else await new Promise<void>((resolve) => waiting.push(resolve));
    try {
      return await task();
    } finally {
      const next = waiting.shift();
      if (next) next();
      else running--;
    }
  };
}

/** The `{"type":"change_summary"}` line of `terraform plan -json` output: how many resources it would add. */
export function plannedAdds(log: string): number {
  const summary = log
    .split("\n")
    .filter((line) => line.startsWith("{"))
    .map((line) => JSON.parse(line) as { type?: string; changes?: { add: number } })
    .find((m) => m.type === "change_summary");
  if (!summary?.changes) throw new Error(`no change summary in the plan's output:\n${log}`);
  return summary.changes.add;
}
