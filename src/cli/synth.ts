import { parseArgs } from "node:util";
import { mkdirSync } from "node:fs";
import { buildStacks, createApp } from "../app";
import { ConfigError } from "../errors/config";
import { cliMessages } from "../errors/cli";
import { loadConfig, resolveConfigFile } from "../config/load";
import { formatFinding } from "../validate/finding";

/** What the CLI functions print to and read from; real streams in `main.ts`, fakes in tests. */
export interface CliIo {
  readonly stdout: (line: string) => void;
  readonly stderr: (line: string) => void;
  readonly env: NodeJS.ProcessEnv;
}

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
  let values: { config?: string; out?: string; help?: boolean };
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: { config: { type: "string" }, out: { type: "string" }, help: { type: "boolean" } },
      strict: true,
      allowPositionals: false,
    }));
  } catch (e) {
    io.stderr(cliMessages.badArguments((e as Error).message, USAGE));
    return 2;
  }
  if (values.help) {
    io.stdout(USAGE);
    return 0;
  }

  const file = resolveConfigFile(values.config, io.env);
  let loaded;
  try {
    loaded = loadConfig(file);
  } catch (e) {
    if (!(e instanceof ConfigError)) throw e;
    for (const f of e.findings) io.stderr(`${f.severity}: ${formatFinding(f)}`);
    io.stderr(cliMessages.nothingWritten(file, e.findings.filter((f) => f.severity === "error").length));
    return 1;
  }
  for (const w of loaded.warnings) io.stderr(`warning: ${formatFinding(w)}`);

  const outdir = values.out ?? (io.env.CDKTF_OUTDIR || "cdktf.out");
  mkdirSync(outdir, { recursive: true });
  const app = createApp(outdir);
  const stacks = buildStacks(app, loaded.config);
  app.synth();
  const names = [stacks.registryCache, stacks.vpcEndpoints].filter((s) => s !== undefined).map((s) => s.node.id);
  io.stdout(cliMessages.synthesized(file, outdir, names));
  return 0;
}
