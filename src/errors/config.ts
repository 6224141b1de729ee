/**
 * User-facing messages about reading the config file and its schema. Every message names the field, the value and
 * the fix; tests match these texts.
 */
import { error, Finding, show } from "../validate/finding";

/** "not valid JSON" or "not valid YAML", after the file's extension. */
function syntaxName(file: string): string {
  return /\.json$/i.test(file) ? "JSON" : "YAML";
}

/** Thrown when a config cannot be used; carries every finding so the CLI can print them all. */
export class ConfigError extends Error {
  constructor(
    readonly source: string,
    readonly findings: readonly Finding[],
  ) {
    super(`${source}: ${findings.filter((f) => f.severity === "error").length} error(s) in the config`);
    this.name = "ConfigError";
  }
}

/** Messages for loading and schema checks. */
export const configMessages = {
  fileNotFound: (source: string, file: string): Finding =>
    error(
      source,
      "config file not found",
      file,
      "pass an existing YAML or JSON file with --config or ECR_CACHE_CONFIG",
    ),
  fileUnreadable: (source: string, file: string, reason: string): Finding =>
    error(source, `config file cannot be read: ${reason}`, file, "check the path and its permissions"),
  unsupportedExtension: (source: string, file: string): Finding =>
    error(
      source,
      "config file must end in .yaml, .yml or .json",
      file,
      "rename the file or convert it to YAML or JSON",
    ),
  parseFailed: (file: string, reason: string): Finding =>
    error("(file)", `not valid ${syntaxName(file)}: ${reason}`, file, "fix the syntax at the position given"),
  duplicateKey: (file: string, key: string, line: number, col: number): Finding =>
    error(
      "(file)",
      `not valid ${syntaxName(file)}: Map keys must be unique: ${show(key)} is written a second time at line ${line}, column ${col}`,
      undefined,
      "keep one of the two keys",
    ),
  fileTooLarge: (source: string, file: string, bytes: number, max: number): Finding =>
    error(
      source,
      `config file is ${bytes} bytes, more than any real config (the limit is ${max} bytes)`,
      file,
      "check that --config names the config and not another file; share repeated settings through templateDefaults or YAML anchors",
    ),
  notUtf8: (file: string, line: number): Finding =>
    error(
      "(file)",
      `line ${line} has bytes that are not UTF-8 text`,
      file,
      "save the file as UTF-8 (in most editors: File > Save with Encoding > UTF-8) and check the characters on that line",
    ),
  tooManyKeys: (max: number): Finding =>
    error(
      "(file)",
      `more than ${max} keys, more than any real config has`,
      undefined,
      "check that this is the config file",
    ),
  nestedTooDeeply: (max: number, line?: number): Finding =>
    error(
      "(file)",
      `nested too deeply: more than ${max} levels of mappings and lists${line === undefined ? "" : ` (at line ${line})`}, deeper than any valid config`,
      undefined,
      "remove the extra levels; no config value nests more than about 10 levels",
    ),
  quoteIt: (path: string, value: number | boolean, text: string): Finding =>
    error(
      path,
      `must be a string, not the ${typeof value} ${String(value)}` +
        (text !== String(value) ? ` (unquoted, it lost its leading zero${/^00/.test(text) ? "s" : ""})` : ""),
      value,
      `quote it: ${path.split(/[.[]/).pop()?.replace(/[\]"]/g, "")}: ${JSON.stringify(text)}`,
    ),
  notAnObject: (value: unknown): Finding =>
    error("(file)", "the config must be a mapping of keys to values", value, "start from config/default.yaml"),
  cyclic: (path: string): Finding =>
    error(
      path,
      "refers to itself (a YAML alias inside its own anchor)",
      undefined,
      "write the value out instead of the alias",
    ),
  protoKey: (path: string): Finding =>
    error(path, 'the key "__proto__" is not allowed', "__proto__", "rename or remove the key"),
  tokenMarker: (path: string): Finding =>
    error(
      path,
      'contains "${TfToken[", which cdktf reserves for its own references',
      undefined,
      "remove it from the value",
    ),
  empty: (path: string): Finding => error(path, "must not be empty", "", `write a value for ${path}`),
  unknownKey: (path: string, key: string, suggestion: string | undefined, known: readonly string[]): Finding =>
    error(
      path,
      "unknown key",
      key,
      suggestion ? `did you mean "${suggestion}"?` : `remove it; valid keys here: ${known.join(", ")}`,
    ),
  missing: (path: string, expected: string): Finding =>
    error(path, `required ${expected} is missing`, undefined, `add ${path.split(/[.[]/).pop()?.replace(/[\]"]/g, "")}`),
  wrongType: (path: string, expected: string, value: unknown): Finding =>
    error(path, `must be ${expected}`, value, `write ${expected} here`),
  notOneOf: (path: string, value: unknown, options: readonly unknown[]): Finding =>
    error(
      path,
      "is not one of the allowed values",
      value,
      `use one of ${options.map((o) => JSON.stringify(o)).join(", ")}`,
    ),
  credentials: (path: string, value: unknown): Finding =>
    error(
      path,
      'credentials must be "managed" or { secretArn: <ARN> }',
      value,
      'write credentials: managed, or credentials: { secretArn: "arn:aws:secretsmanager:..." }',
    ),
  other: (path: string, message: string, value: unknown): Finding => error(path, message, value, "correct this value"),
  badFlag: (flag: string, reason: string, usage: string): Finding => error(flag, reason, undefined, usage),
};
