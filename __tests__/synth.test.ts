/**
 * `npm run synth`: the config it reads, the flags it takes, and what it writes. (The output folder it manages:
 * synth-output.test.ts.)
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
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
