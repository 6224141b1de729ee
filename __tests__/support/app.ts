/** Synthesizes configs in memory for unit tests (no files, no Terraform). */
import * as path from "node:path";
import { Testing } from "cdktf";
import { APP_CONTEXT, buildStacks } from "../../src/app";
import { loadConfig, parseConfig } from "../../src/config/load";
import { Config, ConfigInput } from "../../src/config/schema";

/** The project root, where config/ and modules/ live. */
export const ROOT = path.join(__dirname, "..", "..");

/** The built-in default config, loaded through the real loader. */
export function defaultConfig(): Config {
  return loadConfig(path.join(ROOT, "config", "default.yaml")).config;
}

/** A minimal valid config input, to extend per test. */
export function minimalInput(extra: Partial<ConfigInput> = {}): ConfigInput {
  return {
    region: "eu-west-1",
    registries: { quay: { upstreamRegistryUrl: "quay.io" } },
    ...extra,
  };
}

/** Synthesized stacks as `Testing.synth` JSON strings (metadata stripped), for cdktf's jest matchers. */
export interface Synthesized {
  readonly registryCache: string;
  readonly vpcEndpoints?: string;
}

/** Builds and synthesizes both stacks of a config (an input is validated first, as the CLI would). */
export function synth(config: Config | ConfigInput): Synthesized {
  const parsed = parseConfig(config).config;
  const app = Testing.app({ context: APP_CONTEXT });
  const stacks = buildStacks(app, parsed);
  return {
    registryCache: Testing.synth(stacks.registryCache),
    vpcEndpoints: stacks.vpcEndpoints && Testing.synth(stacks.vpcEndpoints),
  };
}

/** Every stack of a config (a pair per target with targets), each as parsed JSON, keyed by stack name. */
export function synthAll(config: Config | ConfigInput): Record<string, any> {
  const app = Testing.app({ context: APP_CONTEXT });
  const stacks = buildStacks(app, parseConfig(config).config).all;
  return Object.fromEntries(stacks.map((s) => [s.node.id, JSON.parse(Testing.synth(s))]));
}

/** A config file of config/, loaded through the real loader. */
export function projectConfig(name: string): Config {
  return loadConfig(path.join(ROOT, "config", name)).config;
}

/** The resources of one type in a synthesized stack, keyed by Terraform name. */
export function resources(stackJson: string, type: string): Record<string, Record<string, unknown>> {
  return (JSON.parse(stackJson).resource?.[type] ?? {}) as Record<string, Record<string, unknown>>;
}
