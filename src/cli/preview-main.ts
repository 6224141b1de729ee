/** Entry of `npm run preview -- --images <file|-> ...`; see src/cli/preview.ts. */
import { readFileSync } from "node:fs";
import { runPreview } from "./preview";

process.exitCode = runPreview(process.argv.slice(2), {
  stdout: (line) => process.stdout.write(`${line}\n`),
  stderr: (line) => process.stderr.write(`${line}\n`),
  env: process.env,
  // Reading bytes and decoding them is about twice as fast as Node 20's readFileSync(file, "utf8") on large inputs.
  readText: (file) => readFileSync(file === "-" ? 0 : file).toString("utf8"),
  now: () => Date.now(),
});
