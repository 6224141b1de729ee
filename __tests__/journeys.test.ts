/**
 * The paths users take, taken the same way: the real `cdktf` CLI and `npm run synth` writing into one folder, with
 * Terraform initialized and validated after each. (A stack folder copied elsewhere and the state surviving
 * `rm -rf cdktf.out`: journeys-state.test.ts; two synths at once and synths killed half-way: journeys-race.test.ts;
 * the HCL output planned against the JSON: plan.test.ts.)
 */
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readlinkSync, rmSync } from "node:fs";
import * as path from "node:path";
import { ROOT } from "./support/app";
import { runSynth, tempDir } from "./support/cli";
import { initAndValidate, STACKS } from "./support/terraform";
import { fmtCheck, PLAN_OVERRIDE_FILE, terraformEnv } from "../src/plan/terraform";

// Several real cdktf and Terraform commands in a row: minutes on a busy 2-core machine. (The Terraform calls are
// asynchronous, so jest's timeout applies to them.)
jest.setTimeout(600_000);

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

/** Inits and validates every stack of `out`; validate must report no diagnostic at all. */
async function expectValid(out: string): Promise<void> {
  for (const { stack, result } of await initAndValidate(out, "ap-northeast-2")) {
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
    await expectValid(out);

    cdktf(["synth", "--hcl"], out);
    expect(synthFiles(out, "registry-cache")).toEqual(["cdk.tf", "metadata.json"]);
    expect(synthFiles(out, "vpc-endpoints")).toEqual(["assets", "cdk.tf", "metadata.json"]);
    // The Terraform working files of the first synth were handed over: init finds the provider in place.
    expect(existsSync(path.join(out, "stacks", "registry-cache", ".terraform"))).toBe(true);
    await expectValid(out);
    for (const stack of STACKS) {
      rmSync(path.join(out, "stacks", stack, PLAN_OVERRIDE_FILE));
      await fmtCheck(path.join(out, "stacks", stack));
    }

    const r = runSynth(["--out", out]);
    expect(r.status).toBe(0);
    expect(synthFiles(out, "registry-cache")).toEqual(["cdk.tf.json"]);
    expect(synthFiles(out, "vpc-endpoints")).toEqual(["assets", "cdk.tf.json"]);
    // Init runs again in the new folders; validate is answered from the first synth's run when the files are the same.
    await expectValid(out);
    // One generation behind the link; no staging folder, lock or draft left.
    expect(readdirSync(base).filter((e) => e.startsWith(".cdktf.out."))).toEqual([readlinkSync(out)]);
  });
});
