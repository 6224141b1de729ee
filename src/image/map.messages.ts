/** Messages of src/image/map.ts: why a reference or a cache URI cannot be mapped with the config's rules. */
import { UPSTREAMS } from "../aws/ecr";

/** Thrown when a valid reference or cache URI cannot be mapped with the configured pull through cache rules. */
export class ImageMappingError extends Error {
  /** The reference or URI being mapped, exactly as given; empty when the error is about the target account or region. */
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
