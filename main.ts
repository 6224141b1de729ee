/**
 * The cdktf app entry. `npm run synth -- [--config <file>] [--out <dir>] [--hcl]` and `cdktf synth` both run this
 * file; see src/cli/synth.ts.
 */
import { runSynth } from "./src/cli/synth";

runSynth(process.argv.slice(2), {
  stdout: (line) => process.stdout.write(`${line}\n`),
  stderr: (line) => process.stderr.write(`${line}\n`),
  env: process.env,
}).then((code) => {
  process.exitCode = code;
});
