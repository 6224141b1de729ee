/**
 * Messages shared by several validators (registries, templates, tags, endpoints): a text over its length limit and a
 * role ARN that is not one. Messages of one validator live beside it, in its file or its `*.messages.ts` twin.
 */
import type { LengthLimit } from "../aws/length";
import { error, type Finding } from "./finding";

/** How a message names a limit's unit: bytes are bytes of UTF-8. */
function unitText(limit: LengthLimit): string {
  return limit.unit === "bytes" ? "bytes (UTF-8)" : "characters";
}

/**
 * A text longer than its limit, in the limit's unit. `what` names the text ("the description"), `checker` who
 * refuses it ("the AWS provider", "ECR").
 */
export function textTooLong(path: string, what: string, limit: LengthLimit, length: number, checker: string): Finding {
  const bytes = limit.unit === "bytes";
  return error(
    path,
    `${what} is ${length} ${unitText(limit)} long; ${checker} accepts at most ${limit.max} ${unitText(limit)}`,
    undefined,
    `shorten it to at most ${limit.max} ${limit.unit}` +
      (bytes ? " (a letter outside ASCII takes 2-4 bytes: Korean and most emoji take 3-4)" : ""),
  );
}

/** A role ARN that is not an IAM role ARN. */
export function roleArnInvalid(path: string, field: string, value: string): Finding {
  return error(
    path,
    `${field} is not an IAM role ARN`,
    value,
    `write ${field}: arn:aws:iam::<12-digit account>:role/<name>`,
  );
}
