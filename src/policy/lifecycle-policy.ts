/**
 * Data shapes for an ECR lifecycle policy (no logic).
 *
 * The unions are shaped so that a policy written in code fails to compile where ECR would reject it, as far as
 * types can say so. What types cannot say (unique and positive rulePriority, a `tagStatus: "any"` rule being last,
 * at most four `*` per pattern, unique prefixes across rules, size limits) is checked at run time by
 * `validateLifecyclePolicy` in src/validate/lifecycle-policy.ts.
 */

/** Which images a rule selects by tag state. */
export type TagStatus = "tagged" | "untagged" | "any";

/** Where an image is stored: `standard` is pullable, `archive` is not (pulls return 404 until restored). */
export type StorageClass = "standard" | "archive";

/** What a rule counts: image count, or days since push, last pull or transition to archive. */
export type CountType = "imageCountMoreThan" | "sinceImagePushed" | "sinceImagePulled" | "sinceImageTransitioned";

/** The only time unit ECR accepts for the `since*` count types. */
export type CountUnit = "days";

/** What a rule does to the images it selects. */
export type LifecycleActionType = "expire" | "transition";

/** The only storage class a `transition` action can move images to. */
export type TargetStorageClass = "archive";

/** A list with at least one entry (ECR rejects empty tag lists and empty rule lists). */
export type NonEmptyList<T> = readonly [T, ...T[]];

/** Selects tagged images whose tags match every pattern (`*` matches any characters, at most four per pattern). */
export interface TaggedByPatternSelection {
  readonly tagStatus: "tagged";
  /** Tag patterns; all must match (AND). */
  readonly tagPatternList: NonEmptyList<string>;
  /** Not allowed together with tagPatternList. */
  readonly tagPrefixList?: never;
}

/** Selects tagged images that have a tag starting with every listed prefix. */
export interface TaggedByPrefixSelection {
  readonly tagStatus: "tagged";
  /** Tag prefixes; all must match (AND). */
  readonly tagPrefixList: NonEmptyList<string>;
  /** Not allowed together with tagPrefixList. */
  readonly tagPatternList?: never;
}

/** Selects untagged images, or all images (`any`); neither accepts a tag list. */
export interface UntaggedOrAnySelection {
  readonly tagStatus: "untagged" | "any";
  /** Not allowed: only `tagged` rules filter by tag. */
  readonly tagPatternList?: never;
  /** Not allowed: only `tagged` rules filter by tag. */
  readonly tagPrefixList?: never;
}

/** The tag half of a selection: `tagged` needs exactly one tag list, `untagged` and `any` take none. */
export type TagSelection = TaggedByPatternSelection | TaggedByPrefixSelection | UntaggedOrAnySelection;

/** Acts on the images beyond the newest `countNumber` (by push time) in the standard storage class. */
export interface ImageCountCriterion {
  readonly countType: "imageCountMoreThan";
  /** How many images to keep; a positive integer. */
  readonly countNumber: number;
  /** Not allowed: an image count has no unit. */
  readonly countUnit?: never;
  /** Only standard images are counted. @default "standard" */
  readonly storageClass?: "standard";
}

/** Acts on standard images pushed more than `countNumber` days ago. */
export interface SinceImagePushedCriterion {
  readonly countType: "sinceImagePushed";
  /** Required for every `since*` count type. */
  readonly countUnit: CountUnit;
  /** Age in days; a positive integer. */
  readonly countNumber: number;
  /** Only standard images are selected. @default "standard" */
  readonly storageClass?: "standard";
}

/** Selects standard images last pulled (or, if never pulled, pushed) more than `countNumber` days ago. */
export interface SinceImagePulledCriterion {
  readonly countType: "sinceImagePulled";
  /** Required for every `since*` count type. */
  readonly countUnit: CountUnit;
  /** Days since the last recorded pull; a positive integer. */
  readonly countNumber: number;
  /** Only standard images are selected. @default "standard" */
  readonly storageClass?: "standard";
}

/** Selects archived images moved to archive more than `countNumber` days ago. */
export interface SinceImageTransitionedCriterion {
  readonly countType: "sinceImageTransitioned";
  /** Required for every `since*` count type. */
  readonly countUnit: CountUnit;
  /** Days since the transition to archive; a positive integer. */
  readonly countNumber: number;
  /** Required: only archived images have a transition time. */
  readonly storageClass: "archive";
}

/** Selection for count types that work with either action. */
export type ExpireOrTransitionSelection = TagSelection & (ImageCountCriterion | SinceImagePushedCriterion);

/** Selection for `sinceImagePulled`, which works only with a `transition` action. */
export type SinceImagePulledSelection = TagSelection & SinceImagePulledCriterion;

/** Selection for `sinceImageTransitioned`, which works only with an `expire` action. */
export type SinceImageTransitionedSelection = TagSelection & SinceImageTransitionedCriterion;

/** Which images a rule applies to: a tag filter plus one count criterion. */
export type LifecycleSelection =
  | ExpireOrTransitionSelection
  | SinceImagePulledSelection
  | SinceImageTransitionedSelection;

/** Deletes the selected images. */
export interface ExpireAction {
  readonly type: "expire";
  /** Not allowed: only `transition` moves images. */
  readonly targetStorageClass?: never;
}

/** Moves the selected images to archive (archived images cannot be pulled until restored). */
export interface TransitionAction {
  readonly type: "transition";
  /** Required; archive is the only target. */
  readonly targetStorageClass: TargetStorageClass;
}

/** What a rule does to the images it selects. */
export type LifecycleAction = ExpireAction | TransitionAction;

/** Fields every rule has. */
interface LifecycleRuleBase {
  /** Order of application, lower first; a unique positive integer, gaps allowed. */
  readonly rulePriority: number;
  /** Shown in the console and in previews. @default - no description */
  readonly description?: string;
}

/** A rule counting images or push age: may expire or transition. */
export interface ExpireOrTransitionRule extends LifecycleRuleBase {
  readonly selection: ExpireOrTransitionSelection;
  readonly action: LifecycleAction;
}

/** A `sinceImagePulled` rule: ECR accepts it only with a transition to archive. */
export interface SinceImagePulledRule extends LifecycleRuleBase {
  readonly selection: SinceImagePulledSelection;
  readonly action: TransitionAction;
}

/** A `sinceImageTransitioned` rule: ECR accepts it only with expire (of archived images). */
export interface SinceImageTransitionedRule extends LifecycleRuleBase {
  readonly selection: SinceImageTransitionedSelection;
  readonly action: ExpireAction;
}

/** One lifecycle rule; the count type decides which actions are allowed. */
export type LifecycleRule = ExpireOrTransitionRule | SinceImagePulledRule | SinceImageTransitionedRule;

/** An ECR lifecycle policy: one to 50 rules (the upper bound is checked at run time). */
export interface LifecyclePolicy {
  readonly rules: NonEmptyList<LifecycleRule>;
}
