/**
 * The synthesized JSON as a Terraform pipeline takes it: `terraform init` (once per stack, from the provider mirror),
 * `validate` and `plan` with only the harness's override file added, for the default config and a second one.
 */
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { loadConfig } from "../src/config/load";
import { ROOT } from "./support/app";
import { runSynth, tempDir } from "./support/cli";
import { init, plan, PlanResult, validate, writeTestOverride } from "./support/terraform";

/** Credential values planted in every plan: they must never come back out. */
const PLANTED_USER = "planted-user-7c41e0";
const PLANTED_TOKEN = "planted-token-93b2fd";

/** The values a pipeline passes with -var, per config and stack. */
const CASES = {
  "config/default.yaml": {
    "registry-cache": {
      account_id: "123456789012",
      docker_hub_username: PLANTED_USER,
      docker_hub_access_token: PLANTED_TOKEN,
      ghcr_username: PLANTED_USER,
      ghcr_access_token: PLANTED_TOKEN,
    },
    "vpc-endpoints": {
      vpc_id: "vpc-0123456789abcdef0",
      vpc_cidr: "10.0.0.0/16",
      private_subnet_ids: '["subnet-0aaaaaaaaaaaaaaa1","subnet-0bbbbbbbbbbbbbbb2"]',
      private_route_table_ids: '["rtb-0ccccccccccccccc3"]',
    },
  },
  "__tests__/fixtures/custom.yaml": {
    "registry-cache": { gitlab_username: PLANTED_USER, gitlab_access_token: PLANTED_TOKEN },
    "vpc-endpoints": {},
  },
} as const;

type ConfigFile = keyof typeof CASES;
type Stack = "registry-cache" | "vpc-endpoints";

/** Synthesizes a config with the real command, then inits, validates and plans each stack once. */
function run(configFile: ConfigFile) {
  const out = tempDir("plan");
  const synth = runSynth(["--config", configFile, "--out", out]);
  if (synth.status !== 0) throw new Error(`synth failed: ${synth.stderr}`);
  const region = loadConfig(path.join(ROOT, configFile)).config.region;
  const results = {} as Record<Stack, { json: string; valid: boolean; plan: PlanResult }>;
  for (const stack of ["registry-cache", "vpc-endpoints"] as const) {
    const dir = path.join(out, "stacks", stack);
    const json = readFileSync(path.join(dir, "cdk.tf.json"), "utf8");
    writeTestOverride(dir, region);
    init(dir);
    const valid = validate(dir);
    if (!valid.valid) throw new Error(`${stack}: ${JSON.stringify(valid.diagnostics)}`);
    results[stack] = { json, valid: valid.valid, plan: plan(dir, { vars: CASES[configFile][stack] }) };
  }
  return results;
}

const runs = new Map<ConfigFile, ReturnType<typeof run>>();
/** {@link run}, once per config for the whole file. */
function planned(configFile: ConfigFile): ReturnType<typeof run> {
  if (!runs.has(configFile)) runs.set(configFile, run(configFile));
  return runs.get(configFile)!;
}

const creates = (p: PlanResult) =>
  p.resource_changes.filter((c) => c.change.actions.join() === "create").map((c) => c.address);

describe.each(Object.keys(CASES) as ConfigFile[])("%s through plain Terraform", (configFile) => {
  let results: ReturnType<typeof run>;
  beforeAll(() => {
    results = planned(configFile);
  }, 600_000);

  test.each(["registry-cache", "vpc-endpoints"] as const)("%s: terraform validate passes", (stack) => {
    expect(results[stack].valid).toBe(true);
  });

  test.each(["registry-cache", "vpc-endpoints"] as const)("%s: the normalized plan matches the snapshot", (stack) => {
    expect(results[stack].plan).toMatchSnapshot();
  });

  test("planted credentials appear in no synthesized JSON, plan or snapshot", () => {
    for (const stack of ["registry-cache", "vpc-endpoints"] as const) {
      const { json, plan: p } = results[stack];
      for (const text of [json, p.raw, JSON.stringify(p)]) {
        expect(text).not.toContain(PLANTED_USER);
        expect(text).not.toContain(PLANTED_TOKEN);
      }
    }
    const snapshots = readFileSync(path.join(__dirname, "__snapshots__", "plan.test.ts.snap"), "utf8");
    expect(snapshots).not.toContain(PLANTED_USER);
    expect(snapshots).not.toContain(PLANTED_TOKEN);
  });
});

describe("the default config's plan creates what the blog creates", () => {
  let results: ReturnType<typeof run>;
  beforeAll(() => {
    results = planned("config/default.yaml");
  }, 600_000);

  test("registry-cache: 5 rules, 5 templates, 2 secrets with versions, and the node policy", () => {
    const prefixes = ["docker_hub", "ecr_public", "ghcr", "k8s", "quay"];
    expect(creates(results["registry-cache"].plan).sort()).toEqual(
      [
        ...prefixes.map((p) => `aws_ecr_pull_through_cache_rule.${p}`),
        ...prefixes.map((p) => `aws_ecr_repository_creation_template.${p}`),
        "aws_secretsmanager_secret.docker_hub",
        "aws_secretsmanager_secret.ghcr",
        "aws_secretsmanager_secret_version.docker_hub",
        "aws_secretsmanager_secret_version.ghcr",
        "aws_iam_policy.node_pull",
      ].sort(),
    );
  });

  test("the secret value is write-only: no secret_string in the plan, only its version", () => {
    // secret_string would be a sensitive, stored value; the write-only argument leaves only its version behind.
    const version = results["registry-cache"].plan.resource_changes.find(
      (c) => c.address === "aws_secretsmanager_secret_version.docker_hub",
    )!;
    expect(version.change.after).toMatchObject({ secret_string_wo_version: 1 });
    expect((version.change.after as Record<string, unknown>).secret_string ?? null).toBeNull();
  });

  test("the node policy's exact statements: no * resource but for GetAuthorizationToken", () => {
    const policy = results["registry-cache"].plan.resource_changes.find(
      (c) => c.address === "aws_iam_policy.node_pull",
    )!;
    type Statement = { Sid: string; Effect: string; Action: string | string[]; Resource: string | string[] };
    const statements = (JSON.parse((policy.change.after as { policy: string }).policy).Statement as Statement[]).map(
      (st) => ({ ...st, Action: [st.Action].flat().sort(), Resource: [st.Resource].flat().sort() }),
    );
    // IAM sets come back in Terraform's order: compare them sorted.
    expect(statements).toEqual([
      { Sid: "EcrLogin", Effect: "Allow", Action: ["ecr:GetAuthorizationToken"], Resource: ["*"] },
      {
        Sid: "PullThroughCache",
        Effect: "Allow",
        Action: [
          "ecr:BatchCheckLayerAvailability",
          "ecr:BatchGetImage",
          "ecr:BatchImportUpstreamImage",
          "ecr:CreateRepository",
          "ecr:GetDownloadUrlForLayer",
        ],
        Resource: ["docker-hub", "ecr-public", "ghcr", "k8s", "quay"].map(
          (p) => `arn:aws:ecr:ap-northeast-2:123456789012:repository/${p}/*`,
        ),
      },
    ]);
    const wildcard = statements.filter((st) => st.Resource.includes("*"));
    expect(wildcard.flatMap((st) => st.Action)).toEqual(["ecr:GetAuthorizationToken"]);
  });

  test("the outputs appear in the plan with the repository URL bases", () => {
    const outputs = results["registry-cache"].plan.output_changes;
    expect(Object.keys(outputs).sort()).toEqual(["cache_repository_urls", "node_policy_arn", "secret_arns"]);
    expect(outputs.cache_repository_urls.after).toEqual({
      "docker-hub": "123456789012.dkr.ecr.ap-northeast-2.amazonaws.com/docker-hub",
      "ecr-public": "123456789012.dkr.ecr.ap-northeast-2.amazonaws.com/ecr-public",
      ghcr: "123456789012.dkr.ecr.ap-northeast-2.amazonaws.com/ghcr",
      k8s: "123456789012.dkr.ecr.ap-northeast-2.amazonaws.com/k8s",
      quay: "123456789012.dkr.ecr.ap-northeast-2.amazonaws.com/quay",
    });
    expect(Object.keys(results["vpc-endpoints"].plan.output_changes).sort()).toEqual([
      "endpoint_ids",
      "security_group_id",
    ]);
  });

  test("vpc-endpoints: 8 endpoints, the security group and its 443 rule", () => {
    const endpoints = ["cloudwatch_logs", "ec2", "ecr_api", "ecr_dkr", "eks", "eks_auth", "s3", "sts"];
    expect(creates(results["vpc-endpoints"].plan).sort()).toEqual(
      [
        ...endpoints.map((e) => `module.vpc_endpoints.aws_vpc_endpoint.this["${e}"]`),
        "aws_security_group.vpce",
        "aws_vpc_security_group_ingress_rule.allow_vpc",
      ].sort(),
    );
    const rule = results["vpc-endpoints"].plan.resource_changes.find(
      (c) => c.type === "aws_vpc_security_group_ingress_rule",
    )!;
    expect(rule.change.after).toMatchObject({
      cidr_ipv4: "10.0.0.0/16",
      ip_protocol: "tcp",
      from_port: 443,
      to_port: 443,
    });
    const s3 = results["vpc-endpoints"].plan.resource_changes.find((c) => c.address.endsWith('["s3"]'))!;
    expect(s3.change.after).toMatchObject({ vpc_endpoint_type: "Gateway", route_table_ids: ["rtb-0ccccccccccccccc3"] });
  });
});
