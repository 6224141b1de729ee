/**
 * Checks the backend section: an s3 backend's bucket and state key, which Terraform only tests at `terraform init`.
 * The state key is `<keyPrefix>/<stack>.tfstate` (src/stacks/common.ts).
 */
import { BackendConfig } from "../config/schema";
import * as msg from "../errors/rules";
import { isValidBucketName } from "../policy/ecr-rules";
import { at, Finding } from "./finding";

const SECTION = "backend";

/** Findings for `backend`; none for the local backend. */
export function validateBackend(backend: BackendConfig): Finding[] {
  if (backend.type !== "s3") return [];
  const findings: Finding[] = [];
  // S3: 3-63 lowercase letters, digits, dots and hyphens, a letter or digit at both ends, no "..", not an IP address (bucketnamingrules)
  if (!isValidBucketName(backend.bucket)) findings.push(msg.bucketNameInvalid(at(SECTION, "bucket"), backend.bucket));
  const keyPath = at(SECTION, "keyPrefix");
  const prefix = backend.keyPrefix;
  // Terraform: the s3 backend's key must not start or end with "/" (s3 backend, key validation at init)
  if (prefix.startsWith("/") || prefix.endsWith("/")) findings.push(msg.keyPrefixEdgeSlash(keyPath, prefix));
  // Terraform: the s3 backend's key must not contain "//" (s3 backend, key validation at init)
  if (prefix.includes("//")) findings.push(msg.keyPrefixDoubleSlash(keyPath, prefix));
  return findings;
}
