/**
 * What every command shares (src/cli/common.ts) when its command line or its stdout is not what it expects, run as a
 * user runs the commands: node scripts/run.js <entry>, in a shell where a pipe is involved, through npm where the
 * folder it is typed in matters.
 */
import { spawnSync } from "node:child_process";
import { existsSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { ROOT } from "./support/app";
import { runEntry, tempDir } from "./support/cli";

describe("a flag given an empty value is a usage error naming the flag and what it takes, exit 2", () => {
  const out = path.join(tempDir("cli-input"), "out");
  test.each([
    ["main.ts", ["--config=", "--out", out], "--config", "<file>"],
    ["src/cli/validate-main.ts", ["--config", " "], "--config", "<file>"],
    ["src/cli/image-main.ts", ["nginx", "--file="], "--file", "<path>"],
    ["src/cli/image-main.ts", ["nginx", "--target", ""], "--target", "<name>"],
    ["src/cli/cost-main.ts", ["--config="], "--config", "<file>"],
    ["src/cli/plan-main.ts", ["--var-file="], "--var-file", "<file>"],
    ["src/cli/preview-main.ts", ["--images="], "--images", "<file|->"],
  ])("%s %j", (entry, args, flag, shown) => {
    const r = runEntry(entry, args);
    expect(r.status).toBe(2);
    const value = args.includes(`${flag}=`) ? "" : args[args.indexOf(flag) + 1];
    expect(r.stderr).toMatch(
      new RegExp(`^error: ${flag} is empty \\(${JSON.stringify(value)}\\); give ${flag} ${shown}, [^]*\n\nUsage: `),
    );
    expect(r.stdout).toBe("");
    expect(existsSync(out)).toBe(false);
  });

  test("flags whose command says what an empty value means keep their own message", () => {
    expect(runEntry("main.ts", ["--out="]).stderr).toContain('error: --out: the output folder is empty ("")');
    expect(runEntry("src/cli/cost-main.ts", ["--gb-per-day="]).stderr).toMatch(/^error: --gb-per-day must be a number/);
  });
});

describe("a reader that stops early (| head -1) ends the command quietly, exit 0", () => {
  const run = (command: string) => spawnSync("bash", ["-c", command], { cwd: ROOT, encoding: "utf8" });
  const entry = (file: string) => `"${process.execPath}" scripts/run.js ${file}`;
  // 20,000 references print 1.5 MB, far more than a pipe holds once head has gone.
  const references = path.join(tempDir("cli-input"), "references.txt");
  writeFileSync(references, Array.from({ length: 20_000 }, (_, i) => `nginx:v${i}\n`).join(""));

  test.each([
    ["image", `${entry("src/cli/image-main.ts")} --account 123456789012 --file ${references}`],
    ["cost", entry("src/cli/cost-main.ts")],
  ])("%s", (_name, command) => {
    const r = run(`${command} | head -n 1 >/dev/null; echo "exit \${PIPESTATUS[0]}" >&2`);
    expect(r.stderr).toBe("exit 0\n");
  });
});

describe("a path on the command line is taken from the folder npm run was typed in (npm runs commands in the root)", () => {
  /** `npm run --silent <script> -- ...args`, typed in `folder`. */
  const npmRun = (folder: string, script: string, args: readonly string[]) =>
    spawnSync("npm", ["run", "--silent", "--prefix", ROOT, script, "--", ...args], {
      cwd: folder,
      encoding: "utf8",
      env: { ...process.env, npm_config_update_notifier: "false" },
    });

  test("in config/: --config default.yaml is config/default.yaml", () => {
    const r = npmRun(path.join(ROOT, "config"), "validate", ["--config", "default.yaml"]);
    expect(r.stdout).toBe("config/default.yaml: valid, 0 warnings\n");
    expect(r.status).toBe(0);
  });

  test("in a folder outside the project: --file refs.txt is that folder's file; an absolute path stays as given", () => {
    const folder = tempDir("cli-input-typed-in");
    writeFileSync(path.join(folder, "refs.txt"), "nginx:1.27\n");
    const uri = "123456789012.dkr.ecr.ap-northeast-2.amazonaws.com/docker-hub/library/nginx:1.27\n";
    for (const file of ["refs.txt", path.join(folder, "refs.txt")]) {
      const r = npmRun(folder, "image", ["--account", "123456789012", "--file", file]);
      expect({ stdout: r.stdout, status: r.status }).toEqual({ stdout: uri, status: 0 });
    }
  });
});
