/** AWS Region and ARN facts shared by every service. */

/** An AWS Region name as a pattern source without anchors: `us-east-1`, `ap-northeast-2`, `us-gov-west-1`. */
export const REGION_SOURCE = "[a-z]{2}(?:-[a-z]+)+-\\d+";

/** An AWS Region name: `us-east-1`, `ap-northeast-2`, `us-gov-west-1`. */
export const REGION_PATTERN = new RegExp(`^${REGION_SOURCE}$`);

/** The Region field of an ARN (`arn:partition:service:region:account:resource`), or undefined when it has none. */
export function arnRegion(arn: string): string | undefined {
  const region = arn.split(":")[3];
  return region === undefined || region === "" ? undefined : region;
}

/** The account field of an ARN (`arn:partition:service:region:account:resource`). */
export function arnAccount(arn: string): string | undefined {
  return arn.split(":")[4];
}
