/** AWS account facts shared by every service. */

/** The 12 digits of an account id, as a pattern source without anchors (ARN and host patterns embed it). */
export const ACCOUNT_ID_SOURCE = "\\d{12}";

/** A 12-digit AWS account id. */
export const ACCOUNT_ID_PATTERN = new RegExp(`^${ACCOUNT_ID_SOURCE}$`);

/** Whether a string is a 12-digit AWS account id. */
export function isAccountId(value: string): boolean {
  return ACCOUNT_ID_PATTERN.test(value);
}
