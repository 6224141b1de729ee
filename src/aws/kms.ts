/** KMS facts. */
import { ACCOUNT_ID_SOURCE } from "./account";

/** A KMS key ARN; groups: partition suffix, region. */
export const KMS_KEY_ARN_PATTERN = new RegExp(
  `^arn:aws(-[a-z]+)*:kms:([a-z0-9-]+):${ACCOUNT_ID_SOURCE}:key\\/[A-Za-z0-9-]+$`,
);
