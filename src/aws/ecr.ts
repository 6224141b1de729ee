/**
 * ECR facts: repository prefixes, the upstream registries pull through cache supports and how each authenticates,
 * the registry host, repository ARNs, and the limits of creation templates and lifecycle policies.
 * Constants, one table and small pure functions; the checks and their messages live in src/validate/.
 */
import { ACCOUNT_ID_SOURCE } from "./account";
import type { LengthLimit, LengthUnit } from "./length";
import { literalSource } from "./pattern";

// ---- repository prefixes ----

/** The ECR prefix (and upstream prefix) meaning "no prefix". */
export const ROOT = "ROOT";

/** Length limits of ecrRepositoryPrefix and upstreamRepositoryPrefix (CreatePullThroughCacheRule). */
export const PREFIX_LENGTH = { min: 2, max: 30 } as const;

/** ecrRepositoryPrefix / upstreamRepositoryPrefix pattern of the ECR API: lowercase path components, or ROOT. */
const PREFIX_PATTERN = new RegExp(
  `^(?:[a-z0-9]+(?:(?:\\.|_|__|-+)[a-z0-9]+)*(?:\\/[a-z0-9]+(?:(?:\\.|_|__|-+)[a-z0-9]+)*)*\\/?|${ROOT})$`,
);

/**
 * The AWS provider's (5.100.0) stricter check of ecr_repository_prefix and upstream_repository_prefix: words joined by
 * one ".", "_" or "-" only. The API also takes "__" and repeated "-", which then fail at plan.
 */
const PROVIDER_PREFIX_PATTERN = new RegExp(
  `^(?:(?:[a-z0-9]+(?:[._-][a-z0-9]+)*\\/)*[a-z0-9]+(?:[._-][a-z0-9]+)*\\/?|${ROOT})$`,
);

/** True when `prefix` matches the API's prefix pattern, the provider's stricter one and 2-30 length (ROOT included). */
export function isValidPrefix(prefix: string): boolean {
  return (
    prefix.length >= PREFIX_LENGTH.min &&
    prefix.length <= PREFIX_LENGTH.max &&
    PREFIX_PATTERN.test(prefix) &&
    PROVIDER_PREFIX_PATTERN.test(prefix)
  );
}

/** A prefix as ECR stores it: the trailing `/` is implied, so `quay/` and `quay` are the same prefix. */
export function normalizePrefix(prefix: string): string {
  return prefix.endsWith("/") ? prefix.slice(0, -1) : prefix;
}

/**
 * The repository-name wildcards that cover the cache repositories of these prefixes: `<prefix>/*` each, or `*` alone
 * when one is ROOT (ROOT covers every repository). IAM resources and scanning filters use them alike.
 */
export function cacheRepositoryPatterns(prefixes: readonly string[]): string[] {
  return prefixes.includes(ROOT) ? ["*"] : prefixes.map((p) => `${normalizePrefix(p)}/*`);
}

/**
 * The prefix ECR applies to a repository, as it picks both pull through cache rules and creation templates: the
 * longest prefix the repository name is strictly under (`quay` covers `quay/cilium/cilium`, not `quay2/x`), else
 * ROOT when listed; undefined when none applies. Prefixes are compared without their implied trailing `/`, and the
 * prefix is returned as listed.
 */
export function mostSpecificPrefix(prefixes: readonly string[], repositoryName: string): string | undefined {
  let best: string | undefined;
  for (const prefix of prefixes) {
    const p = normalizePrefix(prefix);
    if (p === ROOT || !repositoryName.startsWith(`${p}/`) || repositoryName.length <= p.length + 1) continue;
    if (best === undefined || p.length > normalizePrefix(best).length) best = prefix;
  }
  return best ?? prefixes.find((p) => p === ROOT);
}

// ---- pull through cache rules ----

/** Pull through cache rules per registry per Region (a fixed quota). */
export const MAX_RULES_PER_REGION = 50;

/** Regions where ECR pull through cache does not exist (China and GovCloud). */
export const REGIONS_WITHOUT_PULL_THROUGH_CACHE: readonly string[] = [
  "cn-north-1",
  "cn-northwest-1",
  "us-gov-east-1",
  "us-gov-west-1",
];

/** An account's private ECR registry in one Region. */
export interface RegistryTarget {
  /** The 12-digit account id (or a Terraform reference, or a placeholder). */
  readonly account: string;
  readonly region: string;
}

/** The registry host of an account's private ECR registry in a Region: `<account>.dkr.ecr.<region>.amazonaws.com`. */
export function ecrRegistryHost(target: RegistryTarget): string {
  return `${target.account}.dkr.ecr.${target.region}.amazonaws.com`;
}

/**
 * The URL to pull a prefix's cached images from (`<url>/<upstream repository>:<tag>`): the registry host, then the
 * prefix without its implied trailing `/`; the registry host alone for ROOT.
 */
export function cacheUrl(target: RegistryTarget, prefix: string): string {
  const host = ecrRegistryHost(target);
  return prefix === ROOT ? host : `${host}/${normalizePrefix(prefix)}`;
}

/** The registry host as messages write it: `<account>.dkr.ecr.<region>.amazonaws.com`. */
const ECR_HOST_PLACEHOLDER = ecrRegistryHost({ account: "<account>", region: "<region>" });

/** An ECR private registry host; groups: account, region. */
export const ECR_PRIVATE_HOST_PATTERN = new RegExp(
  `^${literalSource(ECR_HOST_PLACEHOLDER)
    .replace("<account>", `(${ACCOUNT_ID_SOURCE})`)
    .replace("<region>", "([a-z0-9-]+)")}$`,
);

/** How ECR logs in to an upstream: a Secrets Manager secret, an IAM role (ECR private), or not at all. */
export type UpstreamAuth = "secret" | "role" | "none";

/** Docker Hub's registry host, the only Docker Hub URL a rule accepts. */
export const DOCKER_HUB_REGISTRY = "registry-1.docker.io";

/**
 * The upstream registries ECR pull through cache supports (the API's UpstreamRegistry enum), in the order messages
 * list them: the kind, the host a rule's upstreamRegistryUrl is (with placeholders where an upstream has many hosts,
 * which `pattern` then matches), how ECR logs in, and a name for hosts that do not say what they are.
 */
export const UPSTREAMS = [
  { kind: "ecr-public", host: "public.ecr.aws", auth: "none" },
  { kind: "kubernetes", host: "registry.k8s.io", auth: "none" },
  { kind: "quay", host: "quay.io", auth: "none" },
  { kind: "docker-hub", host: DOCKER_HUB_REGISTRY, auth: "secret", name: "Docker Hub" },
  { kind: "github", host: "ghcr.io", auth: "secret" },
  // Azure Container Registry: `<name>.azurecr.io`, name 5-50 lowercase letters and digits.
  { kind: "azure", host: "<name>.azurecr.io", pattern: /^[a-z0-9]{5,50}\.azurecr\.io$/, auth: "secret" },
  { kind: "gitlab", host: "registry.gitlab.com", auth: "secret" },
  { kind: "chainguard", host: "cgr.dev", auth: "secret" },
  { kind: "ecr-private", host: ECR_HOST_PLACEHOLDER, pattern: ECR_PRIVATE_HOST_PATTERN, auth: "role" },
] as const satisfies readonly {
  kind: string;
  host: string;
  auth: UpstreamAuth;
  pattern?: RegExp;
  name?: string;
}[];

/** One supported upstream registry. */
export type Upstream = (typeof UPSTREAMS)[number];

/** The kinds of upstream ECR pull through cache supports. */
export type UpstreamKind = Upstream["kind"];

/** The upstream a host is (exact, lowercase), or undefined when ECR does not support it. */
export function upstreamOf(host: string): Upstream | undefined {
  return UPSTREAMS.find((u) => ("pattern" in u ? u.pattern.test(host) : u.host === host));
}

/** Which supported upstream a URL is (exact, lowercase), or undefined when ECR does not support it. */
export function upstreamKind(host: string): UpstreamKind | undefined {
  return upstreamOf(host)?.kind;
}

/** True when `url` is one of the upstream registry URLs ECR pull through cache supports. */
export function isSupportedUpstream(url: string): boolean {
  return upstreamOf(url) !== undefined;
}

/** Other names of Docker Hub that users write but a rule does not accept. */
const DOCKER_HUB_ALIASES: readonly string[] = [
  "docker.io",
  "index.docker.io",
  "hub.docker.com",
  "registry.hub.docker.com",
];

/** True for a Docker Hub name other than the registry host a rule needs. */
export function isDockerHubAlias(url: string): boolean {
  return DOCKER_HUB_ALIASES.includes(url.toLowerCase());
}

/**
 * The host of a URL written with a scheme, a user name and password, or a path (`https://bob:pw@quay.io/org` ->
 * `quay.io`); undefined if none of them.
 */
export function hostOfUrl(url: string): string | undefined {
  const authority = url.replace(/^[a-z][a-z0-9+.-]*:\/\//i, "").split("/")[0];
  const host = authority.slice(authority.lastIndexOf("@") + 1);
  return host !== url && host !== "" ? host : undefined;
}

/**
 * ARN of ECR repositories in the `aws` partition (the only one with pull through cache). `repositories` is a
 * repository name or a pattern such as `quay/*`; `account` may be a Terraform reference.
 */
export function ecrRepositoryArn(region: string, account: string, repositories: string): string {
  return ["arn", "aws", "ecr", region, account, `repository/${repositories}`].join(":");
}

/** The S3 objects image layers are downloaded from in a Region; an S3 endpoint policy must allow s3:GetObject on them. */
export function layerBucketObjectsArn(region: string): string {
  return `arn:aws:s3:::prod-${region}-starport-layer-bucket/*`;
}

// ---- creation templates and lifecycle policies ----

/**
 * ECR's documented limits for a lifecycle policy, checked at run time. The policy text's length is counted in
 * characters (the API's lifecyclePolicyText constraint; the provider only checks it is JSON).
 */
export const LIFECYCLE_LIMITS = {
  maxRules: 50,
  maxChars: 30_720,
  minChars: 100,
  textUnit: "characters" as LengthUnit,
  maxWildcardsPerPattern: 4,
  /** rulePriority and countNumber are 32-bit integers in ECR. */
  maxInteger: 2_147_483_647,
} as const;

/** Limits of a repository creation template. */
export const TEMPLATE_LIMITS = {
  /** API: repositoryPolicy up to 10,240 characters (the provider checks only that it is JSON). */
  repositoryPolicy: { max: 10_240, unit: "characters" },
  /** Provider 5.100.0: StringLenBetween(0, 255), in bytes (the API allows 256 characters). */
  description: { max: 255, unit: "bytes" },
} as const satisfies Record<string, LengthLimit>;

/** Encryption types that use a KMS key. */
export const KMS_ENCRYPTION_TYPES: readonly string[] = ["KMS", "KMS_DSSE"];

/** Tag mutabilities that need exclusion filters (not settable with hashicorp/aws 5.100.0). */
export const MUTABILITIES_WITH_EXCLUSION: readonly string[] = ["IMMUTABLE_WITH_EXCLUSION", "MUTABLE_WITH_EXCLUSION"];

/** The service principal that assumes a creation template's role ([RCT-ROLE]). */
export const ECR_SERVICE_PRINCIPAL = "ecr.amazonaws.com";
/** The service principal that assumes the role of an ECR-to-ECR pull through cache rule ([PRIV]). */
export const PULL_THROUGH_CACHE_SERVICE_PRINCIPAL = "pullthroughcache.ecr.amazonaws.com";

/**
 * What a principal needs on a cache repository to pull through the cache: read the image, and on a cache miss import
 * it and create its repository ([IAM]; `ecr:GetAuthorizationToken` on `*` besides).
 */
export const CACHE_PULL_ACTIONS = [
  "ecr:BatchCheckLayerAvailability",
  "ecr:BatchGetImage",
  "ecr:BatchImportUpstreamImage",
  "ecr:CreateRepository",
  "ecr:GetDownloadUrlForLayer",
] as const;

/** The ECR login: an action without resource-level permissions, so it is allowed on resource `*` only ([IAM]). */
export const ECR_LOGIN_ACTION = "ecr:GetAuthorizationToken";

/**
 * What every image pull asks of a repository through the `ecr.dkr` endpoint: the manifest, then where each layer is
 * ([IAM]; the layers themselves come from S3). The login goes through `ecr.api`.
 */
export const IMAGE_READ_ACTIONS = ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"] as const;

/** What an ECR-to-ECR rule's role does in the upstream registry: read, and have it import on a miss ([PRIV]). */
export const UPSTREAM_ECR_ACTIONS = [
  "ecr:BatchGetImage",
  "ecr:BatchImportUpstreamImage",
  "ecr:GetDownloadUrlForLayer",
  "ecr:GetImageCopyStatus",
] as const;

/** What an ECR-to-ECR rule's role does in its own registry: write the pulled image into the cache ([PRIV]). */
export const DOWNSTREAM_ECR_ACTIONS = [
  "ecr:BatchImportUpstreamImage",
  "ecr:CompleteLayerUpload",
  "ecr:InitiateLayerUpload",
  "ecr:PutImage",
  "ecr:UploadLayerPart",
] as const;

/** What a creation template's role does to create a repository and tag it ([RCT-ROLE]; replication not used). */
export const TEMPLATE_ROLE_ECR_ACTIONS = ["ecr:CreateRepository", "ecr:TagResource"] as const;
/** What a creation template's role does with the template's KMS key ([RCT-ROLE]). */
export const TEMPLATE_ROLE_KMS_ACTIONS = ["kms:CreateGrant", "kms:DescribeKey", "kms:RetireGrant"] as const;

// ---- Registry-wide settings: one registry policy and one scanning configuration per registry and Region ----

/** Scan types and the frequencies each allows (RegistryScanningRule: BASIC scans on push only). */
export const SCAN_FREQUENCIES = {
  BASIC: ["SCAN_ON_PUSH"],
  ENHANCED: ["SCAN_ON_PUSH", "CONTINUOUS_SCAN"],
} as const;

/** A scan type. */
export type ScanType = keyof typeof SCAN_FREQUENCIES;

/** The scan types, for the schema. */
export const SCAN_TYPES = Object.keys(SCAN_FREQUENCIES) as [ScanType, ...ScanType[]];

/** Every scan frequency some type allows, for the schema: ENHANCED allows them all. */
export const SCAN_FREQUENCY_NAMES = SCAN_FREQUENCIES.ENHANCED;
