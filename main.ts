/**
 * The cdktf app entry. `npm run synth -- [--config <file>] [--out <dir>]` and `cdktf synth` both run this file;
 * see src/cli/synth.ts.
 */
import { runSynth } from "./src/cli/synth";

process.exitCode = runSynth(process.argv.slice(2), {
  stdout: (line) => process.stdout.write(`${line}\n`),
  stderr: (line) => process.stderr.write(`${line}\n`),
  env: process.env,
});
