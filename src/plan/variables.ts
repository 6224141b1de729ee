/**
 * Input variables of a planned stack: which ones a synthesized stack declares, where their values come from (a tfvars
 * JSON file, placeholders for credentials), and the naming of a config's sidecar vars file.
 */
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { LineCounter, parseDocument } from "yaml";
import { PlanError } from "./plan-error";
import { variablesMessages as msg } from "./variables.messages";

/** Suffix of a config's sidecar vars file: `config/prod.yaml` takes its values from `config/prod.tfvars.json`. */
export const VAR_FILE_SUFFIX = ".tfvars.json";
/** Config file names a folder scan picks up (a sidecar vars file is never one). */
const CONFIG_FILE = /\.(ya?ml|json)$/i;
/**
 * The value every ephemeral (credential) variable gets in a plan. Ephemeral values never reach the plan or its JSON,
 * so a fixed text changes nothing planned and keeps real credentials out of the process.
 */
export const CREDENTIAL_PLACEHOLDER = "placeholder-not-a-credential";

/** A root input variable as a synthesized stack declares it. */
export interface StackVariable {
  readonly name: string;
  /** Ephemeral variables carry credentials: they get {@link CREDENTIAL_PLACEHOLDER}, never a value from a file. */
  readonly ephemeral: boolean;
  /** No default: a value must be given. */
  readonly required: boolean;
  readonly description?: string;
}

/** A stack's name with the variables its `cdk.tf.json` declares. */
export interface StackVariables {
  readonly stack: string;
  readonly variables: readonly StackVariable[];
}

/** The sidecar vars file of a config: same folder, same name, {@link VAR_FILE_SUFFIX} instead of the extension. */
export function sidecarVarFile(configFile: string): string {
  return path.join(path.dirname(configFile), `${path.basename(configFile).replace(CONFIG_FILE, "")}${VAR_FILE_SUFFIX}`);
}

/** Config files directly in `names` (a folder listing): YAML or JSON, sidecar vars files left out, sorted. */
export function configFileNames(names: readonly string[]): string[] {
  return names.filter((n) => CONFIG_FILE.test(n) && !n.endsWith(VAR_FILE_SUFFIX)).sort();
}

/** The variables declared in a synthesized stack's JSON (`variable` block), sorted by name. */
export function declaredVariables(stackJson: { variable?: Record<string, Record<string, unknown>> }): StackVariable[] {
  return Object.entries(stackJson.variable ?? {})
    .map(([name, v]) => ({
      name,
      ephemeral: v.ephemeral === true,
      required: !("default" in v),
      ...(typeof v.description === "string" ? { description: v.description } : {}),
    }))
    .sort((a, b) => (a.name < b.name ? -1 : 1));
}

/**
 * Reads a tfvars JSON file: an object of variable names to values.
 * @throws PlanError naming the file and the fix when it is missing, not `.json`, not JSON, not an object or sets a
 *   key twice.
 */
export function readVarFile(file: string): Record<string, unknown> {
  if (!file.endsWith(".json")) throw new PlanError(msg.varFileWrongType(file));
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (e) {
    throw new PlanError(msg.varFileUnreadable(file, String((e as NodeJS.ErrnoException).code ?? e)));
  }
  // A file saved "with BOM" (Windows editors) is still the JSON its author sees.
  if (text.startsWith("\uFEFF")) text = text.slice(1);
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    // JSON.parse's message can quote the text around the error: keep only its position, never the file's values.
    const where = /position \d+(?: \(line \d+ column \d+\))?/.exec((e as Error).message)?.[0] ?? "syntax error";
    throw new PlanError(msg.varFileNotJson(file, where));
  }
  if (data === null || typeof data !== "object" || Array.isArray(data)) {
    throw new PlanError(msg.varFileNotObject(file));
  }
  // JSON.parse keeps the last of two equal keys without a word: which value was meant is the author's call.
  const lines = new LineCounter();
  const duplicate = parseDocument(text, { lineCounter: lines }).errors.find((e) => e.code === "DUPLICATE_KEY");
  if (duplicate !== undefined) {
    const key = /^"(?:[^"\\]|\\.)*"/.exec(text.slice(duplicate.pos[0]))?.[0];
    const { line, col } = lines.linePos(duplicate.pos[0]);
    throw new PlanError(msg.varFileDuplicateKey(file, key === undefined ? "a key" : key, line, col));
  }
  return data as Record<string, unknown>;
}

/**
 * The values each planned stack gets: credentials get {@link CREDENTIAL_PLACEHOLDER}, the rest comes from `values`
 * (only what the stack declares).
 * @param stacks every stack of the config, so a file shared by all of them is accepted when planning one.
 * @param planned the names of the stacks to plan: only their values are checked for completeness and returned.
 * @param source how to name the vars file in messages, or undefined when there is none.
 * @param hint how to pass a vars file, for the missing-variables message.
 * @throws PlanError when the file sets an undeclared or a credential variable, or required values are missing
 *   (all of them listed at once).
 */
export function stackValues(
  stacks: readonly StackVariables[],
  planned: readonly string[],
  values: Readonly<Record<string, unknown>>,
  source: string | undefined,
  hint: string,
): Record<string, Record<string, unknown>> {
  const all = stacks.flatMap((s) => s.variables);
  const declared = [...new Set(all.map((v) => v.name))].sort();
  const given = Object.keys(values).sort();
  const unknown = given.filter((name) => !declared.includes(name));
  if (unknown.length > 0) throw new PlanError(msg.unknownVariables(source ?? "", unknown, declared));
  const credentials = given.filter((name) => all.some((v) => v.name === name && v.ephemeral));
  if (credentials.length > 0) throw new PlanError(msg.credentialInVarFile(source ?? "", credentials));
  const selected = stacks.filter((s) => planned.includes(s.stack));
  const missing = selected.flatMap(({ stack, variables }) =>
    variables
      .filter((v) => v.required && !v.ephemeral && !(v.name in values))
      .map((v) => ({ stack, name: v.name, description: v.description })),
  );
  if (missing.length > 0) throw new PlanError(msg.missingVariables(missing, hint));
  return Object.fromEntries(
    selected.map(({ stack, variables }) => [
      stack,
      Object.fromEntries(
        variables.flatMap((v): [string, unknown][] =>
          v.ephemeral ? [[v.name, CREDENTIAL_PLACEHOLDER]] : v.name in values ? [[v.name, values[v.name]]] : [],
        ),
      ),
    ]),
  );
}
