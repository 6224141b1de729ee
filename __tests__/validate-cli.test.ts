/** `npm run validate`: runValidate with fake io, and one real run through scripts/run.js. */
import { writeFileSync } from "node:fs";
import * as path from "node:path";
import { runValidate } from "../src/cli/validate";
import { runEntry, tempDir } from "./support/cli";

interface Captured {
  readonly code: number;
  readonly stdout: string[];
  readonly stderr: string[];
}

function run(argv: string[], env: NodeJS.ProcessEnv = {}): Captured {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const code = runValidate(argv, { stdout: (l) => stdout.push(l), stderr: (l) => stderr.push(l), env });
  return { code, stdout, stderr };
}

const dir = tempDir("validate");
function configFile(name: string, text: string): string {
  const file = path.join(dir, name);
  writeFileSync(file, text);
  return file;
}

const BAD = configFile(
  "bad.yaml",
  "region: eu-west-1\nregistries:\n  hub:\n    upstreamRegistryUrl: docker.io\n    credentials: managed\n  q:\n    upstreamRegistryUrl: quay.io\n",
);
const BAD_LINES = [
  'error: registries.hub.upstreamRegistryUrl: upstreamRegistryUrl is not the Docker Hub host ECR accepts ("docker.io"); write upstreamRegistryUrl: registry-1.docker.io',
  'error: registries.q: ECR repository prefix (the registries key) is invalid ("q"); use 2-30 characters of lowercase letters and digits, path components joined by "/", words joined by one ".", "_", "__" or "-" (like docker-hub or team/hub), or ROOT for no prefix',
];

describe("runValidate", () => {
  test("a valid config without findings: exit 0, nothing on stderr, a summary on stdout", () => {
    const file = configFile(
      "ok.json",
      JSON.stringify({ region: "eu-west-1", registries: { quay: { upstreamRegistryUrl: "quay.io" } } }),
    );
    expect(run(["--config", file])).toEqual({ code: 0, stdout: [`${file}: valid, 0 warnings`], stderr: [] });
  });

  test("the default config, found without --config, is valid with no warning", () => {
    expect(run([])).toEqual({
      code: 0,
      stdout: [expect.stringMatching(/config\/default\.yaml: valid, 0 warnings$/)],
      stderr: [],
    });
  });

  test("warnings are printed and do not fail", () => {
    const file = configFile(
      "immutable.yaml",
      "region: eu-west-1\ntemplateDefaults: { imageTagMutability: IMMUTABLE }\nregistries:\n  quay: { upstreamRegistryUrl: quay.io }\n",
    );
    const r = run(["--config", file]);
    expect(r.code).toBe(0);
    expect(r.stderr).toEqual([
      expect.stringMatching(/^warning: templateDefaults\.imageTagMutability: IMMUTABLE tags stop ECR/),
    ]);
    expect(r.stdout).toEqual([`${file}: valid, 1 warning`]);
  });

  test("ECR_CACHE_CONFIG names the config when --config is absent", () => {
    const r = run([], { ECR_CACHE_CONFIG: BAD });
    expect(r.code).toBe(1);
    expect(r.stdout).toEqual([`${BAD}: 2 errors, 0 warnings; synth would write nothing`]);
  });

  test("errors: every one on stderr, exit 1", () => {
    const r = run(["--config", BAD]);
    expect(r).toEqual({
      code: 1,
      stdout: [`${BAD}: 2 errors, 0 warnings; synth would write nothing`],
      stderr: BAD_LINES,
    });
  });

  test("schema errors are reported the same way", () => {
    const file = configFile("typo.yaml", "region: eu-west-1\nregistrys: {}\nregistries: {}\n");
    const r = run(["--config", file]);
    expect(r.code).toBe(1);
    expect(r.stderr).toEqual(['error: registrys: unknown key ("registrys"); did you mean "registries"?']);
  });

  test("a missing file is an error, exit 1", () => {
    const file = path.join(dir, "missing.yaml");
    const r = run(["--config", file]);
    expect(r.code).toBe(1);
    expect(r.stderr).toEqual([
      `error: --config: config file not found ("${file}"); pass an existing YAML or JSON file with --config or ECR_CACHE_CONFIG`,
    ]);
  });

  test("an unknown flag: exit 2 with the usage", () => {
    const r = run(["--out", "x"]);
    expect(r.code).toBe(2);
    expect(r.stdout).toEqual([]);
    expect(r.stderr.join("\n")).toMatch(
      /^error: Unknown option '--out'[^]*Usage: npm run validate -- \[--config <file>\]/,
    );
  });

  test("--help prints the usage, exit 0", () => {
    const r = run(["--help"]);
    expect(r.code).toBe(0);
    expect(r.stdout.join("\n")).toContain("Usage: npm run validate -- [--config <file>]");
  });
});

describe("npm run validate (real process)", () => {
  test("a bad config exits 1 and prints every error", () => {
    const r = runEntry("src/cli/validate-main.ts", ["--config", BAD]);
    expect(r.status).toBe(1);
    expect(r.stderr).toBe(`${BAD_LINES.join("\n")}\n`);
    expect(r.stdout).toBe(`${BAD}: 2 errors, 0 warnings; synth would write nothing\n`);
  });
});
