import { EcrPullThroughCacheRule } from "@cdktf/provider-aws/lib/ecr-pull-through-cache-rule";
import { EcrRepositoryCreationTemplate } from "@cdktf/provider-aws/lib/ecr-repository-creation-template";
import { SecretsmanagerSecret } from "@cdktf/provider-aws/lib/secretsmanager-secret";
import { SecretsmanagerSecretVersion } from "@cdktf/provider-aws/lib/secretsmanager-secret-version";
import { Fn, TerraformVariable } from "cdktf";
import { Construct } from "constructs";
import { RegistryConfig, TemplateSettings } from "../config/schema";
import { templateLifecyclePolicy } from "../config/templates";
import { SECRET_NAME_PREFIX } from "../aws/secrets-manager";
import { terraformName } from "../policy/names";

/** Props of {@link PullThroughCache}. */
export interface PullThroughCacheProps {
  /** The ECR repository prefix (`docker-hub`, or `ROOT` for none). */
  readonly prefix: string;
  /** The registry's entry in the config. */
  readonly registry: RegistryConfig;
  /** Creation template settings: the config's defaults merged with the registry's overrides. */
  readonly template: TemplateSettings;
}

/**
 * One upstream registry cached in ECR: the pull through cache rule, the repository creation template that gives
 * its repositories their settings and lifecycle policy, and, for `credentials: managed`, the secret ECR logs in with.
 *
 * Terraform names derive from the prefix (`docker-hub` -> `docker_hub`), so addresses stay stable when registries are
 * added or reordered.
 */
export class PullThroughCache extends Construct {
  /** The pull through cache rule. */
  readonly rule: EcrPullThroughCacheRule;
  /** The creation template for the prefix. */
  readonly template: EcrRepositoryCreationTemplate;
  /** The managed secret, when this construct creates one. */
  readonly secret?: SecretsmanagerSecret;

  constructor(scope: Construct, id: string, props: PullThroughCacheProps) {
    super(scope, id);
    const { prefix, registry, template } = props;
    const name = terraformName(prefix);

    let credentialArn: string | undefined;
    const credentials = registry.credentials;
    if (credentials === "managed") {
      let secretValue: SecretsmanagerSecretVersion;
      [this.secret, secretValue] = this.managedSecret(prefix, name, registry.upstreamRegistryUrl);
      // The secret's ARN as the version reports it: the rule then waits for the secret to hold a value before ECR
      // is told to log in with it, a dependency Terraform sees in the reference (no depends_on needed).
      credentialArn = secretValue.secretId;
    } else if (credentials) {
      credentialArn = credentials.secretArn;
    }

    this.rule = new EcrPullThroughCacheRule(this, "rule", {
      ecrRepositoryPrefix: prefix,
      // Host names are case-insensitive; ECR matches them as written.
      upstreamRegistryUrl: registry.upstreamRegistryUrl.toLowerCase(),
      upstreamRepositoryPrefix: registry.upstreamRepositoryPrefix,
      credentialArn,
      customRoleArn: registry.upstreamRoleArn,
    });
    this.rule.overrideLogicalId(name);

    const encryption = template.encryption ?? { type: "AES256" };
    this.template = new EcrRepositoryCreationTemplate(this, "template", {
      prefix,
      appliedFor: ["PULL_THROUGH_CACHE"],
      description:
        template.description ?? `Pull through cache repositories for ${prefix} (${registry.upstreamRegistryUrl})`,
      imageTagMutability: template.imageTagMutability ?? "MUTABLE",
      encryptionConfiguration: [{ encryptionType: encryption.type, kmsKey: encryption.kmsKey }],
      lifecyclePolicy: JSON.stringify(templateLifecyclePolicy(template)),
      repositoryPolicy: template.repositoryPolicy && JSON.stringify(template.repositoryPolicy),
      resourceTags: template.resourceTags,
      customRoleArn: template.customRoleArn,
    });
    this.template.overrideLogicalId(name);
  }

  /**
   * The `ecr-pullthroughcache/<prefix>` secret and its value. The username and token are sensitive, ephemeral input
   * variables that reach AWS only through the write-only `secret_string_wo`: Terraform never stores them in the plan
   * or the state. Bumping `<name>_credentials_version` writes a new value.
   */
  private managedSecret(
    prefix: string,
    name: string,
    upstream: string,
  ): [SecretsmanagerSecret, SecretsmanagerSecretVersion] {
    const variable = (id: string, description: string) => {
      const v = new TerraformVariable(this, id, { type: "string", sensitive: true, nullable: false, description });
      v.addOverride("ephemeral", true);
      v.overrideLogicalId(`${name}_${id}`);
      return v;
    };
    const username = variable("username", `User name for ${upstream}; never stored in plan or state`);
    const token = variable("access_token", `Access token for ${upstream}; never stored in plan or state`);
    const version = new TerraformVariable(this, "credentials_version", {
      type: "number",
      default: 1,
      description: `Increase to write new ${prefix} credentials into the secret`,
    });
    version.overrideLogicalId(`${name}_credentials_version`);

    // ECR accepts only the default aws/secretsmanager key for these secrets, so no kms_key_id.
    const secret = new SecretsmanagerSecret(this, "secret", {
      name: `${SECRET_NAME_PREFIX}${prefix}`,
      description: `Credentials ECR uses to pull from ${upstream} for the ${prefix} pull through cache`,
    });
    secret.overrideLogicalId(name);

    const secretVersion = new SecretsmanagerSecretVersion(this, "secret_version", {
      secretId: secret.arn,
      secretStringWo: Fn.jsonencode({ username: username.stringValue, accessToken: token.stringValue }),
      secretStringWoVersion: version.numberValue,
    });
    secretVersion.overrideLogicalId(name);
    return [secret, secretVersion];
  }
}
