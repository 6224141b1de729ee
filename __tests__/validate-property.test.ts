/**
 * Property tests of the validation layer: random mutations of the shipped configs never make validateConfig throw,
 * and synth agrees with it: errors mean exit 1 and no output folder, no errors mean exit 0.
 */
import fc from "fast-check";
import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { parse } from "yaml";
import { runSynth } from "../src/cli/synth";
import { formatFinding, validateConfig } from "../src/validate";
import { tempDir } from "./support/cli";
import { ROOT } from "./support/app";
import { JsonKey, nodePaths, removeAt, valueAt } from "./support/json";

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
const SEEDS: readonly Json[] = [
  parse(readFileSync(path.join(ROOT, "config", "default.yaml"), "utf8")) as Json,
  parse(readFileSync(path.join(ROOT, "__tests__", "fixtures", "custom.yaml"), "utf8")) as Json,
];

/** Every path to a value inside `value` (the root excluded). */
const paths = (value: Json): JsonKey[][] => nodePaths(value).slice(1);

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
    const parent = valueAt(config, target.slice(0, -1)) as Record<JsonKey, Json> | Json[];
    if (m.kind === "delete") {
      removeAt(config, target);
    } else if (m.kind === "set") {
      (parent as Record<JsonKey, Json>)[key] = m.value;
    } else if (m.kind === "rename") {
      if (Array.isArray(parent)) continue;
      const value = parent[key];
      delete parent[key];
      parent[m.name] = value;
    } else {
      const stringPaths = all.filter((p) => typeof valueAt(config, p) === "string");
      if (stringPaths.length === 0) continue;
      const sp = stringPaths[m.at % stringPaths.length];
      const owner = valueAt(config, sp.slice(0, -1)) as Record<JsonKey, Json>;
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

  test("never throws, leaves its input as it was, finds the same twice, and every finding says what and how", () => {
    fc.assert(
      fc.property(fc.oneof(mutatedArb, fc.jsonValue() as fc.Arbitrary<Json>), (config) => {
        const before = JSON.stringify(config);
        const first = validateConfig(config).findings;
        expect(JSON.stringify(config)).toBe(before);
        expect(validateConfig(config).findings).toEqual(first);
        for (const f of first) {
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

/** Credentials in the formats the masking knows, each planted where a user might paste it. */
const SECRETS = [
  "ghp_" + "Zx9".repeat(12),
  "github_pat_11" + "AbC".repeat(20),
  "dckr_pat_" + "q1W2e3R4t5Y6u7I8o9P0",
  "glpat-" + "aB3dE6gH9jK2mN5pQ8sT",
  "AKIA" + "ABCDEFGHIJ234567",
  "wJalrXUtnFEMI/K7MDENG/bPxRfiCY" + "0123456789",
];

/** Boundary values of the rules each mutation may write into a string. */
const BOUNDARY_STRINGS = [
  "10.0.0.1/16",
  "10.0.0.0/16",
  "0.0.0.0/0",
  "010.0.0.0/16",
  "가".repeat(85),
  "가".repeat(86),
  "😀".repeat(256),
  "😀".repeat(257),
  "e".repeat(257),
  "com.amazonaws.vpce.ap-northeast-2.vpce-svc-0123456789abcdef0",
  "aws.sagemaker.ap-northeast-2.notebook",
  "EKS-Nodes",
];

describe("the new rules on mutated configs", () => {
  const render = (config: Json): string[] => validateConfig(config).findings.map(formatFinding);

  test("a credential planted in any string or key is never printed", () => {
    const plantArb = fc.tuple(
      fc.constantFrom(...SEEDS),
      fc.nat(),
      fc.constantFrom(...SECRETS),
      fc.constantFrom("value", "key", "url"),
      fc.array(mutationArb, { maxLength: 2 }),
    );
    fc.assert(
      fc.property(plantArb, ([seed, at, secret, where, mutations]) => {
        const config = mutate(seed, mutations);
        const text = where === "url" ? `https://bob:${secret}@quay.io` : secret;
        const planted =
          where === "key"
            ? mutate(config, [{ kind: "rename", at, name: text }])
            : mutate(config, [{ kind: "string", at, text }]);
        for (const line of render(planted)) expect(line).not.toContain(secret);
      }),
      { numRuns: 150 },
    );
  });

  test("every rendered finding is readable: no run of more than 90 characters without a space", () => {
    const longArb = fc.tuple(
      fc.constantFrom(...SEEDS),
      fc.nat(),
      fc.oneof(fc.string({ minLength: 100, maxLength: 2000 }), fc.constantFrom(...BOUNDARY_STRINGS)),
      fc.boolean(),
    );
    fc.assert(
      fc.property(longArb, ([seed, at, text, asKey]) => {
        const config = mutate(seed, [asKey ? { kind: "rename", at, name: text } : { kind: "string", at, text }]);
        for (const line of render(config)) expect(line).not.toMatch(/\S{91,}/u);
      }),
      { numRuns: 150 },
    );
  });

  test("boundary values never make validateConfig throw, and synth agrees", async () => {
    const boundaryArb = fc
      .tuple(
        fc.constantFrom(...SEEDS),
        fc.array(
          fc.record({ kind: fc.constant("string" as const), at: fc.nat(), text: fc.constantFrom(...BOUNDARY_STRINGS) }),
          { minLength: 1, maxLength: 3 },
        ),
      )
      .map(([seed, mutations]) => mutate(seed, mutations));
    const base = tempDir("validate-boundary");
    let n = 0;
    await fc.assert(
      fc.asyncProperty(boundaryArb, async (config) => {
        n += 1;
        const file = path.join(base, `config-${n}.json`);
        writeFileSync(file, JSON.stringify(config));
        const hasErrors = validateConfig(config).findings.some((f) => f.severity === "error");
        const silent = { stdout: () => undefined, stderr: () => undefined, env: {} };
        const args = ["--config", file, "--out", path.join(base, `out-${n}`), "--state-dir", path.join(base, "state")];
        expect(await runSynth(args, silent)).toBe(hasErrors ? 1 : 0);
      }),
      { numRuns: 25 },
    );
    rmSync(base, { recursive: true, force: true });
  });
});

describe("the length and CIDR rules match their definitions on random input", () => {
  const findingsOf = (patch: Record<string, unknown>) =>
    validateConfig({ region: "eu-west-1", registries: { quay: { upstreamRegistryUrl: "quay.io" } }, ...patch })
      .findings;
  /** Strings near a limit, from every Unicode plane (1 to 4 bytes a character). */
  const textNear = (limit: number) =>
    fc
      .tuple(fc.integer({ min: limit - 3, max: limit + 3 }), fc.constantFrom("a", "é", "가", "😀"))
      .chain(([n, ch]) => fc.string({ unit: fc.constantFrom("a", "é", "가", "😀", ch), minLength: n, maxLength: n }));

  test("a tag value is refused exactly when it has more than 256 characters (code points)", () => {
    fc.assert(
      fc.property(textNear(256), (value) => {
        const refused = findingsOf({ tags: { team: value } }).some((f) => /tag value is/.test(f.problem));
        expect(refused).toBe([...value].length > 256);
      }),
      { numRuns: 100 },
    );
  });

  test("a template description is refused exactly when it has more than 255 bytes of UTF-8", () => {
    fc.assert(
      fc.property(textNear(100), (value) => {
        const refused = findingsOf({ templateDefaults: { description: value } }).some((f) =>
          /description is/.test(f.problem),
        );
        expect(refused).toBe(Buffer.byteLength(value) > 255);
      }),
      { numRuns: 100 },
    );
  });

  test("vpcCidr: host bits are an error whose fix is a CIDR that passes", () => {
    const cidrArb = fc
      .tuple(
        fc.array(fc.integer({ min: 0, max: 255 }), { minLength: 4, maxLength: 4 }),
        fc.integer({ min: 0, max: 32 }),
      )
      .map(([octets, bits]) => `${octets.join(".")}/${bits}`);
    const errorsFor = (vpcCidr: string) =>
      findingsOf({ vpcEndpoints: { vpcCidr, endpoints: {} } }).filter((f) => f.path === "vpcEndpoints.vpcCidr");
    fc.assert(
      fc.property(cidrArb, (cidr) => {
        const [hostBits] = errorsFor(cidr).filter((f) => f.severity === "error");
        const [address, bits] = cidr.split("/");
        const value = address.split(".").reduce((v, o) => v * 256 + Number(o), 0);
        const hostMask = 2 ** (32 - Number(bits)) - 1;
        expect(hostBits !== undefined).toBe(value % (hostMask + 1) !== 0);
        if (hostBits !== undefined) {
          const fixed = /did you mean (\S+)\?/.exec(hostBits.fix)![1];
          expect(errorsFor(fixed).filter((f) => f.severity === "error")).toEqual([]);
        }
      }),
      { numRuns: 200 },
    );
  });
});
