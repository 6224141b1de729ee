import "cdktf/lib/testing/adapters/jest";
import { EcrPullThroughCacheRule } from "@cdktf/provider-aws/lib/ecr-pull-through-cache-rule";
import { EcrRepositoryCreationTemplate } from "@cdktf/provider-aws/lib/ecr-repository-creation-template";
import { SecretsmanagerSecret } from "@cdktf/provider-aws/lib/secretsmanager-secret";
import { Testing } from "cdktf";
import { PullThroughCache } from "../src/constructs/pull-through-cache";
import { DEFAULT_LIFECYCLE_POLICY } from "../src/policy/default-lifecycle-policy";
import { defaultConfig, minimalInput, resources, synth } from "./support/app";

const ARN = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:ecr-pullthroughcache/hub-AbCdEf";

describe("PullThroughCache construct", () => {
  test("managed credentials: a secret, a write-only version, and ephemeral sensitive variables (snapshot)", () => {
    const json = Testing.synthScope((scope) => {
      new PullThroughCache(scope, "hub", {
        prefix: "docker-hub",
        registry: { upstreamRegistryUrl: "registry-1.docker.io", credentials: "managed" },
        template: {},
      });
    });
    expect(json).toMatchSnapshot();
    const parsed = JSON.parse(json);
    expect(parsed.variable.docker_hub_username).toMatchObject({ ephemeral: true, sensitive: true, type: "string" });
    expect(parsed.variable.docker_hub_access_token).toMatchObject({ ephemeral: true, sensitive: true, type: "string" });
    expect(parsed.variable.docker_hub_credentials_version).toMatchObject({ default: 1, type: "number" });
    const version = parsed.resource.aws_secretsmanager_secret_version.docker_hub;
    expect(version.secret_string_wo).toBe(
      '${jsonencode({"username" = var.docker_hub_username, "accessToken" = var.docker_hub_access_token})}',
    );
    expect(version.secret_string_wo_version).toBe("${var.docker_hub_credentials_version}");
    expect(version).not.toHaveProperty("secret_string");
    const secret = parsed.resource.aws_secretsmanager_secret.docker_hub;
    expect(secret.name).toBe("ecr-pullthroughcache/docker-hub");
    expect(secret).not.toHaveProperty("kms_key_id");
    expect(parsed.resource.aws_ecr_pull_through_cache_rule.docker_hub).toMatchObject({
      // Through the version, so the rule waits for the secret to hold a value: an implicit dependency.
      credential_arn: "${aws_secretsmanager_secret_version.docker_hub.secret_id}",
    });
    expect(parsed.resource.aws_ecr_pull_through_cache_rule.docker_hub).not.toHaveProperty("depends_on");
  });

  test("an existing secretArn is used as is and no secret is created", () => {
    const json = Testing.synthScope((scope) => {
      new PullThroughCache(scope, "hub", {
        prefix: "hub",
        registry: { upstreamRegistryUrl: "registry-1.docker.io", credentials: { secretArn: ARN } },
        template: {},
      });
    });
    expect(json).toHaveResourceWithProperties(EcrPullThroughCacheRule, { credential_arn: ARN });
    expect(json).not.toHaveResource(SecretsmanagerSecret);
    expect(JSON.parse(json).variable).toBeUndefined();
  });

  test("without template settings: MUTABLE, AES256 and the default lifecycle policy", () => {
    const json = Testing.synthScope((scope) => {
      new PullThroughCache(scope, "q", { prefix: "quay", registry: { upstreamRegistryUrl: "quay.io" }, template: {} });
    });
    expect(json).toHaveResourceWithProperties(EcrRepositoryCreationTemplate, {
      prefix: "quay",
      applied_for: ["PULL_THROUGH_CACHE"],
      image_tag_mutability: "MUTABLE",
      encryption_configuration: [{ encryption_type: "AES256" }],
      lifecycle_policy: JSON.stringify(DEFAULT_LIFECYCLE_POLICY),
    });
  });

  test("ECR private upstream: upstream prefix and role reach the rule; ROOT gets the Terraform name root", () => {
    const json = Testing.synthScope((scope) => {
      new PullThroughCache(scope, "root", {
        prefix: "ROOT",
        registry: {
          upstreamRegistryUrl: "111122223333.dkr.ecr.eu-west-1.amazonaws.com",
          upstreamRoleArn: "arn:aws:iam::123456789012:role/ptc",
        },
        template: {},
      });
    });
    const rule = resources(json, "aws_ecr_pull_through_cache_rule").root;
    expect(rule).toMatchObject({
      ecr_repository_prefix: "ROOT",
      custom_role_arn: "arn:aws:iam::123456789012:role/ptc",
    });
    expect(resources(json, "aws_ecr_repository_creation_template").root).toMatchObject({ prefix: "ROOT" });
  });
});

describe("registry-cache stack", () => {
  test("the default config creates the blog's 5 rules, 5 templates and 2 secrets with versions", () => {
    const { registryCache } = synth(defaultConfig());
    const names = (type: string) => Object.keys(resources(registryCache, type)).sort();
    const all = ["docker_hub", "ecr_public", "ghcr", "k8s", "quay"];
    expect(names("aws_ecr_pull_through_cache_rule")).toEqual(all);
    expect(names("aws_ecr_repository_creation_template")).toEqual(all);
    expect(names("aws_secretsmanager_secret")).toEqual(["docker_hub", "ghcr"]);
    expect(names("aws_secretsmanager_secret_version")).toEqual(["docker_hub", "ghcr"]);
    const rules = resources(registryCache, "aws_ecr_pull_through_cache_rule");
    expect(Object.fromEntries(all.map((n) => [n, rules[n].upstream_registry_url]))).toEqual({
      docker_hub: "registry-1.docker.io",
      ecr_public: "public.ecr.aws",
      ghcr: "ghcr.io",
      k8s: "registry.k8s.io",
      quay: "quay.io",
    });
    for (const t of Object.values(resources(registryCache, "aws_ecr_repository_creation_template"))) {
      expect(t).toMatchObject({
        image_tag_mutability: "MUTABLE",
        encryption_configuration: [{ encryption_type: "AES256" }],
      });
    }
  });

  test("a registry's template overrides replace the defaults field by field", () => {
    const { registryCache } = synth(
      minimalInput({
        templateDefaults: { imageTagMutability: "IMMUTABLE", description: "shared" },
        registries: {
          quay: { upstreamRegistryUrl: "quay.io", template: { imageTagMutability: "MUTABLE" } },
          k8s: { upstreamRegistryUrl: "registry.k8s.io" },
        },
      }),
    );
    const templates = resources(registryCache, "aws_ecr_repository_creation_template");
    expect(templates.quay).toMatchObject({ image_tag_mutability: "MUTABLE", description: "shared" });
    expect(templates.k8s).toMatchObject({ image_tag_mutability: "IMMUTABLE", description: "shared" });
  });

  test("the provider has a fully qualified source, a version constraint and the config's region and tags", () => {
    const { registryCache } = synth(minimalInput({ tags: { team: "platform" } }));
    const json = JSON.parse(registryCache);
    expect(json.terraform.required_providers.aws).toEqual({ source: "hashicorp/aws", version: "~> 5.100" });
    expect(json.terraform.required_version).toBe(">= 1.11.0");
    expect(json.provider.aws).toEqual([{ region: "eu-west-1", default_tags: [{ tags: { team: "platform" } }] }]);
  });

  test("the local backend path is relative; the S3 backend uses native locking", () => {
    const local = JSON.parse(synth(minimalInput()).registryCache).terraform.backend;
    expect(local).toEqual({ local: { path: "terraform.registry-cache.tfstate" } });
    const s3 = JSON.parse(synth(minimalInput({ backend: { type: "s3", bucket: "tf-state" } })).registryCache).terraform
      .backend;
    expect(s3).toEqual({
      s3: {
        bucket: "tf-state",
        key: "ecr-pull-cache/registry-cache.tfstate",
        region: "eu-west-1",
        encrypt: true,
        use_lockfile: true,
      },
    });
  });

  test("the only data source is the policy document, computed locally: the plan needs no AWS API", () => {
    const { registryCache } = synth(defaultConfig());
    expect(Object.keys(JSON.parse(registryCache).data)).toEqual(["aws_iam_policy_document"]);
  });

  test("the node policy: login on *, pull/import/create only under each prefix of this registry", () => {
    const { registryCache } = synth(defaultConfig());
    const statements = JSON.parse(registryCache).data.aws_iam_policy_document.node_pull.statement;
    expect(statements).toEqual([
      { sid: "EcrLogin", effect: "Allow", actions: ["ecr:GetAuthorizationToken"], resources: ["*"] },
      {
        sid: "PullThroughCache",
        effect: "Allow",
        actions: [
          "ecr:BatchCheckLayerAvailability",
          "ecr:BatchGetImage",
          "ecr:BatchImportUpstreamImage",
          "ecr:CreateRepository",
          "ecr:GetDownloadUrlForLayer",
        ],
        resources: ["k8s", "ecr-public", "quay", "ghcr", "docker-hub"].map(
          (p) => `arn:aws:ecr:ap-northeast-2:\${var.account_id}:repository/${p}/*`,
        ),
      },
    ]);
  });

  test("a ROOT prefix widens the pull statement to every repository; accountId replaces the variable", () => {
    const { registryCache } = synth(
      minimalInput({
        accountId: "123456789012",
        registries: { ROOT: { upstreamRegistryUrl: "public.ecr.aws" }, quay: { upstreamRegistryUrl: "quay.io" } },
      }),
    );
    const json = JSON.parse(registryCache);
    expect(json.data.aws_iam_policy_document.node_pull.statement[1].resources).toEqual([
      "arn:aws:ecr:eu-west-1:123456789012:repository/*",
    ]);
    expect(json.variable?.account_id).toBeUndefined();
    expect(json.output.cache_repository_urls.value).toEqual({
      ROOT: "123456789012.dkr.ecr.eu-west-1.amazonaws.com",
      quay: "123456789012.dkr.ecr.eu-west-1.amazonaws.com/quay",
    });
  });

  test("the policy is attached to the configured node roles", () => {
    const { registryCache } = synth(minimalInput({ nodeAccess: { roleNames: ["eks-nodes", "karpenter-node"] } }));
    expect(resources(registryCache, "aws_iam_role_policy_attachment")).toEqual({
      node_pull_eks_nodes: { role: "eks-nodes", policy_arn: "${aws_iam_policy.node_pull.arn}" },
      node_pull_karpenter_node: { role: "karpenter-node", policy_arn: "${aws_iam_policy.node_pull.arn}" },
    });
  });

  test("outputs: repository URL base per prefix, managed secret ARNs, the node policy ARN", () => {
    const output = JSON.parse(synth(defaultConfig()).registryCache).output;
    expect(output.cache_repository_urls.value["docker-hub"]).toBe(
      "${var.account_id}.dkr.ecr.ap-northeast-2.amazonaws.com/docker-hub",
    );
    expect(output.secret_arns.value).toEqual({
      "docker-hub": "${aws_secretsmanager_secret.docker_hub.arn}",
      ghcr: "${aws_secretsmanager_secret.ghcr.arn}",
    });
    expect(output.node_policy_arn.value).toBe("${aws_iam_policy.node_pull.arn}");
  });
});
