/**
 * What every command shares (src/cli/common.ts) when its command line or its stdout is not what it expects, run as a
 * user runs the commands: node scripts/run.js <entry>, in a shell where a pipe is involved.
 */
import { spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import * as path from "node:path";
import { ROOT } from "./support/app";
import { tempDir } from "./support/cli";

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
