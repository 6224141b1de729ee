/**
 * The `image` command: maps image references to pull through cache URIs (or back with `--reverse`), with the
 * registries, region and account of a loaded config.
 */
import { isUtf8 } from "node:buffer";
import { ACCOUNT_ID_PATTERN } from "../aws/account";
import { ACCOUNT_PLACEHOLDER, rulesFromRegistries, toCacheUri, toUpstreamReference } from "../image/map";
import { maskSecrets } from "../policy/secrets";
import { errorCount, EXIT_FAILURE, EXIT_OK, EXIT_USAGE, FileIo, loadForCli, parseFlags, printFindings } from "./common";
import { selectTarget } from "./target";
import {
  accountPlaceholderNote,
  cannotReadFile,
  configHasErrors,
  inputFailure,
  invalidAccountOption,
  noReferencesGiven,
  notTextFile,
} from "./image.messages";

/** The flags; `--file` repeats, the references are the positionals. */
const FLAGS = {
  config: { type: "string", path: true },
  account: { type: "string" },
  target: { type: "string" },
  file: { type: "string", multiple: true, path: true },
  reverse: { type: "boolean" },
} as const;

const USAGE = [
  "Usage: npm run --silent image -- [options] <reference>...",
  "",
  "Maps container image references to their ECR pull through cache URIs",
  "(<account>.dkr.ecr.<region>.amazonaws.com/<ecr prefix>/<upstream path>[:tag][@digest]),",
  "using the registries and region of the config. Docker Hub official images get library/.",
  "",
  "Options:",
  "  --config <file>    config to read registries and region from (default: the project's config)",
  "  --target <name>    with a config that has targets: the target whose cache the URIs name",
  "                     (its account and Region)",
  "  --account <id>     12-digit AWS account id (default: the config's accountId, else $AWS_ACCOUNT_ID,",
  `                     else ${ACCOUNT_PLACEHOLDER} and a note on stderr)`,
  "  --file <path>      read references one per line; - reads stdin; may repeat. Blank lines and",
  '                     # comments are ignored; a leading "- " and surrounding quotes are stripped',
  "  --reverse          map cache URIs back to upstream references (Docker Hub as docker.io/...);",
  "                     URIs must be in --account, else the config's accountId, when either is set",
  "  -h, --help         print this help",
  "",
  "Output: exactly one line per input, in input order (arguments first, then --file lines),",
  "holding only the mapped value, so the output pairs with the input via paste or xargs.",
  "All or nothing: if any input fails, every failure is printed on stderr and stdout stays empty.",
  "",
  "Exit codes: 0 all mapped; 1 an input could not be mapped, or the config or a file could not be read;",
  "2 invalid command line (unknown option, missing value, bad --account, no references).",
  "",
  "Examples:",
  "  npm run --silent image -- --account 123456789012 nginx:1.27 quay.io/cilium/cilium:v1.16.0",
  "  npm run --silent image -- --file images.txt    # one URI per reference line",
  "  printf '%s\\n' nginx redis | npm run --silent image -- --file - | paste <(printf '%s\\n' nginx redis) -",
  "  npm run --silent image -- --reverse 123456789012.dkr.ecr.ap-northeast-2.amazonaws.com/docker-hub/library/nginx:1.27",
].join("\n");

/** One reference to map, with where it came from when that was a file line (`images.txt:3`). */
interface Input {
  readonly text: string;
  readonly source?: string;
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
function readInputFiles(files: readonly string[], io: FileIo): { inputs: Input[]; errors: string[] } {
  let stdin: Buffer | undefined;
  const inputs: Input[] = [];
  const errors: string[] = [];
  const read = (file: string) => Buffer.from(io.readBytes(file));
  for (const file of files) {
    let bytes: Buffer;
    try {
      bytes = file === "-" ? (stdin ??= read("-")) : read(file);
    } catch (e) {
      errors.push(cannotReadFile(file, e instanceof Error ? e.message : String(e)));
      continue;
    }
    // Decoding would turn each byte that is not UTF-8 into U+FFFD: a binary file would print thousands of failures.
    if (isUtf8(bytes)) inputs.push(...inputsFromText(file === "-" ? "<stdin>" : file, bytes.toString("utf8")));
    else errors.push(notTextFile(file === "-" ? "- (stdin)" : file));
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

/**
 * Runs the `image` command. Arguments: image references; `--config <file>`; `--account <12 digits>` (else the
 * config's `accountId`, else AWS_ACCOUNT_ID, else the `<account-id>` placeholder and a note on stderr); `--file <path>`
 * (repeatable, `-` is stdin); `--reverse` (URIs must be in `--account`, else the config's `accountId`, when either is
 * set); `--help`. Prints one mapped value per input on stdout, in input order (arguments, then file lines); when any
 * input fails, prints every failure on stderr and nothing on stdout. Messages quote the input: a token pasted into a
 * reference is masked, as in every config message.
 *
 * @returns 0 when everything mapped, 1 when an input, the config or a file failed, 2 for an invalid command line
 */
export function runImageCli(argv: readonly string[], given: FileIo): number {
  // The usage is printed as it is: masking would take its `[:tag][@digest]` for a password.
  const parsed = parseFlags(argv, FLAGS, USAGE, given, { positionals: true });
  const io: FileIo = { ...given, stderr: (line) => given.stderr(maskSecrets(line)) };
  if ("exit" in parsed) return parsed.exit;
  const { values, positionals } = parsed;
  const usage = (message: string) => {
    io.stderr(inputFailure(undefined, message));
    return EXIT_USAGE;
  };

  const flagAccount = values.account;
  if (flagAccount !== undefined && !ACCOUNT_ID_PATTERN.test(flagAccount)) {
    return usage(invalidAccountOption(flagAccount, "--account"));
  }
  const fileNames = values.file ?? [];
  if (positionals.length === 0 && fileNames.length === 0) return usage(noReferencesGiven());
  const files = readInputFiles(fileNames, io);
  if (files.errors.length > 0) {
    for (const message of files.errors) io.stderr(inputFailure(undefined, message));
    return EXIT_FAILURE;
  }
  const result = loadForCli(values.config, io);
  if ("failed" in result) {
    printFindings(result.failed.findings, io);
    io.stderr(configHasErrors(result.file, errorCount(result.failed.findings)));
    return EXIT_FAILURE;
  }
  // A config with targets has a registry per target: the URIs are the named target's.
  const selected = selectTarget(result.loaded.config, values.target);
  if ("problem" in selected) return usage(selected.problem);
  const { region, accountId, registries } = selected.config;
  const rules = rulesFromRegistries(registries);
  const inputs: Input[] = [...positionals.map((text) => ({ text })), ...files.inputs];

  // The account: --account, else the config's accountId, else (forward only) AWS_ACCOUNT_ID, else the placeholder.
  const knownAccount = flagAccount ?? accountId;
  let map: (text: string) => string;
  if (values.reverse) {
    const expected = { region, ...(knownAccount === undefined ? {} : { account: knownAccount }) };
    map = (text) => toUpstreamReference(text, rules, expected);
  } else {
    const fromEnv = io.env.AWS_ACCOUNT_ID || undefined;
    if (knownAccount === undefined && fromEnv !== undefined && !ACCOUNT_ID_PATTERN.test(fromEnv)) {
      return usage(invalidAccountOption(fromEnv, "AWS_ACCOUNT_ID"));
    }
    const account = knownAccount ?? fromEnv;
    if (account === undefined) io.stderr(accountPlaceholderNote(ACCOUNT_PLACEHOLDER));
    const target = { account: account ?? ACCOUNT_PLACEHOLDER, region };
    map = (text) => toCacheUri(text, rules, target);
  }
  const { outputs, errors } = mapAll(inputs, map);
  if (errors.length > 0) {
    for (const line of errors) io.stderr(line);
    return EXIT_FAILURE;
  }
  for (const line of outputs) io.stdout(line);
  return EXIT_OK;
}
