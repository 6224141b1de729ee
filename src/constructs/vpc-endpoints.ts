import { Construct } from "constructs";
import { VpcEndpoint } from "../../.gen/modules/vpc-endpoint";

/** One endpoint as the construct takes it; mirrors the object type of the module's `endpoints` variable. */
export interface VpcEndpointSpec {
  /** Full service name: `com.amazonaws.<region>.<service>`. */
  readonly serviceName: string;
  readonly type: "Interface" | "Gateway";
  /** Interface only. @default true */
  readonly privateDnsEnabled?: boolean;
  /** Interface only. @default - none */
  readonly subnetIds?: string[];
  /** Interface only. @default - none */
  readonly securityGroupIds?: string[];
  /** Gateway only. @default - none */
  readonly routeTableIds?: string[];
  /** Endpoint policy JSON. @default - full access */
  readonly policy?: string;
  readonly ipAddressType?: "ipv4" | "dualstack" | "ipv6";
  /** @default - none */
  readonly tags?: Record<string, string>;
}

/** Props of {@link VpcEndpoints}. */
export interface VpcEndpointsProps {
  readonly vpcId: string;
  /** Endpoints keyed by name; the key becomes the endpoint's `Name` tag. */
  readonly endpoints: Readonly<Record<string, VpcEndpointSpec>>;
  /** Tags on every endpoint. @default - none */
  readonly tags?: Record<string, string>;
}

/**
 * The endpoints, through the project's `modules/vpc-endpoint` Terraform module (its generated `.gen` class), with a
 * typed input in place of the module's untyped `endpoints` map.
 */
export class VpcEndpoints extends Construct {
  /** The module instance; its outputs are `endpoint_ids`, `endpoint_arns` and `dns_entries`. */
  readonly module: VpcEndpoint;

  constructor(scope: Construct, id: string, props: VpcEndpointsProps) {
    super(scope, id);
    const endpoints = Object.fromEntries(
      Object.entries(props.endpoints).map(([name, spec]) => [name, toModuleInput(spec)]),
    );
    this.module = new VpcEndpoint(this, "module", { vpcId: props.vpcId, tags: props.tags, endpoints });
    this.module.overrideLogicalId("vpc_endpoints");
  }
}

/** The module's snake_case object for one endpoint; fields left unset stay out, so the module's defaults apply. */
function toModuleInput(spec: VpcEndpointSpec): Record<string, unknown> {
  const input: Record<string, unknown> = {
    service_name: spec.serviceName,
    endpoint_type: spec.type,
    private_dns_enabled: spec.privateDnsEnabled,
    subnet_ids: spec.subnetIds,
    security_group_ids: spec.securityGroupIds,
    route_table_ids: spec.routeTableIds,
    policy: spec.policy,
    ip_address_type: spec.ipAddressType,
    tags: spec.tags,
  };
  return Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined));
}
