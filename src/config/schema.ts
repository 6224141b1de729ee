/**
 * The config file's shape: one zod schema that both validates a user's YAML/JSON at load time and gives the
 * TypeScript types the constructs take. Data only: loading and rule checks live in `load.ts` and `src/validate/`.
 */
import { z } from "zod";
import { ACCOUNT_ID_PATTERN } from "../aws/account";
import { SCAN_FREQUENCY_NAMES, SCAN_TYPES } from "../aws/ecr";
import { ENDPOINT_PRESET_NAMES } from "../policy/endpoint-presets";

/** A string that must not be empty. */
const text = z.string().min(1);

/** Tags: string keys to string values. */
const tags = z.record(text, z.string());

/** An IAM policy document as an object (rendered to JSON by the stack). */
const policyDocument = z.record(z.string(), z.unknown());

/**
 * Credentials for an upstream that needs a login.
 * - `"managed"`: the stack creates the `ecr-pullthroughcache/<prefix>` secret; the username and access token are
 *   sensitive, ephemeral Terraform variables written only through the write-only `secret_string_wo`.
 * - `{ secretArn }`: an existing Secrets Manager secret is used as is.
 */
const credentialsSchema = z.union([z.literal("managed"), z.object({ secretArn: text }).strict()]);

/** Settings of a repository creation template; every field is optional so registries can override a subset. */
const templateSettingsSchema = z
  .object({
    /** @default "Pull through cache repositories for <prefix>" */
    description: z.string().optional(),
    /** @default "MUTABLE" (what AWS recommends for pull through cache: ECR can then refresh cached tags) */
    imageTagMutability: z
      .enum(["MUTABLE", "IMMUTABLE", "IMMUTABLE_WITH_EXCLUSION", "MUTABLE_WITH_EXCLUSION"])
      .optional(),
    /** @default { type: "AES256" } */
    encryption: z
      .object({
        type: z.enum(["AES256", "KMS", "KMS_DSSE"]),
        /** KMS key ARN; only with type KMS or KMS_DSSE. @default - the AWS managed key for ECR */
        kmsKey: text.optional(),
      })
      .strict()
      .optional(),
    /** The ECR lifecycle policy as an object. @default - DEFAULT_LIFECYCLE_POLICY */
    lifecyclePolicy: z.unknown().optional(),
    /** Repository policy applied to each created repository. @default - none */
    repositoryPolicy: policyDocument.optional(),
    /** Tags put on each created repository (needs customRoleArn). @default - none */
    resourceTags: tags.optional(),
    /** Role ECR assumes to create repositories; required with resourceTags or a KMS key. @default - none */
    customRoleArn: text.optional(),
  })
  .strict();

/** One upstream registry cached under an ECR repository prefix (the registries map's key). */
const registrySchema = z
  .object({
    /** Upstream host, e.g. `registry-1.docker.io`, `quay.io`, `<account>.dkr.ecr.<region>.amazonaws.com`. */
    upstreamRegistryUrl: text,
    /** Only upstream repositories under this prefix are cached. @default - ROOT: any upstream repository */
    upstreamRepositoryPrefix: text.optional(),
    /** @default - no credentials */
    credentials: credentialsSchema.optional(),
    /** Role ECR assumes to pull from an ECR private upstream. @default - none */
    upstreamRoleArn: text.optional(),
    /** Overrides of `templateDefaults` for this prefix's creation template. @default - the defaults */
    template: templateSettingsSchema.optional(),
  })
  .strict();

/** One VPC endpoint (the endpoints map's key becomes its `Name` tag). */
const endpointSchema = z
  .object({
    /** Service short name (`ecr.dkr`) or full name (`com.amazonaws.<region>.ecr.dkr`). */
    service: text,
    type: z.enum(["Interface", "Gateway"]),
    /** Interface only. @default true */
    privateDns: z.boolean().optional(),
    /** Interface only. @default - vpcEndpoints.subnetIds */
    subnetIds: z.array(text).optional(),
    /** Interface only. @default - the stack's own security group */
    securityGroupIds: z.array(text).optional(),
    /** Gateway only. @default - vpcEndpoints.routeTableIds */
    routeTableIds: z.array(text).optional(),
    /** Endpoint policy as an object. @default - full access */
    policy: policyDocument.optional(),
    ipAddressType: z.enum(["ipv4", "dualstack", "ipv6"]).optional(),
    tags: tags.optional(),
  })
  .strict();

/** The `vpc-endpoints` stack. Omitted values become Terraform input variables of the synthesized JSON. */
const vpcEndpointsSchema = z
  .object({
    /** @default - input variable `vpc_id` */
    vpcId: text.optional(),
    /** @default - input variable `vpc_cidr` */
    vpcCidr: text.optional(),
    /** @default - input variable `private_subnet_ids` */
    subnetIds: z.array(text).optional(),
    /** @default - input variable `private_route_table_ids` */
    routeTableIds: z.array(text).optional(),
    /** The endpoints' security group (tcp 443 from the VPC CIDR). */
    securityGroup: z
      .object({ name: text, description: text })
      .strict()
      .default({ name: "allow-private-subnets", description: "Allow traffic from private subnets" }),
    /** Tags on every endpoint. @default - none */
    tags: tags.optional(),
    /**
     * A named endpoint set to start from: `s3-only`, `ecr` (s3 + ecr.api + ecr.dkr) or `eks-private` (what an EKS
     * cluster without a NAT needs); see src/policy/endpoint-presets.ts. `endpoints` add to it, and an entry with a
     * preset endpoint's name (or its service and type) replaces that endpoint. @default - none
     */
    preset: z.enum(ENDPOINT_PRESET_NAMES).optional(),
    /** Endpoints keyed by name, on top of the preset's. @default {} */
    endpoints: z.record(z.string(), endpointSchema).default({}),
  })
  .strict();

/** The s3 backend's state key prefix when the config gives none. */
export const DEFAULT_STATE_KEY_PREFIX = "ecr-pull-cache";

/** Where Terraform keeps each stack's state. */
const backendSchema = z.discriminatedUnion("type", [
  /** State in `<outdir>/terraform.<stack>.tfstate`: one output folder per environment. */
  z.object({ type: z.literal("local") }).strict(),
  z
    .object({
      type: z.literal("s3"),
      bucket: text,
      /** State key is `<keyPrefix>/<stack>.tfstate`. @default "ecr-pull-cache" */
      keyPrefix: text.default(DEFAULT_STATE_KEY_PREFIX),
      /** @default - the config's region */
      region: text.optional(),
    })
    .strict(),
]);

/** The IAM policy that lets cluster nodes pull through the cache. */
const nodeAccessSchema = z
  .object({
    /** IAM names are global: the default names the Region. @default "ecr-pull-cache-node-pull-<region>" */
    policyName: text.optional(),
    /** IAM role names (the node roles) to attach the policy to. @default - none: attach it yourself */
    roleNames: z.array(text).default([]),
  })
  .strict();

/**
 * Who else may pull through a registry's cache: the registry policy (one per registry and Region). Each grant lets
 * the principals read, import on a miss and create repositories under the cache prefixes, nothing more.
 */
export const registryPolicySchema = z
  .object({
    /** Every principal of this organization (`aws:PrincipalOrgID`). @default - none */
    organizationId: text.optional(),
    /** Every principal under these organization paths (`aws:PrincipalOrgPaths`). @default - none */
    organizationalUnitPaths: z.array(text).optional(),
    /** Every principal of these accounts that its own IAM allows. @default - none */
    accountIds: z.array(text).optional(),
  })
  .strict();

/** Image scanning of the cache repositories (one scanning configuration per registry and Region). */
export const scanningSchema = z
  .object({
    /** BASIC (ECR) or ENHANCED (Amazon Inspector). */
    type: z.enum(SCAN_TYPES),
    /** @default "SCAN_ON_PUSH" (BASIC allows only this) */
    frequency: z.enum(SCAN_FREQUENCY_NAMES).default("SCAN_ON_PUSH"),
  })
  .strict();

/** One account and Region the cache is deployed to; each gets its own stacks, provider and state. */
export const targetSchema = z
  .object({
    /** Names the target's stacks (`registry-cache-<name>`). @default "<accountId>-<region>" */
    name: text.optional(),
    /** The account the target's stacks deploy into. */
    accountId: text,
    /** @default - the config's region */
    region: text.optional(),
    /** The role Terraform assumes in the target (the provider's assume_role). @default - the caller's credentials */
    roleArn: text.optional(),
    /** The name of another target whose cache this one pulls from (ECR to ECR) instead of the upstreams. */
    pullFrom: text.optional(),
    /** Who else may pull through this target's cache. @default - nobody */
    registryPolicy: registryPolicySchema.optional(),
    /** Scanning of this target's cache repositories. @default - the registry's scanning is left alone */
    scanning: scanningSchema.optional(),
    /** This target's VPC endpoints. @default - no vpc-endpoints stack for the target */
    vpcEndpoints: vpcEndpointsSchema.optional(),
  })
  .strict();

/** The whole config file. */
export const configSchema = z
  .object({
    /** AWS Region of both stacks, e.g. `ap-northeast-2`. */
    region: text,
    /** The 12-digit account that owns the cache. @default - input variable `account_id` */
    accountId: z.string().regex(ACCOUNT_ID_PATTERN, "must be a 12-digit AWS account id").optional(),
    /** Default tags on every resource (the provider's default_tags). @default - none */
    tags: tags.optional(),
    /** @default { type: "local" } */
    backend: backendSchema.default({ type: "local" }),
    /** Creation template settings for every registry unless it overrides them. @default - see templateSettingsSchema */
    templateDefaults: templateSettingsSchema.default({}),
    /** The node pull policy. @default { roleNames: [] } */
    nodeAccess: nodeAccessSchema.default({}),
    /** Upstream registries keyed by ECR repository prefix (`ROOT` for none). */
    registries: z.record(z.string(), registrySchema),
    /** The endpoints stack; omit it to synthesize only the cache. @default - no vpc-endpoints stack */
    vpcEndpoints: vpcEndpointsSchema.optional(),
    /** Who else may pull through the cache (without targets; with them, per target). @default - nobody */
    registryPolicy: registryPolicySchema.optional(),
    /** Scanning of the cache repositories (without targets; with them, per target). @default - left alone */
    scanning: scanningSchema.optional(),
    /** Accounts and Regions to deploy to, each with its own stacks. @default - one: accountId (or a variable), region */
    targets: z.array(targetSchema).optional(),
  })
  .strict();

/** A loaded, schema-checked config (defaults applied). */
export type Config = z.infer<typeof configSchema>;
/** The config as written by a user (before defaults). */
export type ConfigInput = z.input<typeof configSchema>;
/** One registries entry. */
export type RegistryConfig = z.infer<typeof registrySchema>;
/** Creation template settings. */
export type TemplateSettings = z.infer<typeof templateSettingsSchema>;
/** One endpoints entry. */
export type EndpointConfig = z.infer<typeof endpointSchema>;
/** The vpcEndpoints section. */
export type VpcEndpointsConfig = z.infer<typeof vpcEndpointsSchema>;
/** The nodeAccess section. */
export type NodeAccessConfig = z.infer<typeof nodeAccessSchema>;
/** The backend section. */
export type BackendConfig = z.infer<typeof backendSchema>;
/** One targets entry. */
export type TargetConfig = z.infer<typeof targetSchema>;
/** The registryPolicy section. */
export type RegistryPolicyConfig = z.infer<typeof registryPolicySchema>;
/** The scanning section. */
export type ScanningConfig = z.infer<typeof scanningSchema>;
/** The credentials of one registry. */
export type CredentialsConfig = z.infer<typeof credentialsSchema>;
