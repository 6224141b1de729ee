/** The messages of the region and registries checks (./registries.ts), as named factories tests match by text. */
import {
  DOCKER_HUB_REGISTRY,
  MAX_RULES_PER_REGION,
  PREFIX_LENGTH,
  REGIONS_WITHOUT_PULL_THROUGH_CACHE,
  ROOT,
  UPSTREAMS,
} from "../aws/ecr";
import { SECRET_NAME_PREFIX } from "../aws/secrets-manager";
import { error, show, type Finding } from "./finding";

/** The upstream registries ECR pull through cache supports, as a message lists them (from the UPSTREAMS table). */
const SUPPORTED_UPSTREAMS = (() => {
  const hosts = UPSTREAMS.map((u) => u.host);
  return `${hosts.slice(0, -1).join(", ")} or ${hosts[hosts.length - 1]}`;
})();

const PREFIX_SHAPE =
  `${PREFIX_LENGTH.min}-${PREFIX_LENGTH.max} characters of lowercase letters and digits, path components joined by "/", ` +
  `words joined by one ".", "_" or "-"`;

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

/** The ECR repository prefix (registries key) breaks the API's pattern or length. */
export function ecrPrefixInvalid(path: string, prefix: string): Finding {
  return error(
    path,
    "ECR repository prefix (the registries key) is invalid",
    prefix,
    `use ${PREFIX_SHAPE} (like docker-hub or team/hub), or ${ROOT} for no prefix`,
  );
}

/** upstreamRepositoryPrefix breaks the API's pattern or length. */
export function upstreamPrefixInvalid(path: string, prefix: string): Finding {
  return error(
    path,
    "upstreamRepositoryPrefix is invalid",
    prefix,
    `use ${PREFIX_SHAPE} (like upstream-app), or ${ROOT} for any repository`,
  );
}

/** upstreamRepositoryPrefix on the ROOT ECR prefix. */
export function upstreamPrefixWithRoot(path: string, prefix: string): Finding {
  return error(
    path,
    `upstreamRepositoryPrefix needs a non-${ROOT} ECR repository prefix`,
    prefix,
    `key this registry by a prefix (like my-app) instead of ${ROOT}, or remove upstreamRepositoryPrefix`,
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
