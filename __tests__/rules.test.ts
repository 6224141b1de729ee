/** The ECR rule checks (src/validate/): every rule with a failing and a passing config, matched by message text. */
import * as path from "node:path";
import { parse as parseYaml } from "yaml";
import { loadConfig } from "../src/config/load";
import { formatFinding } from "../src/validate/finding";
import { policyAllows } from "../src/aws/iam-policy";
import { ROOT } from "./support/app";
import { renderedFindings as rendered } from "./support/findings";
import blogPolicy from "./fixtures/blog-lifecycle-policy.json";

type Input = Record<string, unknown>;

const ACCOUNT = "123456789012";
const ROLE = `arn:aws:iam::${ACCOUNT}:role/ecr-template`;
const SECRET = `arn:aws:secretsmanager:eu-west-1:${ACCOUNT}:secret:ecr-pullthroughcache/hub-AbCdEf`;
const KMS_KEY = `arn:aws:kms:eu-west-1:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
const LAYERS = "arn:aws:s3:::prod-eu-west-1-starport-layer-bucket/*";

/** The small valid config every case starts from. */
const BASE: Input = { region: "eu-west-1", registries: { quay: { upstreamRegistryUrl: "quay.io" } } };

const withRegion = (region: string): Input => ({ ...BASE, region });
const withRegistries = (registries: Input): Input => ({ ...BASE, registries });
const withRegistry = (registry: Input, prefix = "up"): Input => withRegistries({ [prefix]: registry });
const withDefaults = (templateDefaults: Input): Input => ({ ...BASE, templateDefaults });
const withEndpoints = (endpoints: Input, section: Input = {}): Input => ({
  ...BASE,
  vpcEndpoints: { ...section, endpoints },
});
/** ecr.api, ecr.dkr and an s3 Gateway: the minimal endpoint set that raises no warning. */
const ECR_ENDPOINTS: Input = {
  ecr_api: { service: "ecr.api", type: "Interface" },
  ecr_dkr: { service: "ecr.dkr", type: "Interface" },
  s3: { service: "s3", type: "Gateway" },
};
const s3Policy = (...Statement: Input[]): Input =>
  withEndpoints({ s3: { service: "s3", type: "Gateway", policy: { Version: "2012-10-17", Statement } } });
const manyRegistries = (n: number): Input =>
  Object.fromEntries(Array.from({ length: n }, (_, i) => [`p${i + 10}`, { upstreamRegistryUrl: "quay.io" }]));

describe("the shipped configs", () => {
  test("config/default.yaml gives no finding: synth of the default is quiet", () => {
    expect(loadConfig(path.join(ROOT, "config", "default.yaml")).warnings).toEqual([]);
  });

  test("__tests__/fixtures/custom.yaml gives no finding", () => {
    expect(loadConfig(path.join(ROOT, "__tests__", "fixtures", "custom.yaml")).warnings).toEqual([]);
  });

  test("the base config of these tests gives no finding", () => {
    expect(rendered(BASE)).toEqual([]);
  });
});

describe("registries", () => {
  test.each<[string, Input, string]>([
    [
      "region looks like a Region",
      withRegion("eu-west"),
      'error: region: region is not an AWS Region name ("eu-west"); write a Region code such as "eu-west-1" or "ap-northeast-2"',
    ],
    [
      "region has pull through cache",
      withRegion("cn-north-1"),
      'error: region: ECR pull through cache is not available in this Region (nor in cn-north-1, cn-northwest-1, us-gov-east-1, us-gov-west-1) ("cn-north-1"); choose a commercial Region where pull through cache exists, such as "us-east-1" or "eu-west-1"',
    ],
    [
      "region has pull through cache (GovCloud)",
      withRegion("us-gov-west-1"),
      'error: region: ECR pull through cache is not available in this Region (nor in cn-north-1, cn-northwest-1, us-gov-east-1, us-gov-west-1) ("us-gov-west-1"); choose a commercial Region where pull through cache exists, such as "us-east-1" or "eu-west-1"',
    ],
    [
      "ECR prefix pattern (uppercase)",
      withRegistry({ upstreamRegistryUrl: "quay.io" }, "Quay"),
      'error: registries.Quay: ECR repository prefix (the registries key) is invalid ("Quay"); use 2-30 characters of lowercase letters and digits, path components joined by "/", words joined by one ".", "_" or "-" (like docker-hub or team/hub), or ROOT for no prefix',
    ],
    [
      "ECR prefix length (1)",
      withRegistry({ upstreamRegistryUrl: "quay.io" }, "q"),
      'error: registries.q: ECR repository prefix (the registries key) is invalid ("q"); use 2-30 characters of lowercase letters and digits, path components joined by "/", words joined by one ".", "_" or "-" (like docker-hub or team/hub), or ROOT for no prefix',
    ],
    [
      "ECR prefix length (31)",
      withRegistry({ upstreamRegistryUrl: "quay.io" }, "a".repeat(31)),
      `error: registries.${"a".repeat(31)}: ECR repository prefix (the registries key) is invalid ("${"a".repeat(31)}"); use 2-30 characters of lowercase letters and digits, path components joined by "/", words joined by one ".", "_" or "-" (like docker-hub or team/hub), or ROOT for no prefix`,
    ],
    [
      "ECR prefix with a doubled separator (the API takes it, the AWS provider 5.100.0 refuses it at plan)",
      withRegistry({ upstreamRegistryUrl: "quay.io" }, "my--cache"),
      'error: registries.my--cache: ECR repository prefix (the registries key) is invalid ("my--cache"); use 2-30 characters of lowercase letters and digits, path components joined by "/", words joined by one ".", "_" or "-" (like docker-hub or team/hub), or ROOT for no prefix',
    ],
    [
      "upstream prefix with a doubled separator",
      withRegistry({ upstreamRegistryUrl: "quay.io", upstreamRepositoryPrefix: "team__a" }),
      'error: registries.up.upstreamRepositoryPrefix: upstreamRepositoryPrefix is invalid ("team__a"); use 2-30 characters of lowercase letters and digits, path components joined by "/", words joined by one ".", "_" or "-" (like upstream-app), or ROOT for any repository',
    ],
    [
      "upstream prefix pattern",
      withRegistry({ upstreamRegistryUrl: "quay.io", upstreamRepositoryPrefix: "Org" }),
      'error: registries.up.upstreamRepositoryPrefix: upstreamRepositoryPrefix is invalid ("Org"); use 2-30 characters of lowercase letters and digits, path components joined by "/", words joined by one ".", "_" or "-" (like upstream-app), or ROOT for any repository',
    ],
    [
      "upstream prefix only with a non-ROOT ECR prefix",
      withRegistry({ upstreamRegistryUrl: "quay.io", upstreamRepositoryPrefix: "org" }, "ROOT"),
      'error: registries.ROOT.upstreamRepositoryPrefix: upstreamRepositoryPrefix needs a non-ROOT ECR repository prefix ("org"); key this registry by a prefix (like my-app) instead of ROOT, or remove upstreamRepositoryPrefix',
    ],
    [
      "prefixes unique after the implied trailing /",
      withRegistries({ quay: { upstreamRegistryUrl: "quay.io" }, "quay/": { upstreamRegistryUrl: "quay.io" } }),
      'error: registries["quay/"]: ECR repository prefix is the same as registries key "quay" (a trailing "/" is implied) ("quay/"); keep one of the two registries, or rename this one to a different prefix',
    ],
    [
      "Terraform names unique",
      withRegistries({ "a-b": { upstreamRegistryUrl: "quay.io" }, a_b: { upstreamRegistryUrl: "quay.io" } }),
      'error: registries.a_b: ECR repository prefix gives the same Terraform name "a_b" as registries key "a-b" ("a_b"); rename one of the two prefixes so they differ in more than "-", "_", "." or "/"',
    ],
    [
      "at most 50 rules per Region",
      withRegistries(manyRegistries(51)),
      "error: registries: ECR allows at most 50 pull through cache rules per Region (a fixed quota) (51); remove registries until at most 50 remain, or split them across Regions",
    ],
    [
      "supported upstream",
      withRegistry({ upstreamRegistryUrl: "registry.example.com" }),
      'error: registries.up.upstreamRegistryUrl: upstreamRegistryUrl is not an upstream ECR pull through cache supports ("registry.example.com"); use one of public.ecr.aws, registry.k8s.io, quay.io, registry-1.docker.io, ghcr.io, <name>.azurecr.io, registry.gitlab.com, cgr.dev or <account>.dkr.ecr.<region>.amazonaws.com',
    ],
    [
      "supported upstream (docker.io)",
      withRegistry({ upstreamRegistryUrl: "docker.io", credentials: "managed" }),
      'error: registries.up.upstreamRegistryUrl: upstreamRegistryUrl is not the Docker Hub host ECR accepts ("docker.io"); write upstreamRegistryUrl: registry-1.docker.io',
    ],
    [
      "supported upstream (index.docker.io)",
      withRegistry({ upstreamRegistryUrl: "index.docker.io", credentials: "managed" }),
      'error: registries.up.upstreamRegistryUrl: upstreamRegistryUrl is not the Docker Hub host ECR accepts ("index.docker.io"); write upstreamRegistryUrl: registry-1.docker.io',
    ],
    [
      "supported upstream (scheme)",
      withRegistry({ upstreamRegistryUrl: "https://quay.io" }),
      'error: registries.up.upstreamRegistryUrl: upstreamRegistryUrl must be a bare host, without a scheme, a user name or a path ("https://quay.io"); write upstreamRegistryUrl: quay.io',
    ],
    [
      "supported upstream (path)",
      withRegistry({ upstreamRegistryUrl: "ghcr.io/my-org", credentials: "managed" }),
      'error: registries.up.upstreamRegistryUrl: upstreamRegistryUrl must be a bare host, without a scheme, a user name or a path ("ghcr.io/my-org"); write upstreamRegistryUrl: ghcr.io',
    ],
    [
      "credentials where needed (Docker Hub)",
      withRegistry({ upstreamRegistryUrl: "registry-1.docker.io" }),
      "error: registries.up: upstream registry-1.docker.io needs credentials; add credentials: managed (the stack creates the ecr-pullthroughcache/<prefix> secret), or credentials: { secretArn: <ARN of an ecr-pullthroughcache/... secret> }",
    ],
    [
      "credentials where needed (Azure)",
      withRegistry({ upstreamRegistryUrl: "myregistry.azurecr.io" }),
      "error: registries.up: upstream myregistry.azurecr.io needs credentials; add credentials: managed (the stack creates the ecr-pullthroughcache/<prefix> secret), or credentials: { secretArn: <ARN of an ecr-pullthroughcache/... secret> }",
    ],
    [
      "credentials where needed (Chainguard)",
      withRegistry({ upstreamRegistryUrl: "cgr.dev" }),
      "error: registries.up: upstream cgr.dev needs credentials; add credentials: managed (the stack creates the ecr-pullthroughcache/<prefix> secret), or credentials: { secretArn: <ARN of an ecr-pullthroughcache/... secret> }",
    ],
    [
      "no credentials for public upstreams",
      withRegistry({ upstreamRegistryUrl: "registry.k8s.io", credentials: "managed" }),
      "error: registries.up.credentials: upstream registry.k8s.io does not take credentials; remove credentials; this upstream is public",
    ],
    [
      "no credentials for ECR private",
      withRegistry({
        upstreamRegistryUrl: "111122223333.dkr.ecr.eu-west-1.amazonaws.com",
        upstreamRoleArn: ROLE,
        credentials: "managed",
      }),
      "error: registries.up.credentials: upstream 111122223333.dkr.ecr.eu-west-1.amazonaws.com does not take credentials; remove credentials; an ECR private upstream is reached with upstreamRoleArn",
    ],
    [
      "ECR private needs upstreamRoleArn",
      withRegistry({ upstreamRegistryUrl: "111122223333.dkr.ecr.eu-west-1.amazonaws.com" }),
      "error: registries.up: an ECR private upstream (111122223333.dkr.ecr.eu-west-1.amazonaws.com) needs upstreamRoleArn; add upstreamRoleArn: arn:aws:iam::<account>:role/<name>, a role trusted by pullthroughcache.ecr.amazonaws.com that may pull from the upstream registry",
    ],
    [
      "upstreamRoleArn only for ECR private",
      withRegistry({ upstreamRegistryUrl: "quay.io", upstreamRoleArn: ROLE }),
      "error: registries.up.upstreamRoleArn: upstreamRoleArn is only for an ECR private upstream, not quay.io; remove upstreamRoleArn",
    ],
    [
      "upstreamRoleArn is an IAM role ARN",
      withRegistry({
        upstreamRegistryUrl: "111122223333.dkr.ecr.eu-west-1.amazonaws.com",
        upstreamRoleArn: `arn:aws:iam::${ACCOUNT}:user/bob`,
      }),
      'error: registries.up.upstreamRoleArn: upstreamRoleArn is not an IAM role ARN ("arn:aws:iam::123456789012:user/bob"); write upstreamRoleArn: arn:aws:iam::<12-digit account>:role/<name>',
    ],
    [
      "secretArn names an ecr-pullthroughcache/ secret",
      withRegistry({
        upstreamRegistryUrl: "registry-1.docker.io",
        credentials: { secretArn: `arn:aws:secretsmanager:eu-west-1:${ACCOUNT}:secret:dockerhub-AbCdEf` },
      }),
      'error: registries.up.credentials.secretArn: secretArn is not the ARN of a secret named ecr-pullthroughcache/... (value not shown); ECR only reads secrets whose name starts with "ecr-pullthroughcache/": create or rename the secret to ecr-pullthroughcache/<name> and write secretArn: arn:aws:secretsmanager:<region>:<account>:secret:ecr-pullthroughcache/<name>, or use credentials: managed',
    ],
    [
      "secretArn in the config's Region",
      withRegistry({
        upstreamRegistryUrl: "registry-1.docker.io",
        credentials: { secretArn: SECRET.replace("eu-west-1", "us-east-1") },
      }),
      "error: registries.up.credentials.secretArn: the secret is in us-east-1, but ECR reads credentials only from the Region of the rule (eu-west-1) (value not shown); create the secret in eu-west-1 (replicate it if needed) and use that ARN, or use credentials: managed",
    ],
  ])("rule %s: rejected with its message", (_rule, input, message) => {
    expect(rendered(input)).toContain(message);
  });

  test.each<[string, Input]>([
    ["region looks like a Region", withRegion("ap-northeast-2")],
    ["region has pull through cache", withRegion("us-east-1")],
    ["ECR prefix pattern", withRegistry({ upstreamRegistryUrl: "quay.io" }, "team/hub/")],
    ["ECR prefix pattern (ROOT)", withRegistry({ upstreamRegistryUrl: "quay.io" }, "ROOT")],
    ["ECR prefix length (30)", withRegistry({ upstreamRegistryUrl: "quay.io" }, "a".repeat(30))],
    [
      "upstream prefix pattern",
      withRegistry({ upstreamRegistryUrl: "quay.io", upstreamRepositoryPrefix: "upstream-app" }),
    ],
    [
      "upstream prefix only with a non-ROOT ECR prefix",
      withRegistry({ upstreamRegistryUrl: "quay.io", upstreamRepositoryPrefix: "ROOT" }, "ROOT"),
    ],
    [
      "prefixes unique after the implied trailing /",
      withRegistries({ quay: { upstreamRegistryUrl: "quay.io" }, "quay/team/": { upstreamRegistryUrl: "quay.io" } }),
    ],
    [
      "Terraform names unique",
      withRegistries({ "a-b": { upstreamRegistryUrl: "quay.io" }, "a-c": { upstreamRegistryUrl: "quay.io" } }),
    ],
    ["at most 50 rules per Region", withRegistries(manyRegistries(50))],
    ["supported upstream (ECR Public)", withRegistry({ upstreamRegistryUrl: "public.ecr.aws" })],
    ["supported upstream (Quay, any case)", withRegistry({ upstreamRegistryUrl: "Quay.io" })],
    [
      "supported upstream (Docker Hub)",
      withRegistry({ upstreamRegistryUrl: "registry-1.docker.io", credentials: "managed" }),
    ],
    ["supported upstream (GitHub)", withRegistry({ upstreamRegistryUrl: "ghcr.io", credentials: "managed" })],
    [
      "supported upstream (GitLab)",
      withRegistry({ upstreamRegistryUrl: "registry.gitlab.com", credentials: "managed" }),
    ],
    [
      "supported upstream (Azure)",
      withRegistry({ upstreamRegistryUrl: "myregistry.azurecr.io", credentials: "managed" }),
    ],
    ["supported upstream (Chainguard)", withRegistry({ upstreamRegistryUrl: "cgr.dev", credentials: "managed" })],
    [
      "supported upstream (ECR private with role)",
      withRegistry({ upstreamRegistryUrl: "111122223333.dkr.ecr.eu-west-1.amazonaws.com", upstreamRoleArn: ROLE }),
    ],
    [
      "secretArn names an ecr-pullthroughcache/ secret in the Region",
      withRegistry({ upstreamRegistryUrl: "registry-1.docker.io", credentials: { secretArn: SECRET } }),
    ],
  ])("rule %s: accepted", (_rule, input) => {
    expect(rendered(input)).toEqual([]);
  });
});

describe("creation templates", () => {
  const tags = (key: string, value: string) => ({ customRoleArn: ROLE, resourceTags: { [key]: value } });
  test.each<[string, Input, string]>([
    [
      "customRoleArn is an IAM role ARN",
      withDefaults({ customRoleArn: "ecr-template" }),
      'error: templateDefaults.customRoleArn: customRoleArn is not an IAM role ARN ("ecr-template"); write customRoleArn: arn:aws:iam::<12-digit account>:role/<name>',
    ],
    [
      "kmsKey only with KMS",
      withDefaults({ customRoleArn: ROLE, encryption: { type: "AES256", kmsKey: KMS_KEY } }),
      'error: templateDefaults.encryption.kmsKey: kmsKey is only used with encryption type "KMS" ("AES256"); set encryption.type: KMS, or remove kmsKey',
    ],
    [
      "kmsKey is a KMS key ARN",
      withDefaults({ customRoleArn: ROLE, encryption: { type: "KMS", kmsKey: "alias/ecr" } }),
      'error: templateDefaults.encryption.kmsKey: kmsKey is not a KMS key ARN ("alias/ecr"); write kmsKey: arn:aws:kms:<region>:<12-digit account>:key/<key id>',
    ],
    [
      "kmsKey in the config's Region",
      withDefaults({
        customRoleArn: ROLE,
        encryption: { type: "KMS", kmsKey: KMS_KEY.replace("eu-west-1", "us-east-1") },
      }),
      'error: templateDefaults.encryption.kmsKey: the KMS key is in us-east-1, but repositories in eu-west-1 can only use keys of their own Region ("arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"); use a key in eu-west-1 (a multi-Region replica key works)',
    ],
    [
      "no KMS_DSSE",
      withDefaults({ customRoleArn: ROLE, encryption: { type: "KMS_DSSE" } }),
      'error: templateDefaults.encryption.type: encryption type KMS_DSSE exists only in the GovCloud Regions, where pull through cache does not ("KMS_DSSE"); set encryption.type: KMS (or AES256)',
    ],
    [
      "no IMMUTABLE_WITH_EXCLUSION",
      withDefaults({ imageTagMutability: "IMMUTABLE_WITH_EXCLUSION" }),
      'error: templateDefaults.imageTagMutability: IMMUTABLE_WITH_EXCLUSION needs exclusion filters, which hashicorp/aws 5.100.0 cannot set ("IMMUTABLE_WITH_EXCLUSION"); write imageTagMutability: IMMUTABLE (or MUTABLE, which AWS recommends for pull through cache)',
    ],
    [
      "no MUTABLE_WITH_EXCLUSION",
      withRegistry({ upstreamRegistryUrl: "quay.io", template: { imageTagMutability: "MUTABLE_WITH_EXCLUSION" } }),
      'error: registries.up.template.imageTagMutability: MUTABLE_WITH_EXCLUSION needs exclusion filters, which hashicorp/aws 5.100.0 cannot set ("MUTABLE_WITH_EXCLUSION"); write imageTagMutability: MUTABLE',
    ],
    [
      "repositoryPolicy at most 10,240 characters",
      withDefaults({ repositoryPolicy: { Version: "2012-10-17", Statement: [{ Sid: "x".repeat(10_240) }] } }),
      "error: templateDefaults.repositoryPolicy: the repository policy JSON is 10289 characters long; ECR accepts at most 10240 characters; shorten it to at most 10240 characters",
    ],
    [
      "description at most 255 characters",
      withDefaults({ description: "d".repeat(256) }),
      "error: templateDefaults.description: the description is 256 bytes (UTF-8) long; the AWS provider accepts at most 255 bytes (UTF-8); shorten it to at most 255 bytes (a letter outside ASCII takes 2-4 bytes: Korean and most emoji take 3-4)",
    ],
    [
      "tag key at most 128 characters",
      withDefaults(tags("k".repeat(129), "v")),
      `error: templateDefaults.resourceTags.${"k".repeat(9)}…${"k".repeat(39)}: the tag key is 129 characters long; AWS accepts at most 128 characters; shorten it to at most 128 characters`,
    ],
    [
      "tag value at most 256 characters",
      withDefaults(tags("team", "v".repeat(257))),
      "error: templateDefaults.resourceTags.team: the tag value is 257 characters long; AWS accepts at most 256 characters; shorten it to at most 256 characters",
    ],
    [
      "IMMUTABLE warns (registry template)",
      withRegistry({ upstreamRegistryUrl: "quay.io", template: { imageTagMutability: "IMMUTABLE" } }),
      'warning: registries.up.template.imageTagMutability: IMMUTABLE tags stop ECR from refreshing a cached tag such as latest or v1 from upstream: pulls keep returning the first image cached ("IMMUTABLE"); write imageTagMutability: MUTABLE, which AWS recommends for pull through cache; keep IMMUTABLE only to protect against an upstream tag being re-pointed to another image',
    ],
    [
      "lifecycle policy of a registry template",
      withRegistry({ upstreamRegistryUrl: "quay.io", template: { lifecyclePolicy: { rules: [] } } }),
      "error: registries.up.template.lifecyclePolicy.rules: rules is empty; add at least one rule",
    ],
  ])("rule %s: rejected with its message", (_rule, input, message) => {
    expect(rendered(input)).toContain(message);
  });

  test.each<[string, Input]>([
    [
      "customRoleArn with resourceTags and a KMS key",
      withDefaults({
        customRoleArn: ROLE,
        resourceTags: { team: "platform" },
        encryption: { type: "KMS", kmsKey: KMS_KEY },
      }),
    ],
    [
      "customRoleArn from templateDefaults covers a registry's tags",
      {
        ...withRegistry({ upstreamRegistryUrl: "quay.io", template: { resourceTags: { cache: "quay" } } }),
        templateDefaults: { customRoleArn: ROLE },
      },
    ],
    ["KMS with the AWS managed key and a role", withDefaults({ customRoleArn: ROLE, encryption: { type: "KMS" } })],
    ["AES256 without a role", withDefaults({ encryption: { type: "AES256" } })],
    ["MUTABLE", withDefaults({ imageTagMutability: "MUTABLE" })],
    [
      "IMMUTABLE defaults overridden by every registry",
      {
        ...withRegistry({ upstreamRegistryUrl: "quay.io", template: { imageTagMutability: "MUTABLE" } }),
        templateDefaults: { imageTagMutability: "IMMUTABLE" },
      },
    ],
    [
      "repositoryPolicy at most 10,240 characters",
      withDefaults({ repositoryPolicy: { Version: "2012-10-17", Statement: [{ Sid: "x".repeat(10_000) }] } }),
    ],
    ["description at most 255 characters", withDefaults({ description: "d".repeat(255) })],
    ["tag key and value at their limits", withDefaults(tags("k".repeat(128), "v".repeat(256)))],
  ])("rule %s: accepted", (_rule, input) => {
    expect(rendered(input)).toEqual([]);
  });

  test("IMMUTABLE in templateDefaults warns once, not once per registry", () => {
    const input = {
      ...withRegistries({ quay: { upstreamRegistryUrl: "quay.io" }, k8s: { upstreamRegistryUrl: "registry.k8s.io" } }),
      templateDefaults: { imageTagMutability: "IMMUTABLE" },
    };
    expect(rendered(input)).toEqual([
      expect.stringMatching(/^warning: templateDefaults\.imageTagMutability: IMMUTABLE tags stop ECR from refreshing/),
    ]);
  });

  test("the seed blog's lifecycle policy is rejected naming both broken rules", () => {
    expect(rendered(withDefaults({ lifecyclePolicy: blogPolicy }))).toEqual([
      'error: templateDefaults.lifecyclePolicy.rules[0].selection: tagStatus "tagged" needs a tagPatternList or a tagPrefixList; add tagPatternList ["*"] to select every tagged image, or a tagPrefixList such as ["v"]',
      'error: templateDefaults.lifecyclePolicy.rules[0].action.type: countType "sinceImagePulled" works only with action type "transition" ("expire"); use action.type "transition" with targetStorageClass "archive", or countType "sinceImagePushed" to expire',
    ]);
  });
});

describe("VPC endpoints", () => {
  const ECR_WARNING =
    "warning: vpcEndpoints.endpoints: ECR endpoints (ecr_api) without an s3 Gateway endpoint: image layers come from S3 and would still go through the NAT; add s3: { service: s3, type: Gateway }";
  test.each<[string, Input, string]>([
    [
      "Interface needs subnets",
      withEndpoints({ sts: { service: "sts", type: "Interface", subnetIds: [] } }),
      "error: vpcEndpoints.endpoints.sts.subnetIds: an Interface endpoint needs at least one entry in subnetIds ([]); list at least one, or remove subnetIds to use vpcEndpoints.subnetIds",
    ],
    [
      "Interface needs security groups",
      withEndpoints({ sts: { service: "sts", type: "Interface", securityGroupIds: [] } }),
      "error: vpcEndpoints.endpoints.sts.securityGroupIds: an Interface endpoint needs at least one entry in securityGroupIds ([]); list at least one, or remove securityGroupIds to use the stack's own security group",
    ],
    [
      "Interface needs subnets (inherited empty list)",
      withEndpoints({ sts: { service: "sts", type: "Interface" } }, { subnetIds: [] }),
      "error: vpcEndpoints.subnetIds: an Interface endpoint needs at least one entry in subnetIds ([]); list at least one, or remove subnetIds to use the private_subnet_ids input variable",
    ],
    [
      "Gateway needs route tables",
      withEndpoints({ s3: { service: "s3", type: "Gateway", routeTableIds: [] } }),
      "error: vpcEndpoints.endpoints.s3.routeTableIds: a Gateway endpoint needs at least one entry in routeTableIds ([]); list at least one, or remove routeTableIds to use vpcEndpoints.routeTableIds",
    ],
    [
      "Gateway only for s3 and dynamodb",
      withEndpoints({ ecr_api: { service: "ecr.api", type: "Gateway" } }),
      'error: vpcEndpoints.endpoints.ecr_api.service: only s3 and dynamodb have Gateway endpoints ("ecr.api"); set type: Interface, or use service s3 or dynamodb',
    ],
    [
      "no privateDns on a Gateway endpoint",
      withEndpoints({ s3: { service: "s3", type: "Gateway", privateDns: true } }),
      "error: vpcEndpoints.endpoints.s3.privateDns: privateDns is only for Interface endpoints, not Gateway; remove privateDns",
    ],
    [
      "no subnetIds on a Gateway endpoint",
      withEndpoints({ s3: { service: "s3", type: "Gateway", subnetIds: ["subnet-0abc"] } }),
      "error: vpcEndpoints.endpoints.s3.subnetIds: subnetIds is only for Interface endpoints, not Gateway; remove subnetIds",
    ],
    [
      "no securityGroupIds on a Gateway endpoint",
      withEndpoints({ s3: { service: "s3", type: "Gateway", securityGroupIds: ["sg-0abc"] } }),
      "error: vpcEndpoints.endpoints.s3.securityGroupIds: securityGroupIds is only for Interface endpoints, not Gateway; remove securityGroupIds",
    ],
    [
      "no routeTableIds on an Interface endpoint",
      withEndpoints({ sts: { service: "sts", type: "Interface", routeTableIds: ["rtb-0abc"] } }),
      "error: vpcEndpoints.endpoints.sts.routeTableIds: routeTableIds is only for Gateway endpoints, not Interface; remove routeTableIds",
    ],
    [
      "full service name in the config's Region",
      withEndpoints({ sts: { service: "com.amazonaws.us-east-1.sts", type: "Interface" } }),
      'error: vpcEndpoints.endpoints.sts.service: the service is in us-east-1, but endpoints reach only services of the VPC\'s Region (eu-west-1) ("com.amazonaws.us-east-1.sts"); write the name with eu-west-1 in place of us-east-1, or the short name (sts), which becomes com.amazonaws.eu-west-1.<service>',
    ],
    [
      "short service name looks like a service",
      withEndpoints({ sts: { service: "STS", type: "Interface" } }),
      'error: vpcEndpoints.endpoints.sts.service: service is not a service name ("STS"); write a short name such as ecr.dkr, or a full name: com.amazonaws.<region>.<service>, com.amazonaws.vpce.<region>.vpce-svc-<id> (an endpoint service) or aws.sagemaker.<region>.<notebook|studio>',
    ],
    [
      "one endpoint per service and type",
      withEndpoints({ ...ECR_ENDPOINTS, api2: { service: "com.amazonaws.eu-west-1.ecr.api", type: "Interface" } }),
      'error: vpcEndpoints.endpoints.api2.service: endpoint "ecr_api" already is an Interface endpoint for this service ("com.amazonaws.eu-west-1.ecr.api"); remove one of the two endpoints',
    ],
    [
      "ecr.dkr needs private DNS",
      withEndpoints({ ...ECR_ENDPOINTS, ecr_dkr: { service: "ecr.dkr", type: "Interface", privateDns: false } }),
      "error: vpcEndpoints.endpoints.ecr_dkr.privateDns: the ecr.dkr endpoint needs private DNS: image pulls use the public registry host name (false); remove privateDns or set privateDns: true",
    ],
    [
      "vpcId shape",
      withEndpoints(ECR_ENDPOINTS, { vpcId: "vpc_0abc" }),
      'error: vpcEndpoints.vpcId: not a VPC ID ("vpc_0abc"); write a VPC ID such as vpc-0123456789abcdef0',
    ],
    [
      "vpcCidr is an IPv4 CIDR (prefix length)",
      withEndpoints(ECR_ENDPOINTS, { vpcCidr: "10.0.0.0/33" }),
      'error: vpcEndpoints.vpcCidr: vpcCidr is not an IPv4 CIDR block (four decimal numbers 0-255 without leading zeros, then /0 to /32) ("10.0.0.0/33"); write the VPC\'s CIDR such as 10.0.0.0/16',
    ],
    [
      "vpcCidr is an IPv4 CIDR (octets)",
      withEndpoints(ECR_ENDPOINTS, { vpcCidr: "10.0.256.0/16" }),
      'error: vpcEndpoints.vpcCidr: vpcCidr is not an IPv4 CIDR block (four decimal numbers 0-255 without leading zeros, then /0 to /32) ("10.0.256.0/16"); write the VPC\'s CIDR such as 10.0.0.0/16',
    ],
    [
      "subnet ID shape",
      withEndpoints(ECR_ENDPOINTS, { subnetIds: ["subnet-0abc", "sg-0abc"] }),
      'error: vpcEndpoints.subnetIds[1]: not a subnet ID ("sg-0abc"); write a subnet ID such as subnet-0123456789abcdef0',
    ],
    [
      "route table ID shape",
      withEndpoints({ s3: { service: "s3", type: "Gateway", routeTableIds: ["rt-0abc"] } }),
      'error: vpcEndpoints.endpoints.s3.routeTableIds[0]: not a route table ID ("rt-0abc"); write a route table ID such as rtb-0123456789abcdef0',
    ],
    [
      "security group ID shape",
      withEndpoints({ sts: { service: "sts", type: "Interface", securityGroupIds: ["allow-https"] } }),
      'error: vpcEndpoints.endpoints.sts.securityGroupIds[0]: not a security group ID ("allow-https"); write a security group ID such as sg-0123456789abcdef0',
    ],
    [
      "ECR endpoints warn without an s3 Gateway",
      withEndpoints({ ecr_api: { service: "ecr.api", type: "Interface" } }),
      ECR_WARNING,
    ],
    [
      "s3 Interface with private DNS warns without an s3 Gateway",
      withEndpoints({ s3_interface: { service: "s3", type: "Interface" } }),
      "warning: vpcEndpoints.endpoints.s3_interface: an s3 Interface endpoint with private DNS needs an s3 Gateway endpoint in the same VPC, or AWS rejects it; add s3_gateway: { service: s3, type: Gateway }, or set privateDns: false on this endpoint",
    ],
  ])("rule %s: rejected with its message", (_rule, input, message) => {
    expect(rendered(input)).toContain(message);
  });

  test.each<[string, Input]>([
    ["ECR endpoints with an s3 Gateway, stack defaults", withEndpoints(ECR_ENDPOINTS)],
    [
      "explicit ids of the right shapes",
      withEndpoints(
        {
          ...ECR_ENDPOINTS,
          sts: {
            service: "sts",
            type: "Interface",
            privateDns: false,
            subnetIds: ["subnet-0abc"],
            securityGroupIds: ["sg-0abc"],
          },
          s3: { service: "s3", type: "Gateway", routeTableIds: ["rtb-0123456789abcdef0"] },
        },
        {
          vpcId: "vpc-0123456789abcdef0",
          vpcCidr: "10.20.0.0/16",
          subnetIds: ["subnet-0aaaaaaa"],
          routeTableIds: ["rtb-0ccccccc"],
        },
      ),
    ],
    ["dynamodb Gateway", withEndpoints({ ...ECR_ENDPOINTS, ddb: { service: "dynamodb", type: "Gateway" } })],
    [
      "full service name in the config's Region",
      withEndpoints({ ...ECR_ENDPOINTS, sts: { service: "com.amazonaws.eu-west-1.sts", type: "Interface" } }),
    ],
    [
      "s3 as both Gateway and Interface",
      withEndpoints({ ...ECR_ENDPOINTS, s3_interface: { service: "s3", type: "Interface" } }),
    ],
    [
      "s3 Interface without private DNS",
      withEndpoints({ s3_interface: { service: "s3", type: "Interface", privateDns: false } }),
    ],
    [
      "empty section lists nobody inherits",
      withEndpoints(
        { sts: { service: "sts", type: "Interface", subnetIds: ["subnet-0abc"] } },
        { subnetIds: [], routeTableIds: [] },
      ),
    ],
  ])("rule %s: accepted", (_rule, input) => {
    expect(rendered(input)).toEqual([]);
  });
});

describe("the s3 endpoint policy lets ECR layers through", () => {
  const allowLayers = { Effect: "Allow", Principal: "*", Action: "s3:GetObject", Resource: LAYERS };
  const noAllow = `warning: vpcEndpoints.endpoints.s3.policy: no statement of the s3 endpoint policy allows s3:GetObject on ECR's layer bucket: image pulls through this endpoint would fail ("${LAYERS}"); add a statement { Effect: Allow, Principal: "*", Action: s3:GetObject, Resource: ${LAYERS} }`;
  const denied = `warning: vpcEndpoints.endpoints.s3.policy: the s3 endpoint policy denies s3:GetObject on ECR's layer bucket: image pulls through this endpoint would fail ("${LAYERS}"); add a statement { Effect: Allow, Principal: "*", Action: s3:GetObject, Resource: ${LAYERS} } and narrow the Deny so it does not match it`;

  test.each<[string, Input[], string]>([
    ["no statement", [], noAllow],
    [
      "deny-only (terraform-aws-vpc PR #1197)",
      [
        {
          Effect: "Deny",
          Principal: "*",
          Action: "*",
          Resource: "*",
          Condition: { StringNotEquals: { "aws:SourceVpc": "vpc-0abc" } },
        },
      ],
      noAllow,
    ],
    [
      "Allow on another bucket",
      [{ Effect: "Allow", Principal: "*", Action: ["s3:GetObject"], Resource: ["arn:aws:s3:::my-bucket/*"] }],
      noAllow,
    ],
    ["Allow of another action", [{ Effect: "Allow", Principal: "*", Action: "s3:PutObject", Resource: "*" }], noAllow],
    [
      "Allow with NotAction excluding GetObject",
      [{ Effect: "Allow", Principal: "*", NotAction: "s3:Get*", Resource: "*" }],
      noAllow,
    ],
    [
      "Allow with NotResource covering the layers",
      [{ Effect: "Allow", Principal: "*", Action: "s3:*", NotResource: "arn:aws:s3:::prod-*" }],
      noAllow,
    ],
    [
      "unconditional Deny of s3:*",
      [allowLayers, { Effect: "Deny", Principal: "*", Action: "s3:*", Resource: "*" }],
      denied,
    ],
    [
      "Deny with NotResource that misses the layers",
      [
        allowLayers,
        { Effect: "Deny", Principal: "*", Action: "s3:GetObject", NotResource: ["arn:aws:s3:::my-bucket/*"] },
      ],
      denied,
    ],
  ])("%s: warns", (_case, statements, message) => {
    expect(rendered(s3Policy(...statements))).toEqual([message]);
  });

  test.each<[string, Input[]]>([
    ["the minimal policy", [allowLayers]],
    ["a single statement object", []],
    ["Action * and Resource *", [{ Effect: "Allow", Principal: "*", Action: "*", Resource: "*" }]],
    [
      "wildcards in lists, any case",
      [
        {
          Effect: "Allow",
          Principal: "*",
          Action: ["s3:PutObject", "S3:get*"],
          Resource: ["arn:aws:s3:::prod-*-starport-layer-bucket/*"],
        },
      ],
    ],
    [
      "NotAction that leaves GetObject",
      [{ Effect: "Allow", Principal: "*", NotAction: ["s3:Delete*"], Resource: "*" }],
    ],
    ["conditional Allow", [{ ...allowLayers, Condition: { StringEquals: { "aws:PrincipalAccount": ACCOUNT } } }]],
    [
      "conditional Deny",
      [
        allowLayers,
        {
          Effect: "Deny",
          Principal: "*",
          Action: "*",
          Resource: "*",
          Condition: { StringNotEquals: { "aws:SourceVpc": "vpc-0abc" } },
        },
      ],
    ],
    [
      "Deny with NotResource that covers the layers",
      [
        allowLayers,
        { Effect: "Deny", Principal: "*", Action: "s3:*", NotResource: "arn:aws:s3:::prod-*-starport-layer-bucket/*" },
      ],
    ],
  ])("%s: no warning", (name, statements) => {
    const input =
      name === "a single statement object"
        ? withEndpoints({
            s3: { service: "s3", type: "Gateway", policy: { Version: "2012-10-17", Statement: allowLayers } },
          })
        : s3Policy(...statements);
    expect(rendered(input)).toEqual([]);
  });

  test("policyAllows reads a policy without Statement as allowing nothing", () => {
    expect(policyAllows({ Version: "2012-10-17" }, "s3:GetObject", LAYERS)).toBe("not-allowed");
  });
});

describe("ECR pulls need both ecr.api and ecr.dkr endpoints", () => {
  const apiOnly = withEndpoints({
    ecr_api: { service: "ecr.api", type: "Interface" },
    s3: { service: "s3", type: "Gateway" },
  });
  const dkrOnly = withEndpoints({
    registry: { service: "ecr.dkr", type: "Interface" },
    s3: { service: "s3", type: "Gateway" },
  });

  test("ecr.api alone warns that the registry half of a pull still needs the NAT", () => {
    expect(rendered(apiOnly)).toEqual([
      "warning: vpcEndpoints.endpoints: an ecr.api endpoint (ecr_api) without an ecr.dkr one: image manifests and layer locations come from the registry, which would still go through the NAT, or fail without one; add ecr_dkr: { service: ecr.dkr, type: Interface }",
    ]);
  });

  test("ecr.dkr alone warns that the login still needs the NAT", () => {
    expect(rendered(dkrOnly)).toEqual([
      "warning: vpcEndpoints.endpoints: an ecr.dkr endpoint (registry) without an ecr.api one: the login (ecr:GetAuthorizationToken) goes to ECR's API, which would still go through the NAT, or fail without one; add ecr_api: { service: ecr.api, type: Interface }",
    ]);
  });

  test("both, or neither (the S3 gateway alone), give no such warning", () => {
    expect(rendered(withEndpoints(ECR_ENDPOINTS))).toEqual([]);
    expect(rendered(withEndpoints({ s3: { service: "s3", type: "Gateway" } }))).toEqual([]);
  });
});

describe("the ecr.api and ecr.dkr endpoint policies let pulls through", () => {
  const ecrPolicy = (service: "ecr.api" | "ecr.dkr", ...Statement: Input[]): Input => {
    const name = service === "ecr.api" ? "ecr_api" : "ecr_dkr";
    const policy = { Version: "2012-10-17", Statement };
    return withEndpoints({ ...ECR_ENDPOINTS, [name]: { service, type: "Interface", policy } });
  };
  const REPOS = "arn:aws:ecr:eu-west-1:<account>:repository/*";
  const apiNoAllow = `warning: vpcEndpoints.endpoints.ecr_api.policy: no statement of the ecr.api endpoint policy allows ecr:GetAuthorizationToken: image pulls through this endpoint would fail; add a statement { Effect: Allow, Principal: "*", Action: [ecr:GetAuthorizationToken], Resource: "*" }`;
  const dkrNoAllow = (actions: string) =>
    `warning: vpcEndpoints.endpoints.ecr_dkr.policy: no statement of the ecr.dkr endpoint policy allows ${actions}: image pulls through this endpoint would fail; add a statement { Effect: Allow, Principal: "*", Action: [${actions}], Resource: ${REPOS} }`;
  const dkrDenied = `warning: vpcEndpoints.endpoints.ecr_dkr.policy: the ecr.dkr endpoint policy denies ecr:BatchGetImage, ecr:GetDownloadUrlForLayer on every resource: image pulls through this endpoint would fail; add a statement { Effect: Allow, Principal: "*", Action: [ecr:BatchGetImage, ecr:GetDownloadUrlForLayer], Resource: ${REPOS} } and narrow the Deny so it does not match it`;
  const denyOutsideVpc = {
    Effect: "Deny",
    Principal: "*",
    Action: "*",
    Resource: "*",
    Condition: { StringNotEquals: { "aws:SourceVpc": "vpc-0abc" } },
  };
  const pull = { Effect: "Allow", Principal: "*", Action: ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"] };

  test.each<[string, Input, string[]]>([
    ["ecr.api, deny-only (terraform-aws-vpc PR #1197)", ecrPolicy("ecr.api", denyOutsideVpc), [apiNoAllow]],
    [
      "ecr.api, the login allowed on a repository ARN only (it takes no resource but *)",
      ecrPolicy("ecr.api", { Effect: "Allow", Principal: "*", Action: "ecr:*", Resource: REPOS }),
      [apiNoAllow],
    ],
    [
      "ecr.dkr, deny-only (terraform-aws-vpc PR #1197)",
      ecrPolicy("ecr.dkr", denyOutsideVpc),
      [dkrNoAllow("ecr:BatchGetImage, ecr:GetDownloadUrlForLayer")],
    ],
    [
      "ecr.dkr, layers not allowed",
      ecrPolicy("ecr.dkr", { Effect: "Allow", Principal: "*", Action: "ecr:BatchGetImage", Resource: "*" }),
      [dkrNoAllow("ecr:GetDownloadUrlForLayer")],
    ],
    [
      "ecr.dkr, an unconditional Deny of ecr:* on *",
      ecrPolicy(
        "ecr.dkr",
        { ...pull, Resource: "*" },
        { Effect: "Deny", Principal: "*", Action: "ecr:*", Resource: "*" },
      ),
      [dkrDenied],
    ],
  ])("%s: warns", (_case, input, expected) => {
    expect(rendered(input)).toEqual(expected);
  });

  test.each<[string, Input]>([
    [
      "ecr.api, the login on *",
      ecrPolicy("ecr.api", { Effect: "Allow", Principal: "*", Action: "ecr:GetAuthorizationToken", Resource: "*" }),
    ],
    [
      "ecr.dkr, the reads on one prefix's repositories only",
      ecrPolicy("ecr.dkr", { ...pull, Resource: "arn:aws:ecr:eu-west-1:123456789012:repository/quay/*" }),
    ],
    ["ecr.dkr, a conditional Allow", ecrPolicy("ecr.dkr", { ...pull, Resource: "*", Condition: { Bool: { x: "y" } } })],
    [
      "ecr.dkr, a Deny on other repositories",
      ecrPolicy(
        "ecr.dkr",
        { ...pull, Resource: "*" },
        { Effect: "Deny", Principal: "*", Action: "ecr:*", Resource: "arn:aws:ecr:*:*:repository/private/*" },
      ),
    ],
  ])("%s: no warning", (_case, input) => {
    expect(rendered(input)).toEqual([]);
  });
});

describe("registries and node access: what AWS would reject at apply", () => {
  test.each<[string, Input, string]>([
    [
      "at least one registry",
      withRegistries({}),
      "error: registries: at least one registry is needed: without a rule there is nothing to cache ({}); add a registry, e.g. quay: { upstreamRegistryUrl: quay.io }",
    ],
    [
      "a secretArn in another account than accountId",
      {
        ...withRegistry({ upstreamRegistryUrl: "registry-1.docker.io", credentials: { secretArn: SECRET } }),
        accountId: "999999999999",
      },
      `error: registries.up.credentials.secretArn: the secret belongs to account ${ACCOUNT}, but ECR reads credentials only from the rule's own account (999999999999) (value not shown); create the secret in account 999999999999 and use that ARN, or use credentials: managed`,
    ],
    [
      "a role name IAM refuses",
      { ...BASE, nodeAccess: { roleNames: ["arn:aws:iam::123456789012:role/nodes"] } },
      'error: nodeAccess.roleNames[0]: not a valid IAM role name ("arn:aws:iam::123456789012:role/nodes"); write the role name (not its ARN): 1-64 letters, digits and + = , . @ _ -',
    ],
    [
      "a policy name IAM refuses",
      { ...BASE, nodeAccess: { policyName: "node pull" } },
      'error: nodeAccess.policyName: not a valid IAM policy name ("node pull"); write the policy name (not its ARN): 1-128 letters, digits and + = , . @ _ -',
    ],
    [
      "a role listed twice",
      { ...BASE, nodeAccess: { roleNames: ["nodes", "nodes"] } },
      'error: nodeAccess.roleNames[1]: the role "nodes" is already listed (IAM role names differing only in case are one role, and names differing only in . - _ share a Terraform name) ("nodes"); list each role once',
    ],
    [
      "two roles that share a Terraform name",
      { ...BASE, nodeAccess: { roleNames: ["a.b", "a_b"] } },
      'error: nodeAccess.roleNames[1]: the role "a.b" is already listed (IAM role names differing only in case are one role, and names differing only in . - _ share a Terraform name) ("a_b"); list each role once',
    ],
  ])("rule %s: rejected", (_rule, input, expected) => {
    expect(rendered(input)).toEqual([expected]);
  });

  test.each<[string, Input]>([
    [
      "a secretArn in accountId's account",
      {
        ...withRegistry({ upstreamRegistryUrl: "registry-1.docker.io", credentials: { secretArn: SECRET } }),
        accountId: ACCOUNT,
      },
    ],
    [
      "valid role and policy names",
      { ...BASE, nodeAccess: { policyName: "ecr-pull", roleNames: ["eks-nodes", "karpenter@x"] } },
    ],
  ])("rule %s: accepted", (_rule, input) => {
    expect(rendered(input)).toEqual([]);
  });
});

describe("backend, security group, tags and lifecycle numbers: what AWS or Terraform would reject", () => {
  const withBackend = (backend: Input): Input => ({ ...BASE, backend: { type: "s3", ...backend } });
  const withGroup = (securityGroup: Input): Input => ({
    ...BASE,
    vpcEndpoints: { securityGroup, endpoints: ECR_ENDPOINTS },
  });
  const withEndpointTags = (sectionTags: Input, ownTags: Input = {}): Input => ({
    ...BASE,
    vpcEndpoints: {
      tags: sectionTags,
      endpoints: { ...ECR_ENDPOINTS, sts: { service: "sts", type: "Interface", tags: ownTags } },
    },
  });
  const GROUP = { name: "ecr-endpoints", description: "HTTPS from the VPC" };
  const SG_CHARS = "use only letters a-z and A-Z, digits, spaces and . _ - : / ( ) # , @ [ ] + = & ; { } ! $ *";
  /** A config read from YAML text: numbers as the loader reads them (1e400 is Infinity). */
  const yamlPolicy = (rulePriority: string, countNumber: string): Input =>
    withDefaults({
      lifecyclePolicy: parseYaml(
        `rules:\n  - rulePriority: ${rulePriority}\n    description: expire untagged images\n` +
          `    selection: { tagStatus: untagged, countType: sinceImagePushed, countUnit: days, countNumber: ${countNumber} }\n` +
          "    action: { type: expire }\n",
      ) as unknown,
    });

  test.each<[string, Input, string]>([
    [
      "backend bucket is 3-63 characters (2)",
      withBackend({ bucket: "tf" }),
      'error: backend.bucket: bucket is not a valid S3 bucket name ("tf"); write the name of the state bucket: 3-63 lowercase letters, digits, "." and "-", starting and ending with a letter or digit, without "..", and not shaped like an IP address',
    ],
    [
      "backend bucket is 3-63 characters (64)",
      withBackend({ bucket: "b".repeat(64) }),
      `error: backend.bucket: bucket is not a valid S3 bucket name ("${"b".repeat(64)}"); write the name of the state bucket: 3-63 lowercase letters, digits, "." and "-", starting and ending with a letter or digit, without "..", and not shaped like an IP address`,
    ],
    [
      "backend bucket is lowercase",
      withBackend({ bucket: "My-TF-State" }),
      'error: backend.bucket: bucket is not a valid S3 bucket name ("My-TF-State"); write the name of the state bucket: 3-63 lowercase letters, digits, "." and "-", starting and ending with a letter or digit, without "..", and not shaped like an IP address',
    ],
    [
      "backend bucket has only letters, digits, dots and hyphens",
      withBackend({ bucket: "tf_state" }),
      'error: backend.bucket: bucket is not a valid S3 bucket name ("tf_state"); write the name of the state bucket: 3-63 lowercase letters, digits, "." and "-", starting and ending with a letter or digit, without "..", and not shaped like an IP address',
    ],
    [
      "backend bucket starts and ends with a letter or digit",
      withBackend({ bucket: "tf-state-" }),
      'error: backend.bucket: bucket is not a valid S3 bucket name ("tf-state-"); write the name of the state bucket: 3-63 lowercase letters, digits, "." and "-", starting and ending with a letter or digit, without "..", and not shaped like an IP address',
    ],
    [
      "backend bucket has no ..",
      withBackend({ bucket: "tf..state" }),
      'error: backend.bucket: bucket is not a valid S3 bucket name ("tf..state"); write the name of the state bucket: 3-63 lowercase letters, digits, "." and "-", starting and ending with a letter or digit, without "..", and not shaped like an IP address',
    ],
    [
      "backend bucket is not an IP address",
      withBackend({ bucket: "192.168.5.4" }),
      'error: backend.bucket: bucket is not a valid S3 bucket name ("192.168.5.4"); write the name of the state bucket: 3-63 lowercase letters, digits, "." and "-", starting and ending with a letter or digit, without "..", and not shaped like an IP address',
    ],
    [
      "backend keyPrefix does not start with /",
      withBackend({ bucket: "tf-state", keyPrefix: "/platform/ecr-pull-cache" }),
      'error: backend.keyPrefix: keyPrefix must not start or end with "/": Terraform\'s s3 backend refuses such a state key at init ("/platform/ecr-pull-cache"); write keyPrefix: platform/ecr-pull-cache',
    ],
    [
      "backend keyPrefix does not end with /",
      withBackend({ bucket: "tf-state", keyPrefix: "platform/" }),
      'error: backend.keyPrefix: keyPrefix must not start or end with "/": Terraform\'s s3 backend refuses such a state key at init ("platform/"); write keyPrefix: platform',
    ],
    [
      "backend keyPrefix has no //",
      withBackend({ bucket: "tf-state", keyPrefix: "platform//ecr-pull-cache" }),
      'error: backend.keyPrefix: keyPrefix must not contain "//": Terraform\'s s3 backend refuses such a state key at init ("platform//ecr-pull-cache"); write keyPrefix: platform/ecr-pull-cache',
    ],
    [
      "security group name does not start with sg-",
      withGroup({ ...GROUP, name: "sg-ecr-endpoints" }),
      'error: vpcEndpoints.securityGroup.name: a security group name must not start with "sg-", the prefix of security group IDs ("sg-ecr-endpoints"); choose a name that does not start with "sg-", such as ecr-endpoints',
    ],
    [
      "security group name at most 255 characters",
      withGroup({ ...GROUP, name: "n".repeat(256) }),
      "error: vpcEndpoints.securityGroup.name: the security group name is 256 bytes (UTF-8) long; the AWS provider accepts at most 255 bytes (UTF-8); shorten it to at most 255 bytes (a letter outside ASCII takes 2-4 bytes: Korean and most emoji take 3-4)",
    ],
    [
      "security group name has only the characters EC2 accepts in a VPC",
      withGroup({ ...GROUP, name: "ecr endpoints (müller's)" }),
      `error: vpcEndpoints.securityGroup.name: a security group name has characters EC2 does not accept in a VPC: "ü", "'" ("ecr endpoints (müller's)"); ${SG_CHARS}`,
    ],
    [
      "security group description at most 255 characters",
      withGroup({ ...GROUP, description: "d".repeat(256) }),
      "error: vpcEndpoints.securityGroup.description: the security group description is 256 bytes (UTF-8) long; the AWS provider accepts at most 255 bytes (UTF-8); shorten it to at most 255 bytes (a letter outside ASCII takes 2-4 bytes: Korean and most emoji take 3-4)",
    ],
    [
      "security group description has only the characters EC2 accepts in a VPC",
      withGroup({ ...GROUP, description: "HTTPS from the VPC's subnets, port 443 → ECR" }),
      `error: vpcEndpoints.securityGroup.description: a security group description has characters EC2 does not accept in a VPC: "'", "→" ("HTTPS from the VPC's subnets, port 443 → ECR"); ${SG_CHARS}`,
    ],
    [
      "default tag key does not start with aws:",
      { ...BASE, tags: { "aws:team": "platform" } },
      'error: tags["aws:team"]: tag keys starting with "aws:" (in any case) are reserved for AWS ("aws:team"); rename the key so it does not start with "aws:"',
    ],
    [
      "default tag key at most 128 characters",
      { ...BASE, tags: { ["k".repeat(129)]: "v" } },
      `error: tags.${"k".repeat(34)}…${"k".repeat(39)}: the tag key is 129 characters long; AWS accepts at most 128 characters; shorten it to at most 128 characters`,
    ],
    [
      "default tag value at most 256 characters",
      { ...BASE, tags: { team: "v".repeat(257) } },
      "error: tags.team: the tag value is 257 characters long; AWS accepts at most 256 characters; shorten it to at most 256 characters",
    ],
    [
      "resourceTags key does not start with aws: (registry template)",
      withRegistry({
        upstreamRegistryUrl: "quay.io",
        template: { customRoleArn: ROLE, resourceTags: { "aws:cache": "quay" } },
      }),
      'error: registries.up.template.resourceTags["aws:cache"]: tag keys starting with "aws:" (in any case) are reserved for AWS ("aws:cache"); rename the key so it does not start with "aws:"',
    ],
    [
      "vpcEndpoints tag key does not start with aws: (any case)",
      withEndpointTags({ "AWS:Stack": "endpoints" }),
      'error: vpcEndpoints.tags["AWS:Stack"]: tag keys starting with "aws:" (in any case) are reserved for AWS ("AWS:Stack"); rename the key so it does not start with "aws:"',
    ],
    [
      "vpcEndpoints tag key at most 128 characters",
      withEndpointTags({ ["k".repeat(129)]: "v" }),
      `error: vpcEndpoints.tags.${"k".repeat(21)}…${"k".repeat(39)}: the tag key is 129 characters long; AWS accepts at most 128 characters; shorten it to at most 128 characters`,
    ],
    [
      "endpoint tag key does not start with aws:",
      withEndpointTags({}, { "Aws:cost": "free" }),
      'error: vpcEndpoints.endpoints.sts.tags["Aws:cost"]: tag keys starting with "aws:" (in any case) are reserved for AWS ("Aws:cost"); rename the key so it does not start with "aws:"',
    ],
    [
      "endpoint tag value at most 256 characters",
      withEndpointTags({}, { cost: "v".repeat(257) }),
      "error: vpcEndpoints.endpoints.sts.tags.cost: the tag value is 257 characters long; AWS accepts at most 256 characters; shorten it to at most 256 characters",
    ],
    [
      "lifecycle rulePriority at most 2,147,483,647 (a YAML 1e23)",
      yamlPolicy("1e23", "5"),
      "error: templateDefaults.lifecyclePolicy.rules[0].rulePriority: rulePriority must be at most 2147483647, ECR's largest integer (1e+23); use a smaller whole number such as 1, 2 or 10",
    ],
    [
      "lifecycle countNumber is a positive integer (a YAML 1e400)",
      yamlPolicy("1", "1e400"),
      'error: templateDefaults.lifecyclePolicy.rules[0].selection.countNumber: countNumber must be a whole number of 1 or more ("Infinity"); use a positive integer such as 5 or 14',
    ],
  ])("rule %s: rejected", (_rule, input, expected) => {
    expect(rendered(input)).toEqual([expected]);
  });

  test.each<[string, Input]>([
    ["backend bucket is 3-63 characters (3)", withBackend({ bucket: "tfs" })],
    ["backend bucket is 3-63 characters (63)", withBackend({ bucket: "b".repeat(63) })],
    [
      "backend bucket with dots and digits, not an IP address",
      withBackend({ bucket: "192.168.5.tf-state", keyPrefix: "platform/ecr-pull-cache" }),
    ],
    ["backend keyPrefix default", withBackend({ bucket: "tf-state" })],
    ["security group name containing sg- after its start", withGroup({ ...GROUP, name: "ecr-sg-endpoints" })],
    [
      "security group name and description at 255 characters of every accepted character",
      withGroup({
        name: "n".repeat(255),
        description: "aZ09 ._-:/()#,@[]+=&;{}!$*".padEnd(255, "d"),
      }),
    ],
    [
      "tag keys that only contain aws",
      {
        ...withEndpointTags({ aws: "x", "team:aws:x": "y" }, { awsome: "z" }),
        tags: { "aws-account": "platform" },
      },
    ],
    [
      "tag keys and values at their limits in every tag map",
      {
        ...withEndpointTags({ ["k".repeat(128)]: "v".repeat(256) }, { ["k".repeat(128)]: "v".repeat(256) }),
        tags: { ["k".repeat(128)]: "v".repeat(256) },
      },
    ],
    [
      "tag lengths count characters, not UTF-16 units",
      withEndpoints(ECR_ENDPOINTS, { tags: { ["é🙂".repeat(64)]: "🙂".repeat(256) } }),
    ],
    ["lifecycle rulePriority and countNumber of 2,147,483,647 from YAML", yamlPolicy("2147483647", "2147483647")],
  ])("rule %s: accepted", (_rule, input) => {
    expect(rendered(input)).toEqual([]);
  });
});

/** A string of `n` copies of a character: `"가"` is 1 character and 3 bytes of UTF-8, `"😀"` 1 character and 4 bytes. */
const times = (ch: string, n: number): string => ch.repeat(n);
/** A repository or endpoint policy whose JSON is exactly `n` characters (code points), padded with `ch`. */
function policyOfChars(n: number, ch = "x"): Input {
  const base = [...JSON.stringify({ Version: "2012-10-17", Statement: [], Id: "" })].length;
  return { Version: "2012-10-17", Statement: [], Id: times(ch, n - base) };
}
const tags = (n: number): Record<string, string> =>
  Object.fromEntries(Array.from({ length: n }, (_, i) => [`t${i}`, "v"]));
const GHP = "ghp_" + "A1b2C3d4E5".repeat(4);

describe("validate agrees with Terraform and AWS: limits in their units, network forms, names, secrets", () => {
  test.each<[string, Input, string]>([
    // 1. lengths in the unit the checker counts: the provider counts UTF-8 bytes, AWS APIs characters
    [
      "template description at most 255 bytes (86 Korean characters are 258 bytes)",
      withDefaults({ description: times("가", 86) }),
      "error: templateDefaults.description: the description is 258 bytes (UTF-8) long; the AWS provider accepts at most 255 bytes (UTF-8); shorten it to at most 255 bytes (a letter outside ASCII takes 2-4 bytes: Korean and most emoji take 3-4)",
    ],
    [
      "template description at most 255 bytes (64 emoji are 256 bytes)",
      withDefaults({ description: times("😀", 64) }),
      "error: templateDefaults.description: the description is 256 bytes (UTF-8) long; the AWS provider accepts at most 255 bytes (UTF-8); shorten it to at most 255 bytes (a letter outside ASCII takes 2-4 bytes: Korean and most emoji take 3-4)",
    ],
    [
      "tag value at most 256 characters (257 emoji)",
      withEndpoints(ECR_ENDPOINTS, { tags: { team: times("😀", 257) } }),
      "error: vpcEndpoints.tags.team: the tag value is 257 characters long; AWS accepts at most 256 characters; shorten it to at most 256 characters",
    ],
    [
      "tag key at most 128 characters (129 Korean characters)",
      { ...BASE, tags: { [times("가", 129)]: "v" } },
      `error: tags["${times("가", 33)}…${times("가", 37)}"]: the tag key is 129 characters long; AWS accepts at most 128 characters; shorten it to at most 128 characters`,
    ],
    [
      "repository policy at most 10,240 characters (10,241 with emoji)",
      withDefaults({ repositoryPolicy: policyOfChars(10_241, "😀") }),
      "error: templateDefaults.repositoryPolicy: the repository policy JSON is 10241 characters long; ECR accepts at most 10240 characters; shorten it to at most 10240 characters",
    ],
    // 2. values Terraform's own checks reject, with the normalised value as the fix
    [
      "vpcCidr is a network address (host bits set)",
      withEndpoints(ECR_ENDPOINTS, { vpcCidr: "10.0.0.1/16" }),
      'error: vpcEndpoints.vpcCidr: vpcCidr has bits set after the prefix length; the AWS provider accepts only the network address ("10.0.0.1/16"); did you mean 10.0.0.0/16? write vpcCidr: 10.0.0.0/16',
    ],
    [
      "vpcCidr is a network address (/17 boundary)",
      withEndpoints(ECR_ENDPOINTS, { vpcCidr: "10.0.128.0/16" }),
      'error: vpcEndpoints.vpcCidr: vpcCidr has bits set after the prefix length; the AWS provider accepts only the network address ("10.0.128.0/16"); did you mean 10.0.0.0/16? write vpcCidr: 10.0.0.0/16',
    ],
    [
      "vpcCidr octets have no leading zeros (Go's ParseCIDR refuses them)",
      withEndpoints(ECR_ENDPOINTS, { vpcCidr: "010.0.0.0/16" }),
      'error: vpcEndpoints.vpcCidr: vpcCidr is not an IPv4 CIDR block (four decimal numbers 0-255 without leading zeros, then /0 to /32) ("010.0.0.0/16"); write the VPC\'s CIDR such as 10.0.0.0/16',
    ],
    [
      "vpcCidr is IPv4",
      withEndpoints(ECR_ENDPOINTS, { vpcCidr: "fd00::/8" }),
      'error: vpcEndpoints.vpcCidr: vpcCidr is not an IPv4 CIDR block (four decimal numbers 0-255 without leading zeros, then /0 to /32) ("fd00::/8"); write the VPC\'s CIDR such as 10.0.0.0/16',
    ],
    [
      "an endpoint service name is in the config's Region",
      withEndpoints({ svc: { service: "com.amazonaws.vpce.us-east-1.vpce-svc-0123456789abcdef0", type: "Interface" } }),
      'error: vpcEndpoints.endpoints.svc.service: the service is in us-east-1, but endpoints reach only services of the VPC\'s Region (eu-west-1) ("com.amazonaws.vpce.us-east-1.vpce-svc-0123456789abcdef0"); write the name with eu-west-1 in place of us-east-1',
    ],
    // 3. too broad to be meant
    [
      "vpcCidr 0.0.0.0/0 is all of IPv4",
      withEndpoints(ECR_ENDPOINTS, { vpcCidr: "0.0.0.0/0" }),
      'warning: vpcEndpoints.vpcCidr: vpcCidr 0.0.0.0/0 opens tcp 443 on the endpoints to all of IPv4, more than any VPC holds (a VPC CIDR block is /16 to /28) ("0.0.0.0/0"); write the VPC\'s own CIDR, such as 10.0.0.0/16',
    ],
    [
      "vpcCidr at most /16 wide (/15)",
      withEndpoints(ECR_ENDPOINTS, { vpcCidr: "10.0.0.0/15" }),
      'warning: vpcEndpoints.vpcCidr: vpcCidr /15 opens tcp 443 on the endpoints to 131,072 addresses, more than any VPC holds (a VPC CIDR block is /16 to /28) ("10.0.0.0/15"); write the VPC\'s own CIDR, such as 10.0.0.0/16',
    ],
    // 4. names AWS compares without case
    [
      "IAM role names differ in more than case",
      { ...BASE, nodeAccess: { roleNames: ["EksNodes", "eksnodes"] } },
      'error: nodeAccess.roleNames[1]: the role "EksNodes" is already listed (IAM role names differing only in case are one role, and names differing only in . - _ share a Terraform name) ("eksnodes"); list each role once',
    ],
    // 5. every string that becomes a tag, a name or a description
    [
      "an endpoint key becomes a Name tag of at most 256 characters",
      withEndpoints({ ...ECR_ENDPOINTS, [times("e", 257)]: { service: "sts", type: "Interface" } }),
      `error: vpcEndpoints.endpoints.${times("e", 16)}…${times("e", 39)}: the endpoint key (it becomes the endpoint's Name tag) is 257 characters long; AWS accepts at most 256 characters; shorten it to at most 256 characters`,
    ],
    [
      "an endpoint's Name tag is replaced by its key",
      withEndpoints({ ...ECR_ENDPOINTS, sts: { service: "sts", type: "Interface", tags: { Name: "my-sts" } } }),
      'warning: vpcEndpoints.endpoints.sts.tags.Name: the Name tag is replaced by the endpoint key ("sts") ("my-sts"); remove the Name tag, or rename the endpoint key to the name you want',
    ],
    [
      "a Name in the section's tags is replaced on every endpoint, said once",
      withEndpoints(ECR_ENDPOINTS, { tags: { Name: "vpce" } }),
      'warning: vpcEndpoints.tags.Name: the Name tag is replaced by each endpoint\'s key ("vpce"); remove the Name tag, or rename the endpoint key to the name you want',
    ],
    [
      "an endpoint gets at most 50 tags, default tags and Name included",
      { ...withEndpoints(ECR_ENDPOINTS), tags: tags(50) },
      "error: vpcEndpoints.endpoints.ecr_api: this endpoint would get 51 tags; AWS allows at most 50 on one resource (51); remove tags until at most 50 remain (provider default tags count too)",
    ],
    [
      "provider default tags at most 50",
      { ...BASE, tags: tags(51) },
      "error: tags: every resource would get 51 tags; AWS allows at most 50 on one resource (51); remove tags until at most 50 remain (provider default tags count too)",
    ],
    [
      "template resourceTags at most 50",
      withDefaults({ resourceTags: tags(51), customRoleArn: ROLE }),
      "error: templateDefaults.resourceTags: each repository would get 51 tags; AWS allows at most 50 on one resource (51); remove tags until at most 50 remain (provider default tags count too)",
    ],
    [
      "an endpoint policy at most 20,480 characters",
      withEndpoints({ ...ECR_ENDPOINTS, sts: { service: "sts", type: "Interface", policy: policyOfChars(20_481) } }),
      "error: vpcEndpoints.endpoints.sts.policy: the endpoint policy JSON is 20481 characters long; AWS accepts at most 20480 characters; shorten it to at most 20480 characters",
    ],
  ])("rule %s: rejected with its message", (_rule, input, message) => {
    expect(rendered(input)).toContain(message);
  });

  test.each<[string, Input]>([
    [
      "template description at most 255 bytes (85 Korean characters are 255 bytes)",
      withDefaults({ description: times("가", 85) }),
    ],
    [
      "template description at most 255 bytes (63 emoji and 3 letters)",
      withDefaults({ description: `${times("😀", 63)}abc` }),
    ],
    [
      "tag value at most 256 characters (256 emoji)",
      withEndpoints(ECR_ENDPOINTS, { tags: { team: times("😀", 256) } }),
    ],
    ["tag key at most 128 characters (128 Korean characters)", { ...BASE, tags: { [times("가", 128)]: "v" } }],
    [
      "repository policy at most 10,240 characters (10,240 with emoji)",
      withDefaults({ repositoryPolicy: policyOfChars(10_240, "😀") }),
    ],
    ["vpcCidr is a network address (/17 boundary)", withEndpoints(ECR_ENDPOINTS, { vpcCidr: "10.0.128.0/17" })],
    ["vpcCidr at most /16 wide (/16)", withEndpoints(ECR_ENDPOINTS, { vpcCidr: "10.0.0.0/16" })],
    ["vpcCidr is a network address (a /32 host)", withEndpoints(ECR_ENDPOINTS, { vpcCidr: "10.1.2.3/32" })],
    [
      "an endpoint service name is in the config's Region",
      withEndpoints({
        ...ECR_ENDPOINTS,
        svc: { service: "com.amazonaws.vpce.eu-west-1.vpce-svc-0123456789abcdef0", type: "Interface" },
        notebook: { service: "aws.sagemaker.eu-west-1.notebook", type: "Interface" },
      }),
    ],
    ["IAM role names differ in more than case", { ...BASE, nodeAccess: { roleNames: ["eks-nodes-a", "eks-nodes-b"] } }],
    [
      "an endpoint key becomes a Name tag of at most 256 characters",
      withEndpoints({ ...ECR_ENDPOINTS, [times("e", 256)]: { service: "sts", type: "Interface" } }),
    ],
    [
      "an endpoint's Name tag is replaced by its key",
      withEndpoints({ ...ECR_ENDPOINTS, sts: { service: "sts", type: "Interface", tags: { Name: "sts" } } }),
    ],
    [
      "an endpoint gets at most 50 tags, default tags and Name included",
      { ...withEndpoints(ECR_ENDPOINTS), tags: tags(49) },
    ],
    ["provider default tags at most 50", { ...BASE, tags: tags(50) }],
    ["template resourceTags at most 50", withDefaults({ resourceTags: tags(50), customRoleArn: ROLE })],
    [
      "an endpoint policy at most 20,480 characters",
      withEndpoints({ ...ECR_ENDPOINTS, sts: { service: "sts", type: "Interface", policy: policyOfChars(20_480) } }),
    ],
  ])("rule %s: accepted at the limit", (_rule, input) => {
    expect(rendered(input)).toEqual([]);
  });

  describe("7. secrets are never echoed, wherever they land", () => {
    test.each<[string, Input, string]>([
      [
        "a token pasted as secretArn",
        withRegistry({ upstreamRegistryUrl: "ghcr.io", credentials: { secretArn: GHP } }),
        GHP,
      ],
      [
        "user:token@ inside upstreamRegistryUrl",
        withRegistry({ upstreamRegistryUrl: `https://bob:${GHP}@ghcr.io`, credentials: "managed" }),
        GHP,
      ],
      [
        "a password in a URL without a token shape",
        withRegistry({ upstreamRegistryUrl: "bob:hunter2@quay.io" }),
        "hunter2",
      ],
      [
        "a Docker Hub token as a registries key",
        withRegistries({ ["dckr_pat_" + "Ab1Cd2Ef3Gh4Ij5Kl6Mn"]: { upstreamRegistryUrl: "quay.io" } }),
        "Ab1Cd2Ef3Gh4Ij5Kl6Mn",
      ],
      [
        "a fine-grained GitHub token as a role name",
        { ...BASE, nodeAccess: { roleNames: ["github_pat_" + "11AB".repeat(16)] } },
        "11AB11AB",
      ],
      [
        "a long base64 blob as a tag key",
        { ...BASE, tags: { ["aws:" + "Zm9vYmFyYmF6cXV4".repeat(3) + "1A"]: "v" } },
        "Zm9vYmFyYmF6cXV4",
      ],
    ])("%s: the finding masks it", (_case, input, secret) => {
      const lines = rendered(input);
      expect(lines.some((l) => l.startsWith("error:"))).toBe(true);
      for (const line of lines) expect(line).not.toContain(secret);
    });

    test("a value under credentials is never shown, even a valid-looking ARN", () => {
      const lines = rendered(
        withRegistry({
          upstreamRegistryUrl: "ghcr.io",
          credentials: { secretArn: "arn:aws:secretsmanager:eu-west-1:123456789012:secret:other" },
        }),
      );
      expect(lines).toEqual([
        expect.stringContaining(
          "registries.up.credentials.secretArn: secretArn is not the ARN of a secret named ecr-pullthroughcache/... (value not shown);",
        ),
      ]);
    });

    test("an image digest is not taken for a secret", () => {
      expect(
        formatFinding({ severity: "error", path: "x", problem: "p", value: `sha256:${"4f".repeat(32)}`, fix: "f" }),
      ).toBe(`x: p ("sha256:${"4f".repeat(32)}"); f`);
    });
  });

  test("a Name in the section's tags is reported once, not once per endpoint", () => {
    const lines = rendered(withEndpoints(ECR_ENDPOINTS, { tags: { Name: "vpce" } }));
    expect(lines.filter((l) => l.includes(".Name:"))).toHaveLength(1);
  });

  test("a long value is cut to a readable length in its message", () => {
    const [line] = rendered(withRegion("x".repeat(10_000)));
    expect(line).toBe(
      `error: region: region is not an AWS Region name ("${"x".repeat(38)}…${"x".repeat(38)}" (10002 characters)); write a Region code such as "eu-west-1" or "ap-northeast-2"`,
    );
  });
});

describe("provider default tags keep to IAM's tag characters (they land on the node policy and the secrets)", () => {
  test.each<[string, Record<string, string>, string]>([
    [
      "an emoji in a value",
      { team: "platform 😀" },
      'error: tags.team: the tag value has characters IAM refuses ("😀"); default tags land on the node IAM policy and the managed secrets ("platform 😀"); use letters, digits, spaces and _ . : / = + - @ only',
    ],
    [
      "a comma in a key",
      { "a,b": "x" },
      'error: tags["a,b"]: the tag key has characters IAM refuses (","); default tags land on the node IAM policy and the managed secrets ("a,b"); use letters, digits, spaces and _ . : / = + - @ only',
    ],
  ])("%s is refused", (_name, tags, message) => {
    expect(rendered({ ...BASE, tags })).toContain(message);
  });

  test("letters of any script, digits, spaces and _ . : / = + - @ are accepted", () => {
    expect(rendered({ ...BASE, tags: { "팀 name_1.x:y/z=+-@": "플랫폼 Platform 2024 _.:/=+-@" } })).toEqual([]);
  });

  test("endpoint tags (EC2) take any character", () => {
    expect(rendered(withEndpoints(ECR_ENDPOINTS, { tags: { note: "😀, ok" } }))).toEqual([]);
  });
});
