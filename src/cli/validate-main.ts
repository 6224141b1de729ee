/** Entry of `npm run validate -- [--config <file>]`; see src/cli/validate.ts. */
import { processIo } from "./common";
import { runValidate } from "./validate";

process.exitCode = runValidate(process.argv.slice(2), processIo());
