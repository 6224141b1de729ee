/**
 * Property tests of the validation layer: random mutations of the shipped configs never make validateConfig throw,
 * and synth agrees with it: errors mean exit 1 and no output folder, no errors mean exit 0.
 */
import fc from "fast-check";
import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { parse } from "yaml";
import { runSynth } from "../src/cli/synth";
import { validateConfig } from "../src/validate";
import { tempDir } from "./support/cli";
import { ROOT } from "./support/app";

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Key = string | number;

const SEEDS: readonly Json[] = [
  parse(readFileSync(path.join(ROOT, "config", "default.yaml"), "utf8")) as Json,
  parse(readFileSync(path.join(ROOT, "__tests__", "fixtures", "custom.yaml"), "utf8")) as Json,
];

/** Every path to a value inside `value` (the root excluded). */
function paths(value: Json, prefix: Key[] = []): Key[][] {
  if (value === null || typeof value !== "object") return [];
  const entries: [Key, Json][] = Array.isArray(value) ? value.map((v, i) => [i, v]) : Object.entries(value);
  return entries.flatMap(([k, v]) => [[...prefix, k], ...paths(v, [...prefix, k])]);
}

/** One mutation: where (an index into the config's paths) and what. */
type Mutation =
  | { kind: "delete"; at: number }
  | { kind: "set"; at: number; value: Json }
  | { kind: "rename"; at: number; name: string }
  | { kind: "string"; at: number; text: string };

const mutationArb: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant("delete" as const), at: fc.nat() }),
  fc.record({ kind: fc.constant("set" as const), at: fc.nat(), value: fc.jsonValue() as fc.Arbitrary<Json> }),
  fc.record({
    kind: fc.constant("rename" as const),
    at: fc.nat(),
    name: fc.oneof(fc.string(), fc.constantFrom("ROOT", "s3", "quay/", "a_b", "region", "type")),
  }),
  fc.record({
    kind: fc.constant("string" as const),
    at: fc.nat(),
    text: fc.oneof(
      fc.string(),
      fc.constantFrom("", "ROOT", "KMS", "Gateway", "docker.io", "eu-west-1", "cn-north-1", "ecr.dkr", "s3", "*"),
    ),
  }),
);

/** Applies mutations in order to a deep copy of a seed. */
function mutate(seed: Json, mutations: readonly Mutation[]): Json {
  const config = structuredClone(seed);
  for (const m of mutations) {
    const all = paths(config);
    if (all.length === 0) break;
    const target = all[m.at % all.length];
    const key = target[target.length - 1];
    const parent = target.slice(0, -1).reduce<Json>((v, k) => (v as Record<Key, Json>)[k], config) as
      | Record<Key, Json>
      | Json[];
    if (m.kind === "delete") {
      if (Array.isArray(parent)) parent.splice(key as number, 1);
      else delete parent[key];
    } else if (m.kind === "set") {
      (parent as Record<Key, Json>)[key] = m.value;
    } else if (m.kind === "rename") {
      if (Array.isArray(parent)) continue;
      const value = parent[key];
      delete parent[key];
      parent[m.name] = value;
    } else {
      const stringPaths = all.filter(
        (p) => typeof p.reduce<Json>((v, k) => (v as Record<Key, Json>)[k], config) === "string",
      );
      if (stringPaths.length === 0) continue;
      const sp = stringPaths[m.at % stringPaths.length];
      const owner = sp.slice(0, -1).reduce<Json>((v, k) => (v as Record<Key, Json>)[k], config) as Record<Key, Json>;
      owner[sp[sp.length - 1]] = m.text;
    }
  }
  return config;
}

const mutatedArb = fc
  .tuple(fc.constantFrom(...SEEDS), fc.array(mutationArb, { minLength: 1, maxLength: 3 }))
  .map(([seed, mutations]) => mutate(seed, mutations));

describe("validateConfig on mutated configs", () => {
  test("the seeds themselves have no errors", () => {
    for (const seed of SEEDS) expect(validateConfig(seed).findings.filter((f) => f.severity === "error")).toEqual([]);
  });

  test("never throws, and every finding is a well-formed error or warning", () => {
    fc.assert(
      fc.property(fc.oneof(mutatedArb, fc.jsonValue() as fc.Arbitrary<Json>), (config) => {
        for (const f of validateConfig(config).findings) {
          expect(["error", "warning"]).toContain(f.severity);
          expect(typeof f.path).toBe("string");
          expect(f.problem).not.toBe("");
          expect(f.fix).not.toBe("");
        }
      }),
      { numRuns: 150 },
    );
  });
});

describe("synth agrees with validateConfig", () => {
  const base = tempDir("validate-property");
  afterAll(() => rmSync(base, { recursive: true, force: true }));
  let n = 0;
  let valid = 0;

  test("errors: exit 1 and no output folder; none: exit 0", async () => {
    await fc.assert(
      fc.asyncProperty(mutatedArb, async (config) => {
        n += 1;
        const file = path.join(base, `config-${n}.json`);
        const out = path.join(base, `out-${n}`);
        writeFileSync(file, JSON.stringify(config));
        const hasErrors = validateConfig(config).findings.some((f) => f.severity === "error");
        const silent = { stdout: () => undefined, stderr: () => undefined, env: {} };
        const code = await runSynth(["--config", file, "--out", out, "--state-dir", path.join(base, "state")], silent);
        expect(code).toBe(hasErrors ? 1 : 0);
        expect(existsSync(out)).toBe(!hasErrors);
        if (!hasErrors) valid += 1;
      }),
      { numRuns: 40 },
    );
    // Both outcomes were exercised (about a quarter of the mutations keep a config valid).
    expect(valid).toBeGreaterThan(0);
    expect(valid).toBeLessThan(40);
  });
});
