import { existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, readlinkSync, writeFileSync } from "node:fs";
import { hostname } from "node:os";
import * as path from "node:path";
import { ROOT } from "./support/app";
import { runEntry, runSynth, snapshotTree, tempDir } from "./support/cli";

const stackFile = (out: string, stack: string) => path.join(out, "stacks", stack, "cdk.tf.json");

describe("npm run synth", () => {
  const base = tempDir("synth");
  const outA = path.join(base, "a");
  const outB = path.join(base, "b");
  let first: ReturnType<typeof runSynth>;

  beforeAll(() => {
    first = runSynth(["--out", outA]);
  });

  test("the default config writes both stacks, says where, and warns about nothing", () => {
    expect(first.status).toBe(0);
    expect(first.stderr).toBe("");
    expect(first.stdout).toContain("Synthesized registry-cache, vpc-endpoints from config/default.yaml");
    expect(existsSync(stackFile(outA, "registry-cache"))).toBe(true);
    expect(existsSync(stackFile(outA, "vpc-endpoints"))).toBe(true);
  });

  test("the same config gives byte-identical output", () => {
    expect(runSynth(["--out", outB]).status).toBe(0);
    for (const stack of ["registry-cache", "vpc-endpoints"]) {
      expect(readFileSync(stackFile(outB, stack), "utf8")).toBe(readFileSync(stackFile(outA, stack), "utf8"));
    }
  });

  test("the output holds no absolute path", () => {
    for (const stack of ["registry-cache", "vpc-endpoints"]) {
      const text = readFileSync(stackFile(outA, stack), "utf8");
      expect(text).not.toContain(`"${ROOT}`);
      expect(text).not.toContain(base);
      expect(text).not.toMatch(/: "\/[^/]/);
    }
  });

  test("ECR_CACHE_CONFIG and CDKTF_OUTDIR stand in for --config and --out", () => {
    const out = path.join(base, "env");
    const config = path.join(base, "env.json");
    writeFileSync(
      config,
      JSON.stringify({ region: "eu-west-1", registries: { quay: { upstreamRegistryUrl: "quay.io" } } }),
    );
    const r = runSynth([], { ECR_CACHE_CONFIG: config, CDKTF_OUTDIR: out });
    expect(r.status).toBe(0);
    expect(r.stdout).toContain("Synthesized registry-cache from");
    expect(JSON.parse(readFileSync(stackFile(out, "registry-cache"), "utf8")).provider.aws[0].region).toBe("eu-west-1");
    expect(existsSync(stackFile(out, "vpc-endpoints"))).toBe(false);
  });

  test("a bad config prints every error, exits 1 and leaves an existing output folder untouched", () => {
    const before = snapshotTree(outA);
    const config = path.join(base, "bad.yaml");
    writeFileSync(config, "region: eu-west-1\nregistrys: {}\nregistries:\n  quay:\n    upstreamRegistryURL: quay.io\n");
    const r = runSynth(["--config", config, "--out", outA]);
    expect(r.status).toBe(1);
    expect(r.stdout).toBe("");
    expect(r.stderr).toContain('error: registrys: unknown key ("registrys"); did you mean "registries"?');
    expect(r.stderr).toContain(
      'error: registries.quay.upstreamRegistryURL: unknown key ("upstreamRegistryURL"); did you mean "upstreamRegistryUrl"?',
    );
    expect(r.stderr).toContain("nothing was written");
    expect(snapshotTree(outA)).toEqual(before);
  });

  test("a bad config creates no output folder", () => {
    const out = path.join(base, "never");
    const r = runSynth(["--config", path.join(base, "missing.yaml"), "--out", out]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain("--config: config file not found");
    expect(existsSync(out)).toBe(false);
  });

  test("an output path that cannot be a folder is a clear error, exit 1", () => {
    const file = path.join(base, "a-file");
    writeFileSync(file, "not a folder");
    const r = runSynth(["--out", path.join(file, "out")]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(`error: --out: cannot create the output folder ("${path.join(file, "out")}"): ENOTDIR`);
    expect(r.stderr).not.toContain("    at ");
  });

  test("a config that drops a stack removes that stack's stale folder from the output", () => {
    const out = path.join(base, "stale");
    expect(runSynth(["--out", out]).status).toBe(0);
    const config = path.join(base, "cache-only.yaml");
    writeFileSync(config, "region: eu-west-1\nregistries:\n  quay: { upstreamRegistryUrl: quay.io }\n");
    expect(runSynth(["--config", config, "--out", out]).status).toBe(0);
    expect(existsSync(stackFile(out, "registry-cache"))).toBe(true);
    expect(existsSync(path.join(out, "stacks", "vpc-endpoints"))).toBe(false);
  });

  test("works from any working directory, with paths relative to it", () => {
    const r = runEntry("main.ts", ["--out", "from-elsewhere"], {}, undefined, base);
    expect(r.status).toBe(0);
    expect(readFileSync(stackFile(path.join(base, "from-elsewhere"), "vpc-endpoints"), "utf8")).toBe(
      readFileSync(stackFile(outA, "vpc-endpoints"), "utf8"),
    );
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
    mkdirSync(lock);
    writeFileSync(path.join(lock, "owner"), `${hostname()} ${process.pid}`);
    const r = runSynth(["--out", out]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(`another synth is writing to ${out} (process ${process.pid})`);
    expect(existsSync(out)).toBe(false);
    writeFileSync(path.join(lock, "owner"), `${hostname()} 999999999`);
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

  test("strings reach Terraform literally: ${ and %{ are escaped", () => {
    const out = path.join(base, "literal");
    expect(runSynth(["--config", "__tests__/fixtures/custom.yaml", "--out", out]).status).toBe(0);
    const template = JSON.parse(readFileSync(stackFile(out, "registry-cache"), "utf8")).resource
      .aws_ecr_repository_creation_template.hub;
    expect(template.repository_policy).toContain('"*:$${aws:username}"');
  });

  test("a missing file named by ECR_CACHE_CONFIG is reported under that name", () => {
    const r = runSynth([], { ECR_CACHE_CONFIG: path.join(base, "nope.yaml") });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain("error: ECR_CACHE_CONFIG: config file not found");
  });

  test("a repeated flag is refused, exit 2", () => {
    const r = runSynth(["--out", path.join(base, "x"), "--out", path.join(base, "y")]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("Option '--out' is given more than once");
    expect(existsSync(path.join(base, "x")) || existsSync(path.join(base, "y"))).toBe(false);
  });

  test("an unknown flag is refused with the usage, exit 2", () => {
    const r = runSynth(["--confg", "x.yaml"]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("Unknown option '--confg'");
    expect(r.stderr).toContain("Usage: npm run synth");
  });
});
