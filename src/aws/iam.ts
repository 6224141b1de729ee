/** IAM facts: role ARNs, role and policy names, and the characters IAM takes in a tag. */
import { ACCOUNT_ID_SOURCE } from "./account";

/** An IAM role ARN: `arn:aws:iam::<12 digits>:role/<path/name>`. */
export const IAM_ROLE_ARN_PATTERN = new RegExp(
  `^arn:aws(-[a-z]+)*:iam::${ACCOUNT_ID_SOURCE}:role\\/[\\w+=,.@\\/-]{1,512}$`,
);

/** The ARN of a role by name in an account (the `aws` partition). */
export function iamRoleArn(accountId: string, roleName: string): string {
  return `arn:aws:iam::${accountId}:role/${roleName}`;
}

/** The account of an IAM role ARN (one that matches {@link IAM_ROLE_ARN_PATTERN}). */
export function iamRoleAccount(roleArn: string): string {
  return roleArn.split(":")[4];
}

/** The longest IAM role and policy names. */
export const IAM_NAME_MAX = { role: 64, policy: 128 } as const;

/** IAM role names: 1-64 characters of letters, digits and `+=,.@_-`. */
export const IAM_ROLE_NAME_PATTERN = new RegExp(`^[\\w+=,.@-]{1,${IAM_NAME_MAX.role}}$`);
/** IAM policy names: 1-128 characters of letters, digits and `+=,.@_-`. */
export const IAM_POLICY_NAME_PATTERN = new RegExp(`^[\\w+=,.@-]{1,${IAM_NAME_MAX.policy}}$`);

/**
 * The characters IAM (and Secrets Manager) accept in a tag key or value: letters, digits and spaces of any script,
 * and `_ . : / = + - @` (IAM API Tag pattern). The provider's default tags land on the node IAM policy and on the
 * managed secrets, so they keep to it; EC2 and ECR take any character.
 */
export const IAM_TAG_PATTERN = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u;
