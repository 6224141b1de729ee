/**
 * The vpc-endpoints stack's root variables as a pipeline passes them: `terraform plan -var ...` on the synthesized
 * JSON, so a mistake fails at the root variable (or warns, for a CIDR broader than any VPC) instead of deep in AWS.
 */
import * as path from "node:path";
import { runSynth, tempDir } from "./support/cli";
import { init, plan, PlanResult, writePlanOverride } from "../src/plan/terraform";

// Terraform calls are asynchronous, so jest's timeout applies to them; on a busy 2-core machine they can be slow.
jest.setTimeout(300_000);

const GOOD = {
  vpc_id: "vpc-0123456789abcdef0",
  vpc_cidr: "10.0.0.0/16",
  private_subnet_ids: '["subnet-0aaaaaaaaaaaaaaa1","subnet-0bbbbbbbbbbbbbbb2"]',
  private_route_table_ids: '["rtb-0ccccccccccccccc3"]',
};
const BREADTH_WARNING = /opens tcp 443 on the endpoints to more addresses than any VPC holds/;

let dir: string;

beforeAll(async () => {
  const out = tempDir("root-variables");
  const synth = runSynth(["--config", "config/default.yaml", "--out", out]);
  if (synth.status !== 0) throw new Error(`synth failed: ${synth.stderr}`);
  dir = path.join(out, "stacks", "vpc-endpoints");
  writePlanOverride(dir, "ap-northeast-2");
  await init(dir);
});

/** The message of the error `plan` throws; fails the test when the plan succeeds. */
async function planError(vars: Record<string, string>): Promise<string> {
  try {
    await plan(dir, { vars: { ...GOOD, ...vars } });
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error(`plan succeeded although it should have failed for ${JSON.stringify(vars)}`);
}

describe("good values plan; a /16 is the broadest that plans without a warning", () => {
  let result: PlanResult;
  beforeAll(async () => {
    result = await plan(dir, { vars: GOOD });
  });

  test("the plan creates the endpoints", () => {
    expect(result.resource_changes.length).toBeGreaterThan(0);
  });

  test("no breadth warning at /16", () => {
    expect(result.raw).not.toMatch(BREADTH_WARNING);
  });
});

test.each([
  ["0.0.0.0/0", "0.0.0.0/0"],
  ["/15, one wider than any VPC", "10.0.0.0/15"],
])("vpc_cidr %s plans, with a warning", async (_name, cidr) => {
  const result = await plan(dir, { vars: { ...GOOD, vpc_cidr: cidr } });
  expect(result.raw).toMatch(BREADTH_WARNING);
});

describe("bad values fail at their root variable, all at once", () => {
  let message: string;
  beforeAll(async () => {
    message = await planError({
      vpc_id: "subnet-0123",
      vpc_cidr: "10.0.0.1/16",
      private_subnet_ids: '["subnet-0aaa","sbnet-0bbb","subnet-0aaa"]',
      private_route_table_ids: "[]",
    });
  });

  test.each([
    ["vpc_id is a VPC ID", /vpc_id must be an ID starting with "vpc-", such as vpc-0123456789abcdef0\./],
    [
      "vpc_cidr is written as its network address, with the fix",
      /vpc_cidr must be an IPv4 CIDR block written as its network address, such as 10\.0\.0\.0\/16; did you mean 10\.0\.0\.0\/16\?/,
    ],
    [
      "private_subnet_ids holds subnet IDs only, naming the others",
      /private_subnet_ids must hold only IDs starting with "subnet-", such as subnet-0123456789abcdef0; not: sbnet-0bbb\./,
    ],
    ["private_subnet_ids lists each ID once", /private_subnet_ids lists an ID more than once; list each once\./],
    [
      "private_route_table_ids is not empty",
      /private_route_table_ids must list at least one ID, such as \["rtb-0123456789abcdef0"\]\./,
    ],
  ])("%s", (_rule, expected) => {
    expect(message).toMatch(expected);
  });
});

test.each([
  [
    "leading zeros",
    "010.0.0.0/16",
    /written as its network address, such as 10\.0\.0\.0\/16; did you mean 10\.0\.0\.0\/16\?/,
  ],
  ["IPv6", "fd00::/8", /vpc_cidr must be an IPv4 CIDR block written as its network address, such as 10\.0\.0\.0\/16\n/],
])("vpc_cidr: %s fails", async (_name, cidr, expected) => {
  expect(`${await planError({ vpc_cidr: cidr })}\n`).toMatch(expected);
});
