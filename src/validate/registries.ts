/**
 * Checks the config's region and its registries (pull through cache rules) against ECR's rules, collecting every
 * finding. The facts come from src/aws/.
 */
import { Config, RegistryConfig } from "../config/schema";
import { terraformName } from "../policy/names";
import * as msg from "./registries.messages";
import { roleArnInvalid } from "./messages";
import {
  hostOfUrl,
  isDockerHubAlias,
  isValidPrefix,
  MAX_RULES_PER_REGION,
  normalizePrefix,
  REGIONS_WITHOUT_PULL_THROUGH_CACHE,
  ROOT,
  upstreamOf,
} from "../aws/ecr";
import { IAM_ROLE_ARN_PATTERN } from "../aws/iam";
import { arnAccount, arnRegion, REGION_PATTERN } from "../aws/region";
import { SECRET_ARN_PATTERN } from "../aws/secrets-manager";
import { at, Finding } from "./finding";

/** Findings for `region`. */
export function validateRegion(region: string): Finding[] {
  // A Region name is two letters, words and a number joined by "-".
  if (!REGION_PATTERN.test(region)) return [msg.regionInvalid("region", region)];
  // Pull through cache is missing from the China and GovCloud Regions.
  if (REGIONS_WITHOUT_PULL_THROUGH_CACHE.includes(region)) return [msg.regionWithoutPullThroughCache("region", region)];
  return [];
}

/** Findings for the `registries` map: each rule on its own, then the rules against each other. */
export function validateRegistries(config: Config): Finding[] {
  const entries = Object.entries(config.registries);
  // Without a rule there is nothing to cache, and the node policy would have no repository to name.
  if (entries.length === 0) return [msg.noRegistries("registries")];
  const findings = entries.flatMap(([prefix, registry]) => validateRegistry(prefix, registry, config));
  findings.push(...collisions(entries.map(([prefix]) => prefix)));
  // ECR keeps at most 50 pull through cache rules per Region, and the quota cannot be raised.
  if (entries.length > MAX_RULES_PER_REGION) findings.push(msg.tooManyRegistries("registries", entries.length));
  return findings;
}

function validateRegistry(prefix: string, registry: RegistryConfig, config: Config): Finding[] {
  const path = at("registries", prefix);
  const findings: Finding[] = [];
  // The ECR prefix follows the API's lowercase path pattern (or is ROOT) and is 2-30 characters.
  if (!isValidPrefix(prefix)) findings.push(msg.ecrPrefixInvalid(path, prefix));
  const upstreamPrefix = registry.upstreamRepositoryPrefix;
  if (upstreamPrefix !== undefined) {
    // The upstream prefix has the same pattern and length as the ECR prefix.
    if (!isValidPrefix(upstreamPrefix))
      findings.push(msg.upstreamPrefixInvalid(at(path, "upstreamRepositoryPrefix"), upstreamPrefix));
    // An upstream prefix other than ROOT needs a named ECR prefix to replace it.
    else if (prefix === ROOT && upstreamPrefix !== ROOT) {
      findings.push(msg.upstreamPrefixWithRoot(at(path, "upstreamRepositoryPrefix"), upstreamPrefix));
    }
  }
  findings.push(...upstreamFindings(path, registry, config));
  return findings;
}

/** The upstream URL, and the credentials or role that upstream takes. */
function upstreamFindings(path: string, registry: RegistryConfig, config: Config): Finding[] {
  const url = registry.upstreamRegistryUrl;
  const urlPath = at(path, "upstreamRegistryUrl");
  const upstream = upstreamOf(url.toLowerCase());
  const findings: Finding[] = [];
  if (upstream === undefined) {
    // Only the nine upstream kinds of the API's enum work; Docker Hub is reached through one host only.
    const host = hostOfUrl(url);
    if (isDockerHubAlias(url) || (host !== undefined && isDockerHubAlias(host)))
      findings.push(msg.upstreamDockerHubAlias(urlPath, url));
    // The rule takes a bare host: no scheme, no path.
    else if (host !== undefined && upstreamOf(host.toLowerCase()) !== undefined)
      findings.push(msg.upstreamUrlNotHost(urlPath, url, host.toLowerCase()));
    else findings.push(msg.upstreamUnsupported(urlPath, url));
  } else {
    const auth = upstream.auth;
    // Private upstreams (Docker Hub, GitHub, Azure, GitLab, Chainguard) need a Secrets Manager secret.
    if (auth === "secret" && registry.credentials === undefined) findings.push(msg.credentialsMissing(path, url));
    // Public upstreams and ECR private take no secret.
    if (auth !== "secret" && registry.credentials !== undefined) {
      findings.push(msg.credentialsNotAllowed(at(path, "credentials"), url, auth === "role"));
    }
    // ECR private is reached by assuming a role; no other upstream takes one.
    if (auth === "role" && registry.upstreamRoleArn === undefined) findings.push(msg.upstreamRoleMissing(path, url));
    if (auth !== "role" && registry.upstreamRoleArn !== undefined)
      findings.push(msg.upstreamRoleNotAllowed(at(path, "upstreamRoleArn"), url));
  }
  // The role ECR assumes must be an IAM role.
  if (registry.upstreamRoleArn !== undefined && !IAM_ROLE_ARN_PATTERN.test(registry.upstreamRoleArn)) {
    findings.push(roleArnInvalid(at(path, "upstreamRoleArn"), "upstreamRoleArn", registry.upstreamRoleArn));
  }
  const credentials = registry.credentials;
  if (credentials !== undefined && credentials !== "managed")
    findings.push(...secretArnFindings(at(at(path, "credentials"), "secretArn"), credentials.secretArn, config));
  return findings;
}

function secretArnFindings(path: string, arn: string, { region, accountId, targets }: Config): Finding[] {
  // ECR reads only secrets whose name starts with ecr-pullthroughcache/ (the API's credentialArn pattern).
  if (!SECRET_ARN_PATTERN.test(arn)) return [msg.secretArnInvalid(path, arn)];
  // With targets, the rules live in each target's account and Region, not the top-level region: the account and
  // Region of the secret are checked per target that pulls from the upstream (src/validate/targets.ts).
  if (targets !== undefined) return [];
  // The secret must be in the rule's own Region.
  const secretRegion = arnRegion(arn);
  if (secretRegion !== undefined && secretRegion !== region)
    return [msg.secretArnWrongRegion(path, arn, secretRegion, region)];
  // ...and in the account that owns the rule.
  const secretAccount = arnAccount(arn) ?? "";
  if (accountId !== undefined && secretAccount !== accountId)
    return [msg.secretArnWrongAccount(path, arn, secretAccount, accountId)];
  return [];
}

/** Keys that are one ECR prefix (the trailing `/` is implied) or one Terraform name; reported on the later key. */
function collisions(prefixes: readonly string[]): Finding[] {
  const findings: Finding[] = [];
  const byPrefix = new Map<string, string>();
  const byName = new Map<string, string>();
  for (const prefix of prefixes) {
    const path = at("registries", prefix);
    const normalized = normalizePrefix(prefix);
    const name = terraformName(prefix);
    const samePrefix = byPrefix.get(normalized);
    const sameName = byName.get(name);
    // ECR stores `quay/` as `quay`: two keys for one prefix would be two rules ECR refuses as duplicates.
    if (samePrefix !== undefined) findings.push(msg.prefixDuplicate(path, prefix, samePrefix));
    // Resources are named after the prefix, so two prefixes with one name would be one Terraform address.
    else if (sameName !== undefined) findings.push(msg.terraformNameDuplicate(path, prefix, sameName, name));
    if (samePrefix === undefined) byPrefix.set(normalized, prefix);
    if (sameName === undefined) byName.set(name, prefix);
  }
  return findings;
}
