/** The HCL renderer's string rule: JSON-syntax templates become native-syntax ones meaning the same. */
import { template } from "../src/stacks/hcl";

describe("template(): a JSON-syntax string as a native-syntax expression", () => {
  test.each([
    ["plain text", "quay.io", '"quay.io"'],
    [
      "one interpolation alone becomes the expression",
      "${aws_iam_policy.node_pull.arn}",
      "aws_iam_policy.node_pull.arn",
    ],
    [
      "an interpolation with quoted strings inside stays one expression",
      '${jsonencode({"username" = var.u})}',
      'jsonencode({"username" = var.u})',
    ],
    [
      "text around an interpolation stays a template",
      "vpc_cidr ${var.vpc_cidr} is broad",
      '"vpc_cidr ${var.vpc_cidr} is broad"',
    ],
    ["two interpolations stay a template", "${var.a}-${var.b}", '"${var.a}-${var.b}"'],
    ["quotes and backslashes are escaped", 'a "quoted" \\ value', '"a \\"quoted\\" \\\\ value"'],
    [
      "an escaped template start stays escaped, with quotes around it",
      '{"k":"*:$${aws:username}"}',
      '"{\\"k\\":\\"*:$${aws:username}\\"}"',
    ],
    ["an escaped directive stays escaped", "%%{if}", '"%%{if}"'],
    ["newlines and tabs are escaped", "a\nb\tc", '"a\\nb\\tc"'],
    ["unicode stays as it is", "캐시 🚀", '"캐시 🚀"'],
    ["a lone $ is literal", "cost $5", '"cost $5"'],
  ])("%s", (_, input, expected) => {
    expect(template(input)).toBe(expected);
  });

  test("an unterminated interpolation is an error, not broken output", () => {
    expect(() => template("${var.a")).toThrow("unterminated template sequence");
  });
});
