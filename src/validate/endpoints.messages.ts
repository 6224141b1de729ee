/** The messages of the vpcEndpoints checks (./endpoints.ts), as named factories tests match by text. */
import {
  ENDPOINT_LIMITS,
  GATEWAY_SERVICES,
  SECURITY_GROUP_ID_PREFIX,
  SECURITY_GROUP_LIMITS,
  SECURITY_GROUP_TEXT_SYMBOLS,
  VPC_CIDR_PREFIX,
} from "../aws/ec2";
import { TAG_LIMITS } from "../aws/tags";
import { error, show, warning, type Finding } from "./finding";
import { textTooLong } from "./messages";

/** "an" before a vowel, "a" otherwise. */
function article(word: string): string {
  return /^[aeiou]/i.test(word) ? "an" : "a";
}

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

/** One of the two ECR interface endpoints without the other: the other half of each pull still needs the NAT. */
export function ecrEndpointWithoutPair(path: string, name: string, present: string, missing: string): Finding {
  const what =
    missing === "ecr.api"
      ? "the login (ecr:GetAuthorizationToken) goes to ECR's API"
      : "image manifests and layer locations come from the registry";
  return warning(
    path,
    `an ${present} endpoint (${name}) without an ${missing} one: ${what}, which would still go through the NAT, or fail without one`,
    undefined,
    `add ${missing.replace(".", "_")}: { service: ${missing}, type: Interface }`,
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

/**
 * An ecr.api or ecr.dkr endpoint policy that does not let an image pull's actions through: `resource` is where they
 * must be allowed (`*` for the login; the cache repositories for the image reads).
 */
export function ecrPolicyBlocksPulls(
  path: string,
  service: string,
  actions: readonly string[],
  resource: string,
  reason: "deny" | "no-allow",
): Finding {
  const listed = actions.join(", ");
  return warning(
    path,
    reason === "deny"
      ? `the ${service} endpoint policy denies ${listed} on every resource: image pulls through this endpoint would fail`
      : `no statement of the ${service} endpoint policy allows ${listed}: image pulls through this endpoint would fail`,
    undefined,
    `add a statement { Effect: Allow, Principal: "*", Action: [${listed}], Resource: ${resource} }${reason === "deny" ? " and narrow the Deny so it does not match it" : ""}`,
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
