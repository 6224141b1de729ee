/** vpcEndpoints.preset: its expansion, explicit endpoints on top, the stack synthesizing it, validation like any others. */
import { effectiveEndpoints } from "../src/config/endpoints";
import { minimalInput, synth } from "./support/app";
import { renderedFindings as findings } from "./support/findings";

const names = (section: Parameters<typeof effectiveEndpoints>[0]) => effectiveEndpoints(section).map((e) => e.name);

describe("effectiveEndpoints", () => {
  test("s3-only: the S3 gateway endpoint alone", () => {
    expect(effectiveEndpoints({ preset: "s3-only", endpoints: {} })).toEqual([
      { name: "s3", endpoint: { service: "s3", type: "Gateway" }, origin: "preset" },
    ]);
  });

  test("ecr: s3 + ecr.api + ecr.dkr", () => {
    expect(effectiveEndpoints({ preset: "ecr", endpoints: {} }).map((e) => [e.name, e.endpoint])).toEqual([
      ["s3", { service: "s3", type: "Gateway" }],
      ["ecr_api", { service: "ecr.api", type: "Interface" }],
      ["ecr_dkr", { service: "ecr.dkr", type: "Interface" }],
    ]);
  });

  test("eks-private: the design's eight plus elasticloadbalancing, xray and autoscaling (ecr-facts.md §7)", () => {
    const services = effectiveEndpoints({ preset: "eks-private", endpoints: {} }).map(
      (e) => `${e.endpoint.service}/${e.endpoint.type}`,
    );
    expect(services.sort()).toEqual(
      [
        "ec2/Interface",
        "ecr.api/Interface",
        "ecr.dkr/Interface",
        "s3/Gateway",
        "logs/Interface",
        "sts/Interface",
        "eks-auth/Interface",
        "eks/Interface",
        "elasticloadbalancing/Interface",
        "xray/Interface",
        "autoscaling/Interface",
      ].sort(),
    );
  });

  test("no preset: the explicit endpoints as written", () => {
    expect(names({ endpoints: { a: { service: "sts", type: "Interface" } } })).toEqual(["a"]);
  });

  test("explicit endpoints add to the preset", () => {
    expect(names({ preset: "ecr", endpoints: { sts: { service: "sts", type: "Interface" } } })).toEqual([
      "s3",
      "ecr_api",
      "ecr_dkr",
      "sts",
    ]);
  });

  test("an explicit endpoint replaces the preset's of the same name, or of the same service and type", () => {
    const replaced = effectiveEndpoints({
      preset: "ecr",
      endpoints: {
        ecr_dkr: { service: "ecr.dkr", type: "Interface", privateDns: true, subnetIds: ["subnet-1"] },
        layers: { service: "com.amazonaws.eu-west-1.s3", type: "Gateway", routeTableIds: ["rtb-1"] },
      },
    });
    expect(replaced.map((e) => [e.name, e.origin])).toEqual([
      ["ecr_api", "preset"],
      ["ecr_dkr", "endpoints"],
      ["layers", "endpoints"],
    ]);
    expect(replaced[1].endpoint.subnetIds).toEqual(["subnet-1"]);
  });
});

describe("preset in the config", () => {
  test("endpoints may be left out when a preset is given", () => {
    expect(findings(minimalInput({ vpcEndpoints: { preset: "ecr" } }))).toEqual([]);
  });

  test("an unknown preset is a schema error naming the presets", () => {
    const lines = findings(minimalInput({ vpcEndpoints: { preset: "eks" } as never }));
    expect(lines).toEqual([expect.stringMatching(/^error: vpcEndpoints\.preset: .*"eks".*s3-only.*ecr.*eks-private/)]);
  });

  test("preset endpoints are validated like written ones: replacing the S3 gateway warns about ecr_api and ecr_dkr", () => {
    const lines = findings(
      minimalInput({ vpcEndpoints: { preset: "ecr", endpoints: { s3: { service: "s3", type: "Interface" } } } }),
    );
    expect(lines.join("\n")).toMatch(/vpcEndpoints\.endpoints: .*ecr_api.*ecr_dkr/);
    expect(lines.join("\n")).toMatch(/vpcEndpoints\.endpoints\.s3: .*gateway/i);
  });

  test("an empty section subnet list is an error when preset endpoints fall back to it", () => {
    const lines = findings(minimalInput({ vpcEndpoints: { preset: "ecr", subnetIds: [] } }));
    expect(lines).toEqual([expect.stringMatching(/^error: vpcEndpoints\.subnetIds: /)]);
  });

  test("the stack synthesizes the preset's endpoints with full service names, plus explicit ones", () => {
    const json = synth(
      minimalInput({
        region: "eu-west-1",
        vpcEndpoints: { preset: "eks-private", endpoints: { ssm: { service: "ssm", type: "Interface" } } },
      }),
    ).vpcEndpoints!;
    const endpoints = JSON.parse(json).module.vpc_endpoints.endpoints as Record<string, Record<string, unknown>>;
    expect(Object.keys(endpoints)).toHaveLength(12);
    expect(endpoints.xray).toEqual({
      service_name: "com.amazonaws.eu-west-1.xray",
      endpoint_type: "Interface",
      private_dns_enabled: true,
      subnet_ids: "${var.private_subnet_ids}",
      security_group_ids: ["${aws_security_group.vpce.id}"],
    });
    expect(endpoints.s3).toEqual({
      service_name: "com.amazonaws.eu-west-1.s3",
      endpoint_type: "Gateway",
      route_table_ids: "${var.private_route_table_ids}",
    });
    expect(endpoints.ssm.service_name).toBe("com.amazonaws.eu-west-1.ssm");
  });
});
