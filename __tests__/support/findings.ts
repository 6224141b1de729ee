/** A config's findings as the CLI prints them, for tests that match findings by their text. */
import { parseConfig } from "../../src/config/load";
import { ConfigError } from "../../src/config/config-error";
import { Finding, formatFinding } from "../../src/validate/finding";

/**
 * Every finding of a config input, `<severity>: <line>`, through the real loader: its warnings when it loads, else
 * the findings its ConfigError carries (all of them, warnings included).
 */
export function renderedFindings(input: unknown): string[] {
  let findings: readonly Finding[];
  try {
    findings = parseConfig(input).warnings;
  } catch (e) {
    if (!(e instanceof ConfigError)) throw e;
    findings = e.findings;
  }
  return findings.map((f) => `${f.severity}: ${formatFinding(f)}`);
}

/** The rendered findings of a load that must fail with a ConfigError; anything else fails the test. */
export function errorsOf(load: () => unknown): string[] {
  try {
    load();
  } catch (e) {
    if (e instanceof ConfigError) return e.findings.map(formatFinding);
    throw e;
  }
  throw new Error("expected a ConfigError");
}
