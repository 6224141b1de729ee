/** Checks the nodeAccess section: the node policy's name and the roles it is attached to. */
import { NodeAccessConfig } from "../config/schema";
import { IAM_NAME_MAX, IAM_POLICY_NAME_PATTERN, IAM_ROLE_NAME_PATTERN } from "../aws/iam";
import { terraformName } from "../policy/names";
import { at, error, Finding, show } from "./finding";

/** Findings for `nodeAccess`. */
export function validateNodeAccess(access: NodeAccessConfig): Finding[] {
  const findings: Finding[] = [];
  // IAM names: the policy up to 128 characters, a role up to 64, from a small character set (no ARNs).
  if (access.policyName !== undefined && !IAM_POLICY_NAME_PATTERN.test(access.policyName)) {
    findings.push(iamNameInvalid("nodeAccess.policyName", "policy", access.policyName, IAM_NAME_MAX.policy));
  }
  const byIamName = new Map<string, string>();
  const byTerraformName = new Map<string, string>();
  access.roleNames.forEach((role, i) => {
    const path = at("nodeAccess.roleNames", i);
    if (!IAM_ROLE_NAME_PATTERN.test(role)) findings.push(iamNameInvalid(path, "role", role, IAM_NAME_MAX.role));
    // IAM compares role names without case: Admin and admin are one role, attached twice.
    // Each role gets one attachment, named after the role: the Terraform names must not collide either.
    const iamName = role.toLowerCase();
    const other = byIamName.get(iamName) ?? byTerraformName.get(terraformName(role));
    if (other !== undefined) findings.push(roleNameDuplicate(path, role, other));
    else {
      byIamName.set(iamName, role);
      byTerraformName.set(terraformName(role), role);
    }
  });
  return findings;
}

// ---- messages ----

/** A role or policy name IAM would refuse. */
function iamNameInvalid(path: string, kind: "role" | "policy", value: string, max: number): Finding {
  return error(
    path,
    `not a valid IAM ${kind} name`,
    value,
    `write the ${kind} name (not its ARN): 1-${max} letters, digits and + = , . @ _ -`,
  );
}

/** The same role listed twice, or two roles that get one Terraform name. */
function roleNameDuplicate(path: string, value: string, other: string): Finding {
  return error(
    path,
    `the role ${show(other)} is already listed (IAM role names differing only in case are one role, and names differing only in . - _ share a Terraform name)`,
    value,
    "list each role once",
  );
}
