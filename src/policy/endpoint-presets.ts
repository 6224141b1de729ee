/**
 * Named sets of VPC endpoints a config can start from (`vpcEndpoints.preset`). Facts only: each preset lists the
 * endpoints it stands for, keyed by the name the stack gives them. The expansion (preset plus explicit endpoints)
 * is `effectiveEndpoints` in src/config/endpoints.ts.
 */

/** One endpoint of a preset: a service short name and the endpoint type. */
export interface PresetEndpoint {
  readonly service: string;
  readonly type: "Interface" | "Gateway";
}

/** The S3 gateway endpoint: free, and it carries the image layers ECR serves from S3 (ecr-facts.md §7). */
const S3_GATEWAY = { s3: { service: "s3", type: "Gateway" } } as const;

/** What ECR pulls need from private subnets: ecr.api, ecr.dkr and the S3 gateway (ecr-facts.md §7 [VPCE]). */
const ECR = {
  ...S3_GATEWAY,
  ecr_api: { service: "ecr.api", type: "Interface" },
  ecr_dkr: { service: "ecr.dkr", type: "Interface" },
} as const;

/** The reference design's eight endpoints: ECR, EC2, CloudWatch Logs, STS, EKS Pod Identity and the EKS API. */
const BLOGS_EIGHT = {
  ec2: { service: "ec2", type: "Interface" },
  ...ECR,
  cloudwatch_logs: { service: "logs", type: "Interface" },
  sts: { service: "sts", type: "Interface" },
  eks_auth: { service: "eks-auth", type: "Interface" },
  eks: { service: "eks", type: "Interface" },
} as const;

/**
 * The presets:
 * - `s3-only`: the free S3 gateway endpoint alone (registry API calls and cache misses keep using the NAT);
 * - `ecr`: s3 + ecr.api + ecr.dkr, what ECR pulls need without a NAT;
 * - `eks-private`: what an EKS cluster without a NAT needs (ecr-facts.md §7 [EKS]): the design's eight plus
 *   elasticloadbalancing (load balancer controller), xray and autoscaling (Cluster Autoscaler).
 */
export const ENDPOINT_PRESETS = {
  "s3-only": S3_GATEWAY,
  ecr: ECR,
  "eks-private": {
    ...BLOGS_EIGHT,
    elasticloadbalancing: { service: "elasticloadbalancing", type: "Interface" },
    xray: { service: "xray", type: "Interface" },
    autoscaling: { service: "autoscaling", type: "Interface" },
  },
} as const satisfies Readonly<Record<string, Readonly<Record<string, PresetEndpoint>>>>;

/** A preset's name. */
export type EndpointPresetName = keyof typeof ENDPOINT_PRESETS;

/** The preset names, in the order of {@link ENDPOINT_PRESETS}. */
export const ENDPOINT_PRESET_NAMES = Object.keys(ENDPOINT_PRESETS) as [EndpointPresetName, ...EndpointPresetName[]];
