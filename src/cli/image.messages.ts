/** Messages of the `image` command (src/cli/image.ts) that are not about one reference's mapping. */

const q = (s: string): string => JSON.stringify(s);

/** `--account` or AWS_ACCOUNT_ID is not 12 digits. */
export function invalidAccountOption(value: string, source: "--account" | "AWS_ACCOUNT_ID"): string {
  return `${source} ${q(value)} is invalid; an AWS account id is exactly 12 digits, like 123456789012`;
}

/** Printed once on stderr when no account is known and placeholders are printed. */
export function accountPlaceholderNote(placeholder: string): string {
  return `note: no AWS account given, printing ${placeholder} in the URIs; pass --account <12 digits> or set AWS_ACCOUNT_ID`;
}

/** Neither positional references nor `--file` were given. */
export function noReferencesGiven(): string {
  return "no image references given; pass them as arguments or with --file <path> (- for stdin); see --help";
}

/** A `--file` could not be read. */
export function cannotReadFile(path: string, detail: string): string {
  return `cannot read --file ${path}: ${detail}; give a text file with one image reference a line, or - for stdin`;
}

/** A `--file` holds bytes that are not UTF-8 text (a binary file, another encoding). */
export function notTextFile(path: string): string {
  return `--file ${path} is not UTF-8 text; give a text file with one image reference a line (saved as UTF-8), or - for stdin`;
}

/** Printed after the config's findings when it has errors. */
export function configHasErrors(file: string, errors: number): string {
  return `${file}: ${errors} error(s) above; nothing was mapped. Fix them and run again.`;
}

/** One failed input, prefixed by where it came from when that was a file line. */
export function inputFailure(source: string | undefined, message: string): string {
  return source === undefined ? `error: ${message}` : `error: ${source}: ${message}`;
}
