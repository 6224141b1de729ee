/** Entry of `npm run plan -- [--config <file>] [--var-file <file>] [--stack <name>] [--json]`; see src/cli/plan.ts. */
import { EXIT_FAILURE, processIo } from "./common";
import { runPlan } from "./plan";

const controller = new AbortController();
// Ctrl-C or a kill: stop Terraform and let runPlan remove its temporary folders before the process ends.
for (const signal of ["SIGINT", "SIGTERM"] as const) process.once(signal, () => controller.abort());

runPlan(process.argv.slice(2), processIo(), { signal: controller.signal }).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = EXIT_FAILURE;
  },
);
