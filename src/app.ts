import * as path from "node:path";
import { App } from "cdktf";
import cdktfJson from "../cdktf.json";
import { Config } from "./config/schema";
import { resolveTargets } from "./config/targets";
import { PROJECT_ROOT } from "./project";
import { stackId } from "./stacks/common";
import { REGISTRY_CACHE_STACK, RegistryCacheStack } from "./stacks/registry-cache-stack";
import { VPC_ENDPOINTS_STACK, VpcEndpointsStack } from "./stacks/vpc-endpoints-stack";

/**
 * Context cdktf needs to package the local Terraform modules (`modules/`) as assets: `cdktf synth` passes it itself,
 * a plain `node`/`tsx` run needs it from here. Read from cdktf.json so the module list lives in one place.
 */
export const APP_CONTEXT = {
  cdktfRelativeModules: cdktfJson.terraformModules.map((m) => m.source),
};

/** Options of {@link synthesize}. */
export interface SynthesizeOptions extends StackOptions {
  /** Write HCL (`cdk.tf`, plus cdktf's `metadata.json`) instead of JSON (`cdk.tf.json`). @default false */
  readonly hcl?: boolean;
}

/**
 * Synthesizes a validated config into `outdir` and returns the names of the stacks written. cdktf resolves local
 * module sources against the working directory, so the stacks are built from the project folder; `outdir` is made
 * absolute first so it still means what the caller meant.
 */
export function synthesize(config: Config, outdir: string, options: SynthesizeOptions = {}): string[] {
  const absolute = path.resolve(outdir);
  const cwd = process.cwd();
  // cdktf 0.21 reads the output language from SYNTH_HCL_OUTPUT when each stack is created (the App's hclOutput
  // option alone names the file cdk.tf but still writes JSON into it), so the variable is set for the build.
  const hclVariable = process.env.SYNTH_HCL_OUTPUT;
  process.env.SYNTH_HCL_OUTPUT = String(options.hcl === true);
  process.chdir(PROJECT_ROOT);
  try {
    const app = new App({ outdir: absolute, stackTraces: false, context: APP_CONTEXT });
    const stacks = buildStacks(app, config, options);
    app.synth();
    return stacks.all.map((s) => s.node.id);
  } finally {
    process.chdir(cwd);
    if (hclVariable === undefined) delete process.env.SYNTH_HCL_OUTPUT;
    else process.env.SYNTH_HCL_OUTPUT = hclVariable;
  }
}

/** How the stacks are wired to what lies outside the config. */
export interface StackOptions {
  /**
   * The local backend's state file for a stack, relative to the stack folder (ignored with an S3 backend).
   * @default - `terraform.<stack>.tfstate` in the stack folder
   */
  readonly localStatePath?: (stack: string) => string;
}

/** The stacks the app defines. */
export interface AppStacks {
  /** The config's `registry-cache` stack; for a config with targets, the first target's. */
  readonly registryCache: RegistryCacheStack;
  /** The config's `vpc-endpoints` stack; absent when the config (or, with targets, the first target) has none. */
  readonly vpcEndpoints?: VpcEndpointsStack;
  /** Every stack, in config order: per target its `registry-cache-<name>`, then its `vpc-endpoints-<name>`. */
  readonly all: readonly (RegistryCacheStack | VpcEndpointsStack)[];
}

/**
 * Builds the app's stacks for a validated config into `app`: `registry-cache` always, `vpc-endpoints` when the config
 * has endpoints; with `targets`, that pair per target, each with its own provider and state, sharing nothing.
 * Synthesis is left to the caller (`app.synth()`, or cdktf's Testing helpers).
 */
export function buildStacks(app: App, input: Config, options: StackOptions = {}): AppStacks {
  const config = literal(input);
  const state = (stack: string) => options.localStatePath?.(stack);
  const all: (RegistryCacheStack | VpcEndpointsStack)[] = [];
  const targets = resolveTargets(config) ?? [undefined];
  for (const target of targets) {
    const registryCache = new RegistryCacheStack(app, {
      config,
      target,
      localStatePath: state(stackId(REGISTRY_CACHE_STACK, target)),
    });
    all.push(registryCache);
    const endpoints = target === undefined ? config.vpcEndpoints : target.vpcEndpoints;
    if (endpoints) {
      all.push(
        new VpcEndpointsStack(app, {
          config,
          target,
          endpoints,
          localStatePath: state(stackId(VPC_ENDPOINTS_STACK, target)),
        }),
      );
    }
  }
  const registryCache = all[0] as RegistryCacheStack;
  const vpcEndpoints = all[1] instanceof VpcEndpointsStack ? all[1] : undefined;
  return { registryCache, vpcEndpoints, all };
}

/**
 * The config with every string (keys included) escaped for Terraform's JSON syntax, where `${` and `%{` start a
 * template: a repository policy's `${aws:username}` must reach AWS as written, not be evaluated by Terraform.
 */
function literal<T>(value: T): T {
  if (typeof value === "string") return value.replace(/\$\{/g, () => "$${").replace(/%\{/g, () => "%%{") as T;
  if (Array.isArray(value)) return value.map(literal) as T;
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [literal(k), literal(v)])) as T;
  }
  return value;
}
