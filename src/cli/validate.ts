/** The `validate` command: checks a config and reports every finding without synthesizing anything. */
import { CliIo, errorCount, EXIT_FAILURE, EXIT_OK, loadForCli, parseFlags, printFindings } from "./common";

const USAGE = `Usage: npm run validate -- [--config <file>]

Checks a config against the schema and ECR's rules without writing anything; prints every problem at once.
  --config <file>  YAML or JSON config (default: $ECR_CACHE_CONFIG, else config/default.yaml)
  -h, --help       print this text

Exit codes: 0 valid (warnings allowed), 1 the config has errors, 2 invalid command line.`;

/**
 * The validate command: every finding on stderr as `error: ...` or `warning: ...`, a one-line summary on stdout.
 * Returns 1 when there is an error (synth would write nothing), 0 otherwise, 2 for a bad command line.
 */
export function runValidate(argv: readonly string[], io: CliIo): number {
  const parsed = parseFlags(argv, { config: { type: "string", path: true } }, USAGE, io);
  if ("exit" in parsed) return parsed.exit;

  const result = loadForCli(parsed.values.config, io);
  const findings = "failed" in result ? result.failed.findings : result.loaded.warnings;
  printFindings(findings, io);
  const errors = errorCount(findings);
  io.stdout(validateSummary(result.file, errors, findings.length - errors));
  return errors > 0 ? EXIT_FAILURE : EXIT_OK;
}

/** The one-line summary of `npm run validate`. */
function validateSummary(file: string, errors: number, warnings: number): string {
  const count = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;
  return errors > 0
    ? `${file}: ${count(errors, "error")}, ${count(warnings, "warning")}; synth would write nothing`
    : `${file}: valid, ${count(warnings, "warning")}`;
}
