/**
 * `image` command: maps image references to pull through cache URIs (or back with `--reverse`).
 * All I/O goes through injected dependencies; the function returns the exit code and never exits.
 */
import { maskSecrets } from "../policy/secrets";
import { parseArgs } from "node:util";
import {
  accountPlaceholderNote,
  cannotLoadConfig,
  cannotReadFile,
  imageCliHelp,
  inputFailure,
  invalidAccountOption,
  invalidArguments,
  noReferencesGiven,
  unknownOption,
} from "../errors/image";
import {
  ACCOUNT_PLACEHOLDER,
  CacheRule,
  RegistryEntry,
  rulesFromRegistries,
  toCacheUri,
  toUpstreamReference,
} from "../image/map";
import { EXIT_USAGE } from "./common";
import { ACCOUNT_ID_PATTERN } from "../aws/account";

/** Exit codes of {@link runImageCli}. */
export const EXIT_OK = 0;
/** An input could not be mapped, or the config or a file could not be read (a bad command line is EXIT_USAGE). */
export const EXIT_FAILURE = 1;

/** What the CLI needs from the outside world. */
export interface ImageCliDeps {
  /** Writes text to stdout; called with whole lines, each ending in `\n`. */
  readonly stdout: (s: string) => void;
  /** Writes text to stderr; called with whole lines, each ending in `\n`. */
  readonly stderr: (s: string) => void;
  /** Reads all of stdin (for `--file -`); called at most once. */
  readonly readStdin: () => string;
  /** Reads a file as UTF-8 text; throws when it cannot. */
  readonly readFile: (p: string) => string;
  /** Loads the config (the default one when the path is undefined); throws when it cannot. */
  readonly loadRegistries: (configPath: string | undefined) => {
    region: string;
    registries: Record<string, RegistryEntry>;
    /** The config's `accountId`, when it sets one. */
    accountId?: string;
  };
  /** The environment; `AWS_ACCOUNT_ID` is read from it. */
  readonly env: Record<string, string | undefined>;
}

/** One reference to map, with where it came from when that was a file line (`images.txt:3`). */
interface Input {
  readonly text: string;
  readonly source?: string;
}

/** The parsed command line. */
interface CliOptions {
  readonly config?: string;
  readonly account?: string;
  readonly files: readonly string[];
  readonly reverse: boolean;
  readonly help: boolean;
  readonly positionals: readonly string[];
}

/** A usage problem: message and exit code 2. */
class UsageError extends Error {}

const OPTIONS = {
  config: { type: "string" },
  account: { type: "string" },
  file: { type: "string", multiple: true },
  reverse: { type: "boolean" },
  help: { type: "boolean", short: "h" },
} as const;

const VALID_FLAGS: readonly string[] = ["--config", "--account", "--file", "--reverse", "--help", "-h"];

/** The first option in argv that the CLI does not know, as written (`--foo`, `-x`). */
function findUnknownFlag(argv: string[]): string | undefined {
  const { tokens } = parseArgs({ args: argv, options: OPTIONS, strict: false, allowPositionals: true, tokens: true });
  const known = new Set(Object.keys(OPTIONS).concat("h"));
  const unknown = tokens.find((t) => t.kind === "option" && !known.has(t.name));
  return unknown?.kind === "option" ? unknown.rawName : undefined;
}

/** Parses argv strictly; unknown flags and other argv problems become usage errors. */
function parseCommandLine(argv: string[]): CliOptions {
  try {
    const { values, positionals } = parseArgs({ args: argv, options: OPTIONS, strict: true, allowPositionals: true });
    return {
      config: values.config,
      account: values.account,
      files: values.file ?? [],
      reverse: values.reverse ?? false,
      help: values.help ?? false,
      positionals,
    };
  } catch (e) {
    const flag = findUnknownFlag(argv);
    if (flag !== undefined) throw new UsageError(unknownOption(flag, VALID_FLAGS));
    throw new UsageError(invalidArguments(e instanceof Error ? e.message : String(e)));
  }
}

/** The `--account` value, or undefined when absent; throws a usage error when it is not 12 digits. */
function accountFromOption(option: string | undefined): string | undefined {
  if (option !== undefined && !ACCOUNT_ID_PATTERN.test(option)) {
    throw new UsageError(invalidAccountOption(option, "--account"));
  }
  return option;
}

/** AWS_ACCOUNT_ID, or undefined when unset or empty; throws a usage error when it is not 12 digits. */
function accountFromEnv(env: Record<string, string | undefined>): string | undefined {
  const fromEnv = env.AWS_ACCOUNT_ID;
  if (fromEnv === undefined || fromEnv === "") return undefined;
  if (!ACCOUNT_ID_PATTERN.test(fromEnv)) throw new UsageError(invalidAccountOption(fromEnv, "AWS_ACCOUNT_ID"));
  return fromEnv;
}

/**
 * The reference on one `--file` line, or undefined for a blank or comment line: text after `#` is dropped,
 * the line is trimmed, a leading `- `, an `image:` key and one pair of surrounding quotes are stripped.
 */
export function referenceFromLine(line: string): string | undefined {
  const hash = line.indexOf("#");
  let text = (hash === -1 ? line : line.slice(0, hash)).trim();
  if (text.startsWith("- ")) text = text.slice(2).trim();
  // `image: <ref>`, as `helm template` and Kubernetes manifests write it.
  if (text.startsWith("image:")) text = text.slice("image:".length).trim();
  const quoted = text.length >= 2 && (text[0] === '"' || text[0] === "'") && text[text.length - 1] === text[0];
  if (quoted) text = text.slice(1, -1).trim();
  return text === "" ? undefined : text;
}

/** The inputs of one `--file` text, each tagged with `<name>:<line>`. */
function inputsFromText(name: string, text: string): Input[] {
  return text.split(/\r?\n/).flatMap((line, i) => {
    const reference = referenceFromLine(line);
    return reference === undefined ? [] : [{ text: reference, source: `${name}:${i + 1}` }];
  });
}

/** Reads every `--file` (stdin once for `-`), or returns the messages of the files that could not be read. */
function readInputFiles(files: readonly string[], deps: ImageCliDeps): { inputs: Input[]; errors: string[] } {
  let stdin: string | undefined;
  const inputs: Input[] = [];
  const errors: string[] = [];
  for (const file of files) {
    try {
      const text = file === "-" ? (stdin ??= deps.readStdin()) : deps.readFile(file);
      inputs.push(...inputsFromText(file === "-" ? "<stdin>" : file, text));
    } catch (e) {
      errors.push(cannotReadFile(file, e instanceof Error ? e.message : String(e)));
    }
  }
  return { inputs, errors };
}

/** Maps every input; returns outputs in input order, or every failure. */
function mapAll(inputs: readonly Input[], map: (text: string) => string): { outputs: string[]; errors: string[] } {
  const outputs: string[] = [];
  const errors: string[] = [];
  for (const input of inputs) {
    try {
      outputs.push(map(input.text));
    } catch (e) {
      errors.push(inputFailure(input.source, e instanceof Error ? e.message : String(e)));
    }
  }
  return { outputs, errors };
}

/** Writes each message as one line. */
function writeLines(write: (s: string) => void, lines: readonly string[]): void {
  for (const line of lines) write(`${line}\n`);
}

/** What the command uses from the config. */
interface LoadedRules {
  readonly rules: CacheRule[];
  readonly region: string;
  readonly accountId?: string;
}

/** Loads the config's rules, region and account, or throws a failure message. */
function loadRules(configPath: string | undefined, deps: ImageCliDeps): LoadedRules {
  try {
    const { region, registries, accountId } = deps.loadRegistries(configPath);
    if (accountId !== undefined && !ACCOUNT_ID_PATTERN.test(accountId)) {
      throw new Error(invalidAccountOption(accountId, "accountId"));
    }
    return { rules: rulesFromRegistries(registries), region, ...(accountId === undefined ? {} : { accountId }) };
  } catch (e) {
    throw new Error(cannotLoadConfig(configPath, e instanceof Error ? e.message : String(e)));
  }
}

/**
 * Runs after a valid command line: reads inputs and config, maps, writes all-or-nothing. The account is `--account`,
 * else the config's `accountId`, else (forward only) AWS_ACCOUNT_ID, else the placeholder; `--reverse` checks URIs
 * against `--account` or the config's `accountId` only.
 */
function run(options: CliOptions, deps: ImageCliDeps): number {
  const flagAccount = accountFromOption(options.account);
  if (options.positionals.length === 0 && options.files.length === 0) throw new UsageError(noReferencesGiven());
  const files = readInputFiles(options.files, deps);
  if (files.errors.length > 0) {
    writeLines(
      deps.stderr,
      files.errors.map((m) => inputFailure(undefined, m)),
    );
    return EXIT_FAILURE;
  }
  const { rules, region, accountId } = loadRules(options.config, deps);
  const inputs: Input[] = [...options.positionals.map((text) => ({ text })), ...files.inputs];
  const knownAccount = flagAccount ?? accountId;
  let map: (text: string) => string;
  if (options.reverse) {
    const expected = { region, ...(knownAccount === undefined ? {} : { account: knownAccount }) };
    map = (text) => toUpstreamReference(text, rules, expected);
  } else {
    const account = knownAccount ?? accountFromEnv(deps.env);
    if (account === undefined) writeLines(deps.stderr, [accountPlaceholderNote(ACCOUNT_PLACEHOLDER)]);
    const target = { account: account ?? ACCOUNT_PLACEHOLDER, region };
    map = (text) => toCacheUri(text, rules, target);
  }
  const { outputs, errors } = mapAll(inputs, map);
  if (errors.length > 0) {
    writeLines(deps.stderr, errors);
    return EXIT_FAILURE;
  }
  writeLines(deps.stdout, outputs);
  return EXIT_OK;
}

/**
 * Runs the `image` command. Arguments: image references; `--config <file>`; `--account <12 digits>` (else the
 * config's `accountId`, else AWS_ACCOUNT_ID, else the `<account-id>` placeholder and a note on stderr); `--file <path>`
 * (repeatable, `-` is stdin); `--reverse` (URIs must be in `--account`, else the config's `accountId`, when either is
 * set); `--help`. Prints one mapped value per input on stdout, in input order (arguments, then file lines); when any
 * input fails, prints every failure on stderr and nothing on stdout.
 *
 * @param argv the arguments after the command name
 * @param deps I/O and environment
 * @returns 0 when everything mapped, 1 when an input, the config or a file failed, 2 for an invalid command line
 */
export function runImageCli(argv: string[], given: ImageCliDeps): number {
  // Error messages quote the input: a token pasted into a reference is masked, as in every config message.
  const deps: ImageCliDeps = { ...given, stderr: (s) => given.stderr(maskSecrets(s)) };
  try {
    const options = parseCommandLine(argv);
    if (options.help) {
      writeLines(deps.stdout, [imageCliHelp(ACCOUNT_PLACEHOLDER)]);
      return EXIT_OK;
    }
    return run(options, deps);
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    writeLines(deps.stderr, [inputFailure(undefined, message)]);
    return e instanceof UsageError ? EXIT_USAGE : EXIT_FAILURE;
  }
}
