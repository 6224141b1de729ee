/**
 * Checks `targets` (several accounts and Regions), `registryPolicy` and `scanning`, each rule with its message.
 * Targets are read through src/config/targets.ts, the resolver the stacks use.
 */
import { isAccountId } from "../aws/account";
import { SCAN_FREQUENCIES } from "../aws/ecr";
import { ORGANIZATION_ID_PATTERN, ORGANIZATION_PATH_EXAMPLE, ORGANIZATION_PATH_PATTERN } from "../aws/organizations";
import { Config, RegistryPolicyConfig, ScanningConfig, TargetConfig } from "../config/schema";
import { targetName } from "../config/targets";
import { IAM_ROLE_ARN_PATTERN } from "../aws/iam";
import { at, error, Finding, warning } from "./finding";
import { validateRegion } from "./registries";

/** A target name: what stack folders, state keys and pipeline jobs are named after. */
const TARGET_NAME_PATTERN = /^[a-z0-9](?:[a-z0-9-]{0,30}[a-z0-9])?$/;

/** Findings for `targets`, and for the sections a config has either at the top or per target. */
export function validateTargets(config: Config): Finding[] {
  if (config.targets === undefined) {
    return [
      ...(config.registryPolicy
        ? validateRegistryPolicy(config.registryPolicy, "registryPolicy", config.accountId)
        : []),
      ...(config.scanning ? validateScanning(config.scanning, "scanning", config.region) : []),
    ];
  }
  const findings: Finding[] = [];
  // A targets list without a target would synthesize nothing at all.
  if (config.targets.length === 0) {
    findings.push(
      error("targets", "lists no target", [], "list at least one target, or remove targets to deploy to one account"),
    );
  }
  // Per-account settings at the top would be ambiguous across accounts: each target says its own.
  for (const key of ["accountId", "vpcEndpoints", "registryPolicy", "scanning"] as const) {
    if (config[key] !== undefined) {
      findings.push(
        error(
          key,
          "is set at the top of a config that has targets",
          undefined,
          `move it into each target that needs it (targets[i].${key})`,
        ),
      );
    }
  }
  // IAM names are global to an account: a fixed node policy name would collide between two targets in one account.
  const policyName = config.nodeAccess.policyName;
  const accounts = config.targets.map((t) => t.accountId);
  const shared = accounts.find((a, i) => accounts.indexOf(a) !== i);
  if (policyName !== undefined && shared !== undefined) {
    findings.push(
      error(
        "nodeAccess.policyName",
        `names one IAM policy for every target, but account ${shared} has several targets, and IAM names are per account`,
        policyName,
        "remove policyName: the default, ecr-pull-cache-node-pull-<region>, differs per Region",
      ),
    );
  }
  const names = config.targets.map((t) => targetName(t, config.region));
  config.targets.forEach((target, i) => findings.push(...validateTarget(config, target, at("targets", i), names)));
  return findings;
}

function validateTarget(config: Config, target: TargetConfig, path: string, names: readonly string[]): Finding[] {
  const findings: Finding[] = [];
  const region = target.region ?? config.region;
  const name = targetName(target, config.region);
  // The account id is a 12-digit number (given as a string: YAML would drop leading zeros from a number).
  if (!isAccountId(target.accountId)) {
    findings.push(
      error(
        at(path, "accountId"),
        "is not a 12-digit AWS account id",
        target.accountId,
        'quote 12 digits, e.g. "111111111111"',
      ),
    );
  }
  if (target.region !== undefined) {
    findings.push(...validateRegion(target.region).map((f) => ({ ...f, path: at(path, "region") })));
  }
  // The name becomes part of stack folder names and S3 state keys.
  if (!TARGET_NAME_PATTERN.test(name)) {
    findings.push(
      error(
        at(path, target.name === undefined ? "accountId" : "name"),
        `gives the target name ${JSON.stringify(name)}, which is not 1-32 lowercase letters, digits and inner hyphens`,
        target.name ?? target.accountId,
        'set name to such a name, e.g. "hub" or "prod-eu"',
      ),
    );
  }
  // Two targets with one name would write the same stack folders and state.
  if (names.indexOf(name) !== names.lastIndexOf(name)) {
    findings.push(error(at(path, "name"), "is the name of another target too", name, "give each target its own name"));
  }
  // One cache per registry: two targets in the same account and Region would fight over the same rules.
  const twin = config.targets!.find(
    (t) => t !== target && t.accountId === target.accountId && (t.region ?? config.region) === region,
  );
  if (twin !== undefined) {
    findings.push(
      error(
        path,
        `deploys to the same account and Region as target ${JSON.stringify(targetName(twin, config.region))}`,
        `${target.accountId} ${region}`,
        "keep one target per account and Region: a registry holds one set of pull through cache rules",
      ),
    );
  }
  if (target.roleArn !== undefined) findings.push(...validateRoleArn(target, at(path, "roleArn")));
  if (target.pullFrom !== undefined) findings.push(...validatePullFrom(config, target, at(path, "pullFrom"), names));
  if (target.registryPolicy) {
    findings.push(...validateRegistryPolicy(target.registryPolicy, at(path, "registryPolicy"), target.accountId));
  }
  if (target.scanning) findings.push(...validateScanning(target.scanning, at(path, "scanning"), region));
  // A hub with spokes in other accounts gets a registry policy granting them, which replaces the registry's own.
  const foreignSpokes = config.targets!.filter((s) => s.pullFrom === name && s.accountId !== target.accountId);
  if (foreignSpokes.length > 0 && target.registryPolicy === undefined) {
    findings.push(
      warning(
        path,
        `gets a registry policy granting its spokes in ${foreignSpokes.map((s) => s.accountId).join(", ")}: a registry has one, and applying it replaces the one the registry has now`,
        name,
        "move statements you need from the current policy (aws ecr get-registry-policy) into registryPolicy first",
      ),
    );
  }
  if (target.pullFrom === undefined) findings.push(...validateSecretLocations(config, target.accountId, region, path));
  return findings;
}

/** A target that pulls from the upstreams needs each existing secret in its own account and Region. */
function validateSecretLocations(config: Config, accountId: string, region: string, path: string): Finding[] {
  return Object.entries(config.registries).flatMap(([prefix, registry]) => {
    const credentials = registry.credentials;
    if (credentials === undefined || credentials === "managed") return [];
    const [, , , secretRegion, secretAccount] = credentials.secretArn.split(":");
    // ECR reads a rule's secret in the rule's own account and Region (pull-through-cache-creating-rule).
    if (secretRegion === region && secretAccount === accountId) return [];
    return [
      error(
        at(at("registries", prefix), "credentials"),
        `names a secret in ${secretAccount} ${secretRegion}, but target ${path} pulls from the upstream in ${accountId} ${region}, where ECR looks for it`,
        undefined,
        "use credentials: managed to have a secret made in every target, or pull that target from a hub (pullFrom)",
      ),
    ];
  });
}

function validateRoleArn(target: TargetConfig, path: string): Finding[] {
  const arn = target.roleArn!;
  // An IAM role ARN: arn:aws:iam::<12 digits>:role/<name>.
  if (!IAM_ROLE_ARN_PATTERN.test(arn)) {
    return [error(path, "is not an IAM role ARN", arn, 'write "arn:aws:iam::<account id>:role/<name>"')];
  }
  // Terraform deploys into the account of the role it assumes: another account's role would deploy there.
  const roleAccount = arn.split(":")[4];
  if (roleAccount !== target.accountId) {
    return [
      error(
        path,
        `is a role in account ${roleAccount}, not in the target's account ${target.accountId}: the stacks would deploy there`,
        arn,
        "name a role in the target's account, or fix accountId",
      ),
    ];
  }
  return [];
}

function validatePullFrom(config: Config, target: TargetConfig, path: string, names: readonly string[]): Finding[] {
  const hubIndex = names.indexOf(target.pullFrom!);
  // The hub is another target of this config: its account and Region are what the spoke's rules point at.
  if (hubIndex < 0) {
    return [error(path, "names no target of this config", target.pullFrom, `name one of: ${names.join(", ")}`)];
  }
  const hub = config.targets![hubIndex];
  if (hub === target) {
    return [error(path, "names the target itself", target.pullFrom, "name another target, or remove pullFrom")];
  }
  // A hub pulls from the upstreams itself: a chain of caches would add a hop and a point of failure per pull.
  if (hub.pullFrom !== undefined) {
    return [
      error(
        path,
        `names a target that pulls from ${JSON.stringify(hub.pullFrom)} itself`,
        target.pullFrom,
        `pull from ${JSON.stringify(hub.pullFrom)} directly: hubs take their images from the upstreams`,
      ),
    ];
  }
  return [];
}

/** Findings for a registry policy: the shapes of what it grants, and never an unconditioned `*`. */
function validateRegistryPolicy(policy: RegistryPolicyConfig, path: string, ownAccount?: string): Finding[] {
  const findings: Finding[] = [];
  const { organizationId, organizationalUnitPaths = [], accountIds = [] } = policy;
  // A registry policy that grants nothing would still replace the registry's current one.
  if (organizationId === undefined && organizationalUnitPaths.length === 0 && accountIds.length === 0) {
    findings.push(
      error(path, "grants nothing", policy, "set organizationId, organizationalUnitPaths or accountIds, or remove it"),
    );
  }
  // An organization id is o- and 10 to 32 lowercase letters or digits.
  if (organizationId !== undefined && !ORGANIZATION_ID_PATTERN.test(organizationId)) {
    findings.push(
      error(
        at(path, "organizationId"),
        "is not an organization id",
        organizationId,
        'write "o-" and 10 to 32 lowercase letters or digits',
      ),
    );
  }
  organizationalUnitPaths.forEach((p, i) => {
    // aws:PrincipalOrgPaths values: <org id>/<root id>/<ou id>/..., optionally ending in *.
    if (!ORGANIZATION_PATH_PATTERN.test(p)) {
      findings.push(
        error(
          at(at(path, "organizationalUnitPaths"), i),
          "is not an organization path",
          p,
          `write "<org id>/<root id>/<ou id>/", e.g. "${ORGANIZATION_PATH_EXAMPLE}" (a trailing * takes every OU below)`,
        ),
      );
    }
  });
  accountIds.forEach((a, i) => {
    const where = at(at(path, "accountIds"), i);
    // "*" would grant every AWS account: org-wide grants go through organizationId, which carries a condition.
    if (a === "*") {
      findings.push(error(where, "would grant every AWS account", a, "use organizationId to grant your organization"));
    } else if (!isAccountId(a)) {
      findings.push(error(where, "is not a 12-digit AWS account id", a, 'quote 12 digits, e.g. "222222222222"'));
    } else if (a === ownAccount) {
      findings.push(warning(where, "is the registry's own account, which needs no grant", a, "remove it"));
    }
  });
  findings.push(
    warning(
      path,
      "becomes the registry policy: a registry has one, and applying it replaces the one the registry has now",
      undefined,
      "move statements you need from the current policy (aws ecr get-registry-policy) into this config first",
    ),
  );
  return findings;
}

/** Findings for a scanning configuration. */
function validateScanning(scanning: ScanningConfig, path: string, region: string): Finding[] {
  const findings: Finding[] = [];
  const allowed: readonly string[] = SCAN_FREQUENCIES[scanning.type];
  // BASIC scanning scans on push only; continuous scanning is Amazon Inspector's (ENHANCED).
  if (!allowed.includes(scanning.frequency)) {
    findings.push(
      error(
        at(path, "frequency"),
        `is not available with ${scanning.type} scanning (it allows ${allowed.join(", ")})`,
        scanning.frequency,
        `use ${allowed.join(" or ")}, or type ENHANCED`,
      ),
    );
  }
  findings.push(
    warning(
      path,
      `becomes the scanning configuration of the registry in ${region}: a registry has one, and applying it replaces the one it has now, filters for repositories outside the cache included`,
      undefined,
      "check the current one first (aws ecr get-registry-scanning-configuration)",
    ),
  );
  return findings;
}
