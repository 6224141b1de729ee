/**
 * Reads a config file (YAML or JSON), checks it against the schema and the ECR rules, and returns a typed config or
 * throws a ConfigError carrying every problem at once.
 */
import { existsSync, readFileSync } from "node:fs";
import * as path from "node:path";
import { closest, distance } from "fastest-levenshtein";
import { parse as parseYaml } from "yaml";
import { z } from "zod";
import { ConfigError, configMessages as msg } from "../errors/config";
import { at, Finding } from "../validate/finding";
import { validateRules } from "../validate/rules";
import { Config, configSchema } from "./schema";

/** The project folder: the nearest ancestor of this code that holds cdktf.json (from src/ and from a bundle alike). */
function projectRoot(): string {
  let dir = __dirname;
  while (!existsSync(path.join(dir, "cdktf.json")) && path.dirname(dir) !== dir) dir = path.dirname(dir);
  return dir;
}

/** The config used when neither `--config` nor `ECR_CACHE_CONFIG` names one: the blog's setup. */
export const DEFAULT_CONFIG_FILE = path.relative(process.cwd(), path.join(projectRoot(), "config", "default.yaml"));

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

/** Reads, parses and validates a config file. Throws ConfigError with every finding when any is an error. */
export function loadConfig(file: string): LoadedConfig {
  const raw = readConfigText(file);
  return { file, ...parseConfig(raw, file) };
}

/** Validates an already parsed config object (from a file or from code). Throws ConfigError on errors. */
export function parseConfig(data: unknown, source = "config"): { config: Config; warnings: Finding[] } {
  const parsed = configSchema.safeParse(data);
  if (!parsed.success) throw new ConfigError(source, schemaFindings(parsed.error, data));
  const findings = validateRules(parsed.data);
  const errors = findings.filter((f) => f.severity === "error");
  if (errors.length > 0) throw new ConfigError(source, findings);
  return { config: parsed.data, warnings: findings };
}

function readConfigText(file: string): unknown {
  if (!/\.(ya?ml|json)$/i.test(file)) throw new ConfigError(file, [msg.unsupportedExtension(file)]);
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new ConfigError(file, [
      code === "ENOENT" ? msg.fileNotFound(file) : msg.fileUnreadable(file, String(code ?? e)),
    ]);
  }
  let data: unknown;
  try {
    // YAML 1.2 is a superset of JSON, but JSON.parse gives JSON users the error positions they expect.
    data = /\.json$/i.test(file) ? JSON.parse(text) : parseYaml(text, { uniqueKeys: true, prettyErrors: true });
  } catch (e) {
    throw new ConfigError(file, [msg.parseFailed(file, (e as Error).message.split("\n")[0])]);
  }
  if (data === null || typeof data !== "object" || Array.isArray(data))
    throw new ConfigError(file, [msg.notAnObject(data)]);
  return data;
}

/** Turns zod's issues into findings with config paths, the offending value and a fix (with "did you mean"). */
export function schemaFindings(err: z.ZodError, data: unknown): Finding[] {
  return err.issues.flatMap((issue) => issueFindings(issue, data));
}

function issueFindings(issue: z.ZodIssue, data: unknown): Finding[] {
  const where = issue.path.reduce<string>((p, k) => at(p, k), "");
  const value = valueAt(data, issue.path);
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
      return [
        issue.received === "undefined"
          ? msg.missing(where || "(root)", issue.expected)
          : msg.wrongType(where, issue.expected, value),
      ];
    case "invalid_enum_value":
      return [msg.notOneOf(where, value, issue.options)];
    case "invalid_union_discriminator":
      return [msg.notOneOf(where, value, issue.options)];
    case "invalid_union":
      return where.endsWith("credentials") ? [msg.credentials(where, value)] : [msg.other(where, issue.message, value)];
    default:
      return [msg.other(where || "(root)", issue.message, value)];
  }
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
