/** Entry of `npm run preview -- --images <file|-> ...`; see src/cli/preview.ts. */
import { readFileSync } from "node:fs";
import { runPreview } from "./preview";

process.exitCode = runPreview(process.argv.slice(2), {
  stdout: (line) => process.stdout.write(`${line}\n`),
  stderr: (line) => process.stderr.write(`${line}\n`),
  env: process.env,
  readBytes: (file) => readFileSync(file === "-" ? 0 : file),
  now: () => Date.now(),
});
