import { DataAwsIamPolicyDocument } from "@cdktf/provider-aws/lib/data-aws-iam-policy-document";
import { IamPolicy } from "@cdktf/provider-aws/lib/iam-policy";
import { IamRolePolicyAttachment } from "@cdktf/provider-aws/lib/iam-role-policy-attachment";
import { Construct } from "constructs";
import { CACHE_PULL_ACTIONS, cacheRepositoryPatterns, ECR_LOGIN_ACTION, ecrRepositoryArn } from "../aws/ecr";
import { terraformName } from "../policy/names";

/** Props of {@link NodePullPolicy}. */
export interface NodePullPolicyProps {
  /** IAM policy name. */
  readonly name: string;
  /** The AWS Region of the cache. */
  readonly region: string;
  /** The account that owns the cache (a literal or a Terraform reference). */
  readonly account: string;
  /** The ECR repository prefixes of the cache rules; `ROOT` stands for every repository. */
  readonly prefixes: readonly string[];
  /** Roles (names) the policy is attached to. @default - none */
  readonly roleNames?: readonly string[];
}

/**
 * A least-privilege IAM policy that lets cluster nodes pull through the cache: `ecr:GetAuthorizationToken` on `*`
 * (the one ECR action without resource-level permissions) and the pull, import and create-repository actions on
 * `repository/<prefix>/*` of this registry only (every repository only when a prefix is ROOT). The document is
 * rendered by the provider's `aws_iam_policy_document` data source, which is computed locally without calling AWS.
 */
export class NodePullPolicy extends Construct {
  /** The policy. */
  readonly policy: IamPolicy;

  constructor(scope: Construct, id: string, props: NodePullPolicyProps) {
    super(scope, id);
    const repositories = cacheRepositoryPatterns(props.prefixes);
    const document = new DataAwsIamPolicyDocument(this, "document", {
      statement: [
        { sid: "EcrLogin", effect: "Allow", actions: [ECR_LOGIN_ACTION], resources: ["*"] },
        {
          sid: "PullThroughCache",
          effect: "Allow",
          actions: [...CACHE_PULL_ACTIONS],
          resources: repositories.map((r) => ecrRepositoryArn(props.region, props.account, r)),
        },
      ],
    });
    document.overrideLogicalId("node_pull");

    this.policy = new IamPolicy(this, "policy", {
      name: props.name,
      description: "Lets nodes pull images through the ECR pull through cache (created by ecr-pull-cache)",
      policy: document.json,
    });
    this.policy.overrideLogicalId("node_pull");

    for (const role of props.roleNames ?? []) {
      new IamRolePolicyAttachment(this, `attach-${role}`, { role, policyArn: this.policy.arn }).overrideLogicalId(
        `node_pull_${terraformName(role)}`,
      );
    }
  }
}
