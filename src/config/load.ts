/**
 * Reads a config file (YAML or JSON), checks it against the schema and the ECR rules, and returns a typed config or
 * throws a ConfigError carrying every problem at once.
 */
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { parseDocument } from "yaml";
import { PROJECT_ROOT } from "../project";
import { ConfigError, configMessages as msg } from "../errors/config";
import { Finding } from "../validate/finding";
import { validateConfig } from "../validate";
import { Config } from "./schema";

/** The config used when neither `--config` nor `ECR_CACHE_CONFIG` names one: the blog's setup. */
export const DEFAULT_CONFIG_FILE = path.relative(process.cwd(), path.join(PROJECT_ROOT, "config", "default.yaml"));

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
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new ConfigError(file, [
      code === "ENOENT" ? msg.fileNotFound(source, file) : msg.fileUnreadable(source, file, String(code ?? e)),
    ]);
  }
  let data: unknown;
  try {
    // YAML 1.2 reads JSON too, and unlike JSON.parse it refuses duplicate keys instead of keeping the last one.
    // Merge keys (`<<: *defaults`) are a YAML habit worth keeping; in JSON `<<` stays an ordinary key.
    const doc = parseDocument(text, { uniqueKeys: true, prettyErrors: true, merge: !/\.json$/i.test(file) });
    // Warnings (an unknown tag, say) would otherwise only reach the console: they are errors here.
    const problem = doc.errors[0] ?? doc.warnings[0];
    if (problem) throw problem;
    data = doc.toJS();
  } catch (e) {
    throw new ConfigError(file, [msg.parseFailed(file, (e as Error).message.split("\n")[0])]);
  }
  if (data === null || typeof data !== "object" || Array.isArray(data))
    throw new ConfigError(file, [msg.notAnObject(data)]);
  return data;
}
