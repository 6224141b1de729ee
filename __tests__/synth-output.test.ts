/**
 * `npm run synth` and the folders it writes: what it keeps and replaces on a re-synth, where state goes, the folders
 * it refuses, its lock, and what a killed run or `rm -rf` leaves. (Its config and flag handling: synth.test.ts.)
 */
import { spawnSync } from "node:child_process";
import {
  existsSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { hostname } from "node:os";
import * as path from "node:path";
import { ROOT } from "./support/app";
import { runSynth, tempDir } from "./support/cli";

const stackFile = (out: string, stack: string) => path.join(out, "stacks", stack, "cdk.tf.json");

describe("npm run synth: the output folder and its state", () => {
  const base = tempDir("synth-output");

  test("--out with a trailing slash is the same folder, a link beside its generation, named once in the message", () => {
    const out = path.join(base, "slash");
    const r = runSynth(["--out", `${out}/`]);
    expect(r.status).toBe(0);
    expect(r.stdout).toBe(`Synthesized registry-cache, vpc-endpoints from config/default.yaml to ${out}/stacks/\n`);
    expect(lstatSync(out).isSymbolicLink()).toBe(true);
    expect(existsSync(stackFile(out, "registry-cache"))).toBe(true);
  });

  test("re-synth keeps the user's files in a stack folder and leaves one generation behind the link", () => {
    const out = path.join(base, "keep");
    expect(runSynth(["--out", out]).status).toBe(0);
    const stack = path.join(out, "stacks", "registry-cache");
    writeFileSync(path.join(stack, ".terraform.lock.hcl"), "# provider hashes\n");
    mkdirSync(path.join(stack, ".terraform"));
    writeFileSync(path.join(stack, ".terraform", "modules.json"), "{}");
    writeFileSync(path.join(stack, "tfplan"), "a plan");
    expect(runSynth(["--out", out]).status).toBe(0);
    expect(readdirSync(stack).sort()).toEqual([".terraform", ".terraform.lock.hcl", "cdk.tf.json", "tfplan"]);
    expect(readFileSync(path.join(stack, ".terraform.lock.hcl"), "utf8")).toBe("# provider hashes\n");
    expect(readFileSync(path.join(stack, ".terraform", "modules.json"), "utf8")).toBe("{}");
    expect(lstatSync(out).isSymbolicLink()).toBe(true);
    expect(readdirSync(base).filter((e) => e.startsWith(".keep."))).toEqual([readlinkSync(out)]);
  });

  test("--hcl then JSON then --hcl: each stack folder holds only the last synth's kind of file", () => {
    const out = path.join(base, "kinds");
    expect(runSynth(["--out", out, "--hcl"]).status).toBe(0);
    expect(readdirSync(path.join(out, "stacks", "registry-cache")).sort()).toEqual(["cdk.tf", "metadata.json"]);
    expect(runSynth(["--out", out]).status).toBe(0);
    expect(readdirSync(path.join(out, "stacks", "registry-cache"))).toEqual(["cdk.tf.json"]);
    expect(readdirSync(path.join(out, "stacks", "vpc-endpoints")).sort()).toEqual(["assets", "cdk.tf.json"]);
    expect(runSynth(["--out", out], { SYNTH_HCL_OUTPUT: "true" }).status).toBe(0);
    expect(readdirSync(path.join(out, "stacks", "vpc-endpoints")).sort()).toEqual([
      "assets",
      "cdk.tf",
      "metadata.json",
    ]);
  });

  test("the local backend points at state/<config name>/<stack>.tfstate outside the output folder", () => {
    const out = path.join(base, "state-path");
    const stateDir = path.join(base, "my-state");
    expect(runSynth(["--out", out, "--state-dir", stateDir]).status).toBe(0);
    for (const stack of ["registry-cache", "vpc-endpoints"]) {
      const backend = JSON.parse(readFileSync(stackFile(out, stack), "utf8")).terraform.backend.local.path;
      expect(backend).toBe(`../../../my-state/default/${stack}.tfstate`);
      expect(path.resolve(out, "stacks", stack, backend)).toBe(path.join(stateDir, "default", `${stack}.tfstate`));
    }
  });

  test.each([
    ["an empty --out", [""], 'error: --out: the output folder is empty ("")'],
    ["the project folder", ["."], "would be the project folder or one that holds it"],
    ["a folder holding the project", [".."], "would be the project folder or one that holds it"],
    ["inside modules/", ["modules/out"], "would be inside the project's modules/ folder"],
    ["inside src/", ["src"], "would be inside the project's src/ folder"],
  ])("%s as output folder is a usage error, exit 2, nothing written", (_, [out], message) => {
    const r = runSynth(["--out", out]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(message);
    expect(existsSync(path.join(ROOT, "modules", "out"))).toBe(false);
  });

  test("a state folder inside the output folder is a usage error", () => {
    const r = runSynth(["--out", path.join(base, "o"), "--state-dir", path.join(base, "o", "state")]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("state must outlive the output folder");
  });

  test("a non-empty folder synth did not create is refused, named, and left as it was", () => {
    const out = path.join(base, "foreign");
    mkdirSync(out);
    writeFileSync(path.join(out, "notes.txt"), "mine");
    const r = runSynth(["--out", out]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(`${out} is a folder ecr-pull-cache did not create and is not empty`);
    expect(readdirSync(out)).toEqual(["notes.txt"]);
    expect(readdirSync(base).filter((e) => e.startsWith(".foreign."))).toEqual([]);
  });

  test("state an earlier version kept in the output folder is refused with where to move it", () => {
    const out = path.join(base, "legacy");
    mkdirSync(out);
    writeFileSync(path.join(out, "terraform.vpc-endpoints.tfstate"), "{}");
    const r = runSynth(["--out", out]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(
      "holds Terraform state from an earlier ecr-pull-cache (terraform.vpc-endpoints.tfstate)",
    );
    expect(r.stderr).toContain("state/default/vpc-endpoints.tfstate");
    expect(readdirSync(out)).toEqual(["terraform.vpc-endpoints.tfstate"]);
  });

  test("an empty existing folder becomes the output", () => {
    const out = path.join(base, "empty");
    mkdirSync(out);
    expect(runSynth(["--out", out]).status).toBe(0);
    expect(existsSync(stackFile(out, "registry-cache"))).toBe(true);
  });

  test("a live synth's lock makes another fail fast; a dead one's lock is taken over", () => {
    const out = path.join(base, "locked");
    const lock = path.join(base, ".locked.lock");
    writeFileSync(lock, `${hostname()} ${process.pid} a-token`);
    const r = runSynth(["--out", out]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(`another synth is writing to ${out} (process ${process.pid})`);
    expect(existsSync(out)).toBe(false);
    writeFileSync(lock, `${hostname()} 999999999 a-token`);
    expect(runSynth(["--out", out]).status).toBe(0);
    expect(existsSync(lock)).toBe(false);
  });

  test("a killed synth's unpublished generation is removed by the next run, state files aside", () => {
    const out = path.join(base, "leftover");
    expect(runSynth(["--out", out]).status).toBe(0);
    const leftover = path.join(base, ".leftover.gen-20260101-000000-XXXXXX");
    mkdirSync(path.join(leftover, "stacks", "registry-cache"), { recursive: true });
    writeFileSync(path.join(leftover, ".ecr-pull-cache-output.json"), '{"writer":"ecr-pull-cache","complete":false}');
    writeFileSync(path.join(leftover, "stacks", "registry-cache", "cdk.tf.json"), "{");
    writeFileSync(path.join(leftover, "stacks", "registry-cache", "x.tfstate"), "{}");
    const r = runSynth(["--out", out]);
    expect(r.status).toBe(0);
    expect(r.stderr).toContain(`warning: kept ${leftover}: it holds files ecr-pull-cache did not write`);
    expect(readdirSync(path.join(leftover, "stacks", "registry-cache"))).toEqual(["x.tfstate"]);
  });

  test("switching to a config of another name that drops a stack still finds that stack's state", () => {
    const out = path.join(base, "switched");
    const stateDir = path.join(base, "switched-state");
    expect(runSynth(["--out", out, "--state-dir", stateDir]).status).toBe(0);
    mkdirSync(path.join(stateDir, "default"), { recursive: true });
    const state = { version: 4, resources: [{ mode: "managed", type: "aws_vpc_endpoint", instances: [{}] }] };
    writeFileSync(path.join(stateDir, "default", "vpc-endpoints.tfstate"), JSON.stringify(state));
    const config = path.join(base, "cache-only-prod.yaml");
    writeFileSync(config, "region: ap-northeast-2\nregistries:\n  quay: { upstreamRegistryUrl: quay.io }\n");
    const r = runSynth(["--config", config, "--out", out, "--state-dir", stateDir]);
    expect(r.status).toBe(0);
    expect(r.stderr).toContain(
      `warning: the config no longer has the vpc-endpoints stack, but its state (${path.join(stateDir, "default", "vpc-endpoints.tfstate")}) still holds 1 resource(s)`,
    );
  });

  test("rm -rf of the output folder's link: the next synth starts afresh and leaves no old files behind", () => {
    const out = path.join(base, "removed");
    expect(runSynth(["--out", out]).status).toBe(0);
    mkdirSync(path.join(out, "stacks", "vpc-endpoints", ".terraform"));
    rmSync(out, { recursive: true, force: true }); // removes the link, as `rm -rf cdktf.out` does
    expect(runSynth(["--out", out]).status).toBe(0);
    expect(existsSync(path.join(out, "stacks", "vpc-endpoints", ".terraform"))).toBe(false);
    expect(readdirSync(base).filter((e) => e.startsWith(".removed."))).toEqual([readlinkSync(out)]);
  });

  test("rm -rf out/ (through the link, emptying the output) still lets the next synth write", () => {
    const out = path.join(base, "emptied");
    expect(runSynth(["--out", out]).status).toBe(0);
    spawnSync("sh", ["-c", `rm -rf "${out}/"`]);
    const r = runSynth(["--out", out]);
    expect(r.status).toBe(0);
    expect(existsSync(stackFile(out, "registry-cache"))).toBe(true);
  });

  test("the output is readable by others, like any folder synth writes", () => {
    const out = path.join(base, "mode");
    expect(runSynth(["--out", out]).status).toBe(0);
    expect(statSync(out).mode & 0o777).toBe(0o755);
  });

  test("the file system root as output folder, or an empty --state-dir, is a usage error", () => {
    expect(runSynth(["--out", "/"]).status).toBe(2);
    const r = runSynth(["--out", path.join(base, "x"), "--state-dir", ""]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('error: --state-dir: the state folder is empty ("")');
  });

  test.each([
    ["a file", (file: string) => file],
    ["a folder under a file", (file: string) => path.join(file, "state")],
  ])("--state-dir naming %s is a usage error naming the file, nothing written", (_what, stateDir) => {
    const file = path.join(base, "state-is-a-file");
    writeFileSync(file, "");
    const out = path.join(base, "state-file-out");
    const r = runSynth(["--out", out, "--state-dir", stateDir(file)]);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe(
      `error: --state-dir: the state folder ${JSON.stringify(stateDir(file))} cannot be made: ${JSON.stringify(file)} is a file; ` +
        "local state goes to <dir>/<config name>/<stack>.tfstate: name a folder, e.g. --state-dir state\n",
    );
    expect(existsSync(out)).toBe(false);
  });

  test("a TMPDIR cdktf cannot stage the module in fails naming it, not as a bug, and leaves nothing behind", () => {
    const notAFolder = path.join(base, "tmpdir-is-a-file");
    writeFileSync(notAFolder, "");
    const out = path.join(base, "bad-tmpdir-out");
    const r = runSynth(["--out", out, "--state-dir", path.join(base, "bad-tmpdir-state")], { TMPDIR: notAFolder });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(
      /^error: synthesis failed after the config was validated: ENOTDIR: .*; the output folder was not changed\. /,
    );
    expect(r.stderr).toContain(`Check that TMPDIR (${JSON.stringify(notAFolder)}, where cdktf stages the module)`);
    expect(r.stderr).not.toContain("bug");
    expect(readdirSync(base).filter((name) => name.includes("bad-tmpdir-out"))).toEqual([]);
  });

  test("dropping a stack whose state still holds resources says so", () => {
    const out = path.join(base, "dropped");
    const stateDir = path.join(base, "dropped-state");
    expect(runSynth(["--out", out, "--state-dir", stateDir]).status).toBe(0);
    mkdirSync(path.join(stateDir, "default"), { recursive: true });
    const state = { version: 4, resources: [{ mode: "managed", type: "aws_vpc_endpoint", instances: [{}, {}] }] };
    writeFileSync(path.join(stateDir, "default", "vpc-endpoints.tfstate"), JSON.stringify(state));
    const config = path.join(base, "default.yaml");
    writeFileSync(config, "region: ap-northeast-2\nregistries:\n  quay: { upstreamRegistryUrl: quay.io }\n");
    const r = runSynth(["--config", config, "--out", out, "--state-dir", stateDir]);
    expect(r.status).toBe(0);
    expect(r.stderr).toContain("warning: the config no longer has the vpc-endpoints stack, but its state");
    expect(r.stderr).toContain("still holds 2 resource(s)");
    expect(readdirSync(path.join(out, "stacks"))).toEqual(["registry-cache"]);
  });
});
