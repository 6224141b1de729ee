/**
 * What every command shares: its I/O, its exit codes, flag parsing with a usage error, loading a config, and printing
 * findings. Each command is a `run<Command>(argv, io)` function returning its exit code; its entry file
 * (src/cli/<cmd>-main.ts, main.ts for synth) passes it {@link processIo}.
 */
import { readFileSync, realpathSync } from "node:fs";
import * as path from "node:path";
import { parseArgs } from "node:util";
import { configSource, loadConfig, LoadedConfig, resolveConfigFile } from "../config/load";
import { ConfigError } from "../config/config-error";
import { Finding, formatFinding } from "../validate/finding";

/** What the CLI functions print to and read from; real streams in the entry files, fakes in tests. */
export interface CliIo {
  /** Writes one line (the newline is added). */
  readonly stdout: (line: string) => void;
  /** Writes one line (the newline is added). */
  readonly stderr: (line: string) => void;
  readonly env: NodeJS.ProcessEnv;
}

/** {@link CliIo} for a command that reads files named on its command line. */
export interface FileIo extends CliIo {
  /** Reads a whole file, or stdin for `-`, as bytes; throws when it cannot. */
  readonly readBytes: (file: string) => Uint8Array;
}

/**
 * The process's own streams, files and environment. When the reader of stdout has gone (`npm run cost | head -1`),
 * the command ends quietly with the exit code it has so far (0 if none): it has nobody left to tell, and an
 * unhandled EPIPE would print a stack trace.
 */
export function processIo(): FileIo {
  let guarded = false;
  return {
    stdout: (line) => {
      // Attached at the first line, so a command that writes stdout otherwise (preview) never opens the stream.
      if (!guarded) process.stdout.on("error", endOnClosedPipe);
      guarded = true;
      process.stdout.write(`${line}\n`);
    },
    stderr: (line) => process.stderr.write(`${line}\n`),
    env: process.env,
    readBytes: (file) => readFileSync(file === "-" ? 0 : file),
  };
}

function endOnClosedPipe(e: NodeJS.ErrnoException): void {
  if (e.code !== "EPIPE") throw e;
  process.exit(typeof process.exitCode === "number" ? process.exitCode : EXIT_OK);
}

/** Exit code: the command did what it was asked. */
export const EXIT_OK = 0;
/** Exit code: the input (config, files, references) or a step failed; every problem was printed. */
export const EXIT_FAILURE = 1;
/** Exit code for a bad command line. */
export const EXIT_USAGE = 2;
/** Exit code after SIGINT/SIGTERM, as shells report it. */
export const EXIT_INTERRUPTED = 130;

/**
 * A command's flags, as util.parseArgs takes them (`--help`/`-h` is added to every command); `path` marks a flag
 * whose value is a file or folder, taken from the folder the command was typed in (see {@link fromTypedFolder}).
 */
export type FlagSpec = Record<string, { type: "string" | "boolean"; multiple?: boolean; path?: boolean }>;

/** The values of parsed flags: absent flags are undefined, a `multiple` flag gives every value in order. */
export type FlagValues<F extends FlagSpec> = {
  [K in keyof F]?: F[K]["multiple"] extends true
    ? F[K]["type"] extends "boolean"
      ? boolean[]
      : string[]
    : F[K]["type"] extends "boolean"
      ? boolean
      : string;
};

/**
 * Parses a command line strictly. Returns the flag values and the positionals, or an exit code after printing: the
 * usage on stdout and 0 for `--help` or `-h`; {@link usageError} and 2 for an unknown or malformed flag, a repeated
 * flag that is not `multiple` (two --config values are more likely a mistake than a choice), a string flag given an
 * empty or blank value (`--config=`, `--file ""`: a variable that was not set, more likely than a choice) unless the
 * command checks that flag's empty value itself (`settings.ownEmptyCheck`), or a positional when the command takes
 * none.
 */
export function parseFlags<F extends FlagSpec>(
  argv: readonly string[],
  flags: F,
  usage: string,
  io: CliIo,
  settings: { readonly positionals?: boolean; readonly ownEmptyCheck?: readonly string[] } = {},
): { values: FlagValues<F>; positionals: string[] } | { exit: number } {
  let parsed: { values: Record<string, unknown>; positionals: string[] };
  try {
    const { values, positionals, tokens } = parseArgs({
      args: [...argv],
      // parseArgs ignores `path`.
      options: { ...flags, help: { type: "boolean", short: "h" } },
      allowPositionals: settings.positionals === true,
      strict: true,
      tokens: true,
    });
    const names = tokens.flatMap((t) => (t.kind === "option" && !flags[t.name]?.multiple ? [t.name] : []));
    const repeated = names.find((name, i) => name !== "help" && names.indexOf(name) !== i);
    if (repeated !== undefined) throw new Error(`Option '--${repeated}' is given more than once`);
    const empty = tokens.find(
      (t) =>
        t.kind === "option" &&
        flags[t.name]?.type === "string" &&
        !settings.ownEmptyCheck?.includes(t.name) &&
        t.value?.trim() === "",
    );
    if (empty?.kind === "option") throw new Error(emptyValue(empty.name, empty.value ?? "", usage));
    const all = values as Record<string, unknown>;
    for (const [name, spec] of Object.entries(flags)) {
      const value = all[name];
      if (spec.path && typeof value === "string") all[name] = fromTypedFolder(value, io.env);
      if (spec.path && Array.isArray(value)) all[name] = value.map((v: string) => fromTypedFolder(v, io.env));
    }
    parsed = { values: all, positionals };
  } catch (e) {
    return { exit: usageError((e as Error).message, usage, io) };
  }
  if (parsed.values.help) {
    io.stdout(usage);
    return { exit: EXIT_OK };
  }
  return { values: parsed.values as FlagValues<F>, positionals: parsed.positionals };
}

/**
 * A path flag's value as the user meant it: `npm run` runs a command in the project root, and sets INIT_CWD to the
 * folder it was typed in, so `cd config && npm run validate -- --config default.yaml` names config/default.yaml. A
 * relative path is taken from INIT_CWD and given back relative to the root, the way the commands print paths. Only in
 * the process npm started for one of the project's scripts (npm_lifecycle_script runs scripts/run.js): INIT_CWD is
 * inherited by everything npm starts, a test run's commands included. Unchanged: `-` (stdin), an absolute path, a
 * command typed in the root or run without npm.
 */
function fromTypedFolder(value: string, env: NodeJS.ProcessEnv): string {
  const typedIn = env.INIT_CWD;
  const ours = env.npm_lifecycle_script?.includes("scripts/run.js") === true;
  if (typedIn === undefined || !ours || value === "-" || path.isAbsolute(value)) return value;
  const root = process.cwd();
  let same: boolean;
  try {
    same = realpathSync(typedIn) === realpathSync(root);
  } catch {
    return value; // INIT_CWD names no folder: not a folder the user is in
  }
  return same ? value : path.relative(root, path.resolve(typedIn, value)) || ".";
}

/** The reason for an empty flag value, with the flag's value as the usage shows it (`--config <file>`). */
function emptyValue(name: string, value: string, usage: string): string {
  const shown = new RegExp(`--${name} (<[^>]+>)`).exec(usage)?.[1] ?? "<value>";
  return `--${name} is empty (${JSON.stringify(value)}); give --${name} ${shown}, as the usage below shows`;
}

/** Prints a bad command line's reason and the usage on stderr; returns {@link EXIT_USAGE}. */
export function usageError(reason: string, usage: string, io: CliIo): number {
  io.stderr(`error: ${reason}\n\n${usage}`);
  return EXIT_USAGE;
}

/** Prints findings to stderr, one per line, `error: ...` or `warning: ...`. */
export function printFindings(findings: readonly Finding[], io: CliIo): void {
  for (const f of findings) io.stderr(`${f.severity}: ${formatFinding(f)}`);
}

/** How many of the findings are errors. */
export function errorCount(findings: readonly Finding[]): number {
  return findings.filter((f) => f.severity === "error").length;
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
