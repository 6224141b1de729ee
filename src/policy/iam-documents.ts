/**
 * The IAM documents the stacks emit for several accounts and Regions, as typed objects built by pure functions: the
 * spoke's pull through cache role (its trust and its permissions), the hub's registry policy, and the creation
 * template role. The actions and service principals are ECR's facts, in src/aws/ecr.ts. The stacks JSON-encode them into their resources; the tests simulate them.
 */
import {
  CACHE_PULL_ACTIONS,
  cacheRepositoryPatterns,
  DOWNSTREAM_ECR_ACTIONS,
  ECR_LOGIN_ACTION,
  ecrRepositoryArn,
  TEMPLATE_ROLE_ECR_ACTIONS,
  TEMPLATE_ROLE_KMS_ACTIONS,
  UPSTREAM_ECR_ACTIONS,
} from "../aws/ecr";
import { iamRoleArn } from "../aws/iam";

/** An IAM policy document. */
export interface PolicyDocument {
  readonly Version: "2012-10-17";
  readonly Statement: readonly PolicyStatement[];
}

/** One statement of a {@link PolicyDocument}. */
export interface PolicyStatement {
  readonly Sid: string;
  readonly Effect: "Allow" | "Deny";
  readonly Principal?: "*" | { readonly AWS?: string | readonly string[]; readonly Service?: string };
  readonly Action: string | readonly string[];
  readonly Resource?: string | readonly string[];
  readonly Condition?: Readonly<Record<string, Readonly<Record<string, string | readonly string[]>>>>;
}

/** A registry: the account and Region that own it. */
export interface RegistryRef {
  readonly accountId: string;
  readonly region: string;
}

/** `repository/<prefix>/*` per cache prefix, `repository/*` when one is ROOT, as ARNs in the registry. */
function cacheRepositoryArns(registry: RegistryRef, prefixes: readonly string[]): string[] {
  return cacheRepositoryPatterns(prefixes).map((p) => ecrRepositoryArn(registry.region, registry.accountId, p));
}

/** Trust policy of a role that only an AWS service may assume. */
export function serviceTrustPolicy(service: string): PolicyDocument {
  return {
    Version: "2012-10-17",
    Statement: [{ Sid: "TrustedService", Effect: "Allow", Principal: { Service: service }, Action: "sts:AssumeRole" }],
  };
}

/**
 * Permissions of a spoke's pull through cache role: log in to ECR (no resource-level permission exists), read and
 * import from the hub's cache repositories, write into the spoke's own cache repositories of the same prefixes.
 */
export function spokeRolePolicy(hub: RegistryRef, spoke: RegistryRef, prefixes: readonly string[]): PolicyDocument {
  return {
    Version: "2012-10-17",
    Statement: [
      { Sid: "EcrLogin", Effect: "Allow", Action: ECR_LOGIN_ACTION, Resource: "*" },
      { Sid: "ReadHub", Effect: "Allow", Action: UPSTREAM_ECR_ACTIONS, Resource: cacheRepositoryArns(hub, prefixes) },
      {
        Sid: "WriteCache",
        Effect: "Allow",
        Action: DOWNSTREAM_ECR_ACTIONS,
        Resource: cacheRepositoryArns(spoke, prefixes),
      },
    ],
  };
}

/** Who may pull through a registry's cache from other accounts. */
export interface RegistryGrants {
  /** Spokes in other accounts, each with the name of its pull through cache role. */
  readonly spokes: readonly { readonly accountId: string; readonly roleName: string }[];
  /** Every principal of this organization. */
  readonly organizationId?: string;
  /** Every principal under these organization paths (`aws:PrincipalOrgPaths`). */
  readonly organizationalUnitPaths?: readonly string[];
  /** Every principal of these accounts (that its own IAM allows). */
  readonly accountIds?: readonly string[];
}

/**
 * The registry policy of a cache others pull through, or undefined when nobody is granted anything. Spokes are granted
 * through their account's root principal narrowed by `aws:PrincipalArn` to their role, so the policy can be applied
 * before the role exists (a role ARN as principal is refused until then).
 */
export function registryPolicy(
  registry: RegistryRef,
  prefixes: readonly string[],
  grants: RegistryGrants,
): PolicyDocument | undefined {
  const resources = cacheRepositoryArns(registry, prefixes);
  const statements: PolicyStatement[] = grants.spokes.map((spoke) => ({
    Sid: `Spoke${spoke.accountId}`,
    Effect: "Allow",
    Principal: { AWS: `arn:aws:iam::${spoke.accountId}:root` },
    Action: [...UPSTREAM_ECR_ACTIONS, "ecr:CreateRepository"].sort(),
    Resource: resources,
    Condition: { ArnEquals: { "aws:PrincipalArn": iamRoleArn(spoke.accountId, spoke.roleName) } },
  }));
  if (grants.organizationId !== undefined) {
    statements.push({
      Sid: "Organization",
      Effect: "Allow",
      Principal: "*",
      Action: CACHE_PULL_ACTIONS,
      Resource: resources,
      Condition: { StringEquals: { "aws:PrincipalOrgID": grants.organizationId } },
    });
  }
  if (grants.organizationalUnitPaths !== undefined && grants.organizationalUnitPaths.length > 0) {
    statements.push({
      Sid: "OrganizationalUnits",
      Effect: "Allow",
      Principal: "*",
      Action: CACHE_PULL_ACTIONS,
      Resource: resources,
      Condition: { "ForAnyValue:StringLike": { "aws:PrincipalOrgPaths": grants.organizationalUnitPaths } },
    });
  }
  if (grants.accountIds !== undefined && grants.accountIds.length > 0) {
    statements.push({
      Sid: "Accounts",
      Effect: "Allow",
      Principal: { AWS: grants.accountIds.map((a) => `arn:aws:iam::${a}:root`) },
      Action: CACHE_PULL_ACTIONS,
      Resource: resources,
    });
  }
  return statements.length === 0 ? undefined : { Version: "2012-10-17", Statement: statements };
}

/**
 * Permissions of the creation template role: create and tag the cache repositories of the templates that need the
 * role, and use their KMS keys (when any) for the repositories' encryption.
 */
export function templateRolePolicy(
  registry: RegistryRef,
  prefixes: readonly string[],
  kmsKeyArns: readonly string[],
): PolicyDocument {
  const statements: PolicyStatement[] = [
    {
      Sid: "CreateCacheRepositories",
      Effect: "Allow",
      Action: TEMPLATE_ROLE_ECR_ACTIONS,
      Resource: cacheRepositoryArns(registry, prefixes),
    },
  ];
  if (kmsKeyArns.length > 0) {
    statements.push({
      Sid: "EncryptWithKey",
      Effect: "Allow",
      Action: TEMPLATE_ROLE_KMS_ACTIONS,
      Resource: kmsKeyArns,
    });
  }
  return { Version: "2012-10-17", Statement: statements };
}
