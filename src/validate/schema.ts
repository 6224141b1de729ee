/**
 * Schema checks: turns zod's issues into findings with config paths, the offending value and a fix ("did you
 * mean" for unknown keys), and refuses data that cannot be a config at all (cycles, `__proto__` keys).
 */
import { closest, distance } from "fastest-levenshtein";
import { z } from "zod";
import { configSchema } from "../config/schema";
import { schemaMessages as msg } from "./schema.messages";
import { at, Finding } from "./finding";

/**
 * Findings for data that no schema can judge: a cycle (a self-referencing YAML alias) or a `__proto__` key, which
 * JSON and YAML parsers keep but JavaScript objects drop. Checked before the schema.
 */
export function structureFindings(data: unknown): Finding[] {
  const findings: Finding[] = [];
  const walk = (value: unknown, path: string, seen: Set<object>): void => {
    // cdktf would read its own token markers inside a string as references to objects that do not exist.
    if (typeof value === "string" && value.includes("${TfToken[")) findings.push(msg.tokenMarker(path || "(root)"));
    if (value === null || typeof value !== "object") return;
    if (seen.has(value)) {
      findings.push(msg.cyclic(path || "(root)"));
      return;
    }
    const inner = new Set(seen).add(value);
    for (const [key, child] of Object.entries(value)) {
      if (key === "__proto__") findings.push(msg.protoKey(at(path, key)));
      else walk(child, Array.isArray(value) ? `${path}[${key}]` : at(path, key), inner);
    }
  };
  walk(data, "", new Set());
  return findings;
}

/** Turns zod's issues into findings with config paths, the offending value and a fix (with "did you mean"). */
export function schemaFindings(err: z.ZodError, data: unknown): Finding[] {
  return err.issues.flatMap((issue) => issueFindings(issue, data));
}

function issueFindings(issue: z.ZodIssue, data: unknown): Finding[] {
  const where = issue.path.reduce<string>((p, k) => at(p, k), "");
  // Whatever was written under credentials may be a token: never echo it.
  const value = issue.path.includes("credentials") ? undefined : valueAt(data, issue.path);
  switch (issue.code) {
    case "unrecognized_keys": {
      const known = Object.keys(objectShapeAt(configSchema, issue.path, data));
      return issue.keys.map((key) => {
        const guess = known.length ? closest(key, known) : undefined;
        const near = guess !== undefined && distanceOk(key, guess) ? guess : undefined;
        return msg.unknownKey(at(where, key), key, near, known);
      });
    }
    case "invalid_type":
      if (issue.received === "undefined") return [msg.missing(where || "(root)", issue.expected)];
      // An unquoted number or yes/no where a string belongs: YAML read it as a number or a boolean.
      if (issue.expected === "string" && (typeof value === "number" || typeof value === "boolean"))
        return [msg.quoteIt(where, value, quotedText(where, value))];
      return [msg.wrongType(where, issue.expected, value)];
    case "invalid_enum_value":
      return [msg.notOneOf(where, value, issue.options)];
    case "invalid_union_discriminator":
      return [msg.notOneOf(where, value, issue.options)];
    case "too_small":
      return issue.type === "string" ? [msg.empty(where)] : [msg.other(where, issue.message, value)];
    case "invalid_union":
      return where.endsWith("credentials") ? [msg.credentials(where, value)] : [msg.other(where, issue.message, value)];
    default:
      return [msg.other(where || "(root)", issue.message, value)];
  }
}

/** The string a user meant by an unquoted scalar: an account id gets back the leading zeros a number loses. */
function quotedText(where: string, value: number | boolean): string {
  const text = String(value);
  return where === "accountId" && /^\d{1,11}$/.test(text) ? text.padStart(12, "0") : text;
}

/** A suggestion is worth making when it is closer than half the key's length. */
function distanceOk(key: string, guess: string): boolean {
  return distance(key.toLowerCase(), guess.toLowerCase()) <= Math.max(2, Math.floor(key.length / 2));
}

function valueAt(data: unknown, keys: readonly (string | number)[]): unknown {
  let cur: unknown = data;
  for (const k of keys) {
    if (cur === null || typeof cur !== "object") return undefined;
    cur = (cur as Record<string | number, unknown>)[k];
  }
  return cur;
}

/** The keys the schema allows at a path, for "did you mean" hints. */
function objectShapeAt(
  schema: z.ZodTypeAny,
  keys: readonly (string | number)[],
  data: unknown,
): Record<string, z.ZodTypeAny> {
  let cur: z.ZodTypeAny | undefined = schema;
  for (let i = 0; i <= keys.length; i++) {
    cur = unwrap(cur);
    if (cur instanceof z.ZodDiscriminatedUnion) {
      const tag = valueAt(valueAt(data, keys.slice(0, i)), [cur.discriminator]);
      cur = cur.optionsMap.get(tag as z.Primitive) ?? cur.options[0];
    }
    if (i === keys.length) break;
    const k = keys[i];
    if (cur instanceof z.ZodObject) cur = (cur.shape as Record<string, z.ZodTypeAny>)[String(k)];
    else if (cur instanceof z.ZodRecord) cur = cur.valueSchema;
    else if (cur instanceof z.ZodArray) cur = cur.element;
    else return {};
  }
  return cur instanceof z.ZodObject ? (cur.shape as Record<string, z.ZodTypeAny>) : {};
}

function unwrap(s: z.ZodTypeAny | undefined): z.ZodTypeAny | undefined {
  let cur = s;
  for (;;) {
    if (cur instanceof z.ZodOptional || cur instanceof z.ZodNullable) cur = cur.unwrap();
    else if (cur instanceof z.ZodDefault) cur = cur.removeDefault();
    else if (cur instanceof z.ZodEffects) cur = cur.innerType();
    else if (cur instanceof z.ZodUnion)
      cur = (cur.options as z.ZodTypeAny[]).find((o) => unwrap(o) instanceof z.ZodObject) ?? cur.options[0];
    else return cur;
  }
}
