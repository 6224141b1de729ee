import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { VpcSecurityGroupIngressRule } from "@cdktf/provider-aws/lib/vpc-security-group-ingress-rule";
import { TerraformOutput, TerraformVariable } from "cdktf";
import { Construct } from "constructs";
import { effectiveEndpoints } from "../config/endpoints";
import { EndpointConfig, VpcEndpointsConfig } from "../config/schema";
import { VpcEndpoints, VpcEndpointSpec } from "../constructs/vpc-endpoints";
import { fullServiceName } from "../policy/ecr-rules";
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
    const { config, endpoints: section } = props;
    // The preset's endpoints and the explicit ones, resolved once (the validators read the same list).
    const effective = effectiveEndpoints(section);
    const entries = effective.map((e) => e.endpoint);
    const usesDefault = (type: EndpointConfig["type"], own: keyof EndpointConfig) =>
      entries.some((e) => e.type === type && e[own] === undefined);

    const vpcId = section.vpcId ?? this.variable("vpc_id", "string", "ID of the VPC the endpoints go into").stringValue;
    const vpcCidr =
      section.vpcCidr ??
      this.variable("vpc_cidr", "string", "CIDR of the VPC, allowed to reach the endpoints on 443").stringValue;
    const subnetIds = usesDefault("Interface", "subnetIds")
      ? (section.subnetIds ??
        this.variable(
          "private_subnet_ids",
          "list(string)",
          "Private subnets that get an interface endpoint network interface",
        ).listValue)
      : undefined;
    const routeTableIds = usesDefault("Gateway", "routeTableIds")
      ? (section.routeTableIds ??
        this.variable(
          "private_route_table_ids",
          "list(string)",
          "Route tables of the private subnets, for gateway endpoints",
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
    for (const { name, endpoint: e } of effective) {
      const interfaceOnly = e.type === "Interface";
      specs[name] = {
        serviceName: fullServiceName(e.service, config.region),
        type: e.type,
        privateDnsEnabled: interfaceOnly ? (e.privateDns ?? true) : undefined,
        subnetIds: interfaceOnly ? (e.subnetIds ?? subnetIds) : undefined,
        securityGroupIds: interfaceOnly ? (e.securityGroupIds ?? [this.securityGroup.id]) : undefined,
        routeTableIds: interfaceOnly ? undefined : (e.routeTableIds ?? routeTableIds),
        policy: e.policy && JSON.stringify(e.policy),
        ipAddressType: e.ipAddressType,
        tags: e.tags,
      };
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

  private variable(name: string, type: string, description: string): TerraformVariable {
    const v = new TerraformVariable(this, name, { type, description, nullable: false });
    v.overrideLogicalId(name);
    return v;
  }
}
