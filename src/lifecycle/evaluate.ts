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
/** The blockedRulePriorities of most images, shared. */
const NONE_BLOCKED: readonly number[] = Object.freeze([]);

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

/** A tag test for one pattern: `*` matches any run of characters, everything else itself, over the whole tag. */
function wildcardMatcher(pattern: string): (tag: string) => boolean {
  const parts = pattern.split("*");
  if (parts.length === 1) return (tag) => tag === pattern;
  const first = parts[0];
  const last = parts[parts.length - 1];
  const middle = parts.slice(1, -1).filter((part) => part !== "");
  const minLength = first.length + last.length;
  return (tag) => {
    if (tag.length < minLength || !tag.startsWith(first) || !tag.endsWith(last)) return false;
    // Taking each middle part at its leftmost place leaves the most room for the rest, so this finds a match if any.
    let from = first.length;
    const end = tag.length - last.length;
    for (const part of middle) {
      const at = tag.indexOf(part, from);
      if (at === -1 || at + part.length > end) return false;
      from = at + part.length;
    }
    return true;
  };
}

/** Whether every matcher accepts at least one of the tags (a tag list is ANDed, each entry ORed over the tags). */
function everyMatches(matchers: readonly ((tag: string) => boolean)[], tags: readonly string[]): boolean {
  for (const matches of matchers) {
    let found = false;
    for (const tag of tags) {
      if (matches(tag)) {
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
  const matchers =
    selection.tagPrefixList !== undefined
      ? selection.tagPrefixList.map((prefix) => (tag: string) => tag.startsWith(prefix))
      : // A validated tagged rule has a pattern list when it has no prefix list.
        (selection.tagPatternList ?? []).map(wildcardMatcher);
  return (tags) => tags.length > 0 && everyMatches(matchers, tags);
}

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
 * @param order `youngestFirst(images)`, when the caller has it already
 * @returns one outcome per image, in the order of `images`
 */
export function evaluateLifecyclePolicy(
  policy: LifecyclePolicy,
  images: readonly CachedImage[],
  at: number,
  order: readonly number[] = youngestFirst(images),
): ImageOutcome[] {
  const rules = [...policy.rules].sort((a, b) => a.rulePriority - b.rulePriority);
  const selects = rules.map(tagFilter);
  const classes = rules.map((rule) => rule.selection.storageClass ?? "standard");
  const ranks = new Int32Array(rules.length);

  // Per image: the first rule that selects it, whether that rule finds it due, the rank (count rules) or age in days
  // (since rules) the rule saw, and the lower rules that would act on it. Images are the outer loop, youngest first,
  // so each image is read from memory once for all the rules.
  const matched = new Int32Array(images.length).fill(-1);
  const due = new Uint8Array(images.length);
  const measure = new Float64Array(images.length).fill(NaN);
  const blocked: (number[] | undefined)[] = new Array(images.length).fill(undefined);

  for (const i of order) {
    const image = images[i];
    const storageClass = storageClassOf(image);
    for (let r = 0; r < rules.length; r += 1) {
      if (classes[r] !== storageClass || !selects[r](image.imageTags)) continue;
      const { countType, countNumber } = rules[r].selection;
      ranks[r] += 1;
      // The image's rank (count rules) or age in days (since rules); NaN when it has no time to count from.
      let value: number;
      if (countType === "imageCountMoreThan") value = ranks[r];
      else {
        const time = sinceTime(countType, image);
        value = time === undefined ? NaN : (at - time) / DAY_MS;
      }
      const isDue = value > countNumber;
      if (matched[i] === -1) {
        matched[i] = r;
        due[i] = isDue ? 1 : 0;
        measure[i] = value;
      } else if (isDue) {
        (blocked[i] ??= []).push(rules[r].rulePriority);
      }
    }
  }

  return images.map((image, i) => {
    const r = matched[i];
    const blockedRulePriorities = blocked[i] ?? NONE_BLOCKED;
    if (r === -1) return { action: null, rulePriority: null, matchedRulePriority: null, blockedRulePriorities };
    const rule = rules[r];
    const { countType, countNumber } = rule.selection;
    const value = measure[i];
    const detail: DueDetail =
      countType === "imageCountMoreThan"
        ? { countType, rank: value, keep: countNumber }
        : {
            countType,
            days: Number.isNaN(value) ? undefined : value,
            limitDays: countNumber,
            since: sinceLabel(countType, image),
          };
    return {
      action: due[i] === 1 ? rule.action.type : null,
      rulePriority: due[i] === 1 ? rule.rulePriority : null,
      matchedRulePriority: rule.rulePriority,
      detail,
      blockedRulePriorities,
    };
  });
}
