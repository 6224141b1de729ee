/**
 * The paths users take, taken the same way: the real `cdktf` CLI and `npm run synth` into one folder, plain
 * Terraform on the output (and on a stack folder copied elsewhere), two synths at once, synths killed half-way, and
 * the state a nightly destroy needs surviving `rm -rf cdktf.out`. Each loop is bounded in time; what it asserts is
 * the same on every run.
 */
import { spawn, spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, readlinkSync, rmSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { ROOT } from "./support/app";
import { runSynth, tempDir } from "./support/cli";
import {
  fmtCheck,
  init,
  plan,
  PLAN_OVERRIDE_FILE,
  runTerraform,
  terraformEnv,
  validate,
  writePlanOverride,
} from "../src/plan/terraform";

// Each journey runs several Terraform commands; on a busy 2-core machine one can take minutes. (The Terraform calls
// are asynchronous, so jest's timeout applies to them.)
jest.setTimeout(600_000);

// Each journey runs several real Terraform and cdktf commands in a row: minutes on a busy 2-core machine.
jest.setTimeout(600_000);

const STACKS = ["registry-cache", "vpc-endpoints"] as const;
const ENDPOINT_VARS = {
  vpc_id: "vpc-0123456789abcdef0",
  vpc_cidr: "10.0.0.0/16",
  private_subnet_ids: '["subnet-0aaaaaaaaaaaaaaa1"]',
  private_route_table_ids: '["rtb-0ccccccccccccccc3"]',
};
const CACHE_VARS = {
  account_id: "123456789012",
  docker_hub_username: "u",
  docker_hub_access_token: "t",
  ghcr_username: "u",
  ghcr_access_token: "t",
};

/** The real cdktf CLI from node_modules, run in the project with its output sent to `out`. */
function cdktf(args: readonly string[], out: string, env: Record<string, string> = {}) {
  const r = spawnSync(path.join(ROOT, "node_modules", ".bin", "cdktf"), [...args, "--output", out], {
    cwd: ROOT,
    env: { ...process.env, ...terraformEnv(), CHECKPOINT_DISABLE: "1", CI: "1", FORCE_COLOR: "0", ...env },
    encoding: "utf8",
    timeout: 120_000,
  });
  if (r.status !== 0) throw new Error(`cdktf ${args.join(" ")} failed (${r.status}):\n${r.stdout}\n${r.stderr}`);
  return r.stdout + r.stderr;
}

/** `terraform init` and `validate` in every stack folder; validate must report no diagnostic at all. */
async function initAndValidate(out: string, region: string): Promise<void> {
  for (const stack of STACKS) {
    const dir = path.join(out, "stacks", stack);
    writePlanOverride(dir, region);
    await init(dir);
    const result = await validate(dir);
    expect({ stack, valid: result.valid, diagnostics: result.diagnostics }).toEqual({
      stack,
      valid: true,
      diagnostics: [],
    });
  }
}

/** The files of a stack folder, leaving out Terraform's working files and the harness's override. */
function synthFiles(out: string, stack: string): string[] {
  const working = new Set([".terraform", ".terraform.lock.hcl", PLAN_OVERRIDE_FILE]);
  return readdirSync(path.join(out, "stacks", stack))
    .filter((f) => !working.has(f))
    .sort();
}

describe("cdktf synth, cdktf synth --hcl and npm run synth into one folder", () => {
  const base = tempDir("journey-kinds");
  const out = path.join(base, "cdktf.out");

  test("each leaves one kind of file per stack, and Terraform inits and validates with no warning", async () => {
    expect(cdktf(["synth"], out)).not.toContain("ERROR");
    expect(synthFiles(out, "registry-cache")).toEqual(["cdk.tf.json"]);
    await initAndValidate(out, "ap-northeast-2");

    cdktf(["synth", "--hcl"], out);
    expect(synthFiles(out, "registry-cache")).toEqual(["cdk.tf", "metadata.json"]);
    expect(synthFiles(out, "vpc-endpoints")).toEqual(["assets", "cdk.tf", "metadata.json"]);
    // The Terraform working files of the first synth were handed over: init finds the provider in place.
    expect(existsSync(path.join(out, "stacks", "registry-cache", ".terraform"))).toBe(true);
    await initAndValidate(out, "ap-northeast-2");
    for (const stack of STACKS) {
      rmSync(path.join(out, "stacks", stack, PLAN_OVERRIDE_FILE));
      await fmtCheck(path.join(out, "stacks", stack));
    }

    const r = runSynth(["--out", out]);
    expect(r.status).toBe(0);
    expect(synthFiles(out, "registry-cache")).toEqual(["cdk.tf.json"]);
    expect(synthFiles(out, "vpc-endpoints")).toEqual(["assets", "cdk.tf.json"]);
    await initAndValidate(out, "ap-northeast-2");
    // One generation behind the link; no staging folder, lock or draft left.
    expect(readdirSync(base).filter((e) => e.startsWith(".cdktf.out."))).toEqual([readlinkSync(out)]);
  });

  test("the HCL plans exactly what the JSON plans", async () => {
    const hcl = path.join(base, "hcl");
    const json = path.join(base, "json");
    const config = "__tests__/fixtures/custom.yaml";
    expect(runSynth(["--config", config, "--out", hcl, "--hcl"]).status).toBe(0);
    expect(runSynth(["--config", config, "--out", json]).status).toBe(0);
    for (const stack of STACKS) {
      const plans = [];
      for (const dir of [hcl, json]) {
        const stackDir = path.join(dir, "stacks", stack);
        writePlanOverride(stackDir, "eu-west-1");
        await init(stackDir);
        const vars: Record<string, string> =
          stack === "registry-cache" ? { gitlab_username: "u", gitlab_access_token: "t" } : {};
        plans.push(await plan(stackDir, { vars }));
      }
      expect(plans[0]).toEqual(plans[1]);
    }
  });
});

describe("plain Terraform on a stack folder copied elsewhere", () => {
  test("init with -backend-config and plan, with no cdktf and no project around it", async () => {
    const base = tempDir("journey-copy");
    const out = path.join(base, "out");
    expect(runSynth(["--out", out]).status).toBe(0);
    const copy = path.join(tempDir("journey-copied"), "registry-cache");
    cpSync(path.join(out, "stacks", "registry-cache"), copy, { recursive: true });
    writePlanOverride(copy, "ap-northeast-2", { keepBackend: true });
    const state = path.join(path.dirname(copy), "elsewhere.tfstate");
    await runTerraform(copy, ["init", "-input=false", "-no-color", `-backend-config=path=${state}`]);
    const backend = JSON.parse(readFileSync(path.join(copy, ".terraform", "terraform.tfstate"), "utf8")).backend;
    expect(backend).toMatchObject({ type: "local", config: { path: state } });
    const planned = await plan(copy, { vars: CACHE_VARS });
    expect(planned.resource_changes.filter((c) => c.change.actions.includes("create")).length).toBeGreaterThan(10);
  });
});

/** Writes two configs that differ in Region, so a mixed output shows. */
function twoConfigs(dir: string): { a: string; b: string } {
  const body = (region: string) =>
    `region: ${region}\nregistries:\n  quay: { upstreamRegistryUrl: quay.io }\n` +
    `vpcEndpoints:\n  securityGroup: { name: vpce, description: HTTPS to the endpoints }\n` +
    `  endpoints:\n    s3: { service: s3, type: Gateway }\n`;
  const a = path.join(dir, "a.yaml");
  const b = path.join(dir, "b.yaml");
  writeFileSync(a, body("eu-west-1"));
  writeFileSync(b, body("us-east-2"));
  return { a, b };
}

/**
 * The Region the output folder was synthesized for, after checking it is one synth's output, whole: the manifest
 * and both stacks parse and agree, every file the manifest names is there.
 */
function wholeOutput(out: string): string {
  const manifest = JSON.parse(readFileSync(path.join(out, "manifest.json"), "utf8"));
  expect(Object.keys(manifest.stacks).sort()).toEqual([...STACKS]);
  const regions = STACKS.map((stack) => {
    const json = JSON.parse(readFileSync(path.join(out, "stacks", stack, "cdk.tf.json"), "utf8"));
    return json.provider.aws[0].region as string;
  });
  expect(readdirSync(path.join(out, "stacks")).sort()).toEqual([...STACKS]);
  const module = readFileSync(path.join(out, "stacks", "vpc-endpoints", "cdk.tf.json"), "utf8").match(
    /"source": "\.\/(assets\/[^"]+)"/,
  )![1];
  expect(readdirSync(path.join(out, "stacks", "vpc-endpoints", module)).sort()).toEqual([
    "README.md",
    "main.tf",
    "outputs.tf",
    "variables.tf",
    "versions.tf",
  ]);
  expect(regions[0]).toBe(regions[1]);
  return regions[0];
}

/** Starts `npm run synth -- --config <config> --out <out>` (without npm) and resolves with its exit and stderr. */
function startSynth(config: string, out: string) {
  const child = spawn(
    process.execPath,
    [path.join(ROOT, "scripts", "run.js"), "main.ts", "--config", config, "--out", out],
    {
      cwd: ROOT,
      env: { ...process.env, ECR_CACHE_STATE_DIR: path.join(path.dirname(out), "state") },
    },
  );
  let stderr = "";
  child.stderr.on("data", (d) => (stderr += d));
  const done = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>((resolve) =>
    child.on("exit", (code, signal) => resolve({ code, signal, stderr })),
  );
  return { child, done };
}

describe("two synths at once and synths killed half-way", () => {
  test("two configs synthesized into one folder at once: one wins whole, the other fails fast and says why", async () => {
    const base = tempDir("journey-race");
    const { a, b } = twoConfigs(base);
    const out = path.join(base, "out");
    const deadline = Date.now() + 6_000;
    let rounds = 0;
    let refusals = 0;
    while (Date.now() < deadline || rounds < 3) {
      const results = await Promise.all([startSynth(a, out).done, startSynth(b, out).done]);
      for (const r of results) {
        if (r.code !== 0) {
          expect(r.stderr).toContain(`another synth is writing to ${out}`);
          refusals++;
        }
      }
      expect(results.some((r) => r.code === 0)).toBe(true);
      expect(["eu-west-1", "us-east-2"]).toContain(wholeOutput(out));
      rounds++;
    }
    // A final run leaves one generation, no lock and no leftovers.
    expect((await startSynth(a, out).done).code).toBe(0);
    expect(readdirSync(base).filter((e) => e.startsWith(".out.")).length).toBe(1);
    expect(rounds).toBeGreaterThanOrEqual(3);
    expect(refusals).toBeLessThanOrEqual(rounds);
  });

  test("a synth killed at any point leaves the old output or the new one, whole; the next run clears up", async () => {
    const base = tempDir("journey-kill");
    const { a, b } = twoConfigs(base);
    const out = path.join(base, "out");
    // How long a whole synth takes here, so kills land all through it, publishing included.
    let started = Date.now();
    expect((await startSynth(a, out).done).code).toBe(0);
    const span = Date.now() - started;
    const deadline = Date.now() + 8_000;
    const seen = new Set<string>();
    let kills = 0;
    // A fixed sequence of kill points, spread over the synth's duration.
    for (let i = 0; Date.now() < deadline || kills < 5; i++) {
      const config = i % 2 === 0 ? b : a;
      const { child, done } = startSynth(config, out);
      const at = Math.round((((i * 37) % 100) / 100) * span * 1.2);
      const timer = setTimeout(() => child.kill("SIGKILL"), at);
      started = Date.now();
      const r = await done;
      clearTimeout(timer);
      if (r.signal === "SIGKILL") kills++;
      seen.add(wholeOutput(out));
    }
    expect(kills).toBeGreaterThanOrEqual(5);
    // The next synth takes over a dead synth's lock and removes every unpublished generation.
    expect((await startSynth(b, out).done).code).toBe(0);
    expect(wholeOutput(out)).toBe("us-east-2");
    expect(readdirSync(base).filter((e) => e.startsWith(".out.")).length).toBe(1);
    expect(seen.size).toBeGreaterThanOrEqual(1);
  });
});

describe("the state a nightly destroy needs", () => {
  test("survives rm -rf of the output folder: the next synth finds it and a destroy plan removes the endpoints", async () => {
    const base = tempDir("journey-state");
    const out = path.join(base, "cdktf.out");
    const stateDir = path.join(base, "state");
    mkdirSync(path.join(stateDir, "default"), { recursive: true });
    // What an apply of the morning left: the endpoints' security group, as Terraform records it.
    const state = {
      version: 4,
      terraform_version: "1.11.4",
      serial: 3,
      lineage: "2f1d6c1e-0000-4000-8000-000000000001",
      outputs: {},
      resources: [
        {
          mode: "managed",
          type: "aws_security_group",
          name: "vpce",
          provider: 'provider["registry.terraform.io/hashicorp/aws"]',
          instances: [
            {
              schema_version: 1,
              attributes: {
                id: "sg-0123456789abcdef0",
                arn: "arn:aws:ec2:ap-northeast-2:123456789012:security-group/sg-0123456789abcdef0",
                name: "allow-private-subnets",
                description: "Allow traffic from private subnets",
                vpc_id: "vpc-0123456789abcdef0",
              },
            },
          ],
        },
      ],
    };
    const stateFile = path.join(stateDir, "default", "vpc-endpoints.tfstate");
    writeFileSync(stateFile, JSON.stringify(state));
    const before = readFileSync(stateFile, "utf8");

    const stack = path.join(out, "stacks", "vpc-endpoints");
    expect(runSynth(["--out", out, "--state-dir", stateDir]).status).toBe(0);
    writePlanOverride(stack, "ap-northeast-2", { keepBackend: true });
    await init(stack);
    expect((await runTerraform(stack, ["state", "list"])).stdout.trim()).toBe("aws_security_group.vpce");

    // What a user does to "clean up": the output folder goes, state stays.
    spawnSync("rm", ["-rf", out]);
    expect(existsSync(out)).toBe(false);
    expect(runSynth(["--out", out, "--state-dir", stateDir]).status).toBe(0);
    writePlanOverride(stack, "ap-northeast-2", { keepBackend: true });
    await init(stack);
    const vars = Object.entries(ENDPOINT_VARS).map(([k, v]) => `-var=${k}=${v}`);
    const destroy = await runTerraform(stack, [
      "plan",
      "-destroy",
      "-refresh=false",
      "-input=false",
      "-no-color",
      ...vars,
    ]);
    expect(destroy.stdout).toContain("# aws_security_group.vpce will be destroyed");
    expect(destroy.stdout).toContain("Plan: 0 to add, 0 to change, 1 to destroy.");
    expect(readFileSync(stateFile, "utf8")).toBe(before);
  });
});
