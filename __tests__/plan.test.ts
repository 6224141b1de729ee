/**
 * `npm run plan` as a user runs it, on every config in config/ (each with its sidecar vars file, found the way the
 * command finds it) and on the custom fixture: a normalized plan snapshot per config and stack, so a change to a
 * config shows up as a snapshot diff in review. Each config is planned once: the summary comes on stderr of the same
 * run (the default config's with no flag but --json, as from a fresh clone). Credentials planted in the environment
 * must never come back out.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { planMessages } from "../src/cli/plan.messages";
import { summarizePlan } from "../src/plan/summary";
import { init, NormalizedPlan, plan, writePlanOverride } from "../src/plan/terraform";
import { configFileNames, CREDENTIAL_PLACEHOLDER } from "../src/plan/variables";
import { Testing } from "cdktf";
import { APP_CONTEXT, buildStacks } from "../src/app";
import { loadConfig } from "../src/config/load";
import { ROOT } from "./support/app";
import { CliResult, runSynth, startEntry, tempDir } from "./support/cli";

// Both plans of a config run in the first test that needs them; later tests reuse them.
jest.setTimeout(600_000);

/** Credential values planted where a careless command would pick them up: they must never come back out. */
const PLANTED_USER = "planted-user-7c41e0";
const PLANTED_TOKEN = "planted-token-93b2fd";
const PLANTED_ENV = Object.fromEntries(
  ["docker_hub", "ghcr", "gitlab"].flatMap((p) => [
    [`TF_VAR_${p}_username`, PLANTED_USER],
    [`TF_VAR_${p}_access_token`, PLANTED_TOKEN],
  ]),
);

/** Every config in config/, found the way a user adds one, plus the fixture that sets what the default leaves out. */
const CONFIGS = [
  ...configFileNames(readdirSync(path.join(ROOT, "config"))).map((f) => `config/${f}`),
  "__tests__/fixtures/custom.yaml",
];

/** A command's result and the temp folder it ran with (TMPDIR), to check it left nothing behind. */
interface Run extends CliResult {
  readonly leftBehind: string[];
}

/** Runs `npm run plan -- ...args` with the planted credentials and a private TMPDIR. */
async function runPlan(args: readonly string[]): Promise<Run> {
  const tmp = mkdtempSync(path.join(tmpdir(), "plan-test-"));
  try {
    const result = await startEntry("src/cli/plan-main.ts", args, { ...PLANTED_ENV, TMPDIR: tmp });
    return { ...result, leftBehind: readdirSync(tmp) };
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

/** The --json run of every config, started together; the default config is found without --config. */
let runs: Promise<Map<string, Run>>;
beforeAll(() => {
  const args = (c: string) => (c === "config/default.yaml" ? ["--json"] : ["--config", c, "--json"]);
  runs = Promise.all(CONFIGS.map(async (c) => [c, await runPlan(args(c))] as const)).then((e) => new Map(e));
  runs.catch(() => undefined); // an unobserved rejection would surface before a test awaits it
});

/** The --json run of a config; fails with its stderr unless it exited 0. */
async function planned(config: string): Promise<{ run: Run; plans: Record<string, NormalizedPlan> }> {
  const run = (await runs).get(config)!;
  if (run.status !== 0) throw new Error(`npm run plan -- --config ${config} --json: exit ${run.status}\n${run.stderr}`);
  return { run, plans: JSON.parse(run.stdout) as Record<string, NormalizedPlan> };
}

const creates = (p: NormalizedPlan) =>
  p.resource_changes.filter((c) => c.change.actions.join() === "create").map((c) => c.address);
const STACKS = ["registry-cache", "vpc-endpoints"] as const;

/** The stacks a config synthesizes (a pair per target for a config with targets), built in memory. */
function stacksOf(config: string): string[] {
  const app = Testing.app({ context: APP_CONTEXT });
  return buildStacks(app, loadConfig(path.join(ROOT, config)).config).all.map((s) => s.node.id);
}

describe.each(CONFIGS)("%s through plain Terraform", (config) => {
  const stacks = stacksOf(config);

  test("plans every stack the config synthesizes, each on its own", async () => {
    const { plans } = await planned(config);
    expect(Object.keys(plans)).toEqual(stacks);
  });

  test.each(stacks)("%s: the configuration is valid (terraform plan validates it)", async (stack) => {
    // The run itself, whatever its exit: the command prints this line only when the stack's `terraform plan`, which
    // validates the configuration first, succeeded.
    const run = (await runs).get(config)!;
    expect(run.stderr).toContain(planMessages.configurationValid(stack));
  });

  test.each(stacks)("%s: the normalized plan matches the snapshot", async (stack) => {
    const { plans } = await planned(config);
    expect(plans[stack]).toMatchSnapshot();
  });

  test("planted credentials appear in no output or snapshot, and no temp folder is left behind", async () => {
    const { run } = await planned(config);
    const snapshots = readFileSync(path.join(__dirname, "__snapshots__", "plan.test.ts.snap"), "utf8");
    for (const text of [run.stdout, run.stderr, snapshots]) {
      expect(text).not.toContain(PLANTED_USER);
      expect(text).not.toContain(PLANTED_TOKEN);
      // What the credential variables were given instead stays out of the plan too: they are ephemeral, write-only.
      expect(text).not.toContain(CREDENTIAL_PLACEHOLDER);
    }
    expect(run.leftBehind).toEqual([]);
  });

  test("the JSON is normalized: no absolute paths, every object's keys sorted", async () => {
    const { run } = await planned(config);
    expect(run.stdout).not.toContain(ROOT);
    expect(run.stdout).not.toMatch(/"\/(tmp|home|root|Users|var)\//);
    const sorted = (v: unknown): boolean =>
      Array.isArray(v)
        ? v.every(sorted)
        : typeof v === "object" && v !== null
          ? Object.keys(v).join() === Object.keys(v).sort().join() && Object.values(v).every(sorted)
          : true;
    expect(sorted(JSON.parse(run.stdout))).toBe(true);
  });
});

describe("npm run plan -- --json: the default config's summary on stderr", () => {
  test("says the plan is from empty state, then summarizes both stacks exactly as the JSON plans say", async () => {
    const { run, plans } = await planned("config/default.yaml");
    const expected = [
      planMessages.emptyStateNote,
      ...STACKS.map((s) => ["", ...summarizePlan(s, plans[s])].join("\n")),
    ];
    expect(run.stderr).toContain(`\n${expected.join("\n")}\n`);
    expect(run.stderr).toContain("from config/default.yaml with variables from config/default.tfvars.json");
  });

  test("shows what a reviewer checks: prefixes, upstreams, names, the lifecycle policy pretty-printed once", async () => {
    const { stderr } = (await planned("config/default.yaml")).run;
    expect(stderr).toMatch(/^registry-cache: 15 to create$/m);
    expect(stderr).toMatch(/^vpc-endpoints: 10 to create$/m);
    expect(stderr).toContain(
      [
        "  + aws_ecr_pull_through_cache_rule.docker_hub",
        "      ecr_repository_prefix: docker-hub",
        "      upstream_registry_url: registry-1.docker.io",
        "      credential_arn: (known after apply)",
      ].join("\n"),
    );
    expect(stderr).toContain("      name: ecr-pullthroughcache/ghcr\n");
    expect(stderr).toContain('          "countType": "sinceImagePushed",\n');
    expect(stderr.match(/^ {6}lifecycle_policy:$/gm)).toHaveLength(1);
    expect(
      stderr.match(
        /^ {6}lifecycle_policy: \(same as aws_ecr_repository_creation_template\.docker_hub\.lifecycle_policy\)$/gm,
      ),
    ).toHaveLength(4);
    expect(stderr).toContain("      service_name: com.amazonaws.ap-northeast-2.ecr.dkr\n");
  });
});

describe("the default config's plan creates what the blog creates", () => {
  let plans: Record<string, NormalizedPlan>;
  beforeAll(async () => {
    plans = (await planned("config/default.yaml")).plans;
  });

  test("registry-cache: 5 rules, 5 templates, 2 secrets with versions, and the node policy", () => {
    const prefixes = ["docker_hub", "ecr_public", "ghcr", "k8s", "quay"];
    expect(creates(plans["registry-cache"]).sort()).toEqual(
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
    const version = plans["registry-cache"].resource_changes.find(
      (c) => c.address === "aws_secretsmanager_secret_version.docker_hub",
    )!;
    expect(version.change.after).toMatchObject({ secret_string_wo_version: 1 });
    expect((version.change.after as Record<string, unknown>).secret_string ?? null).toBeNull();
  });

  test("the node policy's exact statements: no * resource but for GetAuthorizationToken", () => {
    const policy = plans["registry-cache"].resource_changes.find((c) => c.address === "aws_iam_policy.node_pull")!;
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
    const outputs = plans["registry-cache"].output_changes;
    expect(Object.keys(outputs).sort()).toEqual(["cache_repository_urls", "node_policy_arn", "secret_arns"]);
    expect(outputs.cache_repository_urls.after).toEqual({
      "docker-hub": "123456789012.dkr.ecr.ap-northeast-2.amazonaws.com/docker-hub",
      "ecr-public": "123456789012.dkr.ecr.ap-northeast-2.amazonaws.com/ecr-public",
      ghcr: "123456789012.dkr.ecr.ap-northeast-2.amazonaws.com/ghcr",
      k8s: "123456789012.dkr.ecr.ap-northeast-2.amazonaws.com/k8s",
      quay: "123456789012.dkr.ecr.ap-northeast-2.amazonaws.com/quay",
    });
    expect(Object.keys(plans["vpc-endpoints"].output_changes).sort()).toEqual(["endpoint_ids", "security_group_id"]);
  });

  test("vpc-endpoints: 8 endpoints, the security group and its 443 rule", () => {
    const endpoints = ["cloudwatch_logs", "ec2", "ecr_api", "ecr_dkr", "eks", "eks_auth", "s3", "sts"];
    expect(creates(plans["vpc-endpoints"]).sort()).toEqual(
      [
        ...endpoints.map((e) => `module.vpc_endpoints.aws_vpc_endpoint.this["${e}"]`),
        "aws_security_group.vpce",
        "aws_vpc_security_group_ingress_rule.allow_vpc",
      ].sort(),
    );
    const rule = plans["vpc-endpoints"].resource_changes.find((c) => c.type === "aws_vpc_security_group_ingress_rule")!;
    expect(rule.change.after).toMatchObject({
      cidr_ipv4: "10.0.0.0/16",
      ip_protocol: "tcp",
      from_port: 443,
      to_port: 443,
    });
    const s3 = plans["vpc-endpoints"].resource_changes.find((c) => c.address.endsWith('["s3"]'))!;
    expect(s3.change.after).toMatchObject({ vpc_endpoint_type: "Gateway", route_table_ids: ["rtb-0ccccccccccccccc3"] });
  });
});

describe("npm run synth -- --hcl plans exactly what the JSON plans", () => {
  // The JSON side is the plan command's own run of the fixture above (synthesized as JSON, planned by Terraform);
  // the HCL side is a user's `npm run synth -- --hcl` of the same config, initialized and planned here.
  const config = "__tests__/fixtures/custom.yaml";
  let hcl: Promise<Record<string, NormalizedPlan>>;
  beforeAll(() => {
    const out = path.join(tempDir("plan-hcl"), "out");
    const synth = runSynth(["--config", config, "--out", out, "--hcl"]);
    if (synth.status !== 0) throw new Error(`npm run synth -- --hcl failed (${synth.status}):\n${synth.stderr}`);
    // The config sets every other value; the credentials are write-only, so their values never reach the plan.
    const vars: Record<string, Record<string, string>> = {
      "registry-cache": { gitlab_username: "u", gitlab_access_token: "t" },
      "vpc-endpoints": {},
    };
    hcl = Promise.all(
      STACKS.map(async (stack) => {
        const dir = path.join(out, "stacks", stack);
        writePlanOverride(dir, "eu-west-1");
        await init(dir);
        return [stack, await plan(dir, { vars: vars[stack] })] as const;
      }),
    ).then((e) => Object.fromEntries(e));
    hcl.catch(() => undefined); // an unobserved rejection would surface before a test awaits it
  });

  test.each(STACKS)("%s", async (stack) => {
    const json = (await planned(config)).plans[stack];
    expect((await hcl)[stack]).toEqual(json);
  });
});
