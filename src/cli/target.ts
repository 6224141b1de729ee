/**
 * `--target <name>`, shared by the commands that look at one registry (image, cost): a config with targets names
 * several accounts and Regions, so these commands need to be told which one.
 */
import type { Config } from "../config/schema";
import { ResolvedTarget, resolveTargets } from "../config/targets";

const q = (s: string): string => JSON.stringify(s);

/**
 * The config as the named target sees it: its account, Region and endpoints in place of the config's, and no
 * targets (the registries stay the config's: what the cache serves), with the resolved target; the config itself
 * when it has no targets and no name is given. Else the usage problem, as a message.
 */
export function selectTarget(
  config: Config,
  name: string | undefined,
): { config: Config; target?: ResolvedTarget } | { problem: string } {
  const targets = resolveTargets(config);
  if (targets === undefined) {
    if (name === undefined) return { config };
    return {
      problem: `--target ${q(name)} given, but the config has no targets; remove --target, or pass --config with a config that lists them`,
    };
  }
  const target = targets.find((t) => t.name === name);
  if (target === undefined) {
    const what = name === undefined ? "the config has targets" : `--target ${q(name)} names no target of the config`;
    return { problem: `${what}; pass --target with one of: ${targets.map((t) => t.name).join(", ")}` };
  }
  return {
    config: {
      ...config,
      region: target.region,
      accountId: target.accountId,
      vpcEndpoints: target.vpcEndpoints,
      registryPolicy: target.registryPolicy,
      scanning: target.scanning,
      targets: undefined,
    },
    target,
  };
}
