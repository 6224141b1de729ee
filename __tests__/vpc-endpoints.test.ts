import "cdktf/lib/testing/adapters/jest";
import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { VpcSecurityGroupIngressRule } from "@cdktf/provider-aws/lib/vpc-security-group-ingress-rule";
import { TerraformStack, Testing } from "cdktf";
import { APP_CONTEXT } from "../src/app";
import { VpcEndpoints } from "../src/constructs/vpc-endpoints";
import { fullServiceName } from "../src/aws/ec2";
import { defaultConfig, minimalInput, synth } from "./support/app";

type ModuleInput = {
  endpoints: Record<string, Record<string, unknown>>;
  vpc_id: string;
  tags?: Record<string, string>;
};
const moduleOf = (stackJson: string): ModuleInput => JSON.parse(stackJson).module.vpc_endpoints;

describe("VpcEndpoints construct", () => {
  test("maps the typed endpoints to the module's snake_case input and leaves unset fields out (snapshot)", () => {
    const stack = new TerraformStack(Testing.app({ context: APP_CONTEXT }), "test");
    new VpcEndpoints(stack, "endpoints", {
      vpcId: "vpc-0123456789abcdef0",
      tags: { env: "dev" },
      endpoints: {
        ecr_dkr: {
          serviceName: "com.amazonaws.eu-west-1.ecr.dkr",
          type: "Interface",
          privateDnsEnabled: true,
          subnetIds: ["subnet-1"],
          securityGroupIds: ["sg-1"],
        },
        s3: { serviceName: "com.amazonaws.eu-west-1.s3", type: "Gateway", routeTableIds: ["rtb-1"] },
      },
    });
    const json = Testing.synth(stack);
    const { source, ...mod } = JSON.parse(json).module.vpc_endpoints as ModuleInput & { source: string };
    // The module is copied next to the JSON; its folder name is a hash of modules/, so it stays out of the snapshot.
    expect(source).toMatch(/^\.\/assets\/__cdktf_module_asset_[0-9A-F]+\/[0-9A-F]+$/);
    expect(mod).toMatchSnapshot();
    expect(mod.endpoints.s3).toEqual({
      service_name: "com.amazonaws.eu-west-1.s3",
      endpoint_type: "Gateway",
      route_table_ids: ["rtb-1"],
    });
    expect(mod.endpoints.ecr_dkr).not.toHaveProperty("route_table_ids");
  });
});

describe("vpc-endpoints stack", () => {
  test("the default config: the blog's eight endpoints, Interface with private DNS, s3 as Gateway", () => {
    const mod = moduleOf(synth(defaultConfig()).vpcEndpoints!);
    expect(Object.keys(mod.endpoints).sort()).toEqual(
      ["cloudwatch_logs", "ec2", "ecr_api", "ecr_dkr", "eks", "eks_auth", "s3", "sts"].sort(),
    );
    for (const [name, e] of Object.entries(mod.endpoints)) {
      if (name === "s3") {
        expect(e).toEqual({
          service_name: "com.amazonaws.ap-northeast-2.s3",
          endpoint_type: "Gateway",
          route_table_ids: "${var.private_route_table_ids}",
        });
      } else {
        expect(e).toMatchObject({
          endpoint_type: "Interface",
          private_dns_enabled: true,
          subnet_ids: "${var.private_subnet_ids}",
          security_group_ids: ["${aws_security_group.vpce.id}"],
        });
      }
    }
    expect(mod.endpoints.cloudwatch_logs.service_name).toBe("com.amazonaws.ap-northeast-2.logs");
    expect(mod.vpc_id).toBe("${var.vpc_id}");
  });

  test("per-environment values left out of the config become input variables", () => {
    const json = JSON.parse(synth(defaultConfig()).vpcEndpoints!);
    expect(Object.keys(json.variable).sort()).toEqual([
      "private_route_table_ids",
      "private_subnet_ids",
      "vpc_cidr",
      "vpc_id",
    ]);
    expect(json.variable.private_subnet_ids.type).toBe("list(string)");
  });

  test("values given in the config are used literally and no variable is declared for them", () => {
    const json = synth(
      minimalInput({
        vpcEndpoints: {
          vpcId: "vpc-0abc",
          vpcCidr: "10.0.0.0/16",
          subnetIds: ["subnet-a", "subnet-b"],
          endpoints: { ecr_api: { service: "ecr.api", type: "Interface" } },
        },
      }),
    ).vpcEndpoints!;
    expect(JSON.parse(json).variable).toBeUndefined();
    expect(moduleOf(json).endpoints.ecr_api).toMatchObject({ subnet_ids: ["subnet-a", "subnet-b"] });
    expect(json).toHaveResourceWithProperties(VpcSecurityGroupIngressRule, {
      cidr_ipv4: "10.0.0.0/16",
      ip_protocol: "tcp",
      from_port: 443,
      to_port: 443,
    });
  });

  test("the security group is the blog's, in the configured VPC", () => {
    const json = synth(defaultConfig()).vpcEndpoints!;
    expect(json).toHaveResourceWithProperties(SecurityGroup, {
      name: "allow-private-subnets",
      description: "Allow traffic from private subnets",
      vpc_id: "${var.vpc_id}",
    });
  });

  test("an endpoint's own ids, policy and tags win over the stack's", () => {
    const json = synth(
      minimalInput({
        vpcEndpoints: {
          vpcId: "vpc-0abc",
          vpcCidr: "10.0.0.0/16",
          endpoints: {
            sts: {
              service: "sts",
              type: "Interface",
              privateDns: false,
              subnetIds: ["subnet-x"],
              securityGroupIds: ["sg-x"],
            },
            s3: {
              service: "s3",
              type: "Gateway",
              routeTableIds: ["rtb-x"],
              policy: { Version: "2012-10-17", Statement: [] },
              tags: { cost: "free" },
            },
          },
        },
      }),
    ).vpcEndpoints!;
    const mod = moduleOf(json);
    expect(mod.endpoints.sts).toMatchObject({
      private_dns_enabled: false,
      subnet_ids: ["subnet-x"],
      security_group_ids: ["sg-x"],
    });
    expect(mod.endpoints.s3).toMatchObject({
      route_table_ids: ["rtb-x"],
      policy: '{"Version":"2012-10-17","Statement":[]}',
      tags: { cost: "free" },
    });
    expect(JSON.parse(json).variable).toBeUndefined();
  });

  test("no vpcEndpoints section: only the registry-cache stack", () => {
    expect(synth(minimalInput()).vpcEndpoints).toBeUndefined();
  });

  test.each([
    ["ecr.dkr", "com.amazonaws.eu-west-1.ecr.dkr"],
    ["com.amazonaws.eu-west-1.s3", "com.amazonaws.eu-west-1.s3"],
  ])("service %s in eu-west-1 is %s", (service, expected) => {
    expect(fullServiceName(service, "eu-west-1")).toBe(expected);
  });
});
