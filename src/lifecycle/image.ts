/**
 * Data shapes of the lifecycle preview (no logic): an image as `aws ecr describe-images` reports it, and what a
 * lifecycle policy does to it at one instant.
 */
import type { CountType, LifecycleActionType, LifecycleRule } from "../policy/lifecycle-policy";

/** `imageStatus` of DescribeImages: ACTIVE images are pullable, ARCHIVED ones are in the archive storage class. */
export type ImageStatus = "ACTIVE" | "ARCHIVED" | "ACTIVATING";

/** Every ImageStatus; an {@link ImageTable}'s `status` column holds indices into this list (0 is ACTIVE). */
export const IMAGE_STATUSES: readonly ImageStatus[] = ["ACTIVE", "ARCHIVED", "ACTIVATING"];

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

/**
 * An image's tags in a table: the tag itself when it has one, as most images have, else the list (empty when it is
 * untagged). A list of one per image was two more objects per image for the garbage collector to copy and for the
 * reports to look up, all over memory. Test `typeof tags === "string"` first: a string has a length and iterates too.
 */
export type Tags = string | readonly string[];

/**
 * Images as columns: image i is (repositories[repository[i]], digests[i], tags[i], sizes[i], ...). What the preview
 * reads, evaluates and reports, with no object per image: 100,000 image objects kept alive for the whole command cost
 * the garbage collector more than reading them. Times are milliseconds since the Unix epoch, NaN when absent.
 */
export interface ImageTable {
  readonly length: number;
  /** The repositories' names, in order of first appearance. */
  readonly repositories: readonly string[];
  /** Each image's repository, as an index into `repositories`. */
  readonly repository: Int32Array;
  readonly digests: readonly string[];
  /** Each image's tags (see {@link Tags}). */
  readonly tags: readonly Tags[];
  readonly sizes: Float64Array;
  readonly pushedAt: Float64Array;
  /** NaN when never pulled. */
  readonly pulledAt: Float64Array;
  /** NaN when never archived. */
  readonly archivedAt: Float64Array;
  /** NaN when never restored. */
  readonly activatedAt: Float64Array;
  /** Each image's imageStatus, as an index into {@link IMAGE_STATUSES}. */
  readonly status: Uint8Array;
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

/**
 * What a policy does to each image of an {@link ImageTable}, as columns: the facts of {@link ImageOutcome}, with no
 * object per image.
 */
export interface TableOutcomes {
  /** The policy's rules by priority, lowest first: what `matched` indexes. */
  readonly rules: readonly LifecycleRule[];
  /** Each image's matched rule (see ImageOutcome.matchedRulePriority), as an index into `rules`; -1 when none. */
  readonly matched: Int32Array;
  /** 1 when the matched rule acts on the image, else 0. */
  readonly due: Uint8Array;
  /** The rank (count rules) or age in days (since rules, NaN when the image has no time to count from). */
  readonly measure: Float64Array;
  /** Each image's blocked rule priorities (see ImageOutcome.blockedRulePriorities), as an index into `lists`. */
  readonly blocked: Int32Array;
  /** The distinct lists of blocked rule priorities; lists[0] is the empty list. */
  readonly lists: readonly (readonly number[])[];
}
