/**
 * ECR facts shared by the config validators (src/validate/) and the image mapper (src/image/map.ts): prefix rules,
 * the supported upstream registries and how each authenticates, ARN and ID shapes, and size limits; also the tag,
 * security group and S3 bucket rules the other resources of the stacks follow.
 * Constants and small pure predicates only; messages live in src/errors/.
 */

import ipaddr from "ipaddr.js";

// ---- lengths ----

/**
 * How a limit counts a string. The AWS provider's `validation.StringLenBetween` uses Go's `len()`, which counts
 * UTF-8 bytes; the AWS APIs' length constraints (Smithy `@length`) count Unicode characters (code points).
 */
export type LengthUnit = "bytes" | "characters";

/** A maximum length and the unit it is counted in (whoever checks first: the provider at plan, else the API). */
export interface LengthLimit {
  readonly max: number;
  readonly unit: LengthUnit;
}

/** The length of `value` in `unit`: UTF-8 bytes, or Unicode code points (an emoji is one character, 4 bytes). */
export function lengthIn(value: string, unit: LengthUnit): number {
  if (unit === "bytes") return Buffer.byteLength(value, "utf8");
  let count = 0;
  for (const _ of value) count += 1;
  return count;
}

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

/**
 * The host of a URL written with a scheme, a user name and password, or a path (`https://bob:pw@quay.io/org` ->
 * `quay.io`); undefined if none of them.
 */
export function hostOfUrl(url: string): string | undefined {
  const authority = url.replace(/^[a-z][a-z0-9+.-]*:\/\//i, "").split("/")[0];
  const host = authority.slice(authority.lastIndexOf("@") + 1);
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

/**
 * Limits of AWS tags (provider default tags, creation template resourceTags, endpoint tags and their Name): AWS
 * counts keys and values in Unicode characters; the provider does not check them.
 */
export const TAG_LIMITS = {
  key: { max: 128, unit: "characters" } as LengthLimit,
  value: { max: 256, unit: "characters" } as LengthLimit,
  /** User tags on one resource (tags starting with aws: do not count, and cannot be set). */
  perResource: 50,
} as const;

/**
 * The characters IAM (and Secrets Manager) accept in a tag key or value: letters, digits and spaces of any script,
 * and `_ . : / = + - @` (IAM API Tag pattern). The provider's default tags land on the node IAM policy and on the
 * managed secrets, so they keep to it; EC2 and ECR take any character.
 */
export const IAM_TAG_PATTERN = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u;

/** Tag keys starting with this, in any case, are reserved for AWS's own tags. */
export const RESERVED_TAG_PREFIX = "aws:";

/** Encryption types that use a KMS key. */
export const KMS_ENCRYPTION_TYPES: readonly string[] = ["KMS", "KMS_DSSE"];

/** Tag mutabilities that need exclusion filters (not settable with hashicorp/aws 5.100.0). */
export const MUTABILITIES_WITH_EXCLUSION: readonly string[] = ["IMMUTABLE_WITH_EXCLUSION", "MUTABLE_WITH_EXCLUSION"];

// ---- VPC endpoints ----

/** Services that have a Gateway endpoint. */
export const GATEWAY_SERVICES: readonly string[] = ["s3", "dynamodb"];

/** A service short name: `ecr.dkr`, `s3`, `eks-auth`. */
export const SERVICE_SHORT_NAME_PATTERN = /^[a-z0-9-]+(?:\.[a-z0-9-]+)*$/;

const REGION_SOURCE = "[a-z]{2}(?:-[a-z]+)+-\\d+";
const SHORT_SOURCE = "[a-z0-9-]+(?:\\.[a-z0-9-]+)*";

/**
 * The full service names an endpoint takes; groups: region, name within the Region. The `modules/vpc-endpoint`
 * service_name validation accepts the same names (a test checks the two agree).
 */
export const SERVICE_FULL_NAME_PATTERNS = {
  /** An AWS service: `com.amazonaws.<region>.<service>`. */
  aws: new RegExp(`^com\\.amazonaws\\.(${REGION_SOURCE})\\.(${SHORT_SOURCE})$`),
  /** A PrivateLink endpoint service: `com.amazonaws.vpce.<region>.vpce-svc-<id>`. */
  endpointService: new RegExp(`^com\\.amazonaws\\.vpce\\.(${REGION_SOURCE})\\.(vpce-svc-[0-9a-f]+)$`),
  /** SageMaker notebooks and Studio: `aws.sagemaker.<region>.notebook`, `aws.sagemaker.<region>.studio`. */
  sagemaker: new RegExp(`^aws\\.sagemaker\\.(${REGION_SOURCE})\\.(${SHORT_SOURCE})$`),
} as const;

/** True when a service is written as a full name rather than a short one. */
export function isFullServiceName(service: string): boolean {
  return service.startsWith("com.") || service.startsWith("aws.") || service.includes(".amazonaws.");
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

/** An example of each resource ID, for messages. */
export const RESOURCE_ID_EXAMPLES: Readonly<Record<keyof typeof RESOURCE_ID_PATTERNS, string>> = {
  vpc: "vpc-0123456789abcdef0",
  subnet: "subnet-0123456789abcdef0",
  routeTable: "rtb-0123456789abcdef0",
  securityGroup: "sg-0123456789abcdef0",
};

/**
 * Limits of a security group's name and description. Provider 5.100.0: StringLenBetween(0, 255) on both, in bytes
 * (EC2 says 255 characters, and in a VPC allows only ASCII, where the two agree).
 */
export const SECURITY_GROUP_LIMITS = {
  name: { max: 255, unit: "bytes" },
  description: { max: 255, unit: "bytes" },
} as const satisfies Record<string, LengthLimit>;

/** Limits of a VPC endpoint: its policy is at most 20,480 characters, white space included (AWS PrivateLink). */
export const ENDPOINT_LIMITS = {
  policy: { max: 20_480, unit: "characters" },
} as const satisfies Record<string, LengthLimit>;

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

/** A VPC's CIDR blocks are /16 to /28 (Amazon VPC quotas); a broader vpcCidr admits addresses outside any VPC. */
export const VPC_CIDR_PREFIX = { min: 16, max: 28 } as const;

/** An IPv4 CIDR block as written and as the provider wants it (host bits cleared). */
export interface Ipv4Cidr {
  /** The network address with the prefix: `10.0.0.1/16` -> `10.0.0.0/16`. */
  readonly network: string;
  /** The prefix length, 0-32. */
  readonly bits: number;
}

/**
 * Parses an IPv4 CIDR block as Go's net.ParseCIDR does (the provider's check): four decimal octets without leading
 * zeros, a prefix length 0-32. Undefined when it is not one. The provider also wants the host bits clear, so
 * `network` is what to write when it differs from the value.
 */
export function parseIpv4Cidr(value: string): Ipv4Cidr | undefined {
  const match = /^([0-9.]+)\/(0|[1-9][0-9]?)$/.exec(value);
  if (!match || !ipaddr.IPv4.isValidFourPartDecimal(match[1])) return undefined;
  const bits = Number(match[2]);
  if (bits > 32) return undefined;
  return { network: `${ipaddr.IPv4.networkAddressFromCIDR(value).toString()}/${bits}`, bits };
}

/** The S3 objects image layers are downloaded from in a Region; an S3 endpoint policy must allow s3:GetObject on them. */
export function layerBucketObjectsArn(region: string): string {
  return `arn:aws:s3:::prod-${region}-starport-layer-bucket/*`;
}
