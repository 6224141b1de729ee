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

/** Renders a finding on one line: `<path>: <problem> (<value>); <fix>`. */
export function formatFinding(f: Finding): string {
  const value = f.value === undefined ? "" : ` (${JSON.stringify(f.value)})`;
  return `${f.path}: ${f.problem}${value}; ${f.fix}`;
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
