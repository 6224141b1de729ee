/**
 * The messages of the schema checks (./schema.ts): unknown keys, wrong types, missing fields, values YAML read as
 * numbers. Every message names the field, the value and the fix; tests match these texts.
 */
import { error, Finding } from "./finding";

/** Messages for the config's shape. */
export const schemaMessages = {
  quoteIt: (path: string, value: number | boolean, text: string): Finding =>
    error(
      path,
      `must be a string, not the ${typeof value} ${String(value)}` +
        (text !== String(value) ? ` (unquoted, it lost its leading zero${/^00/.test(text) ? "s" : ""})` : ""),
      value,
      `quote it: ${path.split(/[.[]/).pop()?.replace(/[\]"]/g, "")}: ${JSON.stringify(text)}`,
    ),
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
};
