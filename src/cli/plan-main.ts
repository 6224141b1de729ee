/** Entry of `npm run plan -- [--config <file>] [--var-file <file>] [--stack <name>] [--json]`; see src/cli/plan.ts. */
import { runPlan } from "./plan";

const controller = new AbortController();
// Ctrl-C or a kill: stop Terraform and let runPlan remove its temporary folders before the process ends.
for (const signal of ["SIGINT", "SIGTERM"] as const) process.once(signal, () => controller.abort());

runPlan(
  process.argv.slice(2),
  {
    stdout: (line) => process.stdout.write(`${line}\n`),
    stderr: (line) => process.stderr.write(`${line}\n`),
    env: process.env,
  },
  { signal: controller.signal },
).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 1;
  },
);
