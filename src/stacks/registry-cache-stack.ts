import { TerraformOutput, TerraformVariable } from "cdktf";
import { Construct } from "constructs";
import { ACCOUNT_ID_PATTERN } from "../aws/account";
import { cacheUrl } from "../aws/ecr";
import { effectiveTemplate } from "../config/templates";
import { NodePullPolicy } from "../constructs/node-pull-policy";
import { PullThroughCache } from "../constructs/pull-through-cache";
import { terraformName } from "../policy/names";
import { BaseStack, BaseStackProps } from "./common";

/** Name of the stack that holds the persistent cache. */
export const REGISTRY_CACHE_STACK = "registry-cache";

/**
 * The persistent half: per configured registry a pull through cache rule, its creation template and, for managed
 * credentials, the secret; plus the IAM policy nodes need to pull through the cache. Deployed once and kept; the
 * cache survives clusters and endpoints coming and going.
 */
export class RegistryCacheStack extends BaseStack {
  /** One construct per registry, keyed by ECR prefix. */
  readonly caches: Readonly<Record<string, PullThroughCache>>;
  /** The node pull policy. */
  readonly nodePolicy: NodePullPolicy;

  constructor(scope: Construct, props: BaseStackProps) {
    super(scope, REGISTRY_CACHE_STACK, props);
    const { config } = props;
    const caches: Record<string, PullThroughCache> = {};
    for (const [prefix, registry] of Object.entries(config.registries)) {
      caches[prefix] = new PullThroughCache(this, `cache-${terraformName(prefix)}`, {
        prefix,
        registry,
        template: effectiveTemplate(config.templateDefaults, registry.template),
      });
    }
    this.caches = caches;

    // Known at plan time (unlike a rule's registry_id), so the policy and the URLs show in the plan.
    const account =
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

    this.nodePolicy = new NodePullPolicy(this, "node-pull", {
      name: config.nodeAccess.policyName ?? `ecr-pull-cache-node-pull-${config.region}`,
      region: config.region,
      account,
      prefixes: Object.keys(config.registries),
      roleNames: config.nodeAccess.roleNames,
    });

    const target = { account, region: config.region };
    new TerraformOutput(this, "cache_repository_urls", {
      description: "Per ECR prefix, the base to pull through: <url>/<upstream repository>:<tag>",
      value: Object.fromEntries(Object.keys(config.registries).map((p) => [p, cacheUrl(target, p)])),
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
}
