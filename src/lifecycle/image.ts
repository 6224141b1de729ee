/**
 * Data shapes of the lifecycle preview (no logic): an image as `aws ecr describe-images` reports it, and what a
 * lifecycle policy does to it at one instant.
 */
import type { CountType, LifecycleActionType } from "../policy/lifecycle-policy";

/** `imageStatus` of DescribeImages: ACTIVE images are pullable, ARCHIVED ones are in the archive storage class. */
export type ImageStatus = "ACTIVE" | "ARCHIVED" | "ACTIVATING";

/** One image of one repository; times are milliseconds since the Unix epoch. */
export interface CachedImage {
  readonly repositoryName: string;
  readonly imageDigest: string;
  /** Empty when the image is untagged. */
  readonly imageTags: readonly string[];
  readonly imageSizeInBytes: number;
  readonly imagePushedAt: number;
  /** @default - never pulled */
  readonly lastRecordedPullTime?: number;
  /** @default "ACTIVE" */
  readonly imageStatus: ImageStatus;
  /** When the image last moved to archive. @default - never archived */
  readonly lastArchivedAt?: number;
  /** When the image was last restored from archive. @default - never restored */
  readonly lastActivatedAt?: number;
}

/** Why the rule that matched an image did or did not make it due. */
export type DueDetail =
  /** imageCountMoreThan: the image's place among the rule's images, youngest first (1 = youngest). */
  | { readonly countType: "imageCountMoreThan"; readonly rank: number; readonly keep: number }
  /** A `since*` rule: days elapsed since the reference time (undefined when the image has none). */
  | {
      readonly countType: Exclude<CountType, "imageCountMoreThan">;
      readonly days: number | undefined;
      readonly limitDays: number;
      /** Which time the age counts from. */
      readonly since: "pushed" | "restored" | "pulled" | "archived";
    };

/** What the policy does to one image. */
export interface ImageOutcome {
  /** The action taken, or null when the image is kept. */
  readonly action: LifecycleActionType | null;
  /** The rule that acts, or null when the image is kept. */
  readonly rulePriority: number | null;
  /**
   * The highest-priority rule whose selection (tags and storage class) matches the image: the only rule that may
   * act on it, and the one that protects it from every lower rule. Null when no rule matches.
   */
  readonly matchedRulePriority: number | null;
  /** How the matched rule judged the image; undefined when no rule matches. */
  readonly detail?: DueDetail;
  /** Lower-priority rules that would act on the image were it not for the matched rule, lowest number first. */
  readonly blockedRulePriorities: readonly number[];
}
