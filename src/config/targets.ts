/**
 * Targets resolved from a validated config: where each set of stacks deploys, which cache a spoke pulls from, and
 * which spokes a hub grants. Pure: the stacks and the validators read targets only through these functions.
 */
import { ROOT } from "../aws/ecr";
import { iamRoleArn } from "../aws/iam";
import {
  Config,
  RegistryConfig,
  RegistryPolicyConfig,
  ScanningConfig,
  TargetConfig,
  VpcEndpointsConfig,
} from "./schema";

/** A registry: an account and a Region. */
export interface RegistryLocation {
  readonly accountId: string;
  readonly region: string;
}

/** A spoke as its hub sees it: where it is and the role it pulls with. */
export interface SpokeRef extends RegistryLocation {
  readonly name: string;
  /** The spoke's pull through cache role, created by the spoke's stack. */
  readonly roleName: string;
}

/** One target with every default applied. */
export interface ResolvedTarget extends RegistryLocation {
  readonly name: string;
  readonly roleArn?: string;
  /** The target this one pulls from (ECR to ECR), when it is a spoke. */
  readonly hub?: RegistryLocation & { readonly name: string };
  /** The spokes that pull from this target. */
  readonly spokes: readonly SpokeRef[];
  readonly registryPolicy?: RegistryPolicyConfig;
  readonly scanning?: ScanningConfig;
  readonly vpcEndpoints?: VpcEndpointsConfig;
}

/** A target's name: its own, else `<accountId>-<region>`. */
export function targetName(target: TargetConfig, defaultRegion: string): string {
  return target.name ?? `${target.accountId}-${target.region ?? defaultRegion}`;
}

/** The pull through cache role a spoke's stack creates (IAM names are global to an account: the Region is in it). */
export function spokeRoleName(region: string): string {
  return `ecr-pull-cache-ptc-${region}`;
}

/** The creation template role a stack creates when a template needs one and the config names none. */
export function templateRoleName(region: string): string {
  return `ecr-pull-cache-template-${region}`;
}

/** The config's targets resolved, in config order; undefined for a config without `targets` (one implicit target). */
export function resolveTargets(config: Config): ResolvedTarget[] | undefined {
  if (config.targets === undefined) return undefined;
  const byName = new Map(config.targets.map((t) => [targetName(t, config.region), t]));
  const location = (t: TargetConfig): RegistryLocation => ({
    accountId: t.accountId,
    region: t.region ?? config.region,
  });
  return config.targets.map((t) => {
    const name = targetName(t, config.region);
    const hubConfig = t.pullFrom === undefined ? undefined : byName.get(t.pullFrom);
    const spokes = config.targets!.flatMap((s) => {
      if (s.pullFrom !== name) return [];
      const where = location(s);
      return [{ name: targetName(s, config.region), ...where, roleName: spokeRoleName(where.region) }];
    });
    return {
      name,
      ...location(t),
      roleArn: t.roleArn,
      hub: hubConfig === undefined ? undefined : { name: t.pullFrom!, ...location(hubConfig) },
      spokes,
      registryPolicy: t.registryPolicy,
      scanning: t.scanning,
      vpcEndpoints: t.vpcEndpoints,
    };
  });
}

/**
 * The registries a target's cache rules are made from: the config's own for a target that pulls from the upstreams;
 * for a spoke, one ECR-to-ECR rule per prefix pointing at the same prefix of its hub's cache, pulled with the spoke's
 * role and without credentials (only the hub logs in to Docker Hub or GitHub). Templates stay the config's.
 */
export function targetRegistries(config: Config, target: ResolvedTarget): Record<string, RegistryConfig> {
  const hub = target.hub;
  if (hub === undefined) return config.registries;
  return Object.fromEntries(
    Object.entries(config.registries).map(([prefix, registry]) => [
      prefix,
      {
        upstreamRegistryUrl: `${hub.accountId}.dkr.ecr.${hub.region}.amazonaws.com`,
        // A ROOT rule takes no upstream prefix (PullThroughCacheRule): it maps every name as it is.
        upstreamRepositoryPrefix: prefix === ROOT ? undefined : prefix,
        upstreamRoleArn: iamRoleArn(target.accountId, spokeRoleName(target.region)),
        template: registry.template,
      },
    ]),
  );
}
