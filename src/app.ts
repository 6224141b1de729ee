import { App } from "cdktf";
import cdktfJson from "../cdktf.json";
import { Config } from "./config/schema";
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
export function createApp(outdir: string): App {
  return new App({ outdir, stackTraces: false, context: APP_CONTEXT });
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
export function buildStacks(app: App, config: Config): AppStacks {
  const registryCache = new RegistryCacheStack(app, { config });
  const vpcEndpoints = config.vpcEndpoints
    ? new VpcEndpointsStack(app, { config, endpoints: config.vpcEndpoints })
    : undefined;
  return { registryCache, vpcEndpoints };
}
