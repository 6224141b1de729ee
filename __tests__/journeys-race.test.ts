/**
 * Two synths into one folder at once, and synths killed half-way: the output folder always holds one synth's output,
 * whole. Each loop runs a fixed number of rounds, so what it asserts is the same on every run.
 */
import { spawn } from "node:child_process";
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { ROOT } from "./support/app";
import { tempDir } from "./support/cli";
import { STACKS } from "./support/terraform";

jest.setTimeout(300_000);

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
    let rounds = 0;
    let refusals = 0;
    while (rounds < 4) {
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
    expect(refusals).toBeLessThanOrEqual(rounds);
  });

  test("a synth killed at any point leaves the old output or the new one, whole; the next run clears up", async () => {
    const base = tempDir("journey-kill");
    const { a, b } = twoConfigs(base);
    const out = path.join(base, "out");
    // How long a whole synth takes here, so kills land all through it, publishing included.
    const started = Date.now();
    expect((await startSynth(a, out).done).code).toBe(0);
    const span = Date.now() - started;
    const seen = new Set<string>();
    let kills = 0;
    // A fixed sequence of kill points, spread over the synth's duration: eight runs, more if fewer than five were
    // killed (a run that ends before its kill point is not).
    for (let i = 0; i < 8 || kills < 5; i++) {
      const config = i % 2 === 0 ? b : a;
      const { child, done } = startSynth(config, out);
      const at = Math.round((((i * 37) % 100) / 100) * span * 1.2);
      const timer = setTimeout(() => child.kill("SIGKILL"), at);
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
