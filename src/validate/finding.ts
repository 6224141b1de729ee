import { maskSecrets } from "../policy/secrets";

/** How serious a finding is: errors stop synth, warnings are printed and synth goes on. */
export type Severity = "error" | "warning";

/**
 * One problem found in a config, reported as `<path>: <problem> (<value>); <fix>`.
 * Every validator returns a list of these instead of throwing, so all problems are reported at once.
 */
export interface Finding {
  readonly severity: Severity;
  /** Where in the config, dotted: `registries.docker-hub.credentials`. */
  readonly path: string;
  /** What is wrong, without the value. */
  readonly problem: string;
  /** The offending value; omitted when there is none (a missing field). */
  readonly value?: unknown;
  /** How to fix it, as an instruction. */
  readonly fix: string;
}

/** The most characters of a value a message shows; a longer one is cut in the middle and its length given. */
const SHOWN_VALUE_CHARS = 80;

/** True for a config path under a `credentials` field, whose values are never shown. */
function isCredentialsPath(path: string): boolean {
  return /(?:^|\.)credentials(?:$|[.[])/.test(path);
}

/**
 * A value as a message shows it: JSON, cut to {@link SHOWN_VALUE_CHARS} characters, with anything that looks like a
 * credential masked. Messages that quote a user's value inside their text use this too.
 */
export function show(value: unknown): string {
  let json: string;
  try {
    // JSON writes Infinity (a YAML 1e400) and NaN as null, and cannot write a bigint: show their text instead.
    const plain = typeof value === "bigint" || (typeof value === "number" && !Number.isFinite(value));
    json = plain ? String(value) : (JSON.stringify(value) ?? String(value));
  } catch {
    json = String(value);
  }
  // Mask before cutting, so no half of a token survives the cut.
  const chars = [...maskSecrets(json)];
  if (chars.length <= SHOWN_VALUE_CHARS) return chars.join("");
  const half = Math.floor((SHOWN_VALUE_CHARS - 2) / 2);
  return `${chars.slice(0, half).join("")}…${chars.slice(-half).join("")} (${chars.length} characters)`;
}

/** Masks credentials, then cuts every run of more than {@link SHOWN_VALUE_CHARS} non-space characters (paths, keys). */
function cutLongRuns(text: string): string {
  return maskSecrets(text).replace(new RegExp(`\\S{${SHOWN_VALUE_CHARS + 1},}`, "gu"), (run) => {
    const chars = [...run];
    if (chars.length <= SHOWN_VALUE_CHARS) return run;
    const half = Math.floor((SHOWN_VALUE_CHARS - 2) / 2);
    return `${chars.slice(0, half).join("")}…${chars.slice(-half).join("")}`;
  });
}

/**
 * Renders a finding on one line: `<path>: <problem> (<value>); <fix>`. The one place findings become text: values
 * under `credentials` are left out, long values and keys are cut, and credential-shaped text is masked everywhere in
 * the line, so no rule can print a token by mistake.
 */
export function formatFinding(f: Finding): string {
  const hidden = isCredentialsPath(f.path);
  const value = f.value === undefined ? "" : hidden ? " (value not shown)" : ` (${show(f.value)})`;
  return `${cutLongRuns(f.path)}: ${cutLongRuns(f.problem)}${value}; ${cutLongRuns(f.fix)}`;
}

/** Builds an error finding. */
export function error(path: string, problem: string, value: unknown, fix: string): Finding {
  return { severity: "error", path, problem, value, fix };
}

/** Builds a warning finding. */
export function warning(path: string, problem: string, value: unknown, fix: string): Finding {
  return { severity: "warning", path, problem, value, fix };
}

/** Joins a config path and a key, quoting keys that are not plain identifiers: `a.b`, `a["x/y"]`, `a[0]`. */
export function at(path: string, key: string | number): string {
  if (typeof key === "number") return `${path}[${key}]`;
  const plain = /^[A-Za-z0-9_-]+$/.test(key);
  if (!path) return plain ? key : `[${JSON.stringify(key)}]`;
  return plain ? `${path}.${key}` : `${path}[${JSON.stringify(key)}]`;
}
