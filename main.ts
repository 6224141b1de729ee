/**
 * The cdktf app entry. `npm run synth -- [--config <file>] [--out <dir>] [--hcl]` and `cdktf synth` both run this
 * file; see src/cli/synth.ts.
 */
import { processIo } from "./src/cli/common";
import { runSynth } from "./src/cli/synth";

runSynth(process.argv.slice(2), processIo()).then((code) => {
  process.exitCode = code;
});
