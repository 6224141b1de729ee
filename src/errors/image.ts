/**
 * Every user-facing text of the image reference tools (`src/image/*`, `src/cli/image.ts`), as named factories,
 * so tests match the same text the user sees. Errors name the offending value and say how to fix it.
 */
import { isDockerHubAlias, PREFIX_LENGTH, UPSTREAMS } from "../aws/ecr";

/** Thrown when an image reference does not follow the distribution/reference grammar. */
export class ImageReferenceError extends Error {
  /** The reference exactly as given. */
  public readonly reference: string;
  /** What is wrong with it, without the reference. */
  public readonly problem: string;

  /**
   * @param reference the reference exactly as given
   * @param problem what is wrong, as a sentence fragment
   */
  public constructor(reference: string, problem: string) {
    super(`invalid image reference ${JSON.stringify(reference)}: ${problem}`);
    this.name = "ImageReferenceError";
    this.reference = reference;
    this.problem = problem;
  }
}

/** Thrown when a valid reference or cache URI cannot be mapped with the configured pull through cache rules. */
export class ImageMappingError extends Error {
  /** The reference or URI being mapped, exactly as given; empty when the error is about the rules themselves. */
  public readonly reference: string;

  /**
   * @param reference the reference or URI being mapped
   * @param message the full message
   */
  public constructor(reference: string, message: string) {
    super(message);
    this.name = "ImageMappingError";
    this.reference = reference;
  }
}

const q = (s: string): string => JSON.stringify(s);

/** Human list of the upstream registries ECR pull through cache supports. */
export const SUPPORTED_UPSTREAMS_TEXT = UPSTREAMS.map((u) => ("name" in u ? `${u.host} (${u.name})` : u.host)).join(
  ", ",
);

// ---------------------------------------------------------------------------------------------------------------
// Parsing (src/image/reference.ts)
// ---------------------------------------------------------------------------------------------------------------

/** The reference is the empty string. */
export function emptyReference(reference: string): ImageReferenceError {
  return new ImageReferenceError(reference, "the reference is empty; give one like quay.io/cilium/cilium:v1.16.0");
}

/** The reference contains whitespace or control characters. */
export function referenceHasWhitespace(reference: string): ImageReferenceError {
  return new ImageReferenceError(reference, "it contains whitespace; remove the spaces");
}

/** More than one `@` separator. */
export function tooManyDigestSeparators(reference: string): ImageReferenceError {
  return new ImageReferenceError(reference, 'it contains more than one "@"; a reference has at most one digest');
}

/** The registry host part (before the first `/`) is not a valid `host[:port]`. */
export function invalidRegistryHost(reference: string, host: string): ImageReferenceError {
  return new ImageReferenceError(
    reference,
    `registry host ${q(host)} is invalid; a host is DNS labels of letters, digits and "-" joined by ".", ` +
      `optionally followed by ":<port>"`,
  );
}

/** The port of the registry host is outside 1-65535. */
export function invalidRegistryPort(reference: string, host: string): ImageReferenceError {
  return new ImageReferenceError(reference, `registry host ${q(host)} has a port outside 1-65535`);
}

/** A `/`-separated path component is empty (`a//b`, a trailing `/`, or a host with no repository). */
export function emptyPathComponent(reference: string): ImageReferenceError {
  return new ImageReferenceError(
    reference,
    'the repository path has an empty component (a leading, trailing or doubled "/"); write it like org/app',
  );
}

/** A path component has uppercase letters but is otherwise valid. */
export function uppercasePathComponent(reference: string, component: string): ImageReferenceError {
  return new ImageReferenceError(
    reference,
    `repository path component ${q(component)} must be lowercase; use ${q(component.toLowerCase())}`,
  );
}

/** A path component breaks `[a-z0-9]+(?:(?:[._]|__|[-]+)[a-z0-9]+)*`. */
export function invalidPathComponent(reference: string, component: string): ImageReferenceError {
  return new ImageReferenceError(
    reference,
    `repository path component ${q(component)} is invalid; components are lowercase letters and digits, ` +
      `separated by one ".", one "_", "__" or one or more "-", and must start and end with a letter or digit`,
  );
}

/** The registry host plus repository path is longer than the grammar allows. */
export function nameTooLong(reference: string, length: number, max: number): ImageReferenceError {
  return new ImageReferenceError(reference, `the repository name is ${length} characters long; at most ${max} allowed`);
}

/** The tag breaks `[\w][\w.-]{0,127}`. */
export function invalidTag(reference: string, tag: string): ImageReferenceError {
  return new ImageReferenceError(
    reference,
    `tag ${q(tag)} is invalid; a tag is 1-128 letters, digits, "_", "." or "-", not starting with "." or "-"`,
  );
}

/** The digest is not `algorithm:hex`. */
export function malformedDigest(reference: string, digest: string): ImageReferenceError {
  return new ImageReferenceError(
    reference,
    `digest ${q(digest)} is invalid; a digest is <algorithm>:<hex>, like sha256: followed by 64 lowercase hex characters`,
  );
}

/** The digest algorithm is not one registries accept. */
export function unsupportedDigestAlgorithm(
  reference: string,
  algorithm: string,
  supported: readonly string[],
): ImageReferenceError {
  return new ImageReferenceError(
    reference,
    `digest algorithm ${q(algorithm)} is not supported; use one of ${supported.join(", ")}`,
  );
}

/** The digest's hex part has the wrong length or characters for its algorithm. */
export function invalidDigestHex(
  reference: string,
  digest: string,
  algorithm: string,
  hexLength: number,
): ImageReferenceError {
  return new ImageReferenceError(
    reference,
    `digest ${q(digest)} is invalid; a ${algorithm} digest is ${algorithm}: followed by ${hexLength} lowercase hex characters`,
  );
}

// ---------------------------------------------------------------------------------------------------------------
// Rules (src/image/map.ts rulesFromRegistries)
// ---------------------------------------------------------------------------------------------------------------

/** One problem with one configured registry, as `registries.<key>: <problem>`. */
export function ruleProblem(key: string, problem: string): string {
  return `registries.${key}: ${problem}`;
}

/** An ECR repository prefix breaks the API pattern. */
export function invalidEcrPrefixProblem(prefix: string): string {
  return (
    `ECR repository prefix ${q(prefix)} is invalid; use ${PREFIX_LENGTH.min}-${PREFIX_LENGTH.max} characters of lowercase path components ` +
    `(like docker-hub or team/hub) or ROOT`
  );
}

/** An upstream repository prefix breaks the API pattern. */
export function invalidUpstreamPrefixProblem(prefix: string): string {
  return (
    `upstreamRepositoryPrefix ${q(prefix)} is invalid; use ${PREFIX_LENGTH.min}-${PREFIX_LENGTH.max} characters of lowercase path components ` +
    `(like upstream-app) or ROOT`
  );
}

/** An upstream repository prefix was set on the ROOT ECR prefix, which the API forbids. */
export function upstreamPrefixWithRootProblem(prefix: string): string {
  return (
    `upstreamRepositoryPrefix ${q(prefix)} needs a non-ROOT ECR repository prefix; ` +
    `key the registry by a prefix (like my-app) or remove upstreamRepositoryPrefix`
  );
}

/** The upstream registry URL is not one ECR supports. */
export function unsupportedUpstreamUrlProblem(url: string): string {
  const hint = isDockerHubAlias(url) ? '; for Docker Hub write "registry-1.docker.io"' : "";
  return `upstreamRegistryUrl ${q(url)} is not an upstream ECR pull through cache supports${hint}; supported: ${SUPPORTED_UPSTREAMS_TEXT}`;
}

/** Two or more configured registries are invalid; all problems at once. */
export function invalidRules(problems: readonly string[]): ImageMappingError {
  return new ImageMappingError(
    "",
    `the config's registries cannot be used as pull through cache rules:\n  ${problems.join("\n  ")}`,
  );
}

// ---------------------------------------------------------------------------------------------------------------
// Forward mapping (toCacheUri)
// ---------------------------------------------------------------------------------------------------------------

/** The target account is neither 12 digits nor the placeholder. */
export function invalidTargetAccount(account: string, placeholder: string): ImageMappingError {
  return new ImageMappingError(
    "",
    `AWS account ${q(account)} is invalid; give the 12-digit account id (like 123456789012) or ${placeholder}`,
  );
}

/** The target region does not look like an AWS region. */
export function invalidTargetRegion(region: string): ImageMappingError {
  return new ImageMappingError("", `AWS region ${q(region)} is invalid; give a region like us-east-1`);
}

/** The reference's registry is not an upstream ECR supports. */
export function unsupportedUpstream(reference: string, host: string): ImageMappingError {
  return new ImageMappingError(
    reference,
    `${host} is not an upstream ECR pull through cache supports (${reference}); supported: ${SUPPORTED_UPSTREAMS_TEXT}`,
  );
}

/** The reference names a supported registry but with an explicit port. */
export function upstreamWithPort(reference: string, host: string, hostname: string): ImageMappingError {
  return new ImageMappingError(
    reference,
    `registry ${host} has a port (${reference}); pull through cache upstreams are reached on 443, ` +
      `write the host without a port: ${hostname}`,
  );
}

/** The reference already points into the target ECR registry. */
export function alreadyInTargetRegistry(reference: string, host: string): ImageMappingError {
  return new ImageMappingError(
    reference,
    `${reference} is already in the target registry ${host}; to find its upstream use --reverse (toUpstreamReference)`,
  );
}

/** No rule exists for the reference's upstream registry. */
export function noRuleForRegistry(reference: string, upstreamUrl: string): ImageMappingError {
  return new ImageMappingError(
    reference,
    `no pull through cache rule covers ${upstreamUrl} (${reference}); ` +
      `add a registry with upstreamRegistryUrl ${q(upstreamUrl)} to the config`,
  );
}

/** Rules exist for the registry, but their upstream repository prefixes do not cover the path. */
export function noRuleForUpstreamPath(
  reference: string,
  upstreamUrl: string,
  path: string,
  prefixes: readonly string[],
): ImageMappingError {
  return new ImageMappingError(
    reference,
    `no pull through cache rule covers the upstream repository ${path} on ${upstreamUrl} (${reference}); ` +
      `the rules for ${upstreamUrl} only ` +
      `cover upstream repositories under ${prefixes.map((p) => q(`${p}/`)).join(", ")}; ` +
      `add a registry with upstreamRegistryUrl ${q(upstreamUrl)} and no (or a matching) upstreamRepositoryPrefix to the config`,
  );
}

/** Every rule that covers the reference maps it to a cache path that a more specific ECR prefix captures. */
export function cachePathShadowed(
  reference: string,
  cachePath: string,
  shadowingPrefix: string,
  shadowingUpstream: string,
): ImageMappingError {
  return new ImageMappingError(
    reference,
    `the cache repository ${cachePath} for ${reference} falls under the ECR prefix ${q(shadowingPrefix)}, ` +
      `whose rule pulls from ${shadowingUpstream}; ECR would pull the wrong image. ` +
      `Give the registries ECR prefixes that do not nest or collide`,
  );
}

/** The resulting ECR repository name is longer than ECR allows. */
export function cacheRepositoryNameTooLong(reference: string, name: string, max: number): ImageMappingError {
  return new ImageMappingError(
    reference,
    `the cache repository name for ${reference} is ${name.length} characters (${name}); ECR allows at most ${max}; ` +
      `use a shorter ECR prefix`,
  );
}

// ---------------------------------------------------------------------------------------------------------------
// Reverse mapping (toUpstreamReference)
// ---------------------------------------------------------------------------------------------------------------

/** The URI's host is not `<account>.dkr.ecr.<region>.amazonaws.com`. */
export function notEcrPrivateUri(uri: string, host: string): ImageMappingError {
  return new ImageMappingError(
    uri,
    `${uri} is not an ECR private registry URI (host ${host}); expected ` +
      `<account>.dkr.ecr.<region>.amazonaws.com/<ecr prefix>/<repository>[:tag][@digest]`,
  );
}

/** The URI is in a different account or region than the rules belong to. */
export function uriTargetMismatch(
  uri: string,
  field: "account" | "region",
  actual: string,
  expected: string,
): ImageMappingError {
  return new ImageMappingError(
    uri,
    `${uri} is in ${field} ${actual}, but the pull through cache rules are for ${field} ${expected}; ` +
      `pass a URI of ${expected}` +
      (field === "region" ? " or the config of that region" : ` or --account ${actual}`),
  );
}

/** No rule's ECR prefix matches the cache path, and there is no ROOT rule. */
export function noRuleForCachePath(uri: string, path: string, prefixes: readonly string[]): ImageMappingError {
  const known = prefixes.length === 0 ? "none" : prefixes.join(", ");
  return new ImageMappingError(
    uri,
    `no pull through cache rule has an ECR prefix that covers ${path} (${uri}); configured ECR prefixes: ${known}; ` +
      `add a registry keyed by the first component of the path, or ROOT`,
  );
}

// ---------------------------------------------------------------------------------------------------------------
// CLI (src/cli/image.ts)
// ---------------------------------------------------------------------------------------------------------------

/** An option the CLI does not know. */
export function unknownOption(flag: string, valid: readonly string[]): string {
  return `unknown option ${flag}; valid options: ${valid.join(", ")}`;
}

/** Any other argv problem reported by util.parseArgs (missing value, value for a boolean flag). */
export function invalidArguments(detail: string): string {
  return `invalid arguments: ${detail}; see --help`;
}

/** `--account`, AWS_ACCOUNT_ID or the config's `accountId` is not 12 digits. */
export function invalidAccountOption(value: string, source: "--account" | "AWS_ACCOUNT_ID" | "accountId"): string {
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
  return `cannot read --file ${path}: ${detail}`;
}

/** The config could not be loaded. */
export function cannotLoadConfig(configPath: string | undefined, detail: string): string {
  return `cannot load the config${configPath === undefined ? "" : ` ${configPath}`}: ${detail}`;
}

/** One failed input, prefixed by where it came from when that was a file line. */
export function inputFailure(source: string | undefined, message: string): string {
  return source === undefined ? `error: ${message}` : `error: ${source}: ${message}`;
}

/** The `--help` text. */
export function imageCliHelp(placeholder: string): string {
  return [
    "Usage: image [options] <reference>...",
    "",
    "Maps container image references to their ECR pull through cache URIs",
    "(<account>.dkr.ecr.<region>.amazonaws.com/<ecr prefix>/<upstream path>[:tag][@digest]),",
    "using the registries and region of the config. Docker Hub official images get library/.",
    "",
    "Options:",
    "  --config <file>    config to read registries and region from (default: the project's config)",
    "  --account <id>     12-digit AWS account id (default: the config's accountId, else $AWS_ACCOUNT_ID,",
    "                     else " + placeholder + " and a note on stderr)",
    "  --file <path>      read references one per line; - reads stdin; may repeat. Blank lines and",
    '                     # comments are ignored; a leading "- " and surrounding quotes are stripped',
    "  --reverse          map cache URIs back to upstream references (Docker Hub as docker.io/...);",
    "                     URIs must be in --account, else the config's accountId, when either is set",
    "  -h, --help         print this help",
    "",
    "Output: exactly one line per input, in input order (arguments first, then --file lines),",
    "holding only the mapped value, so the output pairs with the input via paste or xargs.",
    "All or nothing: if any input fails, every failure is printed on stderr and stdout stays empty.",
    "",
    "Exit codes: 0 all mapped; 1 an input could not be mapped, or the config or a file could not be read;",
    "2 invalid command line (unknown option, missing value, bad --account, no references).",
    "",
    "Examples:",
    "  image --account 123456789012 nginx:1.27 quay.io/cilium/cilium:v1.16.0",
    "  image --file images.txt            # one URI per reference line",
    "  printf '%s\\n' nginx redis | image --file - | paste <(printf '%s\\n' nginx redis) -",
    "  image --reverse 123456789012.dkr.ecr.us-east-1.amazonaws.com/docker-hub/library/nginx:1.27",
  ].join("\n");
}
