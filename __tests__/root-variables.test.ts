/**
 * The vpc-endpoints stack's root variables as a pipeline passes them: `terraform plan -var ...` on the synthesized
 * JSON, so a mistake fails at the root variable (or warns, for a CIDR broader than any VPC) instead of deep in AWS.
 */
import * as path from "node:path";
import { runSynth, tempDir } from "./support/cli";
import { limit, plannedAdds } from "./support/terraform";
import { init, plan, runTerraform, writePlanOverride } from "../src/plan/terraform";

// Terraform calls are asynchronous, so jest's timeout applies to them; on a busy 2-core machine they can be slow.
jest.setTimeout(300_000);

const GOOD = {
  vpc_id: "vpc-0123456789abcdef0",
  vpc_cidr: "10.0.0.0/16",
  private_subnet_ids: '["subnet-0aaaaaaaaaaaaaaa1","subnet-0bbbbbbbbbbbbbbb2"]',
  private_route_table_ids: '["rtb-0ccccccccccccccc3"]',
};
const BREADTH_WARNING = /opens tcp 443 on the endpoints to more addresses than any VPC holds/;

/** Every plan below, started together once the stack is initialized, two at a time: each test awaits its own. */
const queue = limit(2);
const ready = (async () => {
  const out = tempDir("root-variables");
  const synth = runSynth(["--config", "config/default.yaml", "--out", out]);
  if (synth.status !== 0) throw new Error(`synth failed: ${synth.stderr}`);
  const dir = path.join(out, "stacks", "vpc-endpoints");
  writePlanOverride(dir, "ap-northeast-2");
  await init(dir);
  return dir;
})();

/** `terraform plan -json` (no saved plan: these tests read only its log) with GOOD overridden by `vars`. */
function planLog(vars: Record<string, string>): Promise<string> {
  const args = Object.entries({ ...GOOD, ...vars }).map(([name, value]) => `-var=${name}=${value}`);
  const run = async () => {
    const log = await runTerraform(await ready, [
      "plan",
      "-input=false",
      "-lock=false",
      "-refresh=false",
      "-json",
      ...args,
    ]);
    return `${log.stdout}\n${log.stderr}`;
  };
  return queue(run);
}

/** The message of the error `plan` throws; fails the test when the plan succeeds. */
function planError(vars: Record<string, string>): Promise<string> {
  const run = async () => {
    try {
      await plan(await ready, { vars: { ...GOOD, ...vars } });
    } catch (error) {
      return (error as Error).message;
    }
    throw new Error(`plan succeeded although it should have failed for ${JSON.stringify(vars)}`);
  };
  return queue(run);
}

const BAD_CIDRS = {
  "leading zeros": "010.0.0.0/16",
  IPv6: "fd00::/8",
};
const good = planLog({});
const broad = { "0.0.0.0/0": planLog({ vpc_cidr: "0.0.0.0/0" }), "10.0.0.0/15": planLog({ vpc_cidr: "10.0.0.0/15" }) };
const allBad = planError({
  vpc_id: "subnet-0123",
  vpc_cidr: "10.0.0.1/16",
  private_subnet_ids: '["subnet-0aaa","sbnet-0bbb","subnet-0aaa"]',
  private_route_table_ids: "[]",
});
const badCidr = Object.fromEntries(
  Object.entries(BAD_CIDRS).map(([name, cidr]) => [name, planError({ vpc_cidr: cidr })]),
);
// A rejection is observed by the test that awaits it; until then it must not surface as unhandled.
for (const p of [ready, good, allBad, ...Object.values(broad), ...Object.values(badCidr)]) p.catch(() => undefined);

describe("good values plan; a /16 is the broadest that plans without a warning", () => {
  test("the plan creates the endpoints", async () => {
    expect(plannedAdds(await good)).toBeGreaterThan(0);
  });

  test("no breadth warning at /16", async () => {
    expect(await good).not.toMatch(BREADTH_WARNING);
  });
});

test.each([
  ["0.0.0.0/0", "0.0.0.0/0"],
  ["/15, one wider than any VPC", "10.0.0.0/15"],
] as const)("vpc_cidr %s plans, with a warning", async (_name, cidr) => {
  const log = await broad[cidr];
  expect(plannedAdds(log)).toBeGreaterThan(0);
  expect(log).toMatch(BREADTH_WARNING);
});

describe("bad values fail at their root variable, all at once", () => {
  let message: string;
  beforeAll(async () => {
    message = await allBad;
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
  ["leading zeros", /written as its network address, such as 10\.0\.0\.0\/16; did you mean 10\.0\.0\.0\/16\?/],
  ["IPv6", /vpc_cidr must be an IPv4 CIDR block written as its network address, such as 10\.0\.0\.0\/16\n/],
] as const)("vpc_cidr: %s fails", async (name, expected) => {
  expect(`${await badCidr[name]}\n`).toMatch(expected);
});
