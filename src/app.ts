import * as path from "node:path";
import { App } from "cdktf";
import cdktfJson from "../cdktf.json";
import { Config } from "./config/schema";
import { PROJECT_ROOT } from "./project";
import { RegistryCacheStack } from "./stacks/registry-cache-stack";
import { VpcEndpointsStack } from "./stacks/vpc-endpoints-stack";

/**
 * Context cdktf needs to package the local Terraform modules (`modules/`) as assets: `cdktf synth` passes it itself,
 * a plain `node`/`tsx` run needs it from here. Read from cdktf.json so the module list lives in one place.
 */
export const APP_CONTEXT = {
  cdktfRelativeModules: cdktfJson.terraformModules.map((m) => m.source),
};

/** A cdktf App writing to `outdir`, with the context above and no stack traces in the output. */
function createApp(outdir: string): App {
  return new App({ outdir, stackTraces: false, context: APP_CONTEXT });
}

/**
 * Synthesizes a validated config into `outdir` and returns the names of the stacks written. cdktf resolves local
 * module sources against the working directory, so the stacks are built from the project folder; `outdir` is made
 * absolute first so it still means what the caller meant.
 */
export function synthesize(config: Config, outdir: string): string[] {
  const absolute = path.resolve(outdir);
  const cwd = process.cwd();
  process.chdir(PROJECT_ROOT);
  try {
    const app = createApp(absolute);
    const stacks = buildStacks(app, config);
    app.synth();
    return [stacks.registryCache, stacks.vpcEndpoints].filter((s) => s !== undefined).map((s) => s.node.id);
  } finally {
    process.chdir(cwd);
  }
}

/** The stacks the app defines, by name. */
export interface AppStacks {
  readonly registryCache: RegistryCacheStack;
  /** Absent when the config has no vpcEndpoints section. */
  readonly vpcEndpoints?: VpcEndpointsStack;
}

/**
 * Builds the app's stacks for a validated config into `app`: `registry-cache` always, `vpc-endpoints` when the config
 * has endpoints. Synthesis is left to the caller (`app.synth()`, or cdktf's Testing helpers).
 */
export function buildStacks(app: App, input: Config): AppStacks {
  const config = literal(input);
  const registryCache = new RegistryCacheStack(app, { config });
  const vpcEndpoints = config.vpcEndpoints
    ? new VpcEndpointsStack(app, { config, endpoints: config.vpcEndpoints })
    : undefined;
  return { registryCache, vpcEndpoints };
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
