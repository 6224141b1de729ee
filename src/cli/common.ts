/** What the synth and validate commands share: flag parsing with a usage error, and loading a config with a report. */
import { parseArgs, ParseArgsConfig } from "node:util";
import { configSource, loadConfig, LoadedConfig, resolveConfigFile } from "../config/load";
import { cliMessages } from "../errors/cli";
import { ConfigError } from "../config/config-error";
import { Finding, formatFinding } from "../validate/finding";

/** What the CLI functions print to and read from; real streams in the entry files, fakes in tests. */
export interface CliIo {
  readonly stdout: (line: string) => void;
  readonly stderr: (line: string) => void;
  readonly env: NodeJS.ProcessEnv;
}

/** Exit code for a bad command line. */
export const EXIT_USAGE = 2;

/**
 * Parses flags strictly (no positionals). Returns the values, or an exit code after printing the usage: 2 for an
 * unknown, malformed or repeated flag, 0 for `--help`.
 */
export function parseFlags<O extends NonNullable<ParseArgsConfig["options"]>>(
  argv: readonly string[],
  options: O,
  usage: string,
  io: CliIo,
): { values: { [K in keyof O]?: O[K]["type"] extends "boolean" ? boolean : string } } | { exit: number } {
  let values: Record<string, unknown>;
  try {
    const parsed = parseArgs({
      args: [...argv],
      options: { ...options, help: { type: "boolean" } },
      strict: true,
      tokens: true,
    });
    values = parsed.values;
    // parseArgs keeps the last of a repeated flag; two --config or --out values are more likely a mistake.
    const names = parsed.tokens.flatMap((t) => (t.kind === "option" ? [t.name] : []));
    const repeated = names.find((name, i) => names.indexOf(name) !== i);
    if (repeated !== undefined) throw new Error(`Option '--${repeated}' is given more than once`);
  } catch (e) {
    io.stderr(cliMessages.badArguments((e as Error).message, usage));
    return { exit: EXIT_USAGE };
  }
  if (values.help) {
    io.stdout(usage);
    return { exit: 0 };
  }
  return { values: values as { [K in keyof O]?: O[K]["type"] extends "boolean" ? boolean : string } };
}

/** Prints findings to stderr, one per line, `error: ...` or `warning: ...`. */
export function printFindings(findings: readonly Finding[], io: CliIo): void {
  for (const f of findings) io.stderr(`${f.severity}: ${formatFinding(f)}`);
}

/**
 * Loads the config named by the flag (else ECR_CACHE_CONFIG, else the default). Returns it, or the ConfigError
 * holding every finding when it has errors.
 */
export function loadForCli(
  flag: string | undefined,
  io: CliIo,
): { file: string } & ({ loaded: LoadedConfig } | { failed: ConfigError }) {
  const file = resolveConfigFile(flag, io.env);
  try {
    return { file, loaded: loadConfig(file, configSource(flag, io.env)) };
  } catch (e) {
    if (e instanceof ConfigError) return { file, failed: e };
    throw e;
  }
}
