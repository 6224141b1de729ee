/**
 * Maps image references to ECR pull through cache URIs and back, using the registries of a loaded config as rules.
 * The config loader has checked those registries against ECR's rules (src/validate/registries.ts); what is checked
 * here is only what mapping one reference needs.
 */
import { ACCOUNT_ID_PATTERN } from "../aws/account";
import type { RegistryConfig } from "../config/schema";
import {
  DOCKER_HUB_REGISTRY,
  ECR_PRIVATE_HOST_PATTERN,
  ecrRegistryHost,
  isSupportedUpstream,
  mostSpecificPrefix,
  normalizePrefix,
  ROOT,
} from "../aws/ecr";
import { REGION_PATTERN } from "../aws/region";
import {
  alreadyInTargetRegistry,
  cachePathShadowed,
  cacheRepositoryNameTooLong,
  invalidTargetAccount,
  invalidTargetRegion,
  noRuleForCachePath,
  noRuleForRegistry,
  noRuleForUpstreamPath,
  notEcrPrivateUri,
  unsupportedUpstream,
  upstreamWithPort,
  uriTargetMismatch,
} from "./map.messages";
import { DOCKER_HUB_DOMAIN, DOCKER_HUB_HOSTS, ParsedReference, parseReference, withTagAndDigest } from "./reference";

/** Printed instead of the account id when none is known. */
export const ACCOUNT_PLACEHOLDER = "<account-id>";

/** Longest ECR repository name (CreateRepository repositoryName). */
export const ECR_REPOSITORY_NAME_MAX_LENGTH = 256;

/** One pull through cache rule, as ECR stores it. */
export interface CacheRule {
  /** ECR repository prefix, without a trailing `/`, or `ROOT` for no prefix. */
  readonly ecrRepositoryPrefix: string;
  /** Upstream registry URL, e.g. `registry-1.docker.io`, `quay.io`. */
  readonly upstreamRegistryUrl: string;
  /**
   * Upstream repository prefix that the ECR prefix replaces.
   * @default - ROOT: any upstream repository, kept whole
   */
  readonly upstreamRepositoryPrefix?: string;
}

/** What mapping uses of one configured registry (keyed by its ECR prefix in the config). */
export type RegistryEntry = Pick<RegistryConfig, "upstreamRegistryUrl" | "upstreamRepositoryPrefix">;

/** The registry a cache URI points at. */
export interface CacheTarget {
  /** 12-digit AWS account id, or {@link ACCOUNT_PLACEHOLDER}. */
  readonly account: string;
  /** AWS region, e.g. `us-east-1`. */
  readonly region: string;
}

/** A rule with a lower-cased URL, prefixes without trailing `/`, and ROOT upstream prefixes dropped. */
function normalizeRule(rule: CacheRule): CacheRule {
  const upstream = rule.upstreamRepositoryPrefix;
  const base = {
    ecrRepositoryPrefix: normalizePrefix(rule.ecrRepositoryPrefix),
    upstreamRegistryUrl: rule.upstreamRegistryUrl.toLowerCase(),
  };
  return upstream === undefined || upstream === ROOT
    ? base
    : { ...base, upstreamRepositoryPrefix: normalizePrefix(upstream) };
}

/**
 * Turns a loaded config's `registries` map (keyed by ECR prefix or `ROOT`, valid by ECR's rules as loading checked)
 * into cache rules, normalized: trailing `/` dropped, URLs lower-cased, ROOT upstream prefixes omitted. Keeps the
 * map's order.
 */
export function rulesFromRegistries(registries: Readonly<Record<string, RegistryEntry>>): CacheRule[] {
  return Object.entries(registries).map(([key, entry]) => normalizeRule({ ecrRepositoryPrefix: key, ...entry }));
}

/** Checks the account (12 digits or the placeholder) and the region. */
function validateTarget(target: CacheTarget): void {
  if (target.account !== ACCOUNT_PLACEHOLDER && !ACCOUNT_ID_PATTERN.test(target.account)) {
    throw invalidTargetAccount(target.account, ACCOUNT_PLACEHOLDER);
  }
  if (!REGION_PATTERN.test(target.region)) throw invalidTargetRegion(target.region);
}

/** The upstream registry URL a parsed reference's host stands for (Docker Hub aliases become one URL). */
function upstreamUrlOf(ref: ParsedReference): string {
  return DOCKER_HUB_HOSTS.includes(ref.hostname) ? DOCKER_HUB_REGISTRY : ref.hostname;
}

/** The part of `path` after `prefix/`, or undefined when `path` is not strictly under `prefix`. */
function remainderUnder(path: string, prefix: string): string | undefined {
  return path.startsWith(`${prefix}/`) && path.length > prefix.length + 1 ? path.slice(prefix.length + 1) : undefined;
}

/** The upstream path's part that follows the rule's upstream prefix, or undefined when the rule does not cover it. */
function upstreamRemainder(rule: CacheRule, path: string): string | undefined {
  return rule.upstreamRepositoryPrefix === undefined ? path : remainderUnder(path, rule.upstreamRepositoryPrefix);
}

/** The ECR repository name (path in the cache) a rule gives an upstream remainder. */
function cachePathFor(rule: CacheRule, remainder: string): string {
  return rule.ecrRepositoryPrefix === ROOT ? remainder : `${rule.ecrRepositoryPrefix}/${remainder}`;
}

/** Sort key: longer upstream prefixes first, ROOT upstream prefix last; named ECR prefixes before ROOT. */
function forwardSpecificity(rule: CacheRule): number {
  const upstream = rule.upstreamRepositoryPrefix === undefined ? 0 : rule.upstreamRepositoryPrefix.length + 1;
  return upstream * 2 + (rule.ecrRepositoryPrefix === ROOT ? 0 : 1);
}

/**
 * The rule ECR applies to a cache repository path: the longest ECR prefix the path is strictly under,
 * else the ROOT rule; undefined when neither exists.
 */
export function ruleForCachePath(path: string, rules: readonly CacheRule[]): CacheRule | undefined {
  const normalized = rules.map(normalizeRule);
  const prefix = mostSpecificPrefix(
    normalized.map((r) => r.ecrRepositoryPrefix),
    path,
  );
  return normalized.find((r) => r.ecrRepositoryPrefix === prefix);
}

/** Rejects references whose registry is not a supported, port-less upstream, or is the target itself. */
function checkUpstreamHost(ref: ParsedReference, target: CacheTarget): string {
  const url = upstreamUrlOf(ref);
  if (url === ecrRegistryHost(target)) throw alreadyInTargetRegistry(ref.input, ref.registry);
  if (!isSupportedUpstream(url)) throw unsupportedUpstream(ref.input, ref.registry);
  if (ref.port !== undefined) throw upstreamWithPort(ref.input, ref.registry, ref.hostname);
  return url;
}

/** Chooses the rule and builds the cache repository name, or throws why none fits. */
function cachePathOf(ref: ParsedReference, url: string, rules: readonly CacheRule[]): string {
  const forRegistry = rules.map(normalizeRule).filter((r) => r.upstreamRegistryUrl === url);
  if (forRegistry.length === 0) throw noRuleForRegistry(ref.input, url);
  const covering = forRegistry
    .filter((r) => upstreamRemainder(r, ref.path) !== undefined)
    .sort((a, b) => forwardSpecificity(b) - forwardSpecificity(a));
  if (covering.length === 0) {
    const prefixes = forRegistry.map((r) => r.upstreamRepositoryPrefix ?? ROOT);
    throw noRuleForUpstreamPath(ref.input, url, ref.path, prefixes);
  }
  const candidates = covering.map((rule) => ({
    rule,
    path: cachePathFor(rule, upstreamRemainder(rule, ref.path) ?? ""),
  }));
  const reachable = candidates.find((c) => sameRule(ruleForCachePath(c.path, rules), c.rule));
  if (reachable !== undefined) return reachable.path;
  const first = candidates[0];
  const shadow = ruleForCachePath(first.path, rules) ?? first.rule;
  throw cachePathShadowed(ref.input, first.path, shadow.ecrRepositoryPrefix, shadow.upstreamRegistryUrl);
}

/** True when two (normalized) rules are the same rule. */
function sameRule(a: CacheRule | undefined, b: CacheRule): boolean {
  return (
    a !== undefined &&
    a.ecrRepositoryPrefix === b.ecrRepositoryPrefix &&
    a.upstreamRegistryUrl === b.upstreamRegistryUrl &&
    a.upstreamRepositoryPrefix === b.upstreamRepositoryPrefix
  );
}

/**
 * Maps an image reference to the URI that pulls it through the cache:
 * `<account>.dkr.ecr.<region>.amazonaws.com/<ecr prefix>/<upstream path>[:tag][@digest]`.
 * Of the rules for the reference's registry, the one with the longest matching upstream prefix wins (a named ECR
 * prefix before ROOT, then config order); its upstream prefix is replaced by its ECR prefix; ROOT adds no prefix.
 * A rule whose cache path another rule's ECR prefix would capture is skipped. Tag and digest are kept as written.
 *
 * @param reference an image reference (`nginx:1.27`, `quay.io/cilium/cilium:v1.16.0`)
 * @param rules the pull through cache rules (see {@link rulesFromRegistries})
 * @param target the account (12 digits or {@link ACCOUNT_PLACEHOLDER}) and region of the cache
 * @throws ImageReferenceError for an invalid reference
 * @throws ImageMappingError for an invalid target, an unsupported or ported host, or no covering rule
 */
export function toCacheUri(reference: string, rules: readonly CacheRule[], target: CacheTarget): string {
  validateTarget(target);
  const ref = parseReference(reference);
  const url = checkUpstreamHost(ref, target);
  const path = cachePathOf(ref, url, rules);
  if (path.length > ECR_REPOSITORY_NAME_MAX_LENGTH) {
    throw cacheRepositoryNameTooLong(reference, path, ECR_REPOSITORY_NAME_MAX_LENGTH);
  }
  return withTagAndDigest(`${ecrRegistryHost(target)}/${path}`, ref);
}

/** Parses a cache URI's host into account and region, or throws when it is not an ECR private registry. */
function parseEcrHost(ref: ParsedReference): CacheTarget {
  const match = ref.port === undefined ? ECR_PRIVATE_HOST_PATTERN.exec(ref.hostname) : null;
  if (!match || ref.implicitRegistry) throw notEcrPrivateUri(ref.input, ref.implicitRegistry ? "none" : ref.registry);
  return { account: match[1], region: match[2] };
}

/** Throws when the URI's account or region differs from the expected one. */
function checkExpectedTarget(uri: string, actual: CacheTarget, expected: Partial<CacheTarget>): void {
  if (expected.region !== undefined && actual.region !== expected.region) {
    throw uriTargetMismatch(uri, "region", actual.region, expected.region);
  }
  const account = expected.account;
  if (account !== undefined && account !== ACCOUNT_PLACEHOLDER && actual.account !== account) {
    throw uriTargetMismatch(uri, "account", actual.account, account);
  }
}

/**
 * Maps a pull through cache URI back to the upstream reference it pulls:
 * the rule is found by ECR prefix (longest match, ROOT last), the ECR prefix is replaced by the rule's upstream
 * prefix, and the host becomes the upstream registry (Docker Hub as `docker.io`). Tag and digest are kept.
 *
 * @param uri a cache URI, `<account>.dkr.ecr.<region>.amazonaws.com/<ecr prefix>/<path>[:tag][@digest]`
 * @param rules the pull through cache rules
 * @param expected when given, the account and/or region the URI must be in
 * @throws ImageReferenceError for an invalid URI
 * @throws ImageMappingError when the host is not an ECR private registry, is in another account or region, or no
 *   rule's ECR prefix covers the path
 */
export function toUpstreamReference(
  uri: string,
  rules: readonly CacheRule[],
  expected: Partial<CacheTarget> = {},
): string {
  const ref = parseReference(uri);
  checkExpectedTarget(uri, parseEcrHost(ref), expected);
  const rule = ruleForCachePath(ref.path, rules);
  if (rule === undefined) {
    throw noRuleForCachePath(
      uri,
      ref.path,
      rules.map((r) => normalizeRule(r).ecrRepositoryPrefix),
    );
  }
  const remainder = rule.ecrRepositoryPrefix === ROOT ? ref.path : ref.path.slice(rule.ecrRepositoryPrefix.length + 1);
  const path =
    rule.upstreamRepositoryPrefix === undefined ? remainder : `${rule.upstreamRepositoryPrefix}/${remainder}`;
  const host = rule.upstreamRegistryUrl === DOCKER_HUB_REGISTRY ? DOCKER_HUB_DOMAIN : rule.upstreamRegistryUrl;
  return withTagAndDigest(`${host}/${path}`, ref);
}
