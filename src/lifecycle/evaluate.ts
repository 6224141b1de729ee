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
import type { CachedImage, DueDetail, ImageOutcome, ImageTable, TableOutcomes, Tags } from "./image";
import { pickFloat64, pickInt32, pickUint8, tableOf } from "./image-table";

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Lists of numbers built by appending, each distinct list made once and shared: most images of a large repository are
 * blocked by the same few rules, and one array per image is garbage-collector work for nothing.
 */
class SharedLists {
  /** lists[id]; id 0 is the empty list. */
  private readonly lists: (readonly number[])[] = [Object.freeze([])];
  /** The ids of each list's one-longer lists, by the value appended. */
  private readonly longer: Map<number, number>[] = [new Map()];

  /** The id of list `id` with `value` appended. */
  append(id: number, value: number): number {
    let next = this.longer[id].get(value);
    if (next === undefined) {
      next = this.lists.length;
      this.lists.push(Object.freeze([...this.lists[id], value]));
      this.longer.push(new Map());
      this.longer[id].set(value, next);
    }
    return next;
  }

  /** Every list, by id. */
  all(): readonly (readonly number[])[] {
    return this.lists;
  }
}

/**
 * Which storage class image i of a table is in: `archive` unless it is ACTIVE (an ACTIVATING image is still being
 * restored).
 */
export function tableStorageClass(table: ImageTable, i: number): StorageClass {
  return table.status[i] === 0 ? "standard" : "archive";
}

/**
 * The time ECR ranks image i of a table by and counts its push age from: its push, or its restore from archive if
 * later.
 */
function pushTimeOf(table: ImageTable, i: number): number {
  const activated = table.activatedAt[i];
  // NaN compares false: an absent time never wins.
  return activated > table.pushedAt[i] ? activated : table.pushedAt[i];
}

/**
 * The time sinceImagePulled counts from for image i of a table: the last pull, else the push, or the restore when no
 * pull followed it.
 */
function pullTimeOf(table: ImageTable, i: number): number {
  let time = table.pushedAt[i];
  if (table.pulledAt[i] > time) time = table.pulledAt[i];
  if (table.activatedAt[i] > time) time = table.activatedAt[i];
  return time;
}

/** The time sinceImagePulled counts from (see pullTimeOf), for one image. */
export function effectivePullTime(image: CachedImage): number {
  return pullTimeOf(tableOf([image]), 0);
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
function everyMatches(matchers: readonly ((tag: string) => boolean)[], tags: Tags): boolean {
  if (typeof tags === "string") {
    for (const matches of matchers) if (!matches(tags)) return false;
    return true;
  }
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

/** Whether the rule's tag filter selects an image's tags. */
function tagFilter(rule: LifecycleRule): (tags: Tags) => boolean {
  const selection = rule.selection;
  if (selection.tagStatus === "any") return () => true;
  if (selection.tagStatus === "untagged") return (tags) => typeof tags !== "string" && tags.length === 0;
  const matchers =
    selection.tagPrefixList !== undefined
      ? selection.tagPrefixList.map((prefix) => (tag: string) => tag.startsWith(prefix))
      : // A validated tagged rule has a pattern list when it has no prefix list.
        (selection.tagPatternList ?? []).map(wildcardMatcher);
  return (tags) => (typeof tags === "string" || tags.length > 0) && everyMatches(matchers, tags);
}

type Since = Extract<DueDetail, { since: unknown }>["since"];

/** Which time a `since*` rule counted the age of image i of a table from, to explain it. */
export function sinceLabel(countType: CountType, table: ImageTable, i: number): Since {
  if (countType === "sinceImageTransitioned") return "archived";
  const activated = table.activatedAt[i];
  const pulled = table.pulledAt[i];
  const restored = activated > table.pushedAt[i];
  if (countType === "sinceImagePulled" && !Number.isNaN(pulled)) {
    if (!restored || pulled >= (Number.isNaN(activated) ? 0 : activated)) return "pulled";
  }
  return restored ? "restored" : "pushed";
}

/** {@link pushTimeOf} every image of a table. */
function pushTimesOf(table: ImageTable): Float64Array {
  const times = new Float64Array(table.length);
  for (let i = 0; i < table.length; i += 1) times[i] = pushTimeOf(table, i);
  return times;
}

/**
 * Indices of a table's images in the order ECR ranks them: youngest first by push (or restore) time; the digest
 * breaks ties, so equal times rank the same every run.
 */
export function youngestFirst(table: ImageTable): Int32Array {
  const times = pushTimesOf(table);
  const digests = table.digests;
  const n = times.length;
  const order = new Int32Array(n);
  const byDigest = (a: number, b: number) => (digests[a] < digests[b] ? -1 : digests[a] > digests[b] ? 1 : 0);
  let oldest = Infinity;
  let youngest = -Infinity;
  let whole = true;
  for (let i = 0; i < n; i += 1) {
    if (times[i] < oldest) oldest = times[i];
    if (times[i] > youngest) youngest = times[i];
    if (!Number.isInteger(times[i])) whole = false;
  }
  if (n > 0 && whole && (youngest - oldest + 1) * n <= Number.MAX_SAFE_INTEGER) {
    // The fast way, when the times are whole milliseconds spanning a few years at most: each image's age relative to
    // the youngest and its index as one exact number, sorted as numbers (natively, with no comparison function).
    const keys = new Float64Array(n);
    for (let i = 0; i < n; i += 1) keys[i] = (youngest - times[i]) * n + i;
    keys.sort();
    for (let k = 0; k < n; k += 1) order[k] = keys[k] % n;
    // Images pushed at the same time came out by index: put them in digest order.
    for (let k = 0, end = 1; k < n; k = end, end = k + 1) {
      while (end < n && times[order[end]] === times[order[k]]) end += 1;
      if (end - k > 1) order.subarray(k, end).sort(byDigest);
    }
    return order;
  }
  for (let i = 0; i < n; i += 1) order[i] = i;
  return order.sort((a, b) => times[b] - times[a] || byDigest(a, b));
}

/**
 * Evaluates a validated lifecycle policy over the images of one repository at an instant.
 * Runs in O(n log n + rules x n) for n images.
 * @param policy a policy that passed validateLifecyclePolicy
 * @param table every image of the repository, in any order
 * @param at the instant, in milliseconds since the Unix epoch
 * @param order `youngestFirst(table)`, when the caller has it already
 * @returns what the policy does to each image of the table
 */
export function evaluateTable(
  policy: LifecyclePolicy,
  table: ImageTable,
  at: number,
  order: ArrayLike<number> = youngestFirst(table),
): TableOutcomes {
  const rules = [...policy.rules].sort((a, b) => a.rulePriority - b.rulePriority);
  const ruleCount = rules.length;
  const n = table.length;

  // First, in the images' own order: which rules select each image (selected[i * ruleCount + r]) and the times the
  // since rules count from (NaN when there is none).
  const selected = new Uint8Array(n * ruleCount);
  const pushTimes = pushTimesOf(table);
  const pullTimes = new Float64Array(n);
  const selects = rules.map(tagFilter);
  const archive = rules.map((rule) => (rule.selection.storageClass ?? "standard") === "archive");
  for (let i = 0; i < n; i += 1) {
    const inArchive = table.status[i] !== 0;
    const tags = table.tags[i];
    for (let r = 0; r < ruleCount; r += 1) {
      if (archive[r] === inArchive && selects[r](tags)) selected[i * ruleCount + r] = 1;
    }
    pullTimes[i] = pullTimeOf(table, i);
  }
  const sinceTimes = rules.map(({ selection: { countType } }) =>
    countType === "sinceImagePulled"
      ? pullTimes
      : countType === "sinceImageTransitioned"
        ? table.archivedAt
        : pushTimes,
  );

  // Then per image, youngest first: the first rule that selects it, whether that rule finds it due, the rank (count
  // rules) or age in days (since rules) the rule saw, and the lower rules that would act on it.
  const ranks = new Int32Array(ruleCount);
  const matched = new Int32Array(n).fill(-1);
  const due = new Uint8Array(n);
  const measure = new Float64Array(n).fill(NaN);
  const lists = new SharedLists();
  const blocked = new Int32Array(n);
  for (let k = 0; k < n; k += 1) {
    const i = order[k];
    for (let r = 0; r < ruleCount; r += 1) {
      if (selected[i * ruleCount + r] === 0) continue;
      const { countType, countNumber } = rules[r].selection;
      ranks[r] += 1;
      // The image's rank (count rules) or age in days (since rules); NaN when it has no time to count from.
      const value = countType === "imageCountMoreThan" ? ranks[r] : (at - sinceTimes[r][i]) / DAY_MS;
      const isDue = value > countNumber;
      if (matched[i] === -1) {
        matched[i] = r;
        due[i] = isDue ? 1 : 0;
        measure[i] = value;
      } else if (isDue) {
        blocked[i] = lists.append(blocked[i], rules[r].rulePriority);
      }
    }
  }
  return { rules, matched, due, measure, blocked, lists: lists.all() };
}

/** The outcomes of some images, in the order given: what {@link rowsOf} is to a table. */
export function outcomeRowsOf(outcomes: TableOutcomes, rows: ArrayLike<number>): TableOutcomes {
  return {
    rules: outcomes.rules,
    matched: pickInt32(outcomes.matched, rows),
    due: pickUint8(outcomes.due, rows),
    measure: pickFloat64(outcomes.measure, rows),
    blocked: pickInt32(outcomes.blocked, rows),
    lists: outcomes.lists,
  };
}

/** Image i's outcome, as an object. */
export function outcomeOf(table: ImageTable, outcomes: TableOutcomes, i: number): ImageOutcome {
  const r = outcomes.matched[i];
  const blockedRulePriorities = outcomes.lists[outcomes.blocked[i]];
  if (r === -1) return { action: null, rulePriority: null, matchedRulePriority: null, blockedRulePriorities };
  const rule = outcomes.rules[r];
  const { countType, countNumber } = rule.selection;
  const value = outcomes.measure[i];
  const detail: DueDetail =
    countType === "imageCountMoreThan"
      ? { countType, rank: value, keep: countNumber }
      : {
          countType,
          days: Number.isNaN(value) ? undefined : value,
          limitDays: countNumber,
          since: sinceLabel(countType, table, i),
        };
  const due = outcomes.due[i] === 1;
  return {
    action: due ? rule.action.type : null,
    rulePriority: due ? rule.rulePriority : null,
    matchedRulePriority: rule.rulePriority,
    detail,
    blockedRulePriorities,
  };
}

/**
 * Evaluates a validated lifecycle policy over the images of one repository at an instant: {@link evaluateTable} over
 * a list of images.
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
  const table = tableOf(images);
  const outcomes = evaluateTable(policy, table, at);
  return images.map((_, i) => outcomeOf(table, outcomes, i));
}
