import { existsSync, rmSync } from "node:fs";
import { synthesize } from "../app";
import { cliMessages } from "../errors/cli";
import { CliIo, loadForCli, parseFlags, printFindings } from "./common";
import { ensureDir, publish, stagingDir } from "./output";

export type { CliIo } from "./common";

const USAGE = `Usage: npm run synth -- [--config <file>] [--out <dir>]

Synthesizes the registry-cache and vpc-endpoints stacks to <dir>/stacks/<stack>/cdk.tf.json.
  --config <file>  YAML or JSON config (default: $ECR_CACHE_CONFIG, else config/default.yaml)
  --out <dir>      output folder (default: $CDKTF_OUTDIR, else cdktf.out)
  --help           print this text`;

/**
 * The synth command (also what `cdktf synth` runs, with no flags and CDKTF_OUTDIR set). Validates the whole config
 * before anything touches the output folder: on any error it prints every finding and returns 1 with nothing written.
 */
export function runSynth(argv: readonly string[], io: CliIo): number {
  const parsed = parseFlags(argv, { config: { type: "string" }, out: { type: "string" } }, USAGE, io);
  if ("exit" in parsed) return parsed.exit;
  const { config, out } = parsed.values;

  const result = loadForCli(config, io);
  if ("failed" in result) {
    printFindings(result.failed.findings, io);
    const errors = result.failed.findings.filter((f) => f.severity === "error").length;
    io.stderr(cliMessages.nothingWritten(result.file, errors));
    return 1;
  }
  printFindings(result.loaded.warnings, io);

  const source = out !== undefined ? "--out" : io.env.CDKTF_OUTDIR ? "CDKTF_OUTDIR" : "the default output folder";
  const outdir = out ?? (io.env.CDKTF_OUTDIR || "cdktf.out");
  const existed = existsSync(outdir);
  let staging: string;
  try {
    ensureDir(outdir);
    staging = stagingDir(outdir);
  } catch (e) {
    io.stderr(cliMessages.outdirUnusable(source, outdir, (e as Error).message));
    return 1;
  }
  let stacks: string[];
  try {
    stacks = synthesize(result.loaded.config, staging);
  } catch (e) {
    // Validation should have caught every bad input; whatever slipped through changes nothing.
    rmSync(existed ? staging : outdir, { recursive: true, force: true });
    io.stderr(cliMessages.synthFailed((e as Error).message));
    return 1;
  }
  try {
    publish(staging, outdir, stacks);
  } catch (e) {
    io.stderr(cliMessages.publishFailed(outdir, (e as Error).message));
    return 1;
  }
  io.stdout(cliMessages.synthesized(result.file, outdir, stacks));
  return 0;
}
