/** Entry of `npm run cost`; see src/cli/cost.ts. */
import { EXIT_FAILURE, processIo } from "./common";
import { runCost } from "./cost";

runCost(process.argv.slice(2), processIo()).then(
  (code) => (process.exitCode = code),
  (e: unknown) => {
    process.stderr.write(`error: ${(e as Error).stack ?? String(e)}\n`);
    process.exitCode = EXIT_FAILURE;
  },
);
