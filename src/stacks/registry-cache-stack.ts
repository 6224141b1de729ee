import { EcrRegistryPolicy } from "@cdktf/provider-aws/lib/ecr-registry-policy";
import { EcrRegistryScanningConfiguration } from "@cdktf/provider-aws/lib/ecr-registry-scanning-configuration";
import { TerraformOutput, TerraformVariable } from "cdktf";
import { Construct } from "constructs";
import { ResolvedTarget, spokeRoleName, targetRegistries, templateRoleName } from "../config/targets";
import { effectiveTemplate, needsTemplateRole } from "../config/templates";
import { ACCOUNT_ID_PATTERN } from "../aws/account";
import {
  cacheRepositoryPatterns,
  cacheUrl,
  ECR_SERVICE_PRINCIPAL,
  PULL_THROUGH_CACHE_SERVICE_PRINCIPAL,
} from "../aws/ecr";
import { NodePullPolicy } from "../constructs/node-pull-policy";
import { PullThroughCache } from "../constructs/pull-through-cache";
import { ServiceRole } from "../constructs/service-role";
import { registryPolicy, spokeRolePolicy, templateRolePolicy } from "../policy/iam-documents";
import { terraformName } from "../policy/names";
import { BaseStack, BaseStackProps } from "./common";

/** Name of the stack that holds the persistent cache. */
export const REGISTRY_CACHE_STACK = "registry-cache";

/**
 * The persistent half: per configured registry a pull through cache rule, its creation template and, for managed
 * credentials, the secret; plus the IAM policy nodes need to pull through the cache. Deployed once and kept; the
 * cache survives clusters and endpoints coming and going. For a target, also what its place among the targets needs:
 * a spoke's role, a hub's registry policy, the scanning configuration.
 */
export class RegistryCacheStack extends BaseStack {
  /** One construct per registry, keyed by ECR prefix. */
  readonly caches: Readonly<Record<string, PullThroughCache>>;
  /** The node pull policy. */
  readonly nodePolicy: NodePullPolicy;

  constructor(scope: Construct, props: BaseStackProps) {
    super(scope, REGISTRY_CACHE_STACK, props);
    const { config, target } = props;
    const region = this.region;
    const registries = target === undefined ? config.registries : targetRegistries(config, target);
    const prefixes = Object.keys(registries);

    // Known at plan time (unlike a rule's registry_id), so the policy and the URLs show in the plan.
    const account =
      target?.accountId ??
      config.accountId ??
      new TerraformVariable(this, "account_id", {
        type: "string",
        nullable: false,
        description: "12-digit ID of the AWS account that owns the cache",
        validation: [
          {
            condition: `\${can(regex(${JSON.stringify(ACCOUNT_ID_PATTERN.source)}, var.account_id))}`,
            errorMessage: "account_id must be 12 digits.",
          },
        ],
      }).stringValue;
    const here = { accountId: account, region };

    // A spoke pulls from its hub with a role of its own; the rules reference it, so it exists before them.
    const spokeRole =
      target?.hub &&
      new ServiceRole(this, "spoke-pull", {
        name: spokeRoleName(region),
        description: `ECR pulls through cache from ${target.hub.name} (${target.hub.accountId}, ${target.hub.region}) with this role (created by ecr-pull-cache)`,
        service: PULL_THROUGH_CACHE_SERVICE_PRINCIPAL,
        policy: spokeRolePolicy(target.hub, here, prefixes),
        logicalId: "spoke_pull",
      });

    const templates = Object.fromEntries(
      Object.entries(registries).map(([p, r]) => [p, effectiveTemplate(config.templateDefaults, r.template)]),
    );
    const templateRole = this.templateRole(templates, here);

    const caches: Record<string, PullThroughCache> = {};
    for (const [prefix, registry] of Object.entries(registries)) {
      const template = templates[prefix];
      caches[prefix] = new PullThroughCache(this, `cache-${terraformName(prefix)}`, {
        prefix,
        registry: spokeRole ? { ...registry, upstreamRoleArn: spokeRole.role.arn } : registry,
        template:
          templateRole && needsTemplateRole(template)
            ? { ...template, customRoleArn: templateRole.role.arn }
            : template,
      });
    }
    this.caches = caches;

    this.nodePolicy = new NodePullPolicy(this, "node-pull", {
      name: config.nodeAccess.policyName ?? `ecr-pull-cache-node-pull-${region}`,
      region,
      account,
      prefixes,
      roleNames: config.nodeAccess.roleNames,
    });

    this.registryAccess(target, prefixes, here, target === undefined ? config : target);

    new TerraformOutput(this, "cache_repository_urls", {
      description: "Per ECR prefix, the base to pull through: <url>/<upstream repository>:<tag>",
      value: Object.fromEntries(prefixes.map((p) => [p, cacheUrl({ account, region }, p)])),
    });
    new TerraformOutput(this, "secret_arns", {
      description: "Per ECR prefix with managed credentials, the Secrets Manager secret that holds them",
      value: Object.fromEntries(Object.entries(caches).flatMap(([p, c]) => (c.secret ? [[p, c.secret.arn]] : []))),
    });
    new TerraformOutput(this, "node_policy_arn", {
      description: "IAM policy to attach to node roles so they can pull through the cache",
      value: this.nodePolicy.policy.arn,
    });
  }

  /**
   * The role ECR assumes to create repositories whose template tags them or encrypts them with KMS, when the config
   * names none: scoped to those templates' prefixes and keys (the account's keys in the Region for an AWS managed
   * key).
   */
  private templateRole(
    templates: Record<string, ReturnType<typeof effectiveTemplate>>,
    here: { accountId: string; region: string },
  ): ServiceRole | undefined {
    const needing = Object.entries(templates).filter(([, t]) => needsTemplateRole(t));
    if (needing.length === 0) return undefined;
    const keys = needing.flatMap(([, t]) => {
      if (t.encryption === undefined || t.encryption.type === "AES256") return [];
      return [t.encryption.kmsKey ?? `arn:aws:kms:${here.region}:${here.accountId}:key/*`];
    });
    return new ServiceRole(this, "template-role", {
      name: templateRoleName(here.region),
      description: "ECR assumes this role to create pull through cache repositories (created by ecr-pull-cache)",
      service: ECR_SERVICE_PRINCIPAL,
      policy: templateRolePolicy(
        here,
        needing.map(([p]) => p),
        [...new Set(keys)],
      ),
      logicalId: "template",
    });
  }

  /** The registry policy (spokes in other accounts, the configured grants) and the scanning configuration. */
  private registryAccess(
    target: ResolvedTarget | undefined,
    prefixes: readonly string[],
    here: { accountId: string; region: string },
    settings: Pick<ResolvedTarget, "registryPolicy" | "scanning">,
  ): void {
    const spokes = (target?.spokes ?? []).filter((s) => s.accountId !== target?.accountId);
    const document = registryPolicy(here, prefixes, { spokes, ...settings.registryPolicy });
    if (document) {
      new EcrRegistryPolicy(this, "registry-policy", { policy: JSON.stringify(document) }).overrideLogicalId("cache");
    }
    const scanning = settings.scanning;
    if (scanning) {
      new EcrRegistryScanningConfiguration(this, "scanning", {
        scanType: scanning.type,
        rule: [
          {
            scanFrequency: scanning.frequency,
            repositoryFilter: cacheRepositoryPatterns(prefixes).map((filter) => ({ filter, filterType: "WILDCARD" })),
          },
        ],
      }).overrideLogicalId("cache");
    }
  }
}
