/**
 * ECR facts shared by the config validators (src/validate/) and the image mapper (src/image/map.ts): prefix rules,
 * the supported upstream registries and how each authenticates, ARN and ID shapes, and size limits; also the tag,
 * security group and S3 bucket rules the other resources of the stacks follow.
 * Constants and small pure predicates only; messages live in src/errors/.
 */

/** The ECR prefix (and upstream prefix) meaning "no prefix". */
export const ROOT = "ROOT";

/** Length limits of ecrRepositoryPrefix and upstreamRepositoryPrefix (CreatePullThroughCacheRule). */
export const PREFIX_LENGTH = { min: 2, max: 30 } as const;

/** ecrRepositoryPrefix / upstreamRepositoryPrefix pattern of the ECR API: lowercase path components, or ROOT. */
export const PREFIX_PATTERN =
  /^(?:[a-z0-9]+(?:(?:\.|_|__|-+)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:\.|_|__|-+)[a-z0-9]+)*)*\/?|ROOT)$/;

/** True when `prefix` matches the API's prefix pattern and 2-30 length (ROOT included). */
export function isValidPrefix(prefix: string): boolean {
  return prefix.length >= PREFIX_LENGTH.min && prefix.length <= PREFIX_LENGTH.max && PREFIX_PATTERN.test(prefix);
}

/** A prefix as ECR stores it: the trailing `/` is implied, so `quay/` and `quay` are the same prefix. */
export function normalizePrefix(prefix: string): string {
  return prefix.endsWith("/") ? prefix.slice(0, -1) : prefix;
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

/** Pull through cache rules per registry per Region (a fixed quota). */
export const MAX_RULES_PER_REGION = 50;

/** An AWS Region name: `us-east-1`, `ap-northeast-2`, `us-gov-west-1`. */
export const REGION_PATTERN = /^[a-z]{2}(?:-[a-z]+)+-\d+$/;

/** Regions where ECR pull through cache does not exist (China and GovCloud). */
export const REGIONS_WITHOUT_PULL_THROUGH_CACHE: readonly string[] = [
  "cn-north-1",
  "cn-northwest-1",
  "us-gov-east-1",
  "us-gov-west-1",
];

/** The upstream registries ECR pull through cache supports (the API's UpstreamRegistry enum). */
export type UpstreamKind =
  | "ecr-public"
  | "kubernetes"
  | "quay"
  | "docker-hub"
  | "github"
  | "azure"
  | "gitlab"
  | "chainguard"
  | "ecr-private";

/** How ECR logs in to an upstream: a Secrets Manager secret, an IAM role (ECR private), or not at all. */
export type UpstreamAuth = "secret" | "role" | "none";

/** Docker Hub's registry host, the only Docker Hub URL a rule accepts. */
export const DOCKER_HUB_REGISTRY = "registry-1.docker.io";

/** Other names of Docker Hub that users write but a rule does not accept. */
export const DOCKER_HUB_ALIASES: readonly string[] = [
  "docker.io",
  "index.docker.io",
  "hub.docker.com",
  "registry.hub.docker.com",
];

/** Upstreams with one fixed host. */
export const FIXED_UPSTREAM_HOSTS: Readonly<Record<string, UpstreamKind>> = {
  "public.ecr.aws": "ecr-public",
  "registry.k8s.io": "kubernetes",
  "quay.io": "quay",
  [DOCKER_HUB_REGISTRY]: "docker-hub",
  "ghcr.io": "github",
  "registry.gitlab.com": "gitlab",
  "cgr.dev": "chainguard",
};

/** Azure Container Registry: `<name>.azurecr.io`, name 5-50 lowercase letters and digits. */
export const AZURE_HOST_PATTERN = /^[a-z0-9]{5,50}\.azurecr\.io$/;

/** An ECR private registry host; groups: account, region. */
export const ECR_PRIVATE_HOST_PATTERN = /^(\d{12})\.dkr\.ecr\.([a-z0-9-]+)\.amazonaws\.com$/;

/** How each upstream authenticates. */
export const UPSTREAM_AUTH: Readonly<Record<UpstreamKind, UpstreamAuth>> = {
  "ecr-public": "none",
  kubernetes: "none",
  quay: "none",
  "docker-hub": "secret",
  github: "secret",
  azure: "secret",
  gitlab: "secret",
  chainguard: "secret",
  "ecr-private": "role",
};

/** Which supported upstream a URL is (exact, lowercase), or undefined when ECR does not support it. */
export function upstreamKind(host: string): UpstreamKind | undefined {
  if (Object.prototype.hasOwnProperty.call(FIXED_UPSTREAM_HOSTS, host)) return FIXED_UPSTREAM_HOSTS[host];
  if (AZURE_HOST_PATTERN.test(host)) return "azure";
  if (ECR_PRIVATE_HOST_PATTERN.test(host)) return "ecr-private";
  return undefined;
}

/** True when `url` is one of the upstream registry URLs ECR pull through cache supports. */
export function isSupportedUpstream(url: string): boolean {
  return upstreamKind(url) !== undefined;
}

/** True for a Docker Hub name other than the registry host a rule needs. */
export function isDockerHubAlias(url: string): boolean {
  return DOCKER_HUB_ALIASES.includes(url.toLowerCase());
}

/** The host of a URL written with a scheme and/or a path (`https://quay.io/org` -> `quay.io`); undefined if neither. */
export function hostOfUrl(url: string): string | undefined {
  const host = url.replace(/^[a-z][a-z0-9+.-]*:\/\//i, "").split("/")[0];
  return host !== url && host !== "" ? host : undefined;
}

/** Secrets ECR reads upstream credentials from must have names starting with this. */
export const SECRET_NAME_PREFIX = "ecr-pullthroughcache/";

/** credentialArn pattern of the ECR API. */
export const SECRET_ARN_PATTERN =
  /^arn:aws(-\w+)*:secretsmanager:[a-zA-Z0-9-:]+:secret:ecr\-pullthroughcache\/[a-zA-Z0-9\/_+=.@-]+$/;

/** An IAM role ARN: `arn:aws:iam::<12 digits>:role/<path/name>`. */
export const IAM_ROLE_ARN_PATTERN = /^arn:aws(-[a-z]+)*:iam::\d{12}:role\/[\w+=,.@\/-]{1,512}$/;

/** A KMS key ARN; groups: partition suffix, region. */
export const KMS_KEY_ARN_PATTERN = /^arn:aws(-[a-z]+)*:kms:([a-z0-9-]+):\d{12}:key\/[A-Za-z0-9-]+$/;

/** The Region field of an ARN (`arn:partition:service:region:account:resource`), or undefined when it has none. */
export function arnRegion(arn: string): string | undefined {
  const region = arn.split(":")[3];
  return region === undefined || region === "" ? undefined : region;
}

/** IAM role names: 1-64 characters of letters, digits and `+=,.@_-`. */
export const IAM_ROLE_NAME_PATTERN = /^[\w+=,.@-]{1,64}$/;
/** IAM policy names: 1-128 characters of letters, digits and `+=,.@_-`. */
export const IAM_POLICY_NAME_PATTERN = /^[\w+=,.@-]{1,128}$/;

/** ECR's documented limits for a lifecycle policy, checked at run time. */
export const LIFECYCLE_LIMITS = {
  maxRules: 50,
  maxChars: 30_720,
  minChars: 100,
  maxWildcardsPerPattern: 4,
  /** rulePriority and countNumber are 32-bit integers in ECR. */
  maxInteger: 2_147_483_647,
} as const;

/** Limits of a repository creation template. The API allows 256 description characters, provider 5.100.0 255. */
export const TEMPLATE_LIMITS = {
  repositoryPolicyChars: 10_240,
  descriptionChars: 255,
} as const;

/** Limits of AWS tags (provider default tags, creation template resourceTags, endpoint tags), in characters. */
export const TAG_LIMITS = {
  keyChars: 128,
  valueChars: 256,
} as const;

/** Tag keys starting with this, in any case, are reserved for AWS's own tags. */
export const RESERVED_TAG_PREFIX = "aws:";

/** Encryption types that use a KMS key. */
export const KMS_ENCRYPTION_TYPES: readonly string[] = ["KMS", "KMS_DSSE"];

/** Tag mutabilities that need exclusion filters (not settable with hashicorp/aws 5.100.0). */
export const MUTABILITIES_WITH_EXCLUSION: readonly string[] = ["IMMUTABLE_WITH_EXCLUSION", "MUTABLE_WITH_EXCLUSION"];

/** What a creation template's custom role needs: who may assume it and which actions it must allow. */
export const TEMPLATE_ROLE = {
  trustedService: "ecr.amazonaws.com",
  actions: [
    "ecr:CreateRepository",
    "ecr:ReplicateImage",
    "ecr:TagResource",
    "kms:CreateGrant",
    "kms:RetireGrant",
    "kms:DescribeKey",
  ],
} as const;

// ---- VPC endpoints ----

/** Services that have a Gateway endpoint. */
export const GATEWAY_SERVICES: readonly string[] = ["s3", "dynamodb"];

/** A service short name: `ecr.dkr`, `s3`, `eks-auth`. */
export const SERVICE_SHORT_NAME_PATTERN = /^[a-z0-9-]+(?:\.[a-z0-9-]+)*$/;

/** A full AWS service name; groups: region, short name. */
export const SERVICE_FULL_NAME_PATTERN = /^com\.amazonaws\.([a-z]{2}(?:-[a-z]+)+-\d+)\.([a-z0-9-]+(?:\.[a-z0-9-]+)*)$/;

/** True when a service is written as a full name (`com.amazonaws.<region>.<svc>`) rather than a short one. */
export function isFullServiceName(service: string): boolean {
  return service.startsWith("com.") || service.includes(".amazonaws.");
}

/** The endpoint service name the stack writes: `ecr.dkr` -> `com.amazonaws.<region>.ecr.dkr`; a full name is kept. */
export function fullServiceName(service: string, region: string): string {
  return isFullServiceName(service) ? service : `com.amazonaws.${region}.${service}`;
}

/**
 * ARN of ECR repositories in the `aws` partition (the only one with pull through cache). `repositories` is a
 * repository name or a pattern such as `quay/*`; `account` may be a Terraform reference.
 */
export function ecrRepositoryArn(region: string, account: string, repositories: string): string {
  return ["arn", "aws", "ecr", region, account, `repository/${repositories}`].join(":");
}

/** The ECR and S3 service short names the endpoint checks care about. */
export const SERVICES = { ecrApi: "ecr.api", ecrDkr: "ecr.dkr", s3: "s3" } as const;

/** Resource ID shapes: a type prefix, `-`, then lowercase letters and digits (AWS issues 8 or 17 hex characters). */
export const RESOURCE_ID_PATTERNS = {
  vpc: /^vpc-[0-9a-z]+$/,
  subnet: /^subnet-[0-9a-z]+$/,
  routeTable: /^rtb-[0-9a-z]+$/,
  securityGroup: /^sg-[0-9a-z]+$/,
} as const;

/** Limits of a security group created in a VPC (CreateSecurityGroup), in characters. */
export const SECURITY_GROUP_LIMITS = { nameChars: 255, descriptionChars: 255 } as const;

/** EC2 refuses security group names starting with this, the prefix of group IDs. */
export const SECURITY_GROUP_ID_PREFIX = "sg-";

/** The characters EC2 accepts in a VPC security group's name and description: `a-zA-Z0-9`, space and `._-:/()#,@[]+=&;{}!$*`. */
export const SECURITY_GROUP_TEXT_PATTERN = /^[a-zA-Z0-9. _\-:/()#,@[\]+=&;{}!$*]*$/;

/** The characters of SECURITY_GROUP_TEXT_PATTERN other than letters and digits, as a message lists them. */
export const SECURITY_GROUP_TEXT_SYMBOLS = "._-:/()#,@[]+=&;{}!$*";

// ---- S3 backend ----

/** S3 bucket names: 3-63 lowercase letters, digits, dots and hyphens, starting and ending with a letter or digit. */
export const S3_BUCKET_NAME_PATTERN = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;

/** True for a name S3 accepts for a new bucket: the pattern, no `..`, and not shaped like an IPv4 address. */
export function isValidBucketName(name: string): boolean {
  return S3_BUCKET_NAME_PATTERN.test(name) && !name.includes("..") && !/^\d{1,3}(?:\.\d{1,3}){3}$/.test(name);
}

/** True for a valid IPv4 CIDR block: four octets 0-255 and a prefix length 0-32. */
export function isIpv4Cidr(value: string): boolean {
  const match = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/.exec(value);
  if (!match) return false;
  const octets = match.slice(1, 5).map(Number);
  const bits = Number(match[5]);
  return octets.every((o, i) => o <= 255 && String(o) === match[i + 1]) && bits <= 32 && String(bits) === match[5];
}

/** The S3 objects image layers are downloaded from in a Region; an S3 endpoint policy must allow s3:GetObject on them. */
export function layerBucketObjectsArn(region: string): string {
  return `arn:aws:s3:::prod-${region}-starport-layer-bucket/*`;
}
