/**
 * ECR's lifecycle policy evaluation, offline: which images of one repository a policy expires or archives at a given
 * instant, and why. Pure; facts from the ECR user guide (LifecyclePolicies, lifecycle_policy_parameters,
 * lifecycle_policy_examples):
 * - every rule is evaluated over the repository at once; results are applied in rulePriority order, lowest first;
 * - an image whose tags and storage class a rule selects can only be acted on by that rule or a higher one: a lower
 *   rule still counts it, but never acts on it; so each image is acted on by at most one rule;
 * - imageCountMoreThan ranks the selected images youngest first by push time (restore time for a restored image);
 * - tag lists are ANDed (every entry must match one of the image's tags); `*` matches any run of characters.
 */
import type { CountType, LifecyclePolicy, LifecycleRule, StorageClass } from "../policy/lifecycle-policy";
import type { CachedImage, DueDetail, ImageOutcome } from "./image";

const DAY_MS = 24 * 60 * 60 * 1000;

/** Which storage class an image is in: `archive` unless it is ACTIVE (an ACTIVATING image is still being restored). */
export function storageClassOf(image: CachedImage): StorageClass {
  return image.imageStatus === "ACTIVE" ? "standard" : "archive";
}

/** The time ECR ranks an image by and counts push age from: its push, or its restore from archive if later. */
export function effectivePushTime(image: CachedImage): number {
  return Math.max(image.imagePushedAt, image.lastActivatedAt ?? -Infinity);
}

/** The time sinceImagePulled counts from: the last pull, else the push, or the restore when no pull followed it. */
export function effectivePullTime(image: CachedImage): number {
  return Math.max(image.imagePushedAt, image.lastRecordedPullTime ?? -Infinity, image.lastActivatedAt ?? -Infinity);
}

/** A pattern with `*` wildcards as an anchored regular expression. */
function wildcardRegExp(pattern: string): RegExp {
  const body = pattern
    .split("*")
    .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"))
    .join(".*");
  return new RegExp(`^${body}$`, "s");
}

/** Whether every entry of a tag list matches at least one of the tags (plain loops: this runs rules x images times). */
function everyMatches<T>(
  entries: readonly T[],
  tags: readonly string[],
  match: (entry: T, tag: string) => boolean,
): boolean {
  for (const entry of entries) {
    let found = false;
    for (const tag of tags) {
      if (match(entry, tag)) {
        found = true;
        break;
      }
    }
    if (!found) return false;
  }
  return true;
}

/** Whether the rule's tag filter selects a list of tags. */
function tagFilter(rule: LifecycleRule): (tags: readonly string[]) => boolean {
  const selection = rule.selection;
  if (selection.tagStatus === "any") return () => true;
  if (selection.tagStatus === "untagged") return (tags) => tags.length === 0;
  if (selection.tagPrefixList !== undefined) {
    const prefixes = selection.tagPrefixList;
    return (tags) => everyMatches(prefixes, tags, (prefix, tag) => tag.startsWith(prefix));
  }
  // A validated tagged rule has a pattern list when it has no prefix list.
  const patterns = selection.tagPatternList ?? [];
  // `*` alone selects every tagged image; skip the regular expressions for the most common pattern.
  if (patterns.every((p) => /^\*+$/.test(p))) return (tags) => tags.length > 0;
  const regexps = patterns.map(wildcardRegExp);
  return (tags) => everyMatches(regexps, tags, (re, tag) => re.test(tag));
}

/** How a `since*` rule measures an image: the reference time and what it is called. */
type Since = Extract<DueDetail, { since: unknown }>["since"];

/** The time a `since*` rule counts an image's age from; undefined for an archived image with no archive time. */
function sinceTime(countType: CountType, image: CachedImage): number | undefined {
  if (countType === "sinceImagePulled") return effectivePullTime(image);
  if (countType === "sinceImageTransitioned") return image.lastArchivedAt;
  return effectivePushTime(image);
}

/** What {@link sinceTime} measured, to explain it. */
function sinceLabel(countType: CountType, image: CachedImage): Since {
  if (countType === "sinceImageTransitioned") return "archived";
  const restored = image.lastActivatedAt !== undefined && image.lastActivatedAt > image.imagePushedAt;
  if (countType === "sinceImagePulled" && image.lastRecordedPullTime !== undefined) {
    if (!restored || image.lastRecordedPullTime >= (image.lastActivatedAt ?? 0)) return "pulled";
  }
  return restored ? "restored" : "pushed";
}

/**
 * Indices of images in the order ECR ranks them: youngest first by push (or restore) time; the digest breaks ties, so
 * equal times rank the same every run.
 */
export function youngestFirst(images: readonly CachedImage[]): number[] {
  const times = images.map(effectivePushTime);
  const digests = images.map((image) => image.imageDigest);
  return images
    .map((_, i) => i)
    .sort((a, b) => times[b] - times[a] || (digests[a] < digests[b] ? -1 : digests[a] > digests[b] ? 1 : 0));
}

/**
 * Evaluates a validated lifecycle policy over the images of one repository at an instant.
 * Runs in O(n log n + rules x n) for n images.
 * @param policy a policy that passed validateLifecyclePolicy
 * @param images every image of the repository, in any order
 * @param at the instant, in milliseconds since the Unix epoch
 * @returns one outcome per image, in the order of `images`
 */
export function evaluateLifecyclePolicy(
  policy: LifecyclePolicy,
  images: readonly CachedImage[],
  at: number,
): ImageOutcome[] {
  const rules = [...policy.rules].sort((a, b) => a.rulePriority - b.rulePriority);
  // Each rule sees only the images of its storage class, youngest first.
  const byClass: Record<StorageClass, number[]> = { standard: [], archive: [] };
  for (const i of youngestFirst(images)) byClass[storageClassOf(images[i])].push(i);

  // Per image: the first rule that selects it, whether that rule finds it due, the rank (count rules) or age in days
  // (since rules) the rule saw, and the lower rules that would act on it.
  const matched: (number | undefined)[] = new Array(images.length).fill(undefined);
  const due: boolean[] = new Array(images.length).fill(false);
  const measure: (number | undefined)[] = new Array(images.length).fill(undefined);
  const blocked: (number[] | undefined)[] = new Array(images.length).fill(undefined);

  rules.forEach((rule, r) => {
    const selects = tagFilter(rule);
    const storageClass = rule.selection.storageClass ?? "standard";
    const { countType, countNumber } = rule.selection;
    let rank = 0;
    for (const i of byClass[storageClass]) {
      const image = images[i];
      if (!selects(image.imageTags)) continue;
      rank += 1;
      let value: number | undefined;
      if (countType === "imageCountMoreThan") value = rank;
      else {
        const time = sinceTime(countType, image);
        value = time === undefined ? undefined : (at - time) / DAY_MS;
      }
      const isDue = value !== undefined && value > countNumber;
      if (matched[i] === undefined) {
        matched[i] = r;
        due[i] = isDue;
        measure[i] = value;
      } else if (isDue) {
        (blocked[i] ??= []).push(rule.rulePriority);
      }
    }
  });

  return images.map((image, i) => {
    const r = matched[i];
    const blockedRulePriorities = blocked[i] ?? [];
    if (r === undefined) return { action: null, rulePriority: null, matchedRulePriority: null, blockedRulePriorities };
    const rule = rules[r];
    const { countType, countNumber } = rule.selection;
    const detail: DueDetail =
      countType === "imageCountMoreThan"
        ? { countType, rank: measure[i] ?? 0, keep: countNumber }
        : { countType, days: measure[i], limitDays: countNumber, since: sinceLabel(countType, image) };
    return {
      action: due[i] ? rule.action.type : null,
      rulePriority: due[i] ? rule.rulePriority : null,
      matchedRulePriority: rule.rulePriority,
      detail,
      blockedRulePriorities,
    };
  });
}
