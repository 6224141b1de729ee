/** Entry of `npm run validate -- [--config <file>]`; see src/cli/validate.ts. */
import { runValidate } from "./validate";

process.exitCode = runValidate(process.argv.slice(2), {
  stdout: (line) => process.stdout.write(`${line}\n`),
  stderr: (line) => process.stderr.write(`${line}\n`),
  env: process.env,
});
