/**
 * `.gen` is build output of `npm run get` (cdktf get on cdktf.json's terraformModules): regenerate it into a temp copy of
 * the project with that same script and require the committed `.gen` to match file for file, byte for byte.
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { baseTerraformEnv, findTerraform } from "../src/plan/terraform";

const PROJECT = path.resolve(__dirname, "..");
const STALE = "`.gen` is stale against modules/: run `npm run get` and commit .gen";

/** Relative paths of every file under `dir`, sorted; empty when `dir` is missing. */
function listFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return (fs.readdirSync(dir, { recursive: true }) as string[])
    .filter((rel) => fs.statSync(path.join(dir, rel)).isFile())
    .map((rel) => rel.split(path.sep).join("/"))
    .sort();
}

/** Every difference between the committed and the freshly generated tree, one line each. */
function differences(committed: string, fresh: string): string[] {
  const have = listFiles(committed);
  const want = listFiles(fresh);
  return [
    ...want.filter((f) => !have.includes(f)).map((f) => `missing from .gen: ${f}`),
    ...have.filter((f) => !want.includes(f)).map((f) => `not generated any more: ${f}`),
    ...want
      .filter((f) => have.includes(f))
      .filter((f) => !fs.readFileSync(path.join(committed, f)).equals(fs.readFileSync(path.join(fresh, f))))
      .map((f) => `differs: ${f}`),
  ];
}

let copy: string;

beforeAll(() => {
  copy = fs.mkdtempSync(path.join(os.tmpdir(), "gen-fresh-"));
});

afterAll(() => {
  if (copy) fs.rmSync(copy, { recursive: true, force: true });
});

test("committed .gen equals what `npm run get` generates from modules/", () => {
  const terraform = findTerraform(); // cdktf get runs `terraform get`: fail clearly when it is missing
  for (const entry of ["package.json", "cdktf.json", "modules"]) {
    fs.cpSync(path.join(PROJECT, entry), path.join(copy, entry), { recursive: true });
  }
  fs.symlinkSync(path.join(PROJECT, "node_modules"), path.join(copy, "node_modules"), "dir");

  const run = spawnSync("npm", ["run", "--silent", "get"], {
    cwd: copy,
    env: { ...baseTerraformEnv(terraform.path), npm_config_update_notifier: "false", CI: "true" },
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
    timeout: 5 * 60 * 1000,
  });
  if (run.error || run.status !== 0) {
    throw new Error(
      `\`npm run get\` failed in a temp copy of the project (${copy}), exit ${run.status}\n` +
        `${run.error?.message ?? ""}\nstdout:\n${run.stdout}\nstderr:\n${run.stderr}`,
    );
  }
  expect(listFiles(path.join(copy, ".gen"))).toContain("modules/vpc-endpoint.ts");

  const problems = differences(path.join(PROJECT, ".gen"), path.join(copy, ".gen"));
  if (problems.length > 0) throw new Error(`${STALE}\n${problems.map((p) => `  - ${p}`).join("\n")}`);
});
