/**
 * Every user-facing message of the ECR rule checks (registries, creation templates, VPC endpoints), as named
 * factories returning Findings; tests match their text. Each takes the config path of the offending field.
 */
import {
  DOCKER_HUB_REGISTRY,
  ENDPOINT_LIMITS,
  GATEWAY_SERVICES,
  MAX_RULES_PER_REGION,
  PREFIX_LENGTH,
  REGIONS_WITHOUT_PULL_THROUGH_CACHE,
  RESERVED_TAG_PREFIX,
  SECRET_NAME_PREFIX,
  SECURITY_GROUP_ID_PREFIX,
  SECURITY_GROUP_LIMITS,
  SECURITY_GROUP_TEXT_SYMBOLS,
  TAG_LIMITS,
  TEMPLATE_LIMITS,
  VPC_CIDR_PREFIX,
  type LengthLimit,
} from "../policy/ecr-rules";
import { error, show, warning, type Finding } from "../validate/finding";

/** Human list of the upstream registries ECR pull through cache supports. */
const SUPPORTED_UPSTREAMS =
  "public.ecr.aws, registry.k8s.io, quay.io, registry-1.docker.io, ghcr.io, <name>.azurecr.io, registry.gitlab.com, " +
  "cgr.dev or <account>.dkr.ecr.<region>.amazonaws.com";

const PREFIX_SHAPE =
  `${PREFIX_LENGTH.min}-${PREFIX_LENGTH.max} characters of lowercase letters and digits, path components joined by "/", ` +
  `words joined by one ".", "_", "__" or "-"`;

/** How a message names a limit's unit: bytes are bytes of UTF-8. */
function unitText(limit: LengthLimit): string {
  return limit.unit === "bytes" ? "bytes (UTF-8)" : "characters";
}

/**
 * A text longer than its limit, in the limit's unit. `what` names the text ("the description"), `checker` who
 * refuses it ("the AWS provider", "ECR").
 */
export function textTooLong(path: string, what: string, limit: LengthLimit, length: number, checker: string): Finding {
  const bytes = limit.unit === "bytes";
  return error(
    path,
    `${what} is ${length} ${unitText(limit)} long; ${checker} accepts at most ${limit.max} ${unitText(limit)}`,
    undefined,
    `shorten it to at most ${limit.max} ${limit.unit}` +
      (bytes ? " (a letter outside ASCII takes 2-4 bytes: Korean and most emoji take 3-4)" : ""),
  );
}

/** "an" before a vowel, "a" otherwise. */
function article(word: string): string {
  return /^[aeiou]/i.test(word) ? "an" : "a";
}

// ---- region ----

/** The region does not look like an AWS Region name. */
export function regionInvalid(path: string, value: string): Finding {
  return error(
    path,
    "region is not an AWS Region name",
    value,
    'write a Region code such as "eu-west-1" or "ap-northeast-2"',
  );
}

/** Pull through cache does not exist in the region. */
export function regionWithoutPullThroughCache(path: string, value: string): Finding {
  return error(
    path,
    `ECR pull through cache is not available in this Region (nor in ${REGIONS_WITHOUT_PULL_THROUGH_CACHE.join(", ")})`,
    value,
    'choose a commercial Region where pull through cache exists, such as "us-east-1" or "eu-west-1"',
  );
}

// ---- registries ----

/** The ECR repository prefix (registries key) breaks the API's pattern or length. */
export function ecrPrefixInvalid(path: string, prefix: string): Finding {
  return error(
    path,
    "ECR repository prefix (the registries key) is invalid",
    prefix,
    `use ${PREFIX_SHAPE} (like docker-hub or team/hub), or ROOT for no prefix`,
  );
}

/** upstreamRepositoryPrefix breaks the API's pattern or length. */
export function upstreamPrefixInvalid(path: string, prefix: string): Finding {
  return error(
    path,
    "upstreamRepositoryPrefix is invalid",
    prefix,
    `use ${PREFIX_SHAPE} (like upstream-app), or ROOT for any repository`,
  );
}

/** upstreamRepositoryPrefix on the ROOT ECR prefix. */
export function upstreamPrefixWithRoot(path: string, prefix: string): Finding {
  return error(
    path,
    "upstreamRepositoryPrefix needs a non-ROOT ECR repository prefix",
    prefix,
    "key this registry by a prefix (like my-app) instead of ROOT, or remove upstreamRepositoryPrefix",
  );
}

/** Two registries keys are the same prefix once the implied trailing `/` is dropped. */
export function prefixDuplicate(path: string, prefix: string, other: string): Finding {
  return error(
    path,
    `ECR repository prefix is the same as registries key ${show(other)} (a trailing "/" is implied)`,
    prefix,
    `keep one of the two registries, or rename this one to a different prefix`,
  );
}

/** Two registries keys map to the same Terraform resource name. */
export function terraformNameDuplicate(path: string, prefix: string, other: string, name: string): Finding {
  return error(
    path,
    `ECR repository prefix gives the same Terraform name "${name}" as registries key ${show(other)}`,
    prefix,
    'rename one of the two prefixes so they differ in more than "-", "_", "." or "/"',
  );
}

/** More registries than the per-Region quota of pull through cache rules. */
export function tooManyRegistries(path: string, count: number): Finding {
  return error(
    path,
    `ECR allows at most ${MAX_RULES_PER_REGION} pull through cache rules per Region (a fixed quota)`,
    count,
    `remove registries until at most ${MAX_RULES_PER_REGION} remain, or split them across Regions`,
  );
}

/** upstreamRegistryUrl is a Docker Hub alias. */
export function upstreamDockerHubAlias(path: string, url: string): Finding {
  return error(
    path,
    "upstreamRegistryUrl is not the Docker Hub host ECR accepts",
    url,
    `write upstreamRegistryUrl: ${DOCKER_HUB_REGISTRY}`,
  );
}

/** upstreamRegistryUrl has a scheme or a path. */
export function upstreamUrlNotHost(path: string, url: string, host: string): Finding {
  return error(
    path,
    "upstreamRegistryUrl must be a bare host, without a scheme, a user name or a path",
    url,
    `write upstreamRegistryUrl: ${host}` +
      (url.includes("@") ? " and give the login under credentials (a URL is printed in plans and logs)" : ""),
  );
}

/** upstreamRegistryUrl is not a supported upstream. */
export function upstreamUnsupported(path: string, url: string): Finding {
  return error(
    path,
    "upstreamRegistryUrl is not an upstream ECR pull through cache supports",
    url,
    `use one of ${SUPPORTED_UPSTREAMS}`,
  );
}

/** An upstream that needs a secret has no credentials. */
export function credentialsMissing(path: string, url: string): Finding {
  return error(
    path,
    `upstream ${url} needs credentials`,
    undefined,
    `add credentials: managed (the stack creates the ${SECRET_NAME_PREFIX}<prefix> secret), or credentials: { secretArn: <ARN of an ${SECRET_NAME_PREFIX}... secret> }`,
  );
}

/** An upstream that takes no secret has credentials. */
export function credentialsNotAllowed(path: string, url: string, byRole: boolean): Finding {
  return error(
    path,
    `upstream ${url} does not take credentials`,
    undefined,
    byRole
      ? "remove credentials; an ECR private upstream is reached with upstreamRoleArn"
      : "remove credentials; this upstream is public",
  );
}

/** An ECR private upstream without upstreamRoleArn. */
export function upstreamRoleMissing(path: string, url: string): Finding {
  return error(
    path,
    `an ECR private upstream (${url}) needs upstreamRoleArn`,
    undefined,
    "add upstreamRoleArn: arn:aws:iam::<account>:role/<name>, a role trusted by pullthroughcache.ecr.amazonaws.com that may pull from the upstream registry",
  );
}

/** upstreamRoleArn on an upstream that is not ECR private. */
export function upstreamRoleNotAllowed(path: string, url: string): Finding {
  return error(
    path,
    `upstreamRoleArn is only for an ECR private upstream, not ${url}`,
    undefined,
    "remove upstreamRoleArn",
  );
}

/** A role ARN that is not an IAM role ARN. */
export function roleArnInvalid(path: string, field: string, value: string): Finding {
  return error(
    path,
    `${field} is not an IAM role ARN`,
    value,
    `write ${field}: arn:aws:iam::<12-digit account>:role/<name>`,
  );
}

/** secretArn breaks the API's pattern (most often: the name does not start with ecr-pullthroughcache/). */
export function secretArnInvalid(path: string, value: string): Finding {
  return error(
    path,
    `secretArn is not the ARN of a secret named ${SECRET_NAME_PREFIX}...`,
    value,
    `ECR only reads secrets whose name starts with "${SECRET_NAME_PREFIX}": create or rename the secret to ${SECRET_NAME_PREFIX}<name> ` +
      `and write secretArn: arn:aws:secretsmanager:<region>:<account>:secret:${SECRET_NAME_PREFIX}<name>, or use credentials: managed`,
  );
}

/** secretArn in another Region than the config's. */
export function secretArnWrongRegion(path: string, value: string, secretRegion: string, region: string): Finding {
  return error(
    path,
    `the secret is in ${secretRegion}, but ECR reads credentials only from the Region of the rule (${region})`,
    value,
    `create the secret in ${region} (replicate it if needed) and use that ARN, or use credentials: managed`,
  );
}

/** A secretArn in another account than accountId. */
export function secretArnWrongAccount(path: string, value: string, secretAccount: string, account: string): Finding {
  return error(
    path,
    `the secret belongs to account ${secretAccount}, but ECR reads credentials only from the rule's own account (${account})`,
    value,
    `create the secret in account ${account} and use that ARN, or use credentials: managed`,
  );
}

/** An empty registries map. */
export function noRegistries(path: string): Finding {
  return error(
    path,
    "at least one registry is needed: without a rule there is nothing to cache",
    {},
    "add a registry, e.g. quay: { upstreamRegistryUrl: quay.io }",
  );
}

// ---- node access ----

/** A role or policy name IAM would refuse. */
export function iamNameInvalid(path: string, kind: "role" | "policy", value: string, max: number): Finding {
  return error(
    path,
    `not a valid IAM ${kind} name`,
    value,
    `write the ${kind} name (not its ARN): 1-${max} letters, digits and + = , . @ _ -`,
  );
}

/** The same role listed twice, or two roles that get one Terraform name. */
export function roleNameDuplicate(path: string, value: string, other: string): Finding {
  return error(
    path,
    `the role ${show(other)} is already listed (IAM role names differing only in case are one role, and names differing only in . - _ share a Terraform name)`,
    value,
    "list each role once",
  );
}

// ---- creation templates ----

/** kmsKey with a non-KMS encryption type. */
export function kmsKeyWithoutKms(path: string, type: string): Finding {
  return error(
    path,
    `kmsKey is only used with encryption type "KMS"`,
    type,
    "set encryption.type: KMS, or remove kmsKey",
  );
}

/** kmsKey is not a KMS key ARN. */
export function kmsKeyInvalid(path: string, value: string): Finding {
  return error(
    path,
    "kmsKey is not a KMS key ARN",
    value,
    "write kmsKey: arn:aws:kms:<region>:<12-digit account>:key/<key id>",
  );
}

/** kmsKey in another Region than the config's. */
export function kmsKeyWrongRegion(path: string, value: string, keyRegion: string, region: string): Finding {
  return error(
    path,
    `the KMS key is in ${keyRegion}, but repositories in ${region} can only use keys of their own Region`,
    value,
    `use a key in ${region} (a multi-Region replica key works)`,
  );
}

/** KMS_DSSE outside GovCloud. */
export function kmsDsseNotAvailable(path: string): Finding {
  return error(
    path,
    "encryption type KMS_DSSE exists only in the GovCloud Regions, where pull through cache does not",
    "KMS_DSSE",
    "set encryption.type: KMS (or AES256)",
  );
}

/** A *_WITH_EXCLUSION tag mutability. */
export function mutabilityWithExclusion(path: string, value: string): Finding {
  const plain = value.replace("_WITH_EXCLUSION", "");
  return error(
    path,
    `${value} needs exclusion filters, which hashicorp/aws 5.100.0 cannot set`,
    value,
    `write imageTagMutability: ${plain}${plain === "IMMUTABLE" ? " (or MUTABLE, which AWS recommends for pull through cache)" : ""}`,
  );
}

/** IMMUTABLE tags on cache repositories. */
export function immutableTags(path: string): Finding {
  return warning(
    path,
    "IMMUTABLE tags stop ECR from refreshing a cached tag such as latest or v1 from upstream: pulls keep returning the first image cached",
    "IMMUTABLE",
    "write imageTagMutability: MUTABLE, which AWS recommends for pull through cache; keep IMMUTABLE only to protect " +
      "against an upstream tag being re-pointed to another image",
  );
}

/** repositoryPolicy too long. */
export function repositoryPolicyTooLong(path: string, length: number): Finding {
  return textTooLong(path, "the repository policy JSON", TEMPLATE_LIMITS.repositoryPolicy, length, "ECR");
}

/** repositoryPolicy cannot be written as JSON. */
export function repositoryPolicyNotSerialisable(path: string): Finding {
  return error(
    path,
    "the repository policy cannot be written as JSON",
    undefined,
    "use only plain objects, lists, strings and numbers",
  );
}

/** description too long. */
export function descriptionTooLong(path: string, length: number): Finding {
  return textTooLong(path, "the description", TEMPLATE_LIMITS.description, length, "the AWS provider");
}

// ---- tags ----

/** A tag key too long. */
export function tagKeyTooLong(path: string, length: number): Finding {
  return textTooLong(path, "the tag key", TAG_LIMITS.key, length, "AWS");
}

/** A tag value too long. */
export function tagValueTooLong(path: string, length: number): Finding {
  return textTooLong(path, "the tag value", TAG_LIMITS.value, length, "AWS");
}

/** A default tag with characters IAM refuses. */
export function tagCharsInvalidForIam(
  path: string,
  part: "key" | "value",
  value: string,
  invalid: readonly string[],
): Finding {
  return error(
    path,
    `the tag ${part} has characters IAM refuses (${invalid.map((c) => show(c)).join(", ")}); default tags land on the node IAM policy and the managed secrets`,
    value,
    "use letters, digits, spaces and _ . : / = + - @ only",
  );
}

/** More tags on one resource than AWS allows. */
export function tooManyTags(path: string, resource: string, count: number): Finding {
  return error(
    path,
    `${resource} would get ${count} tags; AWS allows at most ${TAG_LIMITS.perResource} on one resource`,
    count,
    `remove tags until at most ${TAG_LIMITS.perResource} remain (provider default tags count too)`,
  );
}

/** A tag key with the prefix AWS reserves for its own tags. */
export function tagKeyReserved(path: string, key: string): Finding {
  return error(
    path,
    `tag keys starting with "${RESERVED_TAG_PREFIX}" (in any case) are reserved for AWS`,
    key,
    `rename the key so it does not start with "${RESERVED_TAG_PREFIX}"`,
  );
}

// ---- S3 backend ----

/** A keyPrefix with its slashes fixed: none at either end, none doubled (the default when nothing is left). */
function cleanKeyPrefix(value: string): string {
  return (
    value
      .split("/")
      .filter((part) => part !== "")
      .join("/") || "ecr-pull-cache"
  );
}

/** A bucket name S3 would refuse. */
export function bucketNameInvalid(path: string, value: string): Finding {
  return error(
    path,
    "bucket is not a valid S3 bucket name",
    value,
    'write the name of the state bucket: 3-63 lowercase letters, digits, "." and "-", starting and ending with a ' +
      'letter or digit, without "..", and not shaped like an IP address',
  );
}

/** keyPrefix starting or ending with "/". */
export function keyPrefixEdgeSlash(path: string, value: string): Finding {
  return error(
    path,
    'keyPrefix must not start or end with "/": Terraform\'s s3 backend refuses such a state key at init',
    value,
    `write keyPrefix: ${cleanKeyPrefix(value)}`,
  );
}

/** keyPrefix with an empty path component. */
export function keyPrefixDoubleSlash(path: string, value: string): Finding {
  return error(
    path,
    'keyPrefix must not contain "//": Terraform\'s s3 backend refuses such a state key at init',
    value,
    `write keyPrefix: ${cleanKeyPrefix(value)}`,
  );
}

// ---- VPC endpoints ----

/** A security group name EC2 refuses for its prefix. */
export function securityGroupNameSgPrefix(path: string, value: string): Finding {
  return error(
    path,
    `a security group name must not start with "${SECURITY_GROUP_ID_PREFIX}", the prefix of security group IDs`,
    value,
    `choose a name that does not start with "${SECURITY_GROUP_ID_PREFIX}", such as ecr-endpoints`,
  );
}

/** A security group name or description longer than the provider accepts. */
export function securityGroupTextTooLong(path: string, field: "name" | "description", length: number): Finding {
  return textTooLong(path, `the security group ${field}`, SECURITY_GROUP_LIMITS[field], length, "the AWS provider");
}

/** A security group name or description with characters EC2 refuses in a VPC. */
export function securityGroupTextInvalid(
  path: string,
  field: "name" | "description",
  value: string,
  invalid: readonly string[],
): Finding {
  return error(
    path,
    `a security group ${field} has characters EC2 does not accept in a VPC: ${invalid.map((c) => JSON.stringify(c)).join(", ")}`,
    value,
    `use only letters a-z and A-Z, digits, spaces and ${SECURITY_GROUP_TEXT_SYMBOLS.split("").join(" ")}`,
  );
}

/** An ID that does not have the resource's shape. */
export function resourceIdInvalid(path: string, kind: string, value: string, example: string): Finding {
  return error(path, `not a ${kind} ID`, value, `write a ${kind} ID such as ${example}`);
}

/** vpcCidr is not an IPv4 CIDR. */
export function cidrInvalid(path: string, value: string): Finding {
  return error(
    path,
    "vpcCidr is not an IPv4 CIDR block (four decimal numbers 0-255 without leading zeros, then /0 to /32)",
    value,
    "write the VPC's CIDR such as 10.0.0.0/16",
  );
}

/** vpcCidr with host bits set: the provider refuses it at plan. */
export function cidrHostBits(path: string, value: string, network: string): Finding {
  return error(
    path,
    "vpcCidr has bits set after the prefix length; the AWS provider accepts only the network address",
    value,
    `did you mean ${network}? write vpcCidr: ${network}`,
  );
}

/** vpcCidr broader than any VPC CIDR block. */
export function cidrTooBroad(path: string, value: string, bits: number): Finding {
  const everything = bits === 0;
  return warning(
    path,
    (everything
      ? "vpcCidr 0.0.0.0/0 opens tcp 443 on the endpoints to all of IPv4"
      : `vpcCidr /${bits} opens tcp 443 on the endpoints to ${(2 ** (32 - bits)).toLocaleString("en-US")} addresses`) +
      `, more than any VPC holds (a VPC CIDR block is /${VPC_CIDR_PREFIX.min} to /${VPC_CIDR_PREFIX.max})`,
    value,
    "write the VPC's own CIDR, such as 10.0.0.0/16",
  );
}

/** An explicit empty list of subnets, security groups or route tables. */
export function listEmpty(path: string, field: string, type: string, omitMeans: string): Finding {
  return error(
    path,
    `${article(type)} ${type} endpoint needs at least one entry in ${field}`,
    [],
    `list at least one, or remove ${field} to use ${omitMeans}`,
  );
}

/** An Interface-only or Gateway-only field on the other type. */
export function fieldNotForType(path: string, field: string, type: string, otherType: string): Finding {
  return error(path, `${field} is only for ${otherType} endpoints, not ${type}`, undefined, `remove ${field}`);
}

/** A Gateway endpoint for a service that has none. */
export function gatewayServiceUnsupported(path: string, service: string): Finding {
  return error(
    path,
    `only ${GATEWAY_SERVICES.join(" and ")} have Gateway endpoints`,
    service,
    "set type: Interface, or use service s3 or dynamodb",
  );
}

/** A full service name in another Region. */
export function serviceWrongRegion(path: string, service: string, serviceRegion: string, region: string): Finding {
  return error(
    path,
    `the service is in ${serviceRegion}, but endpoints reach only services of the VPC's Region (${region})`,
    service,
    `write the name with ${region} in place of ${serviceRegion}` +
      (service.startsWith(`com.amazonaws.${serviceRegion}.`)
        ? `, or the short name (${service.split(".").slice(3).join(".")}), which becomes com.amazonaws.${region}.<service>`
        : ""),
  );
}

/** A service name that is neither a short name nor a full one. */
export function serviceInvalid(path: string, service: string): Finding {
  return error(
    path,
    "service is not a service name",
    service,
    "write a short name such as ecr.dkr, or a full name: com.amazonaws.<region>.<service>, " +
      "com.amazonaws.vpce.<region>.vpce-svc-<id> (an endpoint service) or aws.sagemaker.<region>.<notebook|studio>",
  );
}

/** Two endpoints for the same service and type. */
export function endpointDuplicate(path: string, service: string, type: string, other: string): Finding {
  return error(
    path,
    `endpoint ${show(other)} already is ${article(type)} ${type} endpoint for this service`,
    service,
    "remove one of the two endpoints",
  );
}

/** An endpoint key longer than a Name tag value may be. */
export function endpointNameTooLong(path: string, length: number): Finding {
  return textTooLong(path, "the endpoint key (it becomes the endpoint's Name tag)", TAG_LIMITS.value, length, "AWS");
}

/** A Name tag on an endpoint (or on every endpoint: no key), which the module replaces by the endpoint's key. */
export function endpointNameTagIgnored(path: string, value: string, key?: string): Finding {
  return warning(
    path,
    `the Name tag is replaced by ${key === undefined ? "each endpoint's key" : `the endpoint key (${show(key)})`}`,
    value,
    "remove the Name tag, or rename the endpoint key to the name you want",
  );
}

/** An endpoint policy over the PrivateLink size limit. */
export function endpointPolicyTooLong(path: string, length: number): Finding {
  return textTooLong(path, "the endpoint policy JSON", ENDPOINT_LIMITS.policy, length, "AWS");
}

/** ecr.dkr without private DNS. */
export function ecrDkrNeedsPrivateDns(path: string): Finding {
  return error(
    path,
    "the ecr.dkr endpoint needs private DNS: image pulls use the public registry host name",
    false,
    "remove privateDns or set privateDns: true",
  );
}

/** ECR endpoints without an S3 Gateway endpoint. */
export function ecrWithoutS3Gateway(path: string, endpoints: readonly string[]): Finding {
  return warning(
    path,
    `ECR endpoints (${endpoints.join(", ")}) without an s3 Gateway endpoint: image layers come from S3 and would still go through the NAT`,
    undefined,
    "add s3: { service: s3, type: Gateway }",
  );
}

/** An S3 endpoint policy that does not let ECR layers through. */
export function s3PolicyBlocksLayers(path: string, layerArn: string, reason: "deny" | "no-allow"): Finding {
  return warning(
    path,
    reason === "deny"
      ? "the s3 endpoint policy denies s3:GetObject on ECR's layer bucket: image pulls through this endpoint would fail"
      : "no statement of the s3 endpoint policy allows s3:GetObject on ECR's layer bucket: image pulls through this endpoint would fail",
    layerArn,
    `add a statement { Effect: Allow, Principal: "*", Action: s3:GetObject, Resource: ${layerArn} }${reason === "deny" ? " and narrow the Deny so it does not match it" : ""}`,
  );
}

/** An S3 Interface endpoint with private DNS but no S3 Gateway endpoint. */
export function s3InterfaceWithoutGateway(path: string): Finding {
  return warning(
    path,
    "an s3 Interface endpoint with private DNS needs an s3 Gateway endpoint in the same VPC, or AWS rejects it",
    undefined,
    "add s3_gateway: { service: s3, type: Gateway }, or set privateDns: false on this endpoint",
  );
}

// ---- validate command ----

/** The one-line summary of `npm run validate`. */
export function validateSummary(file: string, errors: number, warnings: number): string {
  const count = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;
  return errors > 0
    ? `${file}: ${count(errors, "error")}, ${count(warnings, "warning")}; synth would write nothing`
    : `${file}: valid, ${count(warnings, "warning")}`;
}
