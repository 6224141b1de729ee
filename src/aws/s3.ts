/** S3 facts: bucket names (the state backend's bucket). */

/** S3 bucket names: 3-63 lowercase letters, digits, dots and hyphens, starting and ending with a letter or digit. */
const S3_BUCKET_NAME_PATTERN = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;

/** True for a name S3 accepts for a new bucket: the pattern, no `..`, and not shaped like an IPv4 address. */
export function isValidBucketName(name: string): boolean {
  return S3_BUCKET_NAME_PATTERN.test(name) && !name.includes("..") && !/^\d{1,3}(?:\.\d{1,3}){3}$/.test(name);
}
