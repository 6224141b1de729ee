/** The `validate` command: checks a config and reports every finding without synthesizing anything. */
import { parseArgs } from "node:util";
import { loadConfig, resolveConfigFile } from "../config/load";
import { cliMessages } from "../errors/cli";
import { ConfigError } from "../errors/config";
import { validateSummary } from "../errors/rules";
import { Finding, formatFinding } from "../validate/finding";
import type { CliIo } from "./synth";

const USAGE = `Usage: npm run validate -- [--config <file>]

Checks a config against the schema and ECR's rules without writing anything; prints every problem at once.
  --config <file>  YAML or JSON config (default: $ECR_CACHE_CONFIG, else config/default.yaml)
  --help           print this text

Exit codes: 0 valid (warnings allowed), 1 the config has errors, 2 invalid command line.`;

/**
 * The validate command: every finding on stderr as `error: ...` or `warning: ...`, a one-line summary on stdout.
 * Returns 1 when there is an error (synth would write nothing), 0 otherwise, 2 for a bad command line.
 */
export function runValidate(argv: readonly string[], io: CliIo): number {
  let values: { config?: string; help?: boolean };
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: { config: { type: "string" }, help: { type: "boolean" } },
      strict: true,
      allowPositionals: false,
    }));
  } catch (e) {
    io.stderr(cliMessages.badArguments((e as Error).message, USAGE));
    return 2;
  }
  if (values.help) {
    io.stdout(USAGE);
    return 0;
  }

  const file = resolveConfigFile(values.config, io.env);
  let findings: readonly Finding[];
  try {
    findings = loadConfig(file).warnings;
  } catch (e) {
    if (!(e instanceof ConfigError)) throw e;
    findings = e.findings;
  }
  for (const f of findings) io.stderr(`${f.severity}: ${formatFinding(f)}`);
  const errors = findings.filter((f) => f.severity === "error").length;
  io.stdout(validateSummary(file, errors, findings.length - errors));
  return errors > 0 ? 1 : 0;
}
