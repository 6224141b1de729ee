import type { Finding } from "../validate/finding";

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
