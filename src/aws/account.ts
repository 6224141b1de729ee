/** AWS account facts shared by every service. */

/** A 12-digit AWS account id. */
export const ACCOUNT_ID_PATTERN = /^\d{12}$/;

/** Whether a string is a 12-digit AWS account id. */
export function isAccountId(value: string): boolean {
  return ACCOUNT_ID_PATTERN.test(value);
}
