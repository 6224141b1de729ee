/**
 * Messages of src/image/reference.ts: why a text is not an image reference. Each names the reference and says how to
 * write it.
 */

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

const q = (s: string): string => JSON.stringify(s);

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
