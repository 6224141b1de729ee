import type { LifecyclePolicy } from "./lifecycle-policy";

/**
 * The lifecycle policy given to cache repositories when the config sets none.
 *
 * It replaces the seed blog's policy, which ECR rejects: its first rule selected `tagged` images without a
 * tagPatternList or tagPrefixList, and paired `sinceImagePulled` with `expire`. ECR allows `sinceImagePulled` only
 * with a `transition` to archive, and archived images cannot be pulled, so such a rule would leave the cache serving
 * 404s instead of refetching from upstream. This policy therefore expires by push age (`sinceImagePushed`): once a
 * cached image expires, the next pull fetches it again from upstream. The rules keep the blog's order.
 */
export const DEFAULT_LIFECYCLE_POLICY: LifecyclePolicy = {
  rules: [
    {
      rulePriority: 1,
      description:
        "Expire tagged images 14 days after they were cached; the next pull fetches them again from upstream",
      selection: {
        tagStatus: "tagged",
        tagPatternList: ["*"],
        countType: "sinceImagePushed",
        countUnit: "days",
        countNumber: 14,
      },
      action: { type: "expire" },
    },
    {
      rulePriority: 2,
      description: "Expire untagged images 5 days after they were cached",
      selection: { tagStatus: "untagged", countType: "sinceImagePushed", countUnit: "days", countNumber: 5 },
      action: { type: "expire" },
    },
  ],
};
