/**
 * User-facing messages about reading the config file and its schema. Every message names the field, the value and
 * the fix; tests match these texts.
 */
import { error, Finding } from "../validate/finding";

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
    error(
      "(file)",
      `not valid ${/\.json$/i.test(file) ? "JSON" : "YAML"}: ${reason}`,
      file,
      "fix the syntax at the position given",
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
