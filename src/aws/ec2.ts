/** EC2 and VPC facts: endpoint service names, resource IDs, security groups and VPC CIDR blocks. */
import ipaddr from "ipaddr.js";
import type { LengthLimit } from "./length";
import { literalSource } from "./pattern";
import { REGION_SOURCE } from "./region";

// ---- VPC endpoints ----

/** Services that have a Gateway endpoint. */
export const GATEWAY_SERVICES: readonly string[] = ["s3", "dynamodb"];

const SHORT_SOURCE = "[a-z0-9-]+(?:\\.[a-z0-9-]+)*";

/** A service short name: `ecr.dkr`, `s3`, `eks-auth`. */
export const SERVICE_SHORT_NAME_PATTERN = new RegExp(`^${SHORT_SOURCE}$`);

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

/** `com.amazonaws.<region>.ecr.dkr` -> `ecr.dkr`; a short name is returned as is. */
export function shortServiceName(service: string): string {
  for (const pattern of Object.values(SERVICE_FULL_NAME_PATTERNS)) {
    const match = pattern.exec(service);
    if (match) return match[2];
  }
  return service;
}

/** The ECR and S3 service short names the endpoint checks care about. */
export const SERVICES = { ecrApi: "ecr.api", ecrDkr: "ecr.dkr", s3: "s3" } as const;

/** Limits of a VPC endpoint: its policy is at most 20,480 characters, white space included (AWS PrivateLink). */
export const ENDPOINT_LIMITS = {
  policy: { max: 20_480, unit: "characters" },
} as const satisfies Record<string, LengthLimit>;

// ---- resource IDs ----

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

// ---- security groups ----

/**
 * Limits of a security group's name and description. Provider 5.100.0: StringLenBetween(0, 255) on both, in bytes
 * (EC2 says 255 characters, and in a VPC allows only ASCII, where the two agree).
 */
export const SECURITY_GROUP_LIMITS = {
  name: { max: 255, unit: "bytes" },
  description: { max: 255, unit: "bytes" },
} as const satisfies Record<string, LengthLimit>;

/** EC2 refuses security group names starting with this, the prefix of group IDs. */
export const SECURITY_GROUP_ID_PREFIX = "sg-";

/** The symbols EC2 accepts in a VPC security group's name and description, besides letters, digits and spaces. */
export const SECURITY_GROUP_TEXT_SYMBOLS = "._-:/()#,@[]+=&;{}!$*";

/** The characters EC2 accepts in a VPC security group's name and description: `a-zA-Z0-9`, space and the symbols. */
export const SECURITY_GROUP_TEXT_PATTERN = new RegExp(`^[a-zA-Z0-9 ${literalSource(SECURITY_GROUP_TEXT_SYMBOLS)}]*$`);

// ---- VPC CIDR ----

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
