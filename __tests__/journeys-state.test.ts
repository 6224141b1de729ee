/**
 * Plain Terraform on what a synth wrote, the way users run it outside cdktf: a stack folder copied elsewhere, and the
 * state a nightly destroy needs surviving `rm -rf cdktf.out`.
 */
import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { runSynth, tempDir } from "./support/cli";
import { CACHE_VARS, ENDPOINT_VARS, plannedAdds } from "./support/terraform";
import { init, runTerraform, writePlanOverride } from "../src/plan/terraform";

// Each journey runs several Terraform commands; on a busy 2-core machine one can take minutes. (The Terraform calls
// are asynchronous, so jest's timeout applies to them.)
jest.setTimeout(600_000);

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
    // The plan's own summary line has the count: no saved plan and `terraform show` needed for it.
    const vars = Object.entries(CACHE_VARS).map(([k, v]) => `-var=${k}=${v}`);
    const planned = await runTerraform(copy, [
      "plan",
      "-input=false",
      "-lock=false",
      "-refresh=false",
      "-json",
      ...vars,
    ]);
    expect(plannedAdds(planned.stdout)).toBeGreaterThan(10);
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
