/**
 * Every IAM document the stacks emit, simulated (@cloud-copilot/iam-simulate): the documents are taken from the
 * synthesized stacks of config/organization.yaml (a hub, a spoke in its account in another Region, a spoke in another
 * account), and each principal must be allowed exactly the requests it needs and denied the near misses: another
 * prefix, another account, a write where only a read is granted.
 */
import { iamRoleArn } from "../src/aws/iam";
import {
  ECR_SERVICE_PRINCIPAL as ECR_SERVICE,
  PULL_THROUGH_CACHE_SERVICE_PRINCIPAL as PULL_THROUGH_CACHE_SERVICE,
} from "../src/aws/ecr";
import { PolicyDocument } from "../src/policy/iam-documents";
import { minimalInput, projectConfig, synth, synthAll } from "./support/app";
import { decide } from "./support/iam";

const stacks = synthAll(projectConfig("organization.yaml"));
const hubStack = stacks["registry-cache-hub"];
const spokeStack = stacks["registry-cache-prod"];

/** The node policy as the provider's aws_iam_policy_document renders its statement blocks. */
function nodePolicy(stack: any): PolicyDocument {
  const statements = stack.data.aws_iam_policy_document.node_pull.statement as any[];
  return {
    Version: "2012-10-17",
    Statement: statements.map((s) => ({ Sid: s.sid, Effect: s.effect, Action: s.actions, Resource: s.resources })),
  };
}

const hub = { accountId: "111111111111", region: "eu-west-1" };
const spoke = { accountId: "222222222222", region: "eu-west-1" };
const spokeRole = spokeStack.resource.aws_iam_role.spoke_pull;
const spokeRoleArn = `arn:aws:iam::222222222222:role/${spokeRole.name}`;
const repo = (r: { accountId: string; region: string }, name: string) =>
  `arn:aws:ecr:${r.region}:${r.accountId}:repository/${name}`;

const hubPolicy: PolicyDocument = JSON.parse(hubStack.resource.aws_ecr_registry_policy.cache.policy);
const spokePermissions: PolicyDocument = JSON.parse(spokeStack.resource.aws_iam_role_policy.spoke_pull.policy);
const spokeRoleName = spokeRole.name as string;
const everything = {
  Version: "2012-10-17",
  Statement: [{ Sid: "All", Effect: "Allow", Action: "*", Resource: "*" }],
} as const;

describe("the spoke's role pulling from the hub", () => {
  const asSpoke = (action: string, resource: string, principal = spokeRoleArn) =>
    decide({ principal, action, resource, identity: [spokePermissions], resourcePolicy: hubPolicy });

  test.each([
    "ecr:BatchGetImage",
    "ecr:GetDownloadUrlForLayer",
    "ecr:BatchImportUpstreamImage",
    "ecr:GetImageCopyStatus",
  ])("%s on a hub cache repository is allowed", async (action) => {
    expect(await asSpoke(action, repo(hub, "docker-hub/library/nginx"))).toBe("Allowed");
  });

  test.each([
    ["another prefix of the hub", "ecr:BatchGetImage", repo(hub, "private/app")],
    ["a write into the hub", "ecr:PutImage", repo(hub, "docker-hub/library/nginx")],
    ["deleting in the hub", "ecr:BatchDeleteImage", repo(hub, "docker-hub/library/nginx")],
    ["a third account's registry", "ecr:BatchGetImage", repo({ ...hub, accountId: "444444444444" }, "docker-hub/x")],
  ])("%s is denied", async (_case, action, resource) => {
    expect(await asSpoke(action, resource)).not.toBe("Allowed");
  });

  test("another role of the spoke account is not granted by the hub, whatever its own IAM allows", async () => {
    const other = iamRoleArn(spoke.accountId, "developer");
    const result = await decide({
      principal: other,
      action: "ecr:BatchGetImage",
      resource: repo(hub, "docker-hub/library/nginx"),
      identity: [everything],
      resourcePolicy: hubPolicy,
    });
    expect(result).not.toBe("Allowed");
  });

  test("the same role name in another account is not granted", async () => {
    const result = await asSpoke(
      "ecr:BatchGetImage",
      repo(hub, "docker-hub/x"),
      iamRoleArn("555555555555", spokeRoleName),
    );
    expect(result).not.toBe("Allowed");
  });

  test.each(["ecr:PutImage", "ecr:InitiateLayerUpload", "ecr:UploadLayerPart", "ecr:CompleteLayerUpload"])(
    "%s into its own cache repository is allowed, and not into another prefix",
    async (action) => {
      expect(await asSpoke(action, repo(spoke, "ghcr/org/app"))).toBe("Allowed");
      expect(await asSpoke(action, repo(spoke, "team/app"))).not.toBe("Allowed");
    },
  );

  test("only ECR's pull through cache may assume the spoke's role", async () => {
    const trust: PolicyDocument = JSON.parse(spokeRole.assume_role_policy);
    const assume = (principal: string) =>
      decide({ principal, action: "sts:AssumeRole", resource: spokeRoleArn, resourcePolicy: trust });
    expect(await assume(PULL_THROUGH_CACHE_SERVICE)).toBe("Allowed");
    expect(await assume(ECR_SERVICE)).not.toBe("Allowed");
    expect(await assume("arn:aws:iam::222222222222:role/developer")).not.toBe("Allowed");
  });
});

describe("org-wide pulls through the hub's cache", () => {
  const member = "arn:aws:iam::666666666666:role/eks-node";
  const asMember = (action: string, resource: string, context: Record<string, string | string[]>) =>
    decide({ principal: member, action, resource, identity: [everything], resourcePolicy: hubPolicy, context });
  const inOrg = { "aws:PrincipalOrgID": "o-abcdefghij" };

  test.each([
    "ecr:BatchGetImage",
    "ecr:GetDownloadUrlForLayer",
    "ecr:BatchCheckLayerAvailability",
    "ecr:BatchImportUpstreamImage",
    "ecr:CreateRepository",
  ])("a principal of the organization may %s on a cache repository", async (action) => {
    expect(await asMember(action, repo(hub, "ghcr/org/app"), inOrg)).toBe("Allowed");
  });

  test.each([
    ["another organization", "ecr:BatchGetImage", repo(hub, "ghcr/org/app"), { "aws:PrincipalOrgID": "o-zzzzzzzzzz" }],
    ["no organization", "ecr:BatchGetImage", repo(hub, "ghcr/org/app"), {}],
    ["a repository outside the cache", "ecr:BatchGetImage", repo(hub, "private/app"), inOrg],
    ["pushing", "ecr:PutImage", repo(hub, "ghcr/org/app"), inOrg],
    ["deleting the repository", "ecr:DeleteRepository", repo(hub, "ghcr/org/app"), inOrg],
  ])("%s is denied", async (_case, action, resource, context) => {
    expect(await asMember(action, resource, context)).not.toBe("Allowed");
  });

  // A registry that grants organizational units and a list of accounts instead of the whole organization.
  const grantsStack = synth(
    minimalInput({
      accountId: hub.accountId,
      registries: { "docker-hub": { upstreamRegistryUrl: "registry-1.docker.io", credentials: "managed" } },
      registryPolicy: {
        organizationalUnitPaths: ["o-abcdefghij/r-ab12/ou-ab12-abcdefgh/*"],
        accountIds: ["333333333333"],
      },
    }),
  ).registryCache;
  const grantsPolicy: PolicyDocument = JSON.parse(
    JSON.parse(grantsStack).resource.aws_ecr_registry_policy.cache.policy,
  );

  test("a principal under a granted organizational unit may pull; one elsewhere in the organization path may not", async () => {
    const asMember = (action: string, resource: string, context: Record<string, string | string[]>) =>
      decide({ principal: member, action, resource, identity: [everything], resourcePolicy: grantsPolicy, context });
    const grantedOu = { "aws:PrincipalOrgPaths": ["o-abcdefghij/r-ab12/ou-ab12-abcdefgh/ou-ab12-team0001/"] };
    const otherOu = { "aws:PrincipalOrgPaths": ["o-zzzzzzzzzz/r-ab12/ou-ab12-zzzzzzzz/"] };
    expect(await asMember("ecr:BatchGetImage", repo(hub, "docker-hub/library/nginx"), grantedOu)).toBe("Allowed");
    expect(await asMember("ecr:BatchGetImage", repo(hub, "docker-hub/library/nginx"), otherOu)).not.toBe("Allowed");
  });

  test("a listed account may pull; its pushes are denied", async () => {
    const listed = "arn:aws:iam::333333333333:role/eks-node";
    const ask = (action: string) =>
      decide({
        principal: listed,
        action,
        resource: repo(hub, "docker-hub/library/nginx"),
        identity: [everything],
        resourcePolicy: grantsPolicy,
      });
    expect(await ask("ecr:BatchGetImage")).toBe("Allowed");
    expect(await ask("ecr:PutImage")).not.toBe("Allowed");
  });
});

describe("the creation template role", () => {
  const key = "arn:aws:kms:eu-west-1:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab";
  // Only docker-hub's template encrypts with the key: the role is for its repositories alone.
  const input = minimalInput({
    accountId: "111111111111",
    registries: {
      "docker-hub": {
        upstreamRegistryUrl: "registry-1.docker.io",
        credentials: "managed",
        template: { encryption: { type: "KMS", kmsKey: key } },
      },
      ghcr: { upstreamRegistryUrl: "ghcr.io", credentials: "managed" },
    },
  });
  const stack = JSON.parse(synth(input).registryCache);
  const roleResource = stack.resource.aws_iam_role.template;
  const role = iamRoleArn(hub.accountId, roleResource.name);
  const permissions: PolicyDocument = JSON.parse(stack.resource.aws_iam_role_policy.template.policy);
  // The key's default key policy, which lets the account's IAM policies grant its use.
  const keyPolicy = {
    Version: "2012-10-17",
    Statement: [
      {
        Sid: "EnableIamPolicies",
        Effect: "Allow",
        Principal: { AWS: "arn:aws:iam::111111111111:root" },
        Action: "kms:*",
        Resource: "*",
      },
    ],
  } as const;
  const ask = (action: string, resource: string) =>
    decide({
      principal: role,
      action,
      resource,
      identity: [permissions],
      resourcePolicy: resource.startsWith("arn:aws:kms:") ? keyPolicy : undefined,
    });

  test.each([
    ["ecr:CreateRepository", repo(hub, "docker-hub/library/nginx")],
    ["ecr:TagResource", repo(hub, "docker-hub/library/nginx")],
    ["kms:CreateGrant", key],
    ["kms:DescribeKey", key],
    ["kms:RetireGrant", key],
  ])("%s on %s is allowed", async (action, resource) => {
    expect(await ask(action, resource)).toBe("Allowed");
  });

  test.each([
    ["a repository of another prefix", "ecr:CreateRepository", repo(hub, "ghcr/org/app")],
    ["another key", "kms:CreateGrant", key.replace("1234abcd", "9999abcd")],
    ["decrypting with the key", "kms:Decrypt", key],
    ["pushing", "ecr:PutImage", repo(hub, "docker-hub/library/nginx")],
  ])("%s is denied", async (_case, action, resource) => {
    expect(await ask(action, resource)).not.toBe("Allowed");
  });

  test("only ECR may assume it", async () => {
    const trust: PolicyDocument = JSON.parse(roleResource.assume_role_policy);
    const assume = (principal: string) =>
      decide({ principal, action: "sts:AssumeRole", resource: role, resourcePolicy: trust });
    expect(await assume(ECR_SERVICE)).toBe("Allowed");
    expect(await assume(PULL_THROUGH_CACHE_SERVICE)).not.toBe("Allowed");
    expect(await assume("arn:aws:iam::111111111111:role/developer")).not.toBe("Allowed");
  });
});

describe("the node policy", () => {
  const node = "arn:aws:iam::222222222222:role/eks-node";
  const ask = (action: string, resource: string) =>
    decide({ principal: node, action, resource, identity: [nodePolicy(spokeStack)] });

  test.each([
    ["ecr:GetAuthorizationToken", "*"],
    ["ecr:BatchGetImage", repo(spoke, "docker-hub/library/nginx")],
    ["ecr:GetDownloadUrlForLayer", repo(spoke, "quay/cilium/cilium")],
    ["ecr:BatchCheckLayerAvailability", repo(spoke, "k8s/pause")],
    ["ecr:BatchImportUpstreamImage", repo(spoke, "ghcr/org/app")],
    ["ecr:CreateRepository", repo(spoke, "ghcr/org/app")],
  ])("a node may %s on %s in its own cache", async (action, resource) => {
    expect(await ask(action, resource)).toBe("Allowed");
  });

  test.each([
    ["a repository outside the cache", "ecr:BatchGetImage", repo(spoke, "team/app")],
    ["pushing", "ecr:PutImage", repo(spoke, "docker-hub/library/nginx")],
    ["deleting images", "ecr:BatchDeleteImage", repo(spoke, "docker-hub/library/nginx")],
    [
      "the same prefix in another account",
      "ecr:BatchGetImage",
      repo({ ...spoke, accountId: "333333333333" }, "docker-hub/x"),
    ],
    ["the same prefix in another Region", "ecr:BatchGetImage", repo({ ...spoke, region: "us-east-1" }, "docker-hub/x")],
  ])("%s is denied", async (_case, action, resource) => {
    expect(await ask(action, resource)).not.toBe("Allowed");
  });
});
