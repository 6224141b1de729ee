/**
 * Compile-time tests for src/policy/lifecycle-policy.ts. Not a jest file (no `.test.ts`): `tsc --noEmit -p .`, run by
 * `npm test`, checks it. Each `@ts-expect-error` line must fail to compile; if a type stops rejecting it, tsc reports
 * the unused directive and the build fails. Invalid cases stay on one line so the error lands on the marked line.
 */
import { DEFAULT_LIFECYCLE_POLICY } from "../src/policy/default-lifecycle-policy";
import type { LifecyclePolicy, LifecycleRule, LifecycleSelection, LifecycleAction } from "../src/policy/lifecycle-policy";

/** Accepts a value only if it has type T. */
function accepts<T>(value: T): T {
  return value;
}

// ---- valid: each of these must compile ----

accepts<LifecyclePolicy>(DEFAULT_LIFECYCLE_POLICY);
accepts<LifecycleRule>({ rulePriority: 1, selection: { tagStatus: "untagged", countType: "sinceImagePushed", countUnit: "days", countNumber: 5 }, action: { type: "expire" } });
accepts<LifecycleRule>({ rulePriority: 2, description: "keep 10", selection: { tagStatus: "tagged", tagPrefixList: ["v"], countType: "imageCountMoreThan", countNumber: 10 }, action: { type: "expire" } });
accepts<LifecycleRule>({ rulePriority: 3, selection: { tagStatus: "tagged", tagPatternList: ["prod*"], countType: "imageCountMoreThan", countNumber: 10, storageClass: "standard" }, action: { type: "transition", targetStorageClass: "archive" } });
accepts<LifecycleRule>({ rulePriority: 4, selection: { tagStatus: "any", countType: "sinceImagePulled", countUnit: "days", countNumber: 30 }, action: { type: "transition", targetStorageClass: "archive" } });
accepts<LifecycleRule>({ rulePriority: 5, selection: { tagStatus: "any", storageClass: "archive", countType: "sinceImageTransitioned", countUnit: "days", countNumber: 90 }, action: { type: "expire" } });
accepts<LifecycleRule>({ rulePriority: 6, selection: { tagStatus: "tagged", tagPatternList: ["*"], countType: "sinceImagePushed", countUnit: "days", countNumber: 14 }, action: { type: "transition", targetStorageClass: "archive" } });
accepts<LifecycleAction>({ type: "expire" });

// ---- policy shape ----

// @ts-expect-error a policy needs at least one rule
accepts<LifecyclePolicy>({ rules: [] });
// @ts-expect-error a policy has only `rules`
accepts<LifecyclePolicy>({ rules: DEFAULT_LIFECYCLE_POLICY.rules, version: 1 });
// @ts-expect-error rulePriority is required
accepts<LifecycleRule>({ selection: { tagStatus: "untagged", countType: "sinceImagePushed", countUnit: "days", countNumber: 5 }, action: { type: "expire" } });
// @ts-expect-error rulePriority is a number
accepts<LifecycleRule>({ rulePriority: "1", selection: { tagStatus: "untagged", countType: "sinceImagePushed", countUnit: "days", countNumber: 5 }, action: { type: "expire" } });
// @ts-expect-error unknown key in a rule
accepts<LifecycleRule>({ rulePriority: 1, name: "x", selection: { tagStatus: "untagged", countType: "sinceImagePushed", countUnit: "days", countNumber: 5 }, action: { type: "expire" } });

// ---- enums ----

// @ts-expect-error tagStatus is tagged, untagged or any
accepts<LifecycleSelection>({ tagStatus: "TAGGED", tagPatternList: ["*"], countType: "sinceImagePushed", countUnit: "days", countNumber: 5 });
// @ts-expect-error countType is one of the four ECR values
accepts<LifecycleSelection>({ tagStatus: "untagged", countType: "sinceImageCreated", countUnit: "days", countNumber: 5 });
// @ts-expect-error countUnit is only "days"
accepts<LifecycleSelection>({ tagStatus: "untagged", countType: "sinceImagePushed", countUnit: "hours", countNumber: 5 });
// @ts-expect-error action type is expire or transition
accepts<LifecycleAction>({ type: "delete" });
// @ts-expect-error targetStorageClass is only "archive"
accepts<LifecycleAction>({ type: "transition", targetStorageClass: "glacier" });
// @ts-expect-error unknown key in a selection
accepts<LifecycleSelection>({ tagStatus: "untagged", countType: "sinceImagePushed", countUnit: "days", countNumber: 5, tagSuffixList: ["x"] });

// ---- tag lists ----

// @ts-expect-error tagged requires tagPatternList or tagPrefixList
accepts<LifecycleSelection>({ tagStatus: "tagged", countType: "sinceImagePushed", countUnit: "days", countNumber: 14 });
// @ts-expect-error tagged takes tagPatternList or tagPrefixList, never both
accepts<LifecycleSelection>({ tagStatus: "tagged", tagPatternList: ["*"], tagPrefixList: ["v"], countType: "sinceImagePushed", countUnit: "days", countNumber: 14 });
// @ts-expect-error untagged takes no tagPatternList
accepts<LifecycleSelection>({ tagStatus: "untagged", tagPatternList: ["*"], countType: "sinceImagePushed", countUnit: "days", countNumber: 5 });
// @ts-expect-error untagged takes no tagPrefixList
accepts<LifecycleSelection>({ tagStatus: "untagged", tagPrefixList: ["v"], countType: "sinceImagePushed", countUnit: "days", countNumber: 5 });
// @ts-expect-error any takes no tag list
accepts<LifecycleSelection>({ tagStatus: "any", tagPrefixList: ["v"], countType: "imageCountMoreThan", countNumber: 5 });
// @ts-expect-error tag lists are not empty
accepts<LifecycleSelection>({ tagStatus: "tagged", tagPrefixList: [], countType: "sinceImagePushed", countUnit: "days", countNumber: 14 });

// ---- countUnit ----

// @ts-expect-error countUnit is required for sinceImagePushed
accepts<LifecycleSelection>({ tagStatus: "untagged", countType: "sinceImagePushed", countNumber: 5 });
// @ts-expect-error countUnit is required for sinceImagePulled
accepts<LifecycleRule>({ rulePriority: 1, selection: { tagStatus: "any", countType: "sinceImagePulled", countNumber: 30 }, action: { type: "transition", targetStorageClass: "archive" } });
// @ts-expect-error countUnit is required for sinceImageTransitioned
accepts<LifecycleSelection>({ tagStatus: "any", storageClass: "archive", countType: "sinceImageTransitioned", countNumber: 90 });
// @ts-expect-error countUnit is not allowed with imageCountMoreThan
accepts<LifecycleSelection>({ tagStatus: "untagged", countType: "imageCountMoreThan", countUnit: "days", countNumber: 5 });

// ---- storageClass ----

// @ts-expect-error imageCountMoreThan selects standard images only
accepts<LifecycleSelection>({ tagStatus: "untagged", storageClass: "archive", countType: "imageCountMoreThan", countNumber: 5 });
// @ts-expect-error sinceImagePushed selects standard images only
accepts<LifecycleSelection>({ tagStatus: "untagged", storageClass: "archive", countType: "sinceImagePushed", countUnit: "days", countNumber: 5 });
// @ts-expect-error sinceImagePulled selects standard images only
accepts<LifecycleRule>({ rulePriority: 1, selection: { tagStatus: "any", storageClass: "archive", countType: "sinceImagePulled", countUnit: "days", countNumber: 30 }, action: { type: "transition", targetStorageClass: "archive" } });
// @ts-expect-error sinceImageTransitioned needs storageClass archive (omitted)
accepts<LifecycleSelection>({ tagStatus: "any", countType: "sinceImageTransitioned", countUnit: "days", countNumber: 90 });
// @ts-expect-error sinceImageTransitioned needs storageClass archive (standard)
accepts<LifecycleSelection>({ tagStatus: "any", storageClass: "standard", countType: "sinceImageTransitioned", countUnit: "days", countNumber: 90 });

// ---- actions ----

// @ts-expect-error transition requires targetStorageClass archive
accepts<LifecycleAction>({ type: "transition" });
// @ts-expect-error targetStorageClass only with transition
accepts<LifecycleAction>({ type: "expire", targetStorageClass: "archive" });
// @ts-expect-error sinceImagePulled works only with transition (the seed blog's rule 1, with a tag list added)
accepts<LifecycleRule>({ rulePriority: 1, selection: { tagStatus: "tagged", tagPatternList: ["*"], countType: "sinceImagePulled", countUnit: "days", countNumber: 14 }, action: { type: "expire" } });
// @ts-expect-error sinceImageTransitioned works only with expire
accepts<LifecycleRule>({ rulePriority: 1, selection: { tagStatus: "any", storageClass: "archive", countType: "sinceImageTransitioned", countUnit: "days", countNumber: 90 }, action: { type: "transition", targetStorageClass: "archive" } });
// @ts-expect-error the seed blog's rule 1 as written: tagged without a tag list, and sinceImagePulled with expire
accepts<LifecycleRule>({ rulePriority: 1, description: "Expire tagged images older than 14 days", selection: { tagStatus: "tagged", countType: "sinceImagePulled", countUnit: "days", countNumber: 14 }, action: { type: "expire" } });
