/**
 * Checks the vpcEndpoints section against the VPC endpoint rules ECR pulls depend on, collecting every finding.
 * Endpoints are read as the stack creates them, through src/config/endpoints.ts: the preset's and the explicit ones
 * (effectiveEndpoints), private DNS on by default (resolveEndpoint), Interface endpoints falling back to the section's
 * subnets and Gateway endpoints to its route tables (inheritsSectionList).
 */
import { EffectiveEndpoint, effectiveEndpoints, inheritsSectionList, resolveEndpoint } from "../config/endpoints";
import { EndpointConfig, VpcEndpointsConfig } from "../config/schema";
import * as msg from "./endpoints.messages";
import {
  ENDPOINT_LIMITS,
  GATEWAY_SERVICES,
  parseIpv4Cidr,
  VPC_CIDR_PREFIX,
  RESOURCE_ID_EXAMPLES,
  RESOURCE_ID_PATTERNS,
  SECURITY_GROUP_ID_PREFIX,
  SECURITY_GROUP_LIMITS,
  SECURITY_GROUP_TEXT_PATTERN,
  SERVICE_FULL_NAME_PATTERNS,
  isFullServiceName,
  SERVICE_SHORT_NAME_PATTERN,
  SERVICES,
} from "../aws/ec2";
import { ECR_LOGIN_ACTION, ecrRepositoryArn, IMAGE_READ_ACTIONS, layerBucketObjectsArn } from "../aws/ecr";
import { lengthIn } from "../aws/length";
import { TAG_LIMITS } from "../aws/tags";
import { policyAllows, policyAllowsSomewhere, PolicyVerdict } from "../aws/iam-policy";
import { at, Finding } from "./finding";
import { tagCountFindings, tagFindings } from "./tags";

const SECTION = "vpcEndpoints";

type IdKind = keyof typeof RESOURCE_ID_PATTERNS;

const ID_TEXT: Readonly<Record<IdKind, string>> = {
  vpc: "VPC",
  subnet: "subnet",
  routeTable: "route table",
  securityGroup: "security group",
};

/** One endpoint with its resolved service. */
interface Resolved {
  readonly name: string;
  readonly path: string;
  readonly endpoint: EndpointConfig;
  /** The short service name (`ecr.dkr`), undefined when the service name is invalid. */
  readonly short?: string;
  /** Whether the endpoint gets private DNS (Interface endpoints: unless turned off; Gateway: undefined). */
  readonly privateDnsEnabled?: boolean;
}

/** Findings for the vpcEndpoints section; none when the config has no such section. */
export function validateEndpoints(
  section: VpcEndpointsConfig | undefined,
  region: string,
  defaultTags?: Readonly<Record<string, string>>,
): Finding[] {
  if (section === undefined) return [];
  const findings: Finding[] = [];
  // IDs have their resource type's prefix: vpc-, subnet-, rtb-, sg-.
  if (section.vpcId !== undefined) findings.push(...idFindings(at(SECTION, "vpcId"), [section.vpcId], "vpc", false));
  if (section.vpcCidr !== undefined) findings.push(...cidrFindings(at(SECTION, "vpcCidr"), section.vpcCidr));
  if (section.subnetIds !== undefined)
    findings.push(...idFindings(at(SECTION, "subnetIds"), section.subnetIds, "subnet"));
  if (section.routeTableIds !== undefined)
    findings.push(...idFindings(at(SECTION, "routeTableIds"), section.routeTableIds, "routeTable"));
  findings.push(...securityGroupFindings(section.securityGroup));
  findings.push(...tagFindings(section.tags, at(SECTION, "tags")));
  // A Name in the section's tags is replaced on every endpoint by the endpoint's key.
  if (section.tags?.Name !== undefined && Object.keys(section.endpoints).length > 0)
    findings.push(msg.endpointNameTagIgnored(at(at(SECTION, "tags"), "Name"), section.tags.Name));

  // Preset endpoints are checked like written ones; their findings point at vpcEndpoints.preset.<name>.
  const effective = effectiveEndpoints(section);
  const resolved = effective.map(({ name, endpoint, origin }): Resolved => {
    const path = at(at(SECTION, origin === "preset" ? "preset" : "endpoints"), name);
    const service = resolveService(endpoint.service, region);
    if ("finding" in service) findings.push(service.finding(at(path, "service")));
    const short = "short" in service ? service.short : undefined;
    return { name, path, endpoint, short, privateDnsEnabled: resolveEndpoint(endpoint, region).privateDnsEnabled };
  });
  for (const r of resolved) {
    findings.push(...endpointFindings(r));
    findings.push(...nameAndTagFindings(r, section.tags, defaultTags));
  }
  findings.push(...inheritedEmptyLists(section, effective));
  findings.push(...duplicates(resolved));
  findings.push(...routingWarnings(resolved, region));
  return findings;
}

/** vpcCidr becomes the 443 ingress rule's cidr_ipv4, which the provider checks like Go's net.ParseCIDR. */
function cidrFindings(path: string, value: string): Finding[] {
  const cidr = parseIpv4Cidr(value);
  // Provider: cidr_ipv4 is an IPv4 CIDR block...
  if (cidr === undefined) return [msg.cidrInvalid(path, value)];
  // ...written as its network address ("10.0.0.1/16" fails at plan).
  if (cidr.network !== value) return [msg.cidrHostBits(path, value, cidr.network)];
  // Legal, but broader than any VPC: the endpoints would admit addresses from anywhere.
  if (cidr.bits < VPC_CIDR_PREFIX.min) return [msg.cidrTooBroad(path, value, cidr.bits)];
  return [];
}

/** The endpoint key becomes its Name tag; its tags join the section's and the provider's default tags. */
function nameAndTagFindings(
  { name, path, endpoint }: Resolved,
  sectionTags?: Readonly<Record<string, string>>,
  defaultTags?: Readonly<Record<string, string>>,
): Finding[] {
  const findings = tagFindings(endpoint.tags, at(path, "tags"));
  // AWS: a tag value (here the Name tag) is at most 256 characters.
  const nameLength = lengthIn(name, TAG_LIMITS.value.unit);
  if (nameLength > TAG_LIMITS.value.max) findings.push(msg.endpointNameTooLong(path, nameLength));
  // The module writes Name = the key last, over any Name tag given.
  const written = endpoint.tags?.Name;
  if (written !== undefined && written !== name)
    findings.push(msg.endpointNameTagIgnored(at(at(path, "tags"), "Name"), written, name));
  findings.push(...tagCountFindings(path, "this endpoint", defaultTags, sectionTags, endpoint.tags, { Name: name }));
  if (endpoint.policy !== undefined) {
    // AWS PrivateLink: an endpoint policy is at most 20,480 characters.
    const length = lengthIn(JSON.stringify(endpoint.policy) ?? "", ENDPOINT_LIMITS.policy.unit);
    if (length > ENDPOINT_LIMITS.policy.max) findings.push(msg.endpointPolicyTooLong(at(path, "policy"), length));
  }
  return findings;
}

/** The stack's own security group: its name and description as EC2 takes them for a group in a VPC. */
function securityGroupFindings(group: VpcEndpointsConfig["securityGroup"]): Finding[] {
  const path = at(SECTION, "securityGroup");
  const findings: Finding[] = [];
  // EC2: a group name must not start with sg- (CreateSecurityGroup GroupName)
  if (group.name.startsWith(SECURITY_GROUP_ID_PREFIX))
    findings.push(msg.securityGroupNameSgPrefix(at(path, "name"), group.name));
  for (const field of ["name", "description"] as const) {
    const value = group[field];
    const fieldPath = at(path, field);
    // Provider: a group name and description are at most 255 bytes (StringLenBetween; EC2 says characters)
    const length = lengthIn(value, SECURITY_GROUP_LIMITS[field].unit);
    if (length > SECURITY_GROUP_LIMITS[field].max)
      findings.push(msg.securityGroupTextTooLong(fieldPath, field, length));
    // EC2: in a VPC, a group name and description use only a-zA-Z0-9, space and ._-:/()#,@[]+=&;{}!$* (CreateSecurityGroup)
    if (!SECURITY_GROUP_TEXT_PATTERN.test(value)) {
      const invalid = [...new Set([...value].filter((c) => !SECURITY_GROUP_TEXT_PATTERN.test(c)))];
      findings.push(msg.securityGroupTextInvalid(fieldPath, field, value, invalid));
    }
  }
  return findings;
}

type ServiceResult = { readonly short: string } | { readonly finding: (path: string) => Finding };

/**
 * The name of a service within its Region (`ecr.dkr` for an AWS service; the whole name for an endpoint service or
 * SageMaker, so they never pass for an AWS service), or the finding when it cannot be one.
 */
function resolveService(service: string, region: string): ServiceResult {
  for (const [kind, pattern] of Object.entries(SERVICE_FULL_NAME_PATTERNS)) {
    const full = pattern.exec(service);
    if (!full) continue;
    // An endpoint reaches only services of its own VPC's Region.
    if (full[1] !== region) return { finding: (p) => msg.serviceWrongRegion(p, service, full[1], region) };
    return { short: kind === "aws" ? full[2] : service };
  }
  // A short name is dot-separated lowercase words, and must not look like a full name (the stack would keep it as is).
  if (!isFullServiceName(service) && SERVICE_SHORT_NAME_PATTERN.test(service)) return { short: service };
  return { finding: (p) => msg.serviceInvalid(p, service) };
}

function idFindings(path: string, ids: readonly string[], kind: IdKind, indexed = true): Finding[] {
  const text = ID_TEXT[kind];
  const example = RESOURCE_ID_EXAMPLES[kind];
  return ids.flatMap((id, i) =>
    RESOURCE_ID_PATTERNS[kind].test(id) ? [] : [msg.resourceIdInvalid(indexed ? at(path, i) : path, text, id, example)],
  );
}

/** Checks of one endpoint on its own. */
function endpointFindings({ path, endpoint: e, short, privateDnsEnabled }: Resolved): Finding[] {
  const findings: Finding[] = [];
  if (e.type === "Gateway") {
    // Gateway endpoints exist only for S3 and DynamoDB.
    if (short !== undefined && !GATEWAY_SERVICES.includes(short))
      findings.push(msg.gatewayServiceUnsupported(at(path, "service"), short));
    // Private DNS, subnets and security groups belong to Interface endpoints.
    for (const field of ["privateDns", "subnetIds", "securityGroupIds"] as const) {
      if (e[field] !== undefined) findings.push(msg.fieldNotForType(at(path, field), field, "Gateway", "Interface"));
    }
    // A Gateway endpoint is useless without a route table to add routes to.
    if (e.routeTableIds?.length === 0)
      findings.push(msg.listEmpty(at(path, "routeTableIds"), "routeTableIds", "Gateway", "vpcEndpoints.routeTableIds"));
  } else {
    // Route tables belong to Gateway endpoints.
    if (e.routeTableIds !== undefined)
      findings.push(msg.fieldNotForType(at(path, "routeTableIds"), "routeTableIds", "Interface", "Gateway"));
    // An Interface endpoint needs network interfaces in subnets, guarded by security groups.
    if (e.subnetIds?.length === 0)
      findings.push(msg.listEmpty(at(path, "subnetIds"), "subnetIds", "Interface", "vpcEndpoints.subnetIds"));
    if (e.securityGroupIds?.length === 0) {
      findings.push(
        msg.listEmpty(at(path, "securityGroupIds"), "securityGroupIds", "Interface", "the stack's own security group"),
      );
    }
    // Docker clients pull from the registry's public host name, which resolves to the ecr.dkr endpoint only with private DNS.
    if (short === SERVICES.ecrDkr && privateDnsEnabled === false)
      findings.push(msg.ecrDkrNeedsPrivateDns(at(path, "privateDns")));
  }
  if (e.subnetIds !== undefined) findings.push(...idFindings(at(path, "subnetIds"), e.subnetIds, "subnet"));
  if (e.securityGroupIds !== undefined)
    findings.push(...idFindings(at(path, "securityGroupIds"), e.securityGroupIds, "securityGroup"));
  if (e.routeTableIds !== undefined)
    findings.push(...idFindings(at(path, "routeTableIds"), e.routeTableIds, "routeTable"));
  return findings;
}

/** An empty section-level list that an endpoint falls back to is as empty as its own. */
function inheritedEmptyLists(section: VpcEndpointsConfig, effective: readonly EffectiveEndpoint[]): Finding[] {
  const findings: Finding[] = [];
  if (section.subnetIds?.length === 0 && inheritsSectionList(effective, "subnetIds")) {
    findings.push(
      msg.listEmpty(at(SECTION, "subnetIds"), "subnetIds", "Interface", "the private_subnet_ids input variable"),
    );
  }
  if (section.routeTableIds?.length === 0 && inheritsSectionList(effective, "routeTableIds")) {
    findings.push(
      msg.listEmpty(
        at(SECTION, "routeTableIds"),
        "routeTableIds",
        "Gateway",
        "the private_route_table_ids input variable",
      ),
    );
  }
  return findings;
}

/** Two endpoints of one type for one service would collide in the VPC. */
function duplicates(resolved: readonly Resolved[]): Finding[] {
  const findings: Finding[] = [];
  const seen = new Map<string, string>();
  for (const r of resolved) {
    if (r.short === undefined) continue;
    const key = `${r.endpoint.type} ${r.short}`;
    const first = seen.get(key);
    if (first !== undefined)
      findings.push(msg.endpointDuplicate(at(r.path, "service"), r.endpoint.service, r.endpoint.type, first));
    else seen.set(key, r.name);
  }
  return findings;
}

/** Legal setups that still send image layers through the NAT or break pulls. */
function routingWarnings(resolved: readonly Resolved[], region: string): Finding[] {
  const findings: Finding[] = [];
  const s3Gateway = resolved.some((r) => r.short === SERVICES.s3 && r.endpoint.type === "Gateway");
  const ecr = resolved.filter(
    (r) => r.endpoint.type === "Interface" && (r.short === SERVICES.ecrApi || r.short === SERVICES.ecrDkr),
  );
  // ECR serves layers from S3: without an S3 Gateway endpoint they still cross the NAT.
  if (ecr.length > 0 && !s3Gateway)
    findings.push(
      msg.ecrWithoutS3Gateway(
        at(SECTION, "endpoints"),
        ecr.map((r) => r.name),
      ),
    );
  // A pull needs both ECR endpoints: the login through ecr.api, the manifests and layer locations through ecr.dkr.
  for (const [present, missing] of [
    [SERVICES.ecrApi, SERVICES.ecrDkr],
    [SERVICES.ecrDkr, SERVICES.ecrApi],
  ] as const) {
    const lone = ecr.find((r) => r.short === present);
    if (lone !== undefined && !ecr.some((r) => r.short === missing))
      findings.push(msg.ecrEndpointWithoutPair(at(SECTION, "endpoints"), lone.name, present, missing));
  }
  // An ECR endpoint policy must let the login and the image reads through, or pulls fail.
  for (const r of ecr)
    if (r.endpoint.policy !== undefined) findings.push(...ecrPolicyFindings(r, r.endpoint.policy, region));
  const layers = layerBucketObjectsArn(region);
  for (const r of resolved) {
    if (r.short !== SERVICES.s3) continue;
    // An S3 endpoint policy must let s3:GetObject on the Region's layer bucket through, or pulls fail.
    if (r.endpoint.policy !== undefined) {
      const verdict = policyAllows(r.endpoint.policy, "s3:GetObject", layers);
      if (verdict !== "allowed")
        findings.push(
          msg.s3PolicyBlocksLayers(at(r.path, "policy"), layers, verdict === "denied" ? "deny" : "no-allow"),
        );
    }
    // Private DNS on an S3 Interface endpoint needs an S3 Gateway endpoint beside it.
    if (r.endpoint.type === "Interface" && r.privateDnsEnabled === true && !s3Gateway)
      findings.push(msg.s3InterfaceWithoutGateway(r.path));
  }
  return findings;
}

/**
 * An ECR endpoint policy must let a pull through (the deny-only policy of terraform-aws-vpc PR #1197 did not): the
 * login on `*` through ecr.api, the image reads on some repository through ecr.dkr (which repositories a request
 * names is not known here, so only a policy that allows them nowhere, or denies them everywhere, is reported).
 */
function ecrPolicyFindings(r: Resolved, policy: Readonly<Record<string, unknown>>, region: string): Finding[] {
  const login = r.short === SERVICES.ecrApi;
  const actions: readonly string[] = login ? [ECR_LOGIN_ACTION] : IMAGE_READ_ACTIONS;
  const verdict = (a: string): PolicyVerdict =>
    login ? policyAllows(policy, a, "*") : policyAllowsSomewhere(policy, a);
  const resource = login ? '"*"' : ecrRepositoryArn(region, "<account>", "*");
  const findings: Finding[] = [];
  for (const [kind, reason] of [
    ["denied", "deny"],
    ["not-allowed", "no-allow"],
  ] as const) {
    const blocked = actions.filter((a) => verdict(a) === kind);
    if (blocked.length > 0)
      findings.push(msg.ecrPolicyBlocksPulls(at(r.path, "policy"), r.short!, blocked, resource, reason));
  }
  return findings;
}
