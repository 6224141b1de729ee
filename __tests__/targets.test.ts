/**
 * Several accounts and Regions from one config: the stacks each target gets, what a hub and its spokes hold, and the
 * checks on the new fields. The example config/organization.yaml is planned by plan.test.ts like every config.
 */
import * as path from "node:path";
import { loadConfig } from "../src/config/load";
import { ConfigInput } from "../src/config/schema";
import { formatFinding } from "../src/validate/finding";
import { validateConfig } from "../src/validate";
import { minimalInput, projectConfig, ROOT, synth, synthAll } from "./support/app";

/** The rendered error and warning lines of a config input. */
function findings(input: ConfigInput): string[] {
  return validateConfig(input).findings.map((f) => `${f.severity}: ${formatFinding(f)}`);
}

describe("config/organization.yaml", () => {
  const stacks = synthAll(projectConfig("organization.yaml"));

  test("each target gets its own stacks, named after it", () => {
    expect(Object.keys(stacks)).toEqual([
      "registry-cache-hub",
      "registry-cache-hub-us",
      "registry-cache-prod",
      "vpc-endpoints-prod",
    ]);
  });

  test("each stack has its own provider: the target's Region, the role it assumes, and only its account", () => {
    const provider = (s: string) => stacks[s].provider.aws[0];
    expect(provider("registry-cache-hub-us")).toEqual({
      region: "us-east-1",
      assume_role: [{ role_arn: "arn:aws:iam::111111111111:role/terraform-deploy" }],
      allowed_account_ids: ["111111111111"],
      default_tags: undefined,
    });
    expect(provider("vpc-endpoints-prod")).toMatchObject({
      region: "eu-west-1",
      allowed_account_ids: ["222222222222"],
    });
  });

  test("each stack has its own state key: <keyPrefix>/<target>/<stack>.tfstate", () => {
    const keys = Object.values(stacks).map((s) => s.terraform.backend.s3.key);
    expect(keys).toEqual([
      "ecr-pull-cache/hub/registry-cache.tfstate",
      "ecr-pull-cache/hub-us/registry-cache.tfstate",
      "ecr-pull-cache/prod/registry-cache.tfstate",
      "ecr-pull-cache/prod/vpc-endpoints.tfstate",
    ]);
  });

  test("stacks share nothing: no stack reads another's state or outputs", () => {
    for (const s of Object.values(stacks)) {
      expect(s.data?.terraform_remote_state).toBeUndefined();
      expect(JSON.stringify(s)).not.toMatch(/terraform_remote_state/);
    }
  });

  test("only the hub holds secrets; a spoke's rules pull the same prefix from the hub with the spoke's role", () => {
    expect(Object.keys(stacks["registry-cache-hub"].resource.aws_secretsmanager_secret)).toEqual([
      "docker_hub",
      "ghcr",
    ]);
    for (const spoke of ["registry-cache-hub-us", "registry-cache-prod"]) {
      expect(stacks[spoke].resource.aws_secretsmanager_secret).toBeUndefined();
      expect(stacks[spoke].variable).toBeUndefined();
      const rules = stacks[spoke].resource.aws_ecr_pull_through_cache_rule;
      expect(Object.values(rules).map((r: any) => [r.ecr_repository_prefix, r.upstream_repository_prefix])).toEqual([
        ["docker-hub", "docker-hub"],
        ["ghcr", "ghcr"],
        ["k8s", "k8s"],
        ["quay", "quay"],
      ]);
      for (const rule of Object.values(rules) as any[]) {
        expect(rule.upstream_registry_url).toBe("111111111111.dkr.ecr.eu-west-1.amazonaws.com");
        expect(rule.custom_role_arn).toBe("${aws_iam_role.spoke_pull.arn}");
        expect(rule.credential_arn).toBeUndefined();
      }
    }
  });

  test("the spoke's role is trusted by ECR's pull through cache only, named for its Region", () => {
    const role = stacks["registry-cache-hub-us"].resource.aws_iam_role.spoke_pull;
    expect(role.name).toBe("ecr-pull-cache-ptc-us-east-1");
    expect(JSON.parse(role.assume_role_policy).Statement).toEqual([
      {
        Sid: "TrustedService",
        Effect: "Allow",
        Principal: { Service: "pullthroughcache.ecr.amazonaws.com" },
        Action: "sts:AssumeRole",
      },
    ]);
  });

  test("the hub's registry policy grants the spoke in another account (not the one in its own) and the organization", () => {
    const policy = JSON.parse(stacks["registry-cache-hub"].resource.aws_ecr_registry_policy.cache.policy);
    expect(policy.Statement.map((s: any) => s.Sid)).toEqual(["Spoke222222222222", "Organization"]);
    for (const spoke of ["registry-cache-hub-us", "registry-cache-prod"]) {
      expect(stacks[spoke].resource.aws_ecr_registry_policy).toBeUndefined();
    }
  });

  test("scanning covers exactly the cache prefixes, where the config asks for it", () => {
    expect(stacks["registry-cache-hub"].resource.aws_ecr_registry_scanning_configuration.cache).toEqual({
      scan_type: "BASIC",
      rule: [
        {
          scan_frequency: "SCAN_ON_PUSH",
          repository_filter: ["docker-hub/*", "ghcr/*", "quay/*", "k8s/*"].map((filter) => ({
            filter,
            filter_type: "WILDCARD",
          })),
        },
      ],
    });
    expect(stacks["registry-cache-prod"].resource.aws_ecr_registry_scanning_configuration).toBeUndefined();
  });

  test("templates that tag repositories get the role the stack makes, in every target", () => {
    for (const name of ["registry-cache-hub", "registry-cache-hub-us", "registry-cache-prod"]) {
      const stack = stacks[name];
      const region = stack.provider.aws[0].region;
      expect(stack.resource.aws_iam_role.template.name).toBe(`ecr-pull-cache-template-${region}`);
      for (const template of Object.values(stack.resource.aws_ecr_repository_creation_template) as any[]) {
        expect(template.custom_role_arn).toBe("${aws_iam_role.template.arn}");
      }
    }
  });
});

describe("the template role without targets", () => {
  const stack = (template: ConfigInput["templateDefaults"]) =>
    JSON.parse(synth(minimalInput({ templateDefaults: template })).registryCache);

  test("a KMS key makes a role allowed to use that key only", () => {
    const key = "arn:aws:kms:eu-west-1:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab";
    const json = stack({ encryption: { type: "KMS", kmsKey: key } });
    const policy = JSON.parse(json.resource.aws_iam_role_policy.template.policy);
    expect(policy.Statement[1]).toEqual({
      Sid: "EncryptWithKey",
      Effect: "Allow",
      Action: ["kms:CreateGrant", "kms:DescribeKey", "kms:RetireGrant"],
      Resource: [key],
    });
    expect(json.resource.aws_ecr_repository_creation_template.quay.custom_role_arn).toBe(
      "${aws_iam_role.template.arn}",
    );
  });

  test("a named role is used as is, and none is made", () => {
    const role = "arn:aws:iam::111111111111:role/mine";
    const json = stack({ resourceTags: { team: "x" }, customRoleArn: role });
    expect(json.resource.aws_iam_role).toBeUndefined();
    expect(json.resource.aws_ecr_repository_creation_template.quay.custom_role_arn).toBe(role);
  });

  test("a template that neither tags nor uses KMS gets no role", () => {
    expect(stack({ imageTagMutability: "MUTABLE" }).resource.aws_iam_role).toBeUndefined();
  });
});

describe("validation of targets, registryPolicy and scanning", () => {
  const hub = { name: "hub", accountId: "111111111111" };

  test.each<[string, Partial<ConfigInput>, string]>([
    [
      "an empty targets list",
      { targets: [] },
      "error: targets: lists no target ([]); list at least one target, or remove targets to deploy to one account",
    ],
    [
      "a bad account id",
      { targets: [{ accountId: "1234", name: "a" }] },
      'error: targets[0].accountId: is not a 12-digit AWS account id ("1234"); quote 12 digits, e.g. "111111111111"',
    ],
    [
      "two targets in one account and Region",
      { targets: [hub, { name: "twin", accountId: "111111111111" }] },
      'error: targets[0]: deploys to the same account and Region as target "twin" ("111111111111 eu-west-1"); keep one target per account and Region: a registry holds one set of pull through cache rules',
    ],
    [
      "a role in another account",
      { targets: [{ ...hub, roleArn: "arn:aws:iam::999999999999:role/deploy" }] },
      "error: targets[0].roleArn: is a role in account 999999999999, not in the target's account 111111111111: the stacks would deploy there (\"arn:aws:iam::999999999999:role/deploy\"); name a role in the target's account, or fix accountId",
    ],
    [
      "pullFrom naming nothing",
      { targets: [hub, { name: "spoke", accountId: "222222222222", pullFrom: "hbu" }] },
      'error: targets[1].pullFrom: names no target of this config ("hbu"); name one of: hub, spoke',
    ],
    [
      "a chain of caches",
      {
        targets: [
          hub,
          { name: "mid", accountId: "222222222222", pullFrom: "hub" },
          { name: "leaf", accountId: "333333333333", pullFrom: "mid" },
        ],
      },
      'error: targets[2].pullFrom: names a target that pulls from "hub" itself ("mid"); pull from "hub" directly: hubs take their images from the upstreams',
    ],
    [
      "vpcEndpoints at the top with targets",
      { targets: [hub], vpcEndpoints: { vpcId: "vpc-0123456789abcdef0" } },
      "error: vpcEndpoints: is set at the top of a config that has targets; move it into each target that needs it (targets[i].vpcEndpoints)",
    ],
    [
      "a fixed node policy name for two targets in one account",
      {
        nodeAccess: { policyName: "node-pull" },
        targets: [hub, { name: "us", accountId: "111111111111", region: "us-east-1" }],
      },
      'error: nodeAccess.policyName: names one IAM policy for every target, but account 111111111111 has several targets, and IAM names are per account ("node-pull"); remove policyName: the default, ecr-pull-cache-node-pull-<region>, differs per Region',
    ],
    [
      "a target name that cannot name a stack folder",
      { targets: [{ name: "Hub_1", accountId: "111111111111" }] },
      'error: targets[0].name: gives the target name "Hub_1", which is not 1-32 lowercase letters, digits and inner hyphens ("Hub_1"); set name to such a name, e.g. "hub" or "prod-eu"',
    ],
    [
      "two targets with one name",
      { targets: [hub, { name: "hub", accountId: "222222222222" }] },
      'error: targets[1].name: is the name of another target too ("hub"); give each target its own name',
    ],
    [
      "pullFrom naming the target itself",
      { targets: [hub, { name: "spoke", accountId: "222222222222", pullFrom: "spoke" }] },
      'error: targets[1].pullFrom: names the target itself ("spoke"); name another target, or remove pullFrom',
    ],
    [
      "accountId at the top with targets",
      { accountId: "111111111111", targets: [hub] },
      "error: accountId: is set at the top of a config that has targets; move it into each target that needs it (targets[i].accountId)",
    ],
    [
      "a registry policy that grants nothing",
      { registryPolicy: {} },
      "error: registryPolicy: grants nothing ({}); set organizationId, organizationalUnitPaths or accountIds, or remove it",
    ],
    [
      "an unconditioned * account",
      { registryPolicy: { accountIds: ["*"] } },
      'error: registryPolicy.accountIds[0]: would grant every AWS account ("*"); use organizationId to grant your organization',
    ],
    [
      "a malformed organization id",
      { registryPolicy: { organizationId: "org-1" } },
      'error: registryPolicy.organizationId: is not an organization id ("org-1"); write "o-" and 10 to 32 lowercase letters or digits',
    ],
    [
      "a malformed organization path",
      { registryPolicy: { organizationalUnitPaths: ["ou-ab12-11111111"] } },
      'error: registryPolicy.organizationalUnitPaths[0]: is not an organization path ("ou-ab12-11111111"); write "<org id>/<root id>/<ou id>/", e.g. "o-a1b2c3d4e5/r-ab12/ou-ab12-11111111/" (a trailing * takes every OU below)',
    ],
    [
      "continuous scanning with BASIC",
      { scanning: { type: "BASIC", frequency: "CONTINUOUS_SCAN" } },
      'error: scanning.frequency: is not available with BASIC scanning (it allows SCAN_ON_PUSH) ("CONTINUOUS_SCAN"); use SCAN_ON_PUSH, or type ENHANCED',
    ],
    [
      "an existing secret where a target pulls from the upstream in another Region",
      {
        registries: {
          "docker-hub": {
            upstreamRegistryUrl: "registry-1.docker.io",
            credentials: {
              secretArn: "arn:aws:secretsmanager:eu-west-1:111111111111:secret:ecr-pullthroughcache/dh-AbCdEf",
            },
          },
        },
        targets: [hub, { name: "us", accountId: "111111111111", region: "us-east-1" }],
      },
      "error: registries.docker-hub.credentials: names a secret in 111111111111 eu-west-1, but target targets[1] pulls from the upstream in 111111111111 us-east-1, where ECR looks for it; use credentials: managed to have a secret made in every target, or pull that target from a hub (pullFrom)",
    ],
  ])("%s is refused", (_case, extra, expected) => {
    expect(findings(minimalInput(extra))).toContain(expected);
  });

  test("an existing secret is checked against the Regions of the targets that use it, not the top-level region", () => {
    const dockerHub = (secretRegion: string) => ({
      "docker-hub": {
        upstreamRegistryUrl: "registry-1.docker.io",
        credentials: {
          secretArn: `arn:aws:secretsmanager:${secretRegion}:111111111111:secret:ecr-pullthroughcache/dh-AbCdEf`,
        },
      },
    });
    // The only target that logs in to Docker Hub is in us-east-1; the spoke in eu-west-1 pulls from it without one.
    const targets = [
      { name: "hub", accountId: "111111111111", region: "us-east-1" },
      { name: "spoke", accountId: "222222222222", pullFrom: "hub" },
    ];
    const errors = (secretRegion: string) =>
      findings(minimalInput({ registries: dockerHub(secretRegion), targets })).filter((l) => l.startsWith("error"));
    expect(errors("us-east-1")).toEqual([]);
    expect(errors("eu-west-1")).toEqual([
      "error: registries.docker-hub.credentials: names a secret in 111111111111 eu-west-1, but target targets[0] pulls from the upstream in 111111111111 us-east-1, where ECR looks for it; use credentials: managed to have a secret made in every target, or pull that target from a hub (pullFrom)",
    ]);
  });

  test("a template's KMS key must be in the Region of every target, since every target creates repositories with it", () => {
    const key = (region: string) => `arn:aws:kms:${region}:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
    const errors = (targets: ConfigInput["targets"], kmsKey: string) =>
      findings(minimalInput({ templateDefaults: { encryption: { type: "KMS", kmsKey } }, targets })).filter((l) =>
        l.startsWith("error"),
      );
    const hubAndUs = [hub, { name: "hub-us", accountId: "111111111111", region: "us-east-1", pullFrom: "hub" }];
    expect(errors(hubAndUs, key("eu-west-1"))).toEqual([
      `error: templateDefaults.encryption.kmsKey: the KMS key is in eu-west-1, but target "hub-us" creates repositories in us-east-1, which can only use keys of their own Region ("${key("eu-west-1")}"); targets in several Regions cannot share one key: remove kmsKey to use each Region's AWS managed key, or deploy only to eu-west-1`,
    ]);
    // The top-level region does not count when no target deploys there.
    expect(errors([{ ...hub, region: "us-east-1" }], key("us-east-1"))).toEqual([]);
    expect(errors([hub, { name: "prod", accountId: "222222222222", pullFrom: "hub" }], key("eu-west-1"))).toEqual([]);
  });

  test("a template's customRoleArn must be in the account of every target: ECR assumes only its own account's roles", () => {
    const role = (account: string) => `arn:aws:iam::${account}:role/ecr-template`;
    const errors = (targets: ConfigInput["targets"], customRoleArn: string) =>
      findings(minimalInput({ templateDefaults: { customRoleArn }, targets })).filter((l) => l.startsWith("error"));
    const hubAndProd = [hub, { name: "prod", accountId: "222222222222", pullFrom: "hub" }];
    expect(errors(hubAndProd, role(hub.accountId))).toEqual([
      `error: templateDefaults.customRoleArn: the role is in account ${hub.accountId}, but ECR only assumes a role of the registry's own account, and the templates are created in target "prod" (account 222222222222) ("${role(hub.accountId)}"); targets in several accounts cannot share one role: remove customRoleArn (the stack then creates one in each account where the template tags or encrypts with KMS)`,
    ]);
    // One account, several Regions: the role serves them all.
    const twoRegions = [hub, { name: "hub-us", accountId: hub.accountId, region: "us-east-1", pullFrom: "hub" }];
    expect(errors(twoRegions, role(hub.accountId))).toEqual([]);
  });

  test("without targets, a template's customRoleArn must be in accountId's account when it is given", () => {
    const errors = (input: Partial<ConfigInput>) => findings(minimalInput(input)).filter((l) => l.startsWith("error"));
    const customRoleArn = "arn:aws:iam::999999999999:role/ecr-template";
    expect(
      errors({
        accountId: "123456789012",
        registries: { quay: { upstreamRegistryUrl: "quay.io", template: { customRoleArn } } },
      }),
    ).toEqual([
      `error: registries.quay.template.customRoleArn: the role is in account 999999999999, but ECR only assumes a role of the registry's own account, and the templates are created in account 123456789012 ("${customRoleArn}"); use a role in account 123456789012, or remove customRoleArn (the stack then creates one where the template tags or encrypts with KMS)`,
    ]);
    // The account is a variable until apply: nothing to compare with.
    expect(errors({ templateDefaults: { customRoleArn } })).toEqual([]);
  });

  test("registryPolicy and scanning warn that they replace the registry's own", () => {
    const lines = findings(
      minimalInput({ registryPolicy: { organizationId: "o-abcdefghij" }, scanning: { type: "ENHANCED" } }),
    );
    expect(lines.filter((l) => l.startsWith("error"))).toEqual([]);
    expect(lines).toEqual([
      "warning: registryPolicy: becomes the registry policy: a registry has one, and applying it replaces the one the registry has now; move statements you need from the current policy (aws ecr get-registry-policy) into this config first",
      "warning: scanning: becomes the scanning configuration of the registry in eu-west-1: a registry has one, and applying it replaces the one it has now, filters for repositories outside the cache included; check the current one first (aws ecr get-registry-scanning-configuration)",
    ]);
  });

  test("the example config loads with only the two replace warnings of its hub", () => {
    const { warnings } = loadConfig(path.join(ROOT, "config", "organization.yaml"));
    expect(warnings.map((w) => `${w.severity} ${w.path}`)).toEqual([
      "warning targets[0].registryPolicy",
      "warning targets[0].scanning",
    ]);
  });
});
