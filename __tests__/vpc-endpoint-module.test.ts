/**
 * modules/vpc-endpoint used the way a plain Terraform user would: a tiny root config in a temp dir that vendors the
 * module, initialized once and planned offline with the harness's provider override. Each plan validates the
 * configuration first; the successful one also shows it gives no warning.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import {
  AWS_PROVIDER_VERSION,
  NormalizedResourceChange,
  PlanResult,
  fmtCheck,
  init,
  plan,
  writePlanOverride,
} from "../src/plan/terraform";
import { SERVICE_FULL_NAME_PATTERNS } from "../src/aws/ec2";
import { limit } from "./support/terraform";

// Terraform calls are asynchronous, so jest's timeout applies to them; on a busy 2-core machine init alone can be slow.
jest.setTimeout(300_000);

const MODULE_DIR = path.resolve(__dirname, "..", "modules", "vpc-endpoint");
const REGION = "ap-northeast-2";

/**
 * Names of every kind the config accepts (SERVICE_FULL_NAME_PATTERNS), so validate and the module agree: a second
 * call of the module in the root config below plans one Interface endpoint of each.
 */
const NAMES = {
  aws_service: `com.amazonaws.${REGION}.ecr.dkr`,
  endpoint_service: `com.amazonaws.vpce.${REGION}.vpce-svc-0123456789abcdef0`,
  sagemaker_notebook: `aws.sagemaker.${REGION}.notebook`,
  sagemaker_studio: `aws.sagemaker.${REGION}.studio`,
};

/**
 * Root config of a plain Terraform user: an Interface and a Gateway endpoint, plus a second Interface endpoint that
 * turns private DNS off, overridable through variables so one `init` serves every plan; and a second call of the
 * module with an endpoint for each of {@link NAMES}, so one plan covers both.
 */
const ROOT_CONFIG = `terraform {
  required_version = ">= 1.3"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "${AWS_PROVIDER_VERSION}"
    }
  }
}

provider "aws" {
  region = "${REGION}"
}

variable "vpc_id" {
  description = "VPC of the endpoints."
  type        = string
  default     = "vpc-0123456789abcdef0"
}

variable "endpoints" {
  description = "Endpoints handed to the module as is."
  type        = any
  default = {
    ecr_api = {
      service_name       = "com.amazonaws.${REGION}.ecr.api"
      endpoint_type      = "Interface"
      subnet_ids         = ["subnet-0aaa", "subnet-0bbb"]
      security_group_ids = ["sg-0vpce"]
      tags               = { Env = "endpoint", Component = "ecr" }
    }
    s3 = {
      service_name    = "com.amazonaws.${REGION}.s3"
      endpoint_type   = "Gateway"
      route_table_ids = ["rtb-0private"]
      tags            = { Name = "overridden-by-key" }
    }
    sts = {
      service_name        = "com.amazonaws.${REGION}.sts"
      endpoint_type       = "Interface"
      private_dns_enabled = false
      subnet_ids          = ["subnet-0aaa"]
    }
  }
}

module "vpc_endpoints" {
  source = "./modules/vpc-endpoint"

  vpc_id    = var.vpc_id
  tags      = { Project = "ecr-pull-cache", Env = "test" }
  endpoints = var.endpoints
}

module "service_names" {
  source = "./modules/vpc-endpoint"

  vpc_id = "vpc-0123456789abcdef0"
  endpoints = {
${Object.entries(NAMES)
  .map(
    ([key, name]) =>
      `    ${key} = { service_name = "${name}", endpoint_type = "Interface", subnet_ids = ["subnet-0aaa"] }`,
  )
  .join("\n")}
  }
}

output "endpoint_ids" {
  value = module.vpc_endpoints.endpoint_ids
}

output "dns_entries" {
  value = module.vpc_endpoints.dns_entries
}
`;

/** The root config, initialized once; every Terraform command below starts when it is ready, two at a time. */
const queue = limit(2);
const root = fs.mkdtempSync(path.join(os.tmpdir(), "vpc-endpoint-module-"));
const ready = (async () => {
  fs.cpSync(MODULE_DIR, path.join(root, "modules", "vpc-endpoint"), { recursive: true });
  fs.writeFileSync(path.join(root, "main.tf"), ROOT_CONFIG);
  writePlanOverride(root, REGION);
  await init(root);
})();
/** Runs `step` in the initialized root config, queued. */
const inRoot = <T>(step: () => Promise<T>): Promise<T> =>
  queue(async () => {
    await ready;
    return step();
  });

/** Returns the message of the error `plan` throws; fails the test when the plan succeeds. */
async function planError(vars: Record<string, string>): Promise<string> {
  try {
    await plan(root, { vars });
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error(`plan succeeded although it should have failed for ${JSON.stringify(vars)}`);
}

const planned = inRoot(() => plan(root));
const rejected = inRoot(() =>
  planError({
    vpc_id: "subnet-0123",
    endpoints: `{
      ok_gateway  = { service_name = "com.amazonaws.${REGION}.s3", endpoint_type = "Gateway" }
      bad_type    = { service_name = "com.amazonaws.${REGION}.s3", endpoint_type = "GatewayLoadBalancer" }
      bad_service = { service_name = "s3.${REGION}.amazonaws.com", endpoint_type = "Gateway" }
      bad_ip      = { service_name = "com.amazonaws.${REGION}.ecr.api", endpoint_type = "Interface", ip_address_type = "ipv5" }
      bad_policy  = { service_name = "com.amazonaws.${REGION}.s3", endpoint_type = "Gateway", policy = "{not json" }
    }`,
  }),
);
const started: Promise<unknown>[] = [ready, planned, rejected];
// A rejection is observed by the test that awaits it; until then it must not surface as unhandled.
for (const p of started) p.catch(() => undefined);

afterAll(async () => {
  await Promise.allSettled(started);
  fs.rmSync(root, { recursive: true, force: true });
});

function endpoint(result: PlanResult, key: string): NormalizedResourceChange {
  const change = result.resource_changes.find(
    (rc) => rc.address === `module.vpc_endpoints.aws_vpc_endpoint.this["${key}"]`,
  );
  if (!change) throw new Error(`no planned endpoint "${key}" in ${result.resource_changes.map((rc) => rc.address)}`);
  return change;
}

function after(change: NormalizedResourceChange): Record<string, unknown> {
  return change.change.after as Record<string, unknown>;
}

test("terraform fmt -check passes on modules/", async () => {
  await expect(fmtCheck(path.dirname(MODULE_DIR))).resolves.toBeUndefined();
});

test("terraform plan accepts a root config calling the module, with no warning or error diagnostic", async () => {
  // The plan validates the configuration first and prints each diagnostic, warnings included, as a JSON line.
  const diagnostics = (await planned).raw
    .split("\n")
    .filter((line) => line.startsWith("{"))
    .map((line) => JSON.parse(line) as { type?: string })
    .filter((m) => m.type === "diagnostic");
  expect(diagnostics).toEqual([]);
});

describe("plan of Interface and Gateway endpoints", () => {
  let result: PlanResult;

  beforeAll(async () => {
    result = await planned;
  });

  test("creates one endpoint per entry, keyed by name", () => {
    const ours = result.resource_changes.filter((rc) => rc.module_address === "module.vpc_endpoints");
    expect(ours.map((rc) => [rc.address, rc.change.actions])).toEqual([
      ['module.vpc_endpoints.aws_vpc_endpoint.this["ecr_api"]', ["create"]],
      ['module.vpc_endpoints.aws_vpc_endpoint.this["s3"]', ["create"]],
      ['module.vpc_endpoints.aws_vpc_endpoint.this["sts"]', ["create"]],
    ]);
  });

  test("Interface endpoint gets private DNS (default true), subnets and security groups, no route tables", () => {
    const ecrApi = endpoint(result, "ecr_api");
    expect(after(ecrApi)).toMatchObject({
      vpc_id: "vpc-0123456789abcdef0",
      service_name: `com.amazonaws.${REGION}.ecr.api`,
      vpc_endpoint_type: "Interface",
      private_dns_enabled: true,
      subnet_ids: ["subnet-0aaa", "subnet-0bbb"],
      security_group_ids: ["sg-0vpce"],
    });
    expect(after(ecrApi).route_table_ids ?? null).toBeNull();
  });

  test("Gateway endpoint gets route tables, null private DNS, no subnets or security groups", () => {
    const s3 = endpoint(result, "s3");
    expect(after(s3)).toMatchObject({
      service_name: `com.amazonaws.${REGION}.s3`,
      vpc_endpoint_type: "Gateway",
      route_table_ids: ["rtb-0private"],
    });
    expect(after(s3).private_dns_enabled ?? null).toBeNull();
    expect(after(s3).subnet_ids ?? null).toBeNull();
    expect(after(s3).security_group_ids ?? null).toBeNull();
  });

  test("tags merge module tags, endpoint tags, then Name = the endpoint's key", () => {
    expect(after(endpoint(result, "ecr_api")).tags).toEqual({
      Project: "ecr-pull-cache",
      Env: "endpoint",
      Component: "ecr",
      Name: "ecr_api",
    });
    expect(after(endpoint(result, "s3")).tags).toEqual({ Project: "ecr-pull-cache", Env: "test", Name: "s3" });
  });

  test("an Interface endpoint keeps private_dns_enabled = false when asked", () => {
    expect(after(endpoint(result, "sts")).private_dns_enabled).toBe(false);
  });

  test("dns_entries lists Interface endpoints only; endpoint_ids lists all", () => {
    expect(Object.keys(result.output_changes.dns_entries.after_unknown as object).sort()).toEqual(["ecr_api", "sts"]);
    expect(Object.keys(result.output_changes.endpoint_ids.after_unknown as object).sort()).toEqual([
      "ecr_api",
      "s3",
      "sts",
    ]);
  });
});

describe("validation blocks reject bad input, each naming only its offending endpoint", () => {
  // One failing plan for every rule: Terraform reports all failed validations at once, and each endpoint below breaks
  // exactly one rule, so each message must list exactly one key (and never ok_gateway).
  let message: string;

  beforeAll(async () => {
    message = await rejected;
  });

  test.each([
    [
      "endpoint_type is Interface or Gateway",
      /endpoint_type must be "Interface" or "Gateway"; invalid for: bad_type \(GatewayLoadBalancer\)\./,
    ],
    [
      "service_name looks like com.amazonaws.<region>.<service>",
      /service_name must look like com\.amazonaws\.<region>\.<service> .*; invalid for: bad_service \(s3\.ap-northeast-2\.amazonaws\.com\)\./,
    ],
    [
      "ip_address_type is ipv4, dualstack or ipv6",
      /ip_address_type, when set, must be one of ipv4, dualstack, ipv6; invalid for: bad_ip \(ipv5\)\./,
    ],
    ["policy is valid JSON", /policy, when set, must be a valid JSON document .*; invalid for: bad_policy\./],
    ["vpc_id starts with vpc-", /vpc_id must be a VPC ID that starts with "vpc-"/],
  ])("%s", (_rule, expected) => {
    expect(message).toMatch(expected);
  });
});

describe("service_name accepts what the config accepts", () => {
  test("the config's patterns accept every name", () => {
    for (const name of Object.values(NAMES))
      expect(Object.values(SERVICE_FULL_NAME_PATTERNS).some((p) => p.exec(name)?.[1] === REGION)).toBe(true);
  });

  test("the module plans an endpoint for every name", async () => {
    const result = await planned;
    const names = result.resource_changes.filter((rc) => rc.module_address === "module.service_names");
    expect(names.map((rc) => after(rc).service_name).sort()).toEqual(Object.values(NAMES).sort());
  });
});
