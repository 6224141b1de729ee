import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { Construct } from "constructs";
import { PolicyDocument, serviceTrustPolicy } from "../policy/iam-documents";

/** Props of {@link ServiceRole}. */
export interface ServiceRoleProps {
  /** IAM role name (global to the account: callers put the Region in it). */
  readonly name: string;
  readonly description: string;
  /** The AWS service principal that alone may assume the role. */
  readonly service: string;
  /** The role's only permissions, as an inline policy. */
  readonly policy: PolicyDocument;
  /** Terraform name of the role and its policy in the synthesized JSON. */
  readonly logicalId: string;
}

/** An IAM role that one AWS service assumes, with one inline policy: the documents from src/policy/iam-documents.ts. */
export class ServiceRole extends Construct {
  /** The role. */
  readonly role: IamRole;

  constructor(scope: Construct, id: string, props: ServiceRoleProps) {
    super(scope, id);
    this.role = new IamRole(this, "role", {
      name: props.name,
      description: props.description,
      assumeRolePolicy: JSON.stringify(serviceTrustPolicy(props.service)),
    });
    this.role.overrideLogicalId(props.logicalId);
    new IamRolePolicy(this, "policy", {
      name: props.name,
      role: this.role.id,
      policy: JSON.stringify(props.policy),
    }).overrideLogicalId(props.logicalId);
  }
}
