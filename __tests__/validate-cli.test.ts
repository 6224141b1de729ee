/** `npm run validate`: runValidate with fake io, and one real run through scripts/run.js. */
import { existsSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { runValidate } from "../src/cli/validate";
import { runEntry, runSynth, tempDir } from "./support/cli";

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
  'error: registries.q: ECR repository prefix (the registries key) is invalid ("q"); use 2-30 characters of lowercase letters and digits, path components joined by "/", words joined by one ".", "_" or "-" (like docker-hub or team/hub), or ROOT for no prefix',
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

  test.each([
    [
      ["--config", BAD, "--config", BAD],
      /^error: Option '--config' is given more than once\n\nUsage: npm run validate/,
    ],
    [[BAD], /^error: Unexpected argument '[^']*bad\.yaml'[^]*\n\nUsage: npm run validate/],
    [["--config"], /^error: Option '--config <value>' argument missing\n\nUsage: npm run validate/],
  ])("%j: exit 2 with the usage, nothing checked", (argv, message) => {
    const r = run(argv);
    expect(r).toMatchObject({ code: 2, stdout: [] });
    expect(r.stderr.join("\n")).toMatch(message);
  });
});

describe("npm run validate (real process)", () => {
  test("-h prints the usage on stdout, exit 0", () => {
    const r = runEntry("src/cli/validate-main.ts", ["-h"]);
    expect(r).toEqual({
      status: 0,
      stdout: expect.stringMatching(/^Usage: npm run validate -- \[--config <file>\]\n/),
      stderr: "",
    });
    expect(r.stdout).toContain("  -h, --help       print this text\n");
  });

  test("an unknown flag exits 2 with the usage on stderr", () => {
    const r = runEntry("src/cli/validate-main.ts", ["--confg", BAD]);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toMatch(
      /^error: Unknown option '--confg'[^]*\n\nUsage: npm run validate -- \[--config <file>\]\n/,
    );
  });

  test("a bad config exits 1 and prints every error", () => {
    const r = runEntry("src/cli/validate-main.ts", ["--config", BAD]);
    expect(r.status).toBe(1);
    expect(r.stderr).toBe(`${BAD_LINES.join("\n")}\n`);
    expect(r.stdout).toBe(`${BAD}: 2 errors, 0 warnings; synth would write nothing\n`);
  });
});

describe("what a user sees for hostile and careless configs (real process)", () => {
  const TOKEN = "ghp_" + "Zx9".repeat(12);

  test("a pasted token is masked in every line, the rest of the message kept", () => {
    const file = configFile(
      "token.yaml",
      [
        "region: eu-west-1",
        "registries:",
        "  ghcr:",
        `    upstreamRegistryUrl: https://bob:${TOKEN}@ghcr.io`,
        `    credentials: { secretArn: ${TOKEN} }`,
        "",
      ].join("\n"),
    );
    const r = runEntry("src/cli/validate-main.ts", ["--config", file]);
    expect(r.status).toBe(1);
    expect(r.stderr + r.stdout).not.toContain(TOKEN);
    expect(r.stderr).toContain(
      'error: registries.ghcr.upstreamRegistryUrl: upstreamRegistryUrl must be a bare host, without a scheme, a user name or a path ("https://bob:***@ghcr.io"); write upstreamRegistryUrl: ghcr.io and give the login under credentials (a URL is printed in plans and logs)',
    );
    expect(r.stderr).toContain(
      "error: registries.ghcr.credentials.secretArn: secretArn is not the ARN of a secret named ecr-pullthroughcache/... (value not shown);",
    );
  });

  test("a token pasted where synth would write it into the Terraform JSON fails synth, which writes nothing", () => {
    const file = configFile(
      "tagged-token.yaml",
      `region: eu-west-1\ntags: { team: ${TOKEN} }\nregistries:\n  quay: { upstreamRegistryUrl: quay.io }\n`,
    );
    const out = path.join(dir, "tagged-token-out");
    const r = runSynth(["--config", file, "--out", out]);
    expect(r.status).toBe(1);
    expect(r.stderr + r.stdout).not.toContain(TOKEN);
    expect(r.stderr).toMatch(
      /^error: tags\.team: this text holds a GitHub token, which synth would write into the Terraform JSON, and Terraform into plans and state \("\*\*\*"\); remove it/,
    );
    expect(existsSync(out)).toBe(false);
  });

  test("vpcCidr 0.0.0.0/0 is valid with a warning", () => {
    const file = configFile(
      "open.yaml",
      "region: eu-west-1\nregistries:\n  quay: { upstreamRegistryUrl: quay.io }\nvpcEndpoints:\n  vpcCidr: 0.0.0.0/0\n  endpoints: {}\n",
    );
    const r = runEntry("src/cli/validate-main.ts", ["--config", file]);
    expect(r.status).toBe(0);
    expect(r.stderr).toMatch(
      /^warning: vpcEndpoints\.vpcCidr: vpcCidr 0\.0\.0\.0\/0 opens tcp 443 on the endpoints to all of IPv4/,
    );
    expect(r.stdout).toBe(`${file}: valid, 1 warning\n`);
  });

  test("a 200,000-key file is refused with exit 1", () => {
    const file = configFile(
      "huge.yaml",
      "region: eu-west-1\n" + Array.from({ length: 200_000 }, (_, i) => `k${i}: 1\n`).join(""),
    );
    const r = runEntry("src/cli/validate-main.ts", ["--config", file]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(
      /^error: --config: config file is \d+ bytes, more than any real config \(the limit is 262144 bytes\)/,
    );
  });

  test("a file that is not UTF-8 names the line", () => {
    const file = path.join(dir, "latin1.yaml");
    writeFileSync(file, Buffer.from("region: eu-west-1\r\nregistries: {}\r\n# caf\xe9\r\n", "latin1"));
    const r = runEntry("src/cli/validate-main.ts", ["--config", file]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/^error: \(file\): line 3 has bytes that are not UTF-8 text/);
  });

  test("synth of a missing config file does not point at fields that are not there", () => {
    const missing = path.join(dir, "nope.yaml");
    const r = runSynth(["--config", missing, "--out", path.join(dir, "out")]);
    expect(r.status).toBe(1);
    expect(r.stderr).toBe(
      `error: --config: config file not found ("${missing}"); pass an existing YAML or JSON file with --config or ECR_CACHE_CONFIG\n` +
        `${missing}: 1 error(s) above; nothing was written. Fix them and run again.\n`,
    );
  });
});
