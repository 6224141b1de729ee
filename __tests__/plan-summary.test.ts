/** The review summary on hand-made plans: the cases the two real configs do not reach. */
import { summarizePlan } from "../src/plan/summary";
import { NormalizedPlan, NormalizedResourceChange } from "../src/plan/terraform";

function change(
  address: string,
  type: string,
  after: Record<string, unknown>,
  after_unknown: Record<string, unknown> = {},
  actions = ["create"],
): NormalizedResourceChange {
  const name = address.split(".").pop()!;
  return { address, mode: "managed", type, name, change: { actions, after, after_unknown, after_sensitive: {} } };
}

const policy = JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "s3:GetObject" }] });

test("types without a review list show every attribute they set, minus provider bookkeeping", () => {
  const plan: NormalizedPlan = {
    resource_changes: [
      change(
        "aws_thing.a",
        "aws_thing",
        { name: "a", id: "x", tags_all: { a: "b" }, empty: "", none: null, count: 3, secret: "(sensitive)" },
        { arn: true, endpoint: true },
      ),
    ],
    output_changes: {},
    variables: {},
  };
  expect(summarizePlan("s", plan)).toEqual([
    "s: 1 to create",
    "",
    "  + aws_thing.a",
    "      count: 3",
    "      endpoint: (known after apply)",
    "      name: a",
    "      secret: (sensitive)",
  ]);
});

test("a policy is pretty-printed once, then named; long maps get one item per line; other actions are spelled out", () => {
  const long = Object.fromEntries(["one", "two", "three", "four", "five"].map((k) => [k, `value-of-${k}-0123456789`]));
  const plan: NormalizedPlan = {
    resource_changes: [
      change("aws_iam_policy.a", "aws_iam_policy", { name: "a", policy }),
      change("aws_iam_policy.b", "aws_iam_policy", { name: "b", policy }, {}, ["delete", "create"]),
    ],
    output_changes: {
      urls: { actions: ["create"], after: long, after_unknown: false, after_sensitive: false },
      ids: { actions: ["create"], after: {}, after_unknown: { x: true }, after_sensitive: false },
    },
    variables: {},
  };
  expect(summarizePlan("s", plan).join("\n")).toBe(
    [
      "s: 1 to create, 1 to delete+create",
      "",
      "  + aws_iam_policy.a",
      "      name: a",
      "      policy:",
      "        {",
      '          "Version": "2012-10-17",',
      '          "Statement": [',
      "            {",
      '              "Effect": "Allow",',
      '              "Action": "s3:GetObject"',
      "            }",
      "          ]",
      "        }",
      "",
      "  delete+create aws_iam_policy.b",
      "      name: b",
      "      policy: (same as aws_iam_policy.a.policy)",
      "",
      "  outputs:",
      "    urls:",
      ...Object.entries(long).map(([k, v]) => `      ${k}=${v}`),
      "    ids: (known after apply)",
    ].join("\n"),
  );
});
