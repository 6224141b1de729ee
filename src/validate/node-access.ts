/** Checks the nodeAccess section: the node policy's name and the roles it is attached to. */
import { NodeAccessConfig } from "../config/schema";
import * as msg from "../errors/rules";
import { IAM_POLICY_NAME_PATTERN, IAM_ROLE_NAME_PATTERN } from "../policy/ecr-rules";
import { terraformName } from "../policy/names";
import { at, Finding } from "./finding";

/** Findings for `nodeAccess`. */
export function validateNodeAccess(access: NodeAccessConfig): Finding[] {
  const findings: Finding[] = [];
  // IAM names: the policy up to 128 characters, a role up to 64, from a small character set (no ARNs).
  if (access.policyName !== undefined && !IAM_POLICY_NAME_PATTERN.test(access.policyName)) {
    findings.push(msg.iamNameInvalid("nodeAccess.policyName", "policy", access.policyName, 128));
  }
  const byIamName = new Map<string, string>();
  const byTerraformName = new Map<string, string>();
  access.roleNames.forEach((role, i) => {
    const path = at("nodeAccess.roleNames", i);
    if (!IAM_ROLE_NAME_PATTERN.test(role)) findings.push(msg.iamNameInvalid(path, "role", role, 64));
    // IAM compares role names without case: Admin and admin are one role, attached twice.
    // Each role gets one attachment, named after the role: the Terraform names must not collide either.
    const iamName = role.toLowerCase();
    const other = byIamName.get(iamName) ?? byTerraformName.get(terraformName(role));
    if (other !== undefined) findings.push(msg.roleNameDuplicate(path, role, other));
    else {
      byIamName.set(iamName, role);
      byTerraformName.set(terraformName(role), role);
    }
  });
  return findings;
}
