/**
 * What a credential looks like, wherever it is pasted: the token formats of the registries ECR caches from, AWS
 * access keys, passwords inside URLs, and long random-looking blobs. Messages mask every match (src/validate/finding.ts
 * renders every value through {@link maskSecrets}), so a token pasted into the wrong field is never printed.
 */

/** The mask that replaces a credential in output. */
const SECRET_MASK = "***";

/**
 * Credential shapes with a fixed format, each matching the secret part only, with what it is. Order matters: the
 * specific formats first, the generic blobs (below) last, so a GitHub token is masked whole rather than in pieces.
 * A match is a credential, not a name that happens to look random: validate refuses these anywhere in a config.
 */
const TOKEN_FORMATS: readonly { readonly kind: string; readonly pattern: RegExp }[] = [
  // GitHub: classic tokens (ghp_, gho_, ghu_, ghs_, ghr_) and fine-grained ones (github_pat_).
  { kind: "a GitHub token", pattern: /\bgh[pousr]_[A-Za-z0-9]{20,}/g },
  { kind: "a GitHub token", pattern: /\bgithub_pat_[A-Za-z0-9_]{20,}/g },
  // Docker Hub personal access tokens and organisation access tokens.
  { kind: "a Docker Hub access token", pattern: /\bdckr_(?:pat|oat)_[A-Za-z0-9_-]{16,}/g },
  // GitLab personal, project and deploy tokens.
  { kind: "a GitLab token", pattern: /\bgl(?:pat|dt|ptt|rt)-[A-Za-z0-9_-]{16,}/g },
  // AWS access key IDs (the secret key is a 40-character blob, caught below).
  { kind: "an AWS access key ID", pattern: /\b(?:AKIA|ASIA)[A-Z0-9]{16}\b/g },
];

/** What credential of a fixed format (a GitHub token, an AWS access key ID, ...) `text` holds, if any. */
export function tokenKind(text: string): string | undefined {
  return TOKEN_FORMATS.find(({ pattern }) => text.search(pattern) !== -1)?.kind;
}

/** Long hex with letters and digits (a key, a token), except an image digest's (`sha256:<hex>`). */
const HEX = /(?<![A-Za-z0-9+/_-])(?<!sha(?:256|384|512):)[0-9a-fA-F]{40,}(?![A-Za-z0-9+/_-])/g;

/** A password in a URL or a `user:password@host` string: the part between `:` and `@` of the user info. */
const URL_PASSWORD = /((?:^|[\s/"'(])[^\s:/@"'()]+):([^\s/@"'()]+)@/g;

/**
 * A base64 or base64url blob of 32+ characters mixing letters and digits, as registry passwords, Quay robot tokens
 * and AWS secret keys are. A long camel-case name with digits may be masked too: masking a name in a message costs
 * less than printing a token.
 */
const BLOB = /(?<![A-Za-z0-9+/_-])(?<!sha(?:256|384|512):)[A-Za-z0-9+/_-]{32,}={0,2}/g;

function looksRandom(run: string): boolean {
  if (!/[0-9]/.test(run)) return false;
  // Two or more lowercase words between "/", "-" or "_": a file path or a name (/tmp/ecr-pull-cache-x1/...), not a key.
  if (run.split(/[/_-]/).filter((w) => /^[a-z][a-z0-9.]{2,}$/.test(w)).length >= 2) return false;
  const upper = /[A-Z]/.test(run);
  const lower = /[a-z]/.test(run);
  // Mixed case with digits; or one case with digits and no separator (a Quay robot token, a lowercase key).
  return (upper && lower) || ((upper || lower) && /^[A-Za-z0-9]+$/.test(run));
}

/** `text` with every credential-shaped part replaced by {@link SECRET_MASK}. */
export function maskSecrets(text: string): string {
  let out = text.replace(URL_PASSWORD, `$1:${SECRET_MASK}@`);
  for (const { pattern } of TOKEN_FORMATS) out = out.replace(pattern, SECRET_MASK);
  out = out.replace(HEX, (run) => (/[0-9]/.test(run) && /[a-f]/i.test(run) ? SECRET_MASK : run));
  return out.replace(BLOB, (run) => (looksRandom(run) ? SECRET_MASK : run));
}
