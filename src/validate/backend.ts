/**
 * Checks the backend section: an s3 backend's bucket and state key, which Terraform only tests at `terraform init`.
 * The state key is `<keyPrefix>/<stack>.tfstate` (src/stacks/common.ts).
 */
import { BackendConfig, DEFAULT_STATE_KEY_PREFIX } from "../config/schema";
import { isValidBucketName } from "../aws/s3";
import { at, error, Finding } from "./finding";

const SECTION = "backend";

/** Findings for `backend`; none for the local backend. */
export function validateBackend(backend: BackendConfig): Finding[] {
  if (backend.type !== "s3") return [];
  const findings: Finding[] = [];
  // S3: 3-63 lowercase letters, digits, dots and hyphens, a letter or digit at both ends, no "..", not an IP address (bucketnamingrules)
  if (!isValidBucketName(backend.bucket)) findings.push(bucketNameInvalid(at(SECTION, "bucket"), backend.bucket));
  const keyPath = at(SECTION, "keyPrefix");
  const prefix = backend.keyPrefix;
  // Terraform: the s3 backend's key must not start or end with "/" (s3 backend, key validation at init)
  if (prefix.startsWith("/") || prefix.endsWith("/")) findings.push(keyPrefixEdgeSlash(keyPath, prefix));
  // Terraform: the s3 backend's key must not contain "//" (s3 backend, key validation at init)
  if (prefix.includes("//")) findings.push(keyPrefixDoubleSlash(keyPath, prefix));
  return findings;
}

// ---- messages ----

/** A keyPrefix with its slashes fixed: none at either end, none doubled (the default when nothing is left). */
function cleanKeyPrefix(value: string): string {
  return (
    value
      .split("/")
      .filter((part) => part !== "")
      .join("/") || DEFAULT_STATE_KEY_PREFIX
  );
}

/** A bucket name S3 would refuse. */
function bucketNameInvalid(path: string, value: string): Finding {
  return error(
    path,
    "bucket is not a valid S3 bucket name",
    value,
    'write the name of the state bucket: 3-63 lowercase letters, digits, "." and "-", starting and ending with a ' +
      'letter or digit, without "..", and not shaped like an IP address',
  );
}

/** keyPrefix starting or ending with "/". */
function keyPrefixEdgeSlash(path: string, value: string): Finding {
  return error(
    path,
    'keyPrefix must not start or end with "/": Terraform\'s s3 backend refuses such a state key at init',
    value,
    `write keyPrefix: ${cleanKeyPrefix(value)}`,
  );
}

/** keyPrefix with an empty path component. */
function keyPrefixDoubleSlash(path: string, value: string): Finding {
  return error(
    path,
    'keyPrefix must not contain "//": Terraform\'s s3 backend refuses such a state key at init',
    value,
    `write keyPrefix: ${cleanKeyPrefix(value)}`,
  );
}
