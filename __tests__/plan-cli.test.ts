/**
 * `npm run plan`'s failure paths, run as a user runs them: each fails with a message naming the problem and the fix,
 * a non-zero exit, nothing planned and no temporary folder left behind. Only a variable value Terraform rejects gets as
 * far as a Terraform plan; a stack Terraform finds invalid (which no valid config synthesizes) is planned through the
 * function the command runs per stack.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { CREDENTIAL_PLACEHOLDER, sidecarVarFile, configFileNames } from "../src/plan/variables";
import { planStack } from "../src/cli/plan";
import { planMessages } from "../src/cli/plan.messages";
import { PlanError } from "../src/plan/plan-error";
import { init } from "../src/plan/terraform";
import { CliResult, runEntry, startEntry, tempDir } from "./support/cli";

const dir = tempDir("plan-cli");
afterAll(() => rmSync(dir, { recursive: true, force: true }));
function file(name: string, text: string): string {
  const f = path.join(dir, name);
  writeFileSync(f, text);
  return f;
}

const SECRET = "planted-secret-5d1e88";
const DEFAULT_VARS = {
  account_id: "123456789012",
  vpc_id: "vpc-0123456789abcdef0",
  vpc_cidr: "10.0.0.0/16",
  private_subnet_ids: ["subnet-1"],
  private_route_table_ids: ["rtb-1"],
};

/** Runs `npm run plan -- ...args` with a private TMPDIR; returns what it printed and what it left in TMPDIR. */
function plan(args: readonly string[], env: Record<string, string> = {}): CliResult & { leftBehind: string[] } {
  const tmp = mkdtempSync(path.join(tmpdir(), "plan-cli-tmp-"));
  try {
    const r = runEntry("src/cli/plan-main.ts", args, { ...env, TMPDIR: tmp });
    return { ...r, leftBehind: readdirSync(tmp) };
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

describe("variables", () => {
  test("missing values: exit 1, every missing variable listed with its stack, nothing left behind", () => {
    const r = plan(["--var-file", file("empty.json", "{}")]);
    expect(r.status).toBe(1);
    expect(r.stdout).toBe("");
    expect(r.stderr).toContain(
      [
        "error: no value for these required Terraform variables (nothing was planned):",
        "  registry-cache: account_id (12-digit ID of the AWS account that owns the cache)",
        "  vpc-endpoints: private_route_table_ids (Route tables of the private subnets, for gateway endpoints)",
        "  vpc-endpoints: private_subnet_ids (Private subnets that get an interface endpoint network interface)",
        "  vpc-endpoints: vpc_cidr (CIDR of the VPC, allowed to reach the endpoints on 443)",
        "  vpc-endpoints: vpc_id (ID of the VPC the endpoints go into)",
        "Put them in a tfvars JSON file and pass it with --var-file, or save it as config/default.tfvars.json " +
          "to have it used by default.",
      ].join("\n"),
    );
    expect(r.stderr).not.toContain("Planning");
    expect(r.leftBehind).toEqual([]);
  });

  test("--stack narrows the check to that stack's variables", () => {
    const r = plan(["--stack", "registry-cache", "--var-file", file("empty2.json", "{}")]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain("  registry-cache: account_id");
    expect(r.stderr).not.toContain("vpc-endpoints:");
  });

  test("a credential in the vars file is refused, its value never shown", () => {
    const vars = { ...DEFAULT_VARS, docker_hub_access_token: SECRET, ghcr_username: SECRET };
    const varFile = file("creds.json", JSON.stringify(vars));
    const r = plan(["--var-file", varFile]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(
      `error: --var-file: ${varFile} sets the credential variable(s) docker_hub_access_token, ghcr_username (value not shown)`,
    );
    expect(r.stdout + r.stderr).not.toContain(SECRET);
    expect(r.leftBehind).toEqual([]);
  });

  test("a variable no stack declares is refused with the declared names", () => {
    const varFile = file("typo.json", JSON.stringify({ ...DEFAULT_VARS, vpc_idd: "vpc-1" }));
    const r = plan(["--var-file", varFile]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(
      /error: --var-file: .*typo\.json sets vpc_idd, which no stack declares; remove it \(declared: account_id, /,
    );
  });

  test.each([
    ["an HCL .tfvars file", "vars.tfvars", 'account_id = "1"', /must be a tfvars JSON file ending in \.json/],
    ["invalid JSON", "broken.json", `{"account_id": "${SECRET}"`, /is not valid JSON \(.*\); write an object/],
    ["a JSON array", "list.json", "[]", /must hold a JSON object of variable names to values/],
  ])("%s is refused", (_what, name, text, message) => {
    const r = plan(["--var-file", file(name, text)]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toContain(SECRET);
  });

  test("a key given twice is refused, naming it and where, its values never shown", () => {
    const text = `{\n  "account_id": "${SECRET}",\n  "vpc_id": "vpc-1",\n  "account_id": "123456789012"\n}`;
    const varFile = file("twice.json", text);
    const r = plan(["--stack", "registry-cache", "--var-file", varFile]);
    expect(r.status).toBe(1);
    expect(r.stderr).toBe(
      `error: --var-file: ${JSON.stringify(varFile)} sets "account_id" a second time at line 4, column 3; keep one of the two\n`,
    );
    expect(r.leftBehind).toEqual([]);
  });

  test("a file saved with a byte order mark is read as the JSON it holds", () => {
    const r = plan(["--stack", "registry-cache", "--var-file", file("bom.json", "\uFEFF{}")]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain("error: no value for these required Terraform variables (nothing was planned):\n");
    expect(r.stderr).toContain("  registry-cache: account_id");
  });

  test("a value Terraform rejects: exit 1 with Terraform's own message for the stack, nothing printed on stdout", () => {
    const varFile = file("short-account.json", JSON.stringify({ ...DEFAULT_VARS, account_id: "1234" }));
    const r = plan(["--stack", "registry-cache", "--var-file", varFile]);
    expect(r.status).toBe(1);
    expect(r.stdout).toBe("");
    expect(r.stderr).toContain(
      "error: registry-cache: terraform plan failed; nothing was planned for this stack\n" +
        "  - Invalid value for variable: account_id must be 12 digits.",
    );
    expect(r.leftBehind).toEqual([]);
  });

  test("a TMPDIR that is not a folder: exit 1 naming it and the fix, no stack trace", () => {
    const notAFolder = file("tmpdir-is-a-file", "");
    const r = runEntry("src/cli/plan-main.ts", [], { TMPDIR: notAFolder });
    expect(r.status).toBe(1);
    expect(r.stdout).toBe("");
    expect(r.stderr).toBe(
      `error: cannot create the plan's temporary folder in ${JSON.stringify(notAFolder)}: ENOTDIR; nothing was planned. ` +
        "Set TMPDIR to a folder you can write to, or unset it\n",
    );
  });

  test("a missing vars file is named", () => {
    const r = plan(["--var-file", path.join(dir, "nope.json")]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(`error: --var-file: cannot read ${JSON.stringify(path.join(dir, "nope.json"))}: ENOENT`);
  });
});

describe("a stack Terraform finds invalid", () => {
  test("fails as the validate step, naming the stack and each of Terraform's diagnostics", async () => {
    // No provider: the configuration's own references are wrong, which `terraform plan` refuses before planning.
    const stackDir = path.join(dir, "broken");
    mkdirSync(stackDir);
    const outputs = { a: { value: "${var.missing}" }, b: { value: "${local.gone}" } };
    writeFileSync(path.join(stackDir, "main.tf.json"), JSON.stringify({ output: outputs }));
    await init(stackDir);
    const error = await planStack("broken", stackDir).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PlanError);
    // Terraform reports the two diagnostics in either order.
    const [first, ...diagnostics] = (error as PlanError).message.split("\n");
    expect([first, ...diagnostics.sort()].join("\n")).toBe(
      planMessages.terraformFailed(
        "broken",
        "validate",
        [
          '  error: Reference to undeclared input variable: An input variable with the name "missing" has not been declared. This variable can be declared with a variable "missing" {} block.',
          '  error: Reference to undeclared local value: A local value with the name "gone" has not been declared.',
        ].join("\n"),
      ),
    );
  });
});

describe("command line and setup", () => {
  test("an unknown stack is a usage error naming the stacks", () => {
    const r = plan(["--stack", "registry"]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(
      'error: --stack: the config has no stack "registry"; choose one of registry-cache, vpc-endpoints',
    );
    expect(r.leftBehind).toEqual([]);
  });

  test("an invalid config: its findings, exit 1, nothing planned", () => {
    const r = plan(["--config", file("bad.yaml", "region: eu-west-1\nregistries: {}\nextra: 1\n")]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/^error: /m);
    expect(r.stderr).toContain("error(s); nothing was planned");
  });

  test("Terraform missing: says what to install", () => {
    const r = plan([], { TERRAFORM_BINARY_NAME: path.join(dir, "no-terraform") });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain("error: Terraform not found");
    expect(r.stderr).toContain("install Terraform >= 1.11 or set TERRAFORM_BINARY_NAME");
  });

  test("TERRAFORM_BINARY_NAME naming a program that is not Terraform: says so, exit 1, no stack trace", () => {
    const notTerraform = path.join(dir, "not-terraform");
    writeFileSync(notTerraform, "#!/bin/sh\necho 'usage: not-terraform'\n", { mode: 0o755 });
    const r = plan([], { TERRAFORM_BINARY_NAME: notTerraform });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(`error: ${notTerraform} does not answer \`version -json\` as Terraform does (`);
    expect(r.stderr).toContain("); install Terraform >= 1.11 or set TERRAFORM_BINARY_NAME to it\n");
    expect(r.stderr).not.toContain("    at ");
    expect(r.leftBehind).toEqual([]);
  });

  test("provider missing from the named mirror: says how to point at one", () => {
    const r = plan([], { ECR_CACHE_TF_MIRROR: dir });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(
      `error: ECR_CACHE_TF_MIRROR=${dir} does not hold registry.terraform.io/hashicorp/aws 5.100.0`,
    );
    expect(r.stderr).toContain("ECR_CACHE_TF_MIRROR=registry");
  });

  test("an unknown flag is a usage error", () => {
    const r = plan(["--vars", "x.json"]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("Usage: npm run plan --");
  });

  test("Ctrl-C while Terraform runs: exit 130, the temporary folders removed", async () => {
    await expectInterrupted((err, _tmp, interrupt) => {
      if (err.includes("Planning")) interrupt();
    });
  });

  test("Ctrl-C while terraform plan itself runs: exit 130, the temporary folders removed", async () => {
    let poll: NodeJS.Timeout | undefined;
    await expectInterrupted((_err, tmp, interrupt) => {
      // From the first line on, watch for the plan (its -out file is in TMPDIR) and interrupt it.
      poll ??= setInterval(() => {
        if (terraformPlanRunning(tmp)) interrupt();
      }, 50);
    });
    clearInterval(poll);
  });
});

/**
 * Runs `npm run plan -- --stack registry-cache` with a private TMPDIR; `watch` sees stderr as it arrives and calls
 * `interrupt` (SIGINT, once) when it chooses. The command must have been interrupted, exit 130 saying so, and leave
 * TMPDIR empty.
 */
async function expectInterrupted(watch: (stderr: string, tmp: string, interrupt: () => void) => void): Promise<void> {
  const tmp = mkdtempSync(path.join(tmpdir(), "plan-cli-tmp-"));
  try {
    let sent = false;
    const r = await startEntry("src/cli/plan-main.ts", ["--stack", "registry-cache"], { TMPDIR: tmp }, (err, kill) =>
      watch(err, tmp, () => {
        if (!sent) kill("SIGINT");
        sent = true;
      }),
    );
    expect(sent).toBe(true);
    expect(r.stderr).toContain("interrupted; the temporary folders were removed");
    expect(r.status).toBe(130);
    expect(readdirSync(tmp)).toEqual([]);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

/** Whether a `terraform plan` whose command line names `folder` is running (Linux: read from /proc). */
function terraformPlanRunning(folder: string): boolean {
  for (const pid of readdirSync("/proc").filter((p) => /^\d+$/.test(p))) {
    let args: string[];
    try {
      args = readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0");
    } catch {
      continue; // the process has ended
    }
    if (args.includes("plan") && args.some((a) => a.includes(folder))) return true;
  }
  return false;
}

describe("naming", () => {
  test("a config's vars file sits beside it, named after it", () => {
    expect(sidecarVarFile("config/prod.yaml")).toBe(path.join("config", "prod.tfvars.json"));
    expect(sidecarVarFile("/x/team.a.json")).toBe("/x/team.a.tfvars.json");
  });

  test("a folder scan finds YAML and JSON configs, never vars files", () => {
    expect(configFileNames(["b.yml", "a.yaml", "a.tfvars.json", "c.json", "README.md", "d.tfvars"])).toEqual([
      "a.yaml",
      "b.yml",
      "c.json",
    ]);
  });

  test("the credential placeholder is not a value anyone would use", () => {
    expect(CREDENTIAL_PLACEHOLDER).toMatch(/placeholder/);
  });
});
