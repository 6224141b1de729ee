/**
 * Checks the vpcEndpoints section against the VPC endpoint rules ECR pulls depend on, collecting every finding.
 * Defaults follow src/stacks/vpc-endpoints-stack.ts: a short service name becomes com.amazonaws.<region>.<service>,
 * Interface endpoints take the section's subnets and the stack's own security group, Gateway endpoints the section's
 * route tables.
 */
import { effectiveEndpoints } from "../config/endpoints";
import { EndpointConfig, VpcEndpointsConfig } from "../config/schema";
import * as msg from "../errors/rules";
import {
  GATEWAY_SERVICES,
  isIpv4Cidr,
  layerBucketObjectsArn,
  RESOURCE_ID_PATTERNS,
  SECURITY_GROUP_ID_PREFIX,
  SECURITY_GROUP_LIMITS,
  SECURITY_GROUP_TEXT_PATTERN,
  SERVICE_FULL_NAME_PATTERN,
  isFullServiceName,
  SERVICE_SHORT_NAME_PATTERN,
  SERVICES,
} from "../policy/ecr-rules";
import { at, Finding } from "./finding";
import { tagFindings } from "./tags";

const SECTION = "vpcEndpoints";

type IdKind = keyof typeof RESOURCE_ID_PATTERNS;

const ID_TEXT: Readonly<Record<IdKind, readonly [string, string]>> = {
  vpc: ["VPC", "vpc-0123456789abcdef0"],
  subnet: ["subnet", "subnet-0123456789abcdef0"],
  routeTable: ["route table", "rtb-0123456789abcdef0"],
  securityGroup: ["security group", "sg-0123456789abcdef0"],
};

/** One endpoint with its resolved service. */
interface Resolved {
  readonly name: string;
  readonly path: string;
  readonly endpoint: EndpointConfig;
  /** The short service name (`ecr.dkr`), undefined when the service name is invalid. */
  readonly short?: string;
}

/** Findings for the vpcEndpoints section; none when the config has no such section. */
export function validateEndpoints(section: VpcEndpointsConfig | undefined, region: string): Finding[] {
  if (section === undefined) return [];
  const findings: Finding[] = [];
  // IDs have their resource type's prefix: vpc-, subnet-, rtb-, sg-.
  if (section.vpcId !== undefined) findings.push(...idFindings(at(SECTION, "vpcId"), [section.vpcId], "vpc", false));
  // The security group admits 443 from vpcCidr, which must be an IPv4 CIDR.
  if (section.vpcCidr !== undefined && !isIpv4Cidr(section.vpcCidr))
    findings.push(msg.cidrInvalid(at(SECTION, "vpcCidr"), section.vpcCidr));
  if (section.subnetIds !== undefined)
    findings.push(...idFindings(at(SECTION, "subnetIds"), section.subnetIds, "subnet"));
  if (section.routeTableIds !== undefined)
    findings.push(...idFindings(at(SECTION, "routeTableIds"), section.routeTableIds, "routeTable"));
  findings.push(...securityGroupFindings(section.securityGroup));
  findings.push(...tagFindings(section.tags, at(SECTION, "tags")));

  // Preset endpoints are checked like written ones; their findings point at vpcEndpoints.preset.<name>.
  const resolved = effectiveEndpoints(section).map(({ name, endpoint, origin }): Resolved => {
    const path = at(at(SECTION, origin === "preset" ? "preset" : "endpoints"), name);
    const service = resolveService(endpoint.service, region);
    if ("finding" in service) findings.push(service.finding(at(path, "service")));
    return { name, path, endpoint, short: "short" in service ? service.short : undefined };
  });
  for (const r of resolved) {
    findings.push(...endpointFindings(r));
    findings.push(...tagFindings(r.endpoint.tags, at(r.path, "tags")));
  }
  findings.push(...inheritedEmptyLists(section, resolved));
  findings.push(...duplicates(resolved));
  findings.push(...routingWarnings(resolved, region));
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
    const max = SECURITY_GROUP_LIMITS[field === "name" ? "nameChars" : "descriptionChars"];
    // EC2: a group name and description are at most 255 characters (CreateSecurityGroup GroupName, Description)
    if (value.length > max) findings.push(msg.securityGroupTextTooLong(fieldPath, field, value.length));
    // EC2: in a VPC, a group name and description use only a-zA-Z0-9, space and ._-:/()#,@[]+=&;{}!$* (CreateSecurityGroup)
    if (!SECURITY_GROUP_TEXT_PATTERN.test(value)) {
      const invalid = [...new Set([...value].filter((c) => !SECURITY_GROUP_TEXT_PATTERN.test(c)))];
      findings.push(msg.securityGroupTextInvalid(fieldPath, field, value, invalid));
    }
  }
  return findings;
}

type ServiceResult = { readonly short: string } | { readonly finding: (path: string) => Finding };

/** The short name of a service as the stack writes it, or the finding when it cannot be one. */
function resolveService(service: string, region: string): ServiceResult {
  const full = SERVICE_FULL_NAME_PATTERN.exec(service);
  if (full) {
    // An endpoint reaches only services of its own VPC's Region.
    if (full[1] !== region) return { finding: (p) => msg.serviceWrongRegion(p, service, full[1], region) };
    return { short: full[2] };
  }
  // A short name is dot-separated lowercase words, and must not look like a full name (the stack would keep it as is).
  if (!isFullServiceName(service) && SERVICE_SHORT_NAME_PATTERN.test(service)) return { short: service };
  return { finding: (p) => msg.serviceInvalid(p, service) };
}

function idFindings(path: string, ids: readonly string[], kind: IdKind, indexed = true): Finding[] {
  const [text, example] = ID_TEXT[kind];
  return ids.flatMap((id, i) =>
    RESOURCE_ID_PATTERNS[kind].test(id) ? [] : [msg.resourceIdInvalid(indexed ? at(path, i) : path, text, id, example)],
  );
}

/** Checks of one endpoint on its own. */
function endpointFindings({ path, endpoint: e, short }: Resolved): Finding[] {
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
    if (short === SERVICES.ecrDkr && e.privateDns === false)
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
function inheritedEmptyLists(section: VpcEndpointsConfig, resolved: readonly Resolved[]): Finding[] {
  const findings: Finding[] = [];
  const inherits = (type: EndpointConfig["type"], field: "subnetIds" | "routeTableIds") =>
    resolved.some((r) => r.endpoint.type === type && r.endpoint[field] === undefined);
  if (section.subnetIds?.length === 0 && inherits("Interface", "subnetIds")) {
    findings.push(
      msg.listEmpty(at(SECTION, "subnetIds"), "subnetIds", "Interface", "the private_subnet_ids input variable"),
    );
  }
  if (section.routeTableIds?.length === 0 && inherits("Gateway", "routeTableIds")) {
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
    if (r.endpoint.type === "Interface" && r.endpoint.privateDns !== false && !s3Gateway)
      findings.push(msg.s3InterfaceWithoutGateway(r.path));
  }
  return findings;
}

// ---- endpoint policy evaluation ----

/** What a policy does to one request: an explicit Deny, an Allow, or neither (denied by default). */
export type PolicyVerdict = "allowed" | "denied" | "not-allowed";

/**
 * Whether an endpoint policy lets `action` on `resource` through, reading Action/NotAction and Resource/NotResource
 * (a string or a list, `*` and `?` wildcards; actions case-insensitive). Principals are taken to match. Conditions
 * cannot be evaluated here, so a conditional Allow counts as allowing and a conditional Deny as not denying: a verdict
 * other than "allowed" is then certain, and a warning built on it is never a false alarm.
 */
export function policyAllows(
  policy: Readonly<Record<string, unknown>>,
  action: string,
  resource: string,
): PolicyVerdict {
  let allowed = false;
  for (const statement of statements(policy.Statement)) {
    const matches =
      fieldMatches(statement, "Action", "NotAction", action, true) &&
      fieldMatches(statement, "Resource", "NotResource", resource, false);
    if (!matches) continue;
    if (statement.Effect === "Deny" && statement.Condition === undefined) return "denied";
    if (statement.Effect === "Allow") allowed = true;
  }
  return allowed ? "allowed" : "not-allowed";
}

function statements(value: unknown): Readonly<Record<string, unknown>>[] {
  const list = Array.isArray(value) ? value : [value];
  return list.filter((s): s is Record<string, unknown> => typeof s === "object" && s !== null && !Array.isArray(s));
}

/** Whether a statement's Action (or NotAction) covers a value; a statement with neither, or with malformed lists, covers nothing. */
function fieldMatches(
  statement: Readonly<Record<string, unknown>>,
  key: string,
  notKey: string,
  value: string,
  ignoreCase: boolean,
): boolean {
  const has = (k: string) => Object.prototype.hasOwnProperty.call(statement, k) && statement[k] !== undefined;
  const field = has(key) ? key : has(notKey) ? notKey : undefined;
  if (field === undefined) return false;
  const raw = statement[field];
  const patterns = Array.isArray(raw) ? raw : [raw];
  if (patterns.length === 0 || !patterns.every((p): p is string => typeof p === "string")) return false;
  const any = patterns.some((p) => globMatches(p, value, ignoreCase));
  return field === key ? any : !any;
}

/** IAM wildcard match: `*` any characters, `?` one character. */
function globMatches(pattern: string, value: string, ignoreCase: boolean): boolean {
  const source = pattern
    .replace(/[.+^${}()|[\]\\]/g, "\\$&")
    .replace(/\*/g, ".*")
    .replace(/\?/g, ".");
  return new RegExp(`^${source}$`, ignoreCase ? "is" : "s").test(value);
}
