/**
 * Reads a config file (YAML or JSON), checks it against the schema and the ECR rules, and returns a typed config or
 * throws a ConfigError carrying every problem at once.
 */
import { isUtf8 } from "node:buffer";
import { readFileSync, statSync } from "node:fs";
import * as path from "node:path";
import { isMap, isPair, isScalar, isSeq, LineCounter, Node, parseDocument } from "yaml";
import { PROJECT_ROOT } from "../project";
import { ConfigError } from "./config-error";
import { loadMessages as msg } from "./load.messages";
import { Finding } from "../validate/finding";
import { validateConfig } from "../validate";
import { Config } from "./schema";

/** The config used when neither `--config` nor `ECR_CACHE_CONFIG` names one: the blog's setup. */
export const DEFAULT_CONFIG_FILE = path.relative(process.cwd(), path.join(PROJECT_ROOT, "config", "default.yaml"));

/**
 * Sizes no real config reaches, checked before parsing costs grow. Our choice, with a wide margin: the default config
 * is 3 KB, about 70 keys and 7 levels deep; 50 registries (ECR's quota) each with its own lifecycle policy, and 50
 * endpoints each with a policy, stay under 150 KB and 5,000 keys; the deepest valid value (a policy condition's
 * value list under vpcEndpoints.endpoints.<name>.policy.Statement[i].Condition.<operator>.<key>[j]) is 9 levels.
 */
export const CONFIG_FILE_LIMITS = {
  /** File size in bytes, checked before the file is read: parsing costs grow with it. */
  maxBytes: 256 * 1024,
  /** Mapping keys in the whole file (aliases not expanded). */
  maxKeys: 20_000,
  /** Levels of nested mappings and lists. */
  maxDepth: 32,
} as const;

/** A config that passed every error check, with the warnings it raised. */
export interface LoadedConfig {
  readonly file: string;
  readonly config: Config;
  readonly warnings: readonly Finding[];
}

/** Picks the config file: the flag, then `ECR_CACHE_CONFIG`, then the built-in default. */
export function resolveConfigFile(flag: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  return flag ?? (env.ECR_CACHE_CONFIG || DEFAULT_CONFIG_FILE);
}

/** Where {@link resolveConfigFile} found the file, to name in messages about the file itself. */
export function configSource(flag: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  return flag !== undefined ? "--config" : env.ECR_CACHE_CONFIG ? "ECR_CACHE_CONFIG" : "(default config)";
}

/**
 * Reads, parses and validates a config file. Throws ConfigError with every finding when any is an error.
 * `source` names where the path came from (`--config`, `ECR_CACHE_CONFIG`) in messages about the file itself.
 */
export function loadConfig(file: string, source = "--config"): LoadedConfig {
  const raw = readConfigText(file, source);
  return { file, ...parseConfig(raw, file) };
}

/** Validates an already parsed config object (from a file or from code). Throws ConfigError on errors. */
export function parseConfig(data: unknown, source = "config"): { config: Config; warnings: Finding[] } {
  const { config, findings } = validateConfig(data);
  if (config === undefined || findings.some((f) => f.severity === "error")) throw new ConfigError(source, findings);
  return { config, warnings: findings };
}

function readConfigText(file: string, source: string): unknown {
  if (!/\.(ya?ml|json)$/i.test(file)) throw new ConfigError(file, [msg.unsupportedExtension(source, file)]);
  let bytes: Buffer;
  try {
    // Refuse a file too large to be a config before reading it, so the answer comes at once.
    const size = statSync(file).size;
    if (size > CONFIG_FILE_LIMITS.maxBytes)
      throw new ConfigError(file, [msg.fileTooLarge(source, file, size, CONFIG_FILE_LIMITS.maxBytes)]);
    bytes = readFileSync(file);
  } catch (e) {
    if (e instanceof ConfigError) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    throw new ConfigError(file, [
      code === "ENOENT" ? msg.fileNotFound(source, file) : msg.fileUnreadable(source, file, String(code ?? e)),
    ]);
  }
  // Decoding would silently turn bytes that are not UTF-8 into U+FFFD, which would then reach AWS.
  if (!isUtf8(bytes)) throw new ConfigError(file, [msg.notUtf8(file, firstNonUtf8Line(bytes))]);
  const data = parseText(bytes.toString("utf8"), file);
  if (data === null || typeof data !== "object" || Array.isArray(data))
    throw new ConfigError(file, [msg.notAnObject(data)]);
  return data;
}

/** The 1-based line of the first bytes that are not UTF-8 (a newline byte is never part of a multi-byte character). */
function firstNonUtf8Line(bytes: Buffer): number {
  let line = 1;
  let start = 0;
  for (;;) {
    const end = bytes.indexOf(0x0a, start);
    if (!isUtf8(bytes.subarray(start, end === -1 ? bytes.length : end))) return line;
    if (end === -1) return line;
    line += 1;
    start = end + 1;
  }
}

/** Parses YAML or JSON text, refusing duplicate keys, too many keys and too deep nesting before building objects. */
function parseText(text: string, file: string): unknown {
  const json = /\.json$/i.test(file);
  // A count in one pass over the text, so a file of tens of thousands of keys is refused before the parser starts.
  if (keyColons(text) > CONFIG_FILE_LIMITS.maxKeys)
    throw new ConfigError(file, [msg.tooManyKeys(CONFIG_FILE_LIMITS.maxKeys)]);
  const lines = new LineCounter();
  let doc;
  try {
    // YAML 1.2 reads JSON too, and unlike JSON.parse it lets duplicate keys be found instead of keeping the last one.
    // Merge keys (`<<: *defaults`) are a YAML habit worth keeping; in JSON `<<` stays an ordinary key. The library's
    // own duplicate check (uniqueKeys) compares every key with every other: keysFindings does it in linear time.
    doc = parseDocument(text, { uniqueKeys: false, prettyErrors: true, merge: !json, lineCounter: lines });
  } catch (e) {
    // The parser recurses once per level: thousands of levels overflow the stack.
    if (e instanceof RangeError) throw new ConfigError(file, [msg.nestedTooDeeply(CONFIG_FILE_LIMITS.maxDepth)]);
    throw new ConfigError(file, [msg.parseFailed(file, firstLine(e))]);
  }
  // Warnings (an unknown tag, say) would otherwise only reach the console: they are errors here.
  const problem = doc.errors[0] ?? doc.warnings[0];
  if (problem?.code === "MULTIPLE_DOCS")
    throw new ConfigError(file, [msg.multipleDocuments(file, problem.linePos?.[0].line ?? 1)]);
  if (problem) throw new ConfigError(file, [msg.parseFailed(file, firstLine(problem))]);
  if (doc.contents === null) throw new ConfigError(file, [msg.emptyFile(file)]);
  const shape = checkShape(doc.contents, file, !json);
  if (shape !== undefined) {
    const { line, col } = lines.linePos(shape.offset);
    throw new ConfigError(file, [shape.finding(line, col)]);
  }
  try {
    return doc.toJS();
  } catch (e) {
    if (e instanceof RangeError) throw new ConfigError(file, [msg.nestedTooDeeply(CONFIG_FILE_LIMITS.maxDepth)]);
    // The parser's guard against aliases of aliases that expand exponentially ("billion laughs").
    if (e instanceof ReferenceError && /alias/i.test(e.message))
      throw new ConfigError(file, [msg.aliasesExpandTooFar()]);
    throw new ConfigError(file, [msg.parseFailed(file, firstLine(e))]);
  }
}

/**
 * The colons that can end a key: followed by a space, a tab, a line end or the end of the text (YAML), or right after
 * a closing quote (JSON). Every key has one; URLs, ARNs and times have none, so a real config counts a few more than
 * its keys, far below CONFIG_FILE_LIMITS.maxKeys.
 */
function keyColons(text: string): number {
  let count = 0;
  for (let i = text.indexOf(":"); i !== -1; i = text.indexOf(":", i + 1)) {
    const next = text.charCodeAt(i + 1);
    const prev = text.charCodeAt(i - 1);
    if (Number.isNaN(next) || next === 32 || next === 9 || next === 10 || next === 13 || prev === 34 || prev === 39)
      count += 1;
  }
  return count;
}

/** The first line of a parser error, without the colon that introduces the excerpt after it. */
function firstLine(e: unknown): string {
  return (e instanceof Error ? e.message : String(e)).split("\n")[0].replace(/:$/, "");
}

type ShapeProblem = { offset: number; finding: (line: number, col: number) => Finding };

/**
 * Walks the parsed document once: the first duplicate key of a mapping (`<<` merge keys may repeat in YAML), or the
 * point where the keys or the nesting pass CONFIG_FILE_LIMITS.
 */
function checkShape(root: unknown, file: string, mergeKeys: boolean): ShapeProblem | undefined {
  let keys = 0;
  const walk = (node: unknown, depth: number): ShapeProblem | undefined => {
    if (!isMap(node) && !isSeq(node)) return undefined;
    const offset = (node as Node).range?.[0] ?? 0;
    if (depth > CONFIG_FILE_LIMITS.maxDepth)
      return { offset, finding: (line) => msg.nestedTooDeeply(CONFIG_FILE_LIMITS.maxDepth, line) };
    const seen = new Set<unknown>();
    for (const item of node.items) {
      if (!isPair(item)) {
        const inner = walk(item, depth + 1);
        if (inner) return inner;
        continue;
      }
      keys += 1;
      const keyOffset = (item.key as Node | null)?.range?.[0] ?? offset;
      if (keys > CONFIG_FILE_LIMITS.maxKeys)
        return { offset: keyOffset, finding: () => msg.tooManyKeys(CONFIG_FILE_LIMITS.maxKeys) };
      const key = isScalar(item.key) ? item.key.value : item.key;
      if (isScalar(item.key) && !(mergeKeys && key === "<<")) {
        if (seen.has(key))
          return { offset: keyOffset, finding: (line, col) => msg.duplicateKey(file, String(key), line, col) };
        seen.add(key);
      }
      const inner = walk(item.value, depth + 1);
      if (inner) return inner;
    }
    return undefined;
  };
  return walk(root, 1);
}
