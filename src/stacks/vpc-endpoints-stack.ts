import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { VpcSecurityGroupIngressRule } from "@cdktf/provider-aws/lib/vpc-security-group-ingress-rule";
import { TerraformOutput, TerraformVariable, TerraformVariableValidationConfig } from "cdktf";
import { Construct } from "constructs";
import { effectiveEndpoints, inheritsSectionList, resolveEndpoint } from "../config/endpoints";
import { VpcEndpointsConfig } from "../config/schema";
import { VpcEndpoints, VpcEndpointSpec } from "../constructs/vpc-endpoints";
import { RESOURCE_ID_EXAMPLES, RESOURCE_ID_PATTERNS, VPC_CIDR_PREFIX } from "../aws/ec2";
import { BaseStack, BaseStackProps } from "./common";

/** Name of the stack that can be destroyed every night. */
export const VPC_ENDPOINTS_STACK = "vpc-endpoints";

/** Props of {@link VpcEndpointsStack}. */
export interface VpcEndpointsStackProps extends BaseStackProps {
  /** The config's vpcEndpoints section. */
  readonly endpoints: VpcEndpointsConfig;
}

/**
 * The disposable half: a security group that admits HTTPS from the VPC and the endpoints that let nodes reach ECR,
 * S3 and EKS without the NAT gateway. Values that differ per environment and are not in the config become input
 * variables (`vpc_id`, `vpc_cidr`, `private_subnet_ids`, `private_route_table_ids`).
 */
export class VpcEndpointsStack extends BaseStack {
  /** The endpoints' security group. */
  readonly securityGroup: SecurityGroup;
  /** The endpoints. */
  readonly endpoints: VpcEndpoints;

  constructor(scope: Construct, props: VpcEndpointsStackProps) {
    super(scope, VPC_ENDPOINTS_STACK, props);
    const { endpoints: section } = props;
    // The preset's endpoints and the explicit ones, resolved once (the validators read the same list).
    const effective = effectiveEndpoints(section);

    const vpcId =
      section.vpcId ??
      this.variable("vpc_id", "string", "ID of the VPC the endpoints go into", idValidations("vpc_id", "vpc", false))
        .stringValue;
    const vpcCidr = section.vpcCidr ?? this.vpcCidrVariable().stringValue;
    const subnetIds = inheritsSectionList(effective, "subnetIds")
      ? (section.subnetIds ??
        this.variable(
          "private_subnet_ids",
          "list(string)",
          "Private subnets that get an interface endpoint network interface",
          idValidations("private_subnet_ids", "subnet", true),
        ).listValue)
      : undefined;
    const routeTableIds = inheritsSectionList(effective, "routeTableIds")
      ? (section.routeTableIds ??
        this.variable(
          "private_route_table_ids",
          "list(string)",
          "Route tables of the private subnets, for gateway endpoints",
          idValidations("private_route_table_ids", "routeTable", true),
        ).listValue)
      : undefined;

    this.securityGroup = new SecurityGroup(this, "security_group", {
      vpcId,
      name: section.securityGroup.name,
      description: section.securityGroup.description,
    });
    this.securityGroup.overrideLogicalId("vpce");
    new VpcSecurityGroupIngressRule(this, "https_from_vpc", {
      securityGroupId: this.securityGroup.id,
      description: "HTTPS from the VPC to the interface endpoints",
      cidrIpv4: vpcCidr,
      ipProtocol: "tcp",
      fromPort: 443,
      toPort: 443,
    }).overrideLogicalId("allow_vpc");

    const specs: Record<string, VpcEndpointSpec> = {};
    const fallbacks = { subnetIds, routeTableIds, securityGroupIds: [this.securityGroup.id] };
    for (const { name, endpoint } of effective) {
      const resolved = resolveEndpoint(endpoint, this.region, fallbacks);
      specs[name] = { ...resolved, policy: resolved.policy && JSON.stringify(resolved.policy) };
    }
    this.endpoints = new VpcEndpoints(this, "endpoints", { vpcId, endpoints: specs, tags: section.tags });

    new TerraformOutput(this, "security_group_id", {
      value: this.securityGroup.id,
      description: "Security group of the interface endpoints",
    });
    new TerraformOutput(this, "endpoint_ids", {
      value: this.endpoints.module.endpointIdsOutput,
      description: "VPC endpoint IDs keyed by endpoint name",
    });
  }

  private variable(
    name: string,
    type: string,
    description: string,
    validation: TerraformVariableValidationConfig[],
  ): TerraformVariable {
    const v = new TerraformVariable(this, name, { type, description, nullable: false, validation });
    v.overrideLogicalId(name);
    return v;
  }

  /**
   * `vpc_cidr`, checked as the provider checks the ingress rule's cidr_ipv4 (an IPv4 block written as its network
   * address), plus a check block that warns at plan when it is broader than any VPC, as validate does.
   */
  private vpcCidrVariable(): TerraformVariable {
    const cidr = "var.vpc_cidr";
    const ipv4 = `can(cidrnetmask(${cidr}))`;
    const network = `cidrsubnet(${cidr}, 0, 0)`;
    const variable = this.variable("vpc_cidr", "string", "CIDR of the VPC, allowed to reach the endpoints on 443", [
      {
        condition: `\${${ipv4} && try(${network} == ${cidr}, false)}`,
        errorMessage:
          `vpc_cidr must be an IPv4 CIDR block written as its network address, such as 10.0.0.0/16` +
          `\${${ipv4} && can(${network}) ? format("; did you mean %s?", ${network}) : ""}`,
      },
    ]);
    // A check block's failed assertion is a warning: plan goes on, as validate's warning lets synth go on.
    this.addOverride("check.vpc_cidr_breadth.assert", [
      {
        condition: `\${!${ipv4} || try(tonumber(split("/", ${cidr})[1]) >= ${VPC_CIDR_PREFIX.min}, true)}`,
        error_message:
          `vpc_cidr \${${cidr}} opens tcp 443 on the endpoints to more addresses than any VPC holds ` +
          `(a VPC CIDR block is /${VPC_CIDR_PREFIX.min} to /${VPC_CIDR_PREFIX.max}); pass the VPC's own CIDR.`,
      },
    ]);
    return variable;
  }
}

type IdKind = keyof typeof RESOURCE_ID_PATTERNS;

/**
 * Validation blocks for an ID variable (or a list of IDs): the shape validate checks (RESOURCE_ID_PATTERNS), and for
 * a list at least one entry and no repeats, so a pipeline's `-var` mistake fails at the root variable.
 */
function idValidations(name: string, kind: IdKind, list: boolean): TerraformVariableValidationConfig[] {
  const regex = JSON.stringify(RESOURCE_ID_PATTERNS[kind].source);
  const example = RESOURCE_ID_EXAMPLES[kind];
  const prefix = example.split("-")[0];
  if (!list)
    return [
      {
        condition: `\${can(regex(${regex}, var.${name}))}`,
        errorMessage: `${name} must be an ID starting with "${prefix}-", such as ${example}.`,
      },
    ];
  return [
    {
      condition: `\${length(var.${name}) > 0}`,
      errorMessage: `${name} must list at least one ID, such as ["${example}"].`,
    },
    {
      condition: `\${alltrue([for id in var.${name} : can(regex(${regex}, id))])}`,
      errorMessage:
        `${name} must hold only IDs starting with "${prefix}-", such as ${example}; not: ` +
        `\${join(", ", [for id in var.${name} : id if !can(regex(${regex}, id))])}.`,
    },
    {
      condition: `\${length(distinct(var.${name})) == length(var.${name})}`,
      errorMessage: `${name} lists an ID more than once; list each once.`,
    },
  ];
}
