/** IAM policy simulation for the tests (@cloud-copilot/iam-simulate, a dev dependency never shipped). */
import { runSimulation } from "@cloud-copilot/iam-simulate";
import { PolicyDocument } from "../../src/policy/iam-documents";

/** One request to simulate: who asks, for what, on which resource, under which policies. */
export interface IamRequest {
  /** The calling principal's ARN, or an AWS service principal such as `ecr.amazonaws.com`. */
  readonly principal: string;
  readonly action: string;
  readonly resource: string;
  /** The identity policies of the principal. @default none */
  readonly identity?: readonly PolicyDocument[];
  /** The resource's own policy (a registry policy, a role's trust policy). @default none */
  readonly resourcePolicy?: PolicyDocument;
  /** Request context, e.g. `aws:PrincipalOrgID`. @default none */
  readonly context?: Record<string, string | string[]>;
}

/** The account in an ARN; undefined for `*` (ECR's `GetAuthorizationToken` has no resource) or a service name. */
function accountOf(arn: string): string | undefined {
  return arn.split(":")[4] || undefined;
}

/** Simulates one request; throws when the simulator refuses the input (a malformed policy or request). */
export async function decide(request: IamRequest): Promise<"Allowed" | "ImplicitlyDenied" | "ExplicitlyDenied"> {
  const result = await runSimulation(
    {
      request: {
        principal: request.principal,
        action: request.action,
        // A resource without an account (`*`) is the caller's own.
        resource: {
          resource: request.resource,
          accountId: accountOf(request.resource) ?? accountOf(request.principal) ?? "111111111111",
        },
        // The simulator does not derive these from the principal yet; AWS always sets them for IAM principals.
        contextVariables: {
          ...(request.principal.startsWith("arn:")
            ? { "aws:PrincipalArn": request.principal, "aws:PrincipalAccount": accountOf(request.principal)! }
            : {}),
          ...request.context,
        },
      },
      identityPolicies: (request.identity ?? []).map((policy, i) => ({ name: `identity${i}`, policy: policy as any })),
      serviceControlPolicies: [],
      resourceControlPolicies: [],
      resourcePolicy: request.resourcePolicy as any,
    },
    {},
  );
  if (result.resultType === "error") {
    throw new Error(`the simulator refused the request: ${JSON.stringify(result.errors)}`);
  }
  return result.overallResult as "Allowed" | "ImplicitlyDenied" | "ExplicitlyDenied";
}
