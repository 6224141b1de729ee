/**
 * The messages of the lifecycle policy checks (./lifecycle-policy.ts), as named factories (tests match their text).
 * Each factory takes the config path of the offending field and returns one Finding.
 */
import { LIFECYCLE_LIMITS } from "../aws/ecr";
import { error, type Finding } from "./finding";

/** `"a", "b" or "c"`. */
function quotedChoice(values: readonly string[]): string {
  const quoted = values.map((v) => JSON.stringify(v));
  return quoted.length <= 1 ? quoted.join("") : `${quoted.slice(0, -1).join(", ")} or ${quoted[quoted.length - 1]}`;
}

/**
 * Keeps scalars and short JSON as they are; replaces long or unserialisable values by a short description. Numbers
 * JSON cannot write (Infinity from a YAML `1e400`, NaN) and bigints become their text, so they do not render as null.
 */
function shown(value: unknown): unknown {
  if (typeof value === "bigint" || (typeof value === "number" && !Number.isFinite(value))) return String(value);
  if (value === null || typeof value !== "object") return value;
  try {
    const json = JSON.stringify(value);
    if (json !== undefined && json.length <= 60) return value;
  } catch {
    // fall through to the description
  }
  return Array.isArray(value) ? `a list of ${value.length} items` : "an object";
}

/** `rules[3]`, how a message names another rule. */
function ruleRef(index: number): string {
  return `rules[${index}]`;
}

// ---- policy ----

/** The policy is not an object. */
export function policyNotObject(path: string, value: unknown): Finding {
  return error(path, "the lifecycle policy must be an object", shown(value), 'write it as { "rules": [ ...rules ] }');
}

/** The policy has no `rules` key. */
export function rulesMissing(path: string): Finding {
  return error(path, "rules is missing", undefined, "add a rules list with at least one rule");
}

/** `rules` is not a list. */
export function rulesNotList(path: string, value: unknown): Finding {
  return error(path, "rules must be a list", shown(value), "write rules as a list of rule objects");
}

/** `rules` is an empty list. */
export function rulesEmpty(path: string): Finding {
  return error(path, "rules is empty", undefined, "add at least one rule");
}

/** More rules than ECR allows. */
export function tooManyRules(path: string, count: number): Finding {
  return error(
    path,
    `a lifecycle policy may have at most ${LIFECYCLE_LIMITS.maxRules} rules`,
    count,
    `merge or remove rules until there are at most ${LIFECYCLE_LIMITS.maxRules}`,
  );
}

/** The policy JSON is longer than ECR accepts. */
export function policyTooLong(path: string, length: number): Finding {
  return error(
    path,
    `the lifecycle policy JSON is longer than ECR's limit of ${LIFECYCLE_LIMITS.maxChars} characters`,
    length,
    "shorten descriptions, merge rules or remove rules",
  );
}

/** The policy JSON is shorter than PutLifecyclePolicy accepts. */
export function policyTooShort(path: string, length: number): Finding {
  return error(
    path,
    `the lifecycle policy JSON is shorter than the ${LIFECYCLE_LIMITS.minChars} characters ECR accepts`,
    length,
    "give every rule a rulePriority, a selection and an action (a description also counts)",
  );
}

/** The policy cannot be turned into JSON at all. */
export function policyNotSerialisable(path: string): Finding {
  return error(
    path,
    "the lifecycle policy cannot be written as JSON",
    undefined,
    "use only plain objects, lists, strings and numbers",
  );
}

// ---- keys ----

/** A key ECR does not know, at policy, rule, selection or action level. */
export function unknownKey(
  path: string,
  where: "policy" | "rule" | "selection" | "action",
  key: string,
  allowed: readonly string[],
): Finding {
  const nearMiss = allowed.find((k) => k.toLowerCase() === key.toLowerCase());
  const fix = nearMiss
    ? `rename it to "${nearMiss}" (keys are case-sensitive)`
    : `remove it; ${where === "action" ? "an" : "a"} ${where} may only have ${quotedChoice(allowed)}`;
  return error(path, `unknown key in a lifecycle ${where}`, key, fix);
}

// ---- rule ----

/** A rule is not an object. */
export function ruleNotObject(path: string, value: unknown): Finding {
  return error(
    path,
    "a rule must be an object",
    shown(value),
    "write the rule as { rulePriority, description, selection, action }",
  );
}

/** A rule has no rulePriority. */
export function rulePriorityMissing(path: string): Finding {
  return error(
    path,
    "rulePriority is missing",
    undefined,
    "add a rulePriority: a whole number of 1 or more, unique in the policy",
  );
}

/** rulePriority is not a positive whole number. */
export function rulePriorityNotPositiveInteger(path: string, value: unknown): Finding {
  return error(
    path,
    "rulePriority must be a whole number of 1 or more",
    shown(value),
    "use a positive integer such as 1, 2 or 10",
  );
}

/** rulePriority is larger than ECR's 32-bit integer. */
export function rulePriorityTooLarge(path: string, value: number): Finding {
  return error(
    path,
    `rulePriority must be at most ${LIFECYCLE_LIMITS.maxInteger}, ECR's largest integer`,
    value,
    "use a smaller whole number such as 1, 2 or 10",
  );
}

/** Two rules share a rulePriority. */
export function rulePriorityDuplicate(path: string, value: number, firstIndex: number): Finding {
  return error(
    path,
    `rulePriority is already used by ${ruleRef(firstIndex)}`,
    value,
    "give every rule a different rulePriority (gaps are allowed)",
  );
}

/** description is not a string. */
export function descriptionNotString(path: string, value: unknown): Finding {
  return error(path, "description must be a string", shown(value), "quote the description or remove it");
}

/** A rule has no selection. */
export function selectionMissing(path: string): Finding {
  return error(path, "selection is missing", undefined, "add a selection with tagStatus, countType and countNumber");
}

/** selection is not an object. */
export function selectionNotObject(path: string, value: unknown): Finding {
  return error(
    path,
    "selection must be an object",
    shown(value),
    "write selection as { tagStatus, countType, countNumber, ... }",
  );
}

/** A rule has no action. */
export function actionMissing(path: string): Finding {
  return error(path, "action is missing", undefined, 'add an action such as { "type": "expire" }');
}

/** action is not an object. */
export function actionNotObject(path: string, value: unknown): Finding {
  return error(
    path,
    "action must be an object",
    shown(value),
    'write action as { "type": "expire" } or { "type": "transition", "targetStorageClass": "archive" }',
  );
}

// ---- enums ----

function notOneOf(path: string, field: string, value: unknown, allowed: readonly string[]): Finding {
  return error(
    path,
    `${field} is not one of ECR's values`,
    shown(value),
    `use ${quotedChoice(allowed)} (values are case-sensitive)`,
  );
}

/** tagStatus is missing. */
export function tagStatusMissing(path: string, allowed: readonly string[]): Finding {
  return error(path, "tagStatus is missing", undefined, `add tagStatus ${quotedChoice(allowed)}`);
}

/** tagStatus has a value ECR does not know. */
export function tagStatusInvalid(path: string, value: unknown, allowed: readonly string[]): Finding {
  return notOneOf(path, "tagStatus", value, allowed);
}

/** storageClass has a value ECR does not know. */
export function storageClassInvalid(path: string, value: unknown, allowed: readonly string[]): Finding {
  return notOneOf(path, "storageClass", value, allowed);
}

/** countType is missing. */
export function countTypeMissing(path: string, allowed: readonly string[]): Finding {
  return error(path, "countType is missing", undefined, `add countType ${quotedChoice(allowed)}`);
}

/** countType has a value ECR does not know. */
export function countTypeInvalid(path: string, value: unknown, allowed: readonly string[]): Finding {
  return notOneOf(path, "countType", value, allowed);
}

/** countUnit has a value ECR does not know. */
export function countUnitInvalid(path: string, value: unknown): Finding {
  return notOneOf(path, "countUnit", value, ["days"]);
}

/** action.type is missing. */
export function actionTypeMissing(path: string, allowed: readonly string[]): Finding {
  return error(path, "action type is missing", undefined, `add type ${quotedChoice(allowed)}`);
}

/** action.type has a value ECR does not know. */
export function actionTypeInvalid(path: string, value: unknown, allowed: readonly string[]): Finding {
  return notOneOf(path, "action type", value, allowed);
}

/** targetStorageClass has a value ECR does not know. */
export function targetStorageClassInvalid(path: string, value: unknown): Finding {
  return notOneOf(path, "targetStorageClass", value, ["archive"]);
}

// ---- tag filters ----

/** A `tagged` rule without a tag list. */
export function taggedWithoutTagList(path: string): Finding {
  return error(
    path,
    'tagStatus "tagged" needs a tagPatternList or a tagPrefixList',
    undefined,
    'add tagPatternList ["*"] to select every tagged image, or a tagPrefixList such as ["v"]',
  );
}

/** A `tagged` rule with both tag lists. */
export function taggedWithBothTagLists(path: string): Finding {
  return error(
    path,
    "tagPatternList and tagPrefixList cannot be used together",
    undefined,
    "keep one of them and remove the other",
  );
}

/** An `untagged` or `any` rule with a tag list. */
export function tagListNotAllowed(path: string, tagStatus: string): Finding {
  return error(
    path,
    `a tag list is not allowed with tagStatus "${tagStatus}"`,
    undefined,
    'remove the list, or set tagStatus "tagged" to filter by tag',
  );
}

/** A tag list is not a list. */
export function tagListNotList(path: string, value: unknown): Finding {
  return error(path, "a tag list must be a list of strings", shown(value), 'write it as a list, e.g. ["v1*"]');
}

/** A tag list is empty. */
export function tagListEmpty(path: string): Finding {
  return error(path, "a tag list must not be empty", undefined, 'add at least one entry, e.g. ["*"] for every tag');
}

/** A tag list entry is not a string. */
export function tagListEntryNotString(path: string, value: unknown): Finding {
  return error(path, "a tag list entry must be a string", shown(value), "quote the entry");
}

/** A tag list entry is an empty string. */
export function tagListEntryEmpty(path: string): Finding {
  return error(path, "a tag list entry must not be empty", undefined, "remove the empty entry or write the tag text");
}

/** A tag pattern with more than four `*`. */
export function tooManyWildcards(path: string, pattern: string, count: number): Finding {
  return error(
    path,
    `a tag pattern may have at most ${LIFECYCLE_LIMITS.maxWildcardsPerPattern} "*" wildcards, this one has ${count}`,
    pattern,
    `merge adjacent wildcards or split the pattern so each has at most ${LIFECYCLE_LIMITS.maxWildcardsPerPattern}`,
  );
}

// ---- counting ----

/** A `since*` count type without countUnit. */
export function countUnitMissing(path: string, countType: string): Finding {
  return error(path, `countUnit is missing; countType "${countType}" counts days`, undefined, 'add countUnit "days"');
}

/** countUnit with imageCountMoreThan. */
export function countUnitNotAllowed(path: string, value: unknown): Finding {
  return error(
    path,
    'countUnit is not allowed with countType "imageCountMoreThan"',
    shown(value),
    'remove countUnit, or use countType "sinceImagePushed" to count days',
  );
}

/** countNumber is missing. */
export function countNumberMissing(path: string): Finding {
  return error(path, "countNumber is missing", undefined, "add countNumber: a whole number of 1 or more");
}

/** countNumber is not a positive whole number. */
export function countNumberNotPositiveInteger(path: string, value: unknown): Finding {
  return error(
    path,
    "countNumber must be a whole number of 1 or more",
    shown(value),
    "use a positive integer such as 5 or 14",
  );
}

/** countNumber is larger than ECR's 32-bit integer. */
export function countNumberTooLarge(path: string, value: number): Finding {
  return error(
    path,
    `countNumber must be at most ${LIFECYCLE_LIMITS.maxInteger}, ECR's largest integer`,
    value,
    "use a smaller whole number such as 5 or 14",
  );
}

/** storageClass other than standard for a count type that only sees standard images. */
export function storageClassMustBeStandard(path: string, value: unknown, countType: string): Finding {
  return error(
    path,
    `countType "${countType}" selects only standard images`,
    shown(value),
    'set storageClass "standard" or remove it; to act on archived images use countType "sinceImageTransitioned"',
  );
}

/** sinceImageTransitioned without storageClass archive. */
export function storageClassMustBeArchive(path: string, value: unknown): Finding {
  return error(
    path,
    'countType "sinceImageTransitioned" needs storageClass "archive" (only archived images have a transition time)',
    shown(value),
    'set storageClass "archive"',
  );
}

// ---- actions ----

/** transition without targetStorageClass. */
export function transitionWithoutTarget(path: string): Finding {
  return error(
    path,
    'action "transition" needs targetStorageClass "archive"',
    undefined,
    'add targetStorageClass "archive"',
  );
}

/** targetStorageClass on an action that is not transition. */
export function targetStorageClassWithoutTransition(path: string, actionType: unknown): Finding {
  return error(
    path,
    'targetStorageClass is allowed only with action type "transition"',
    shown(actionType),
    'remove targetStorageClass, or set type "transition"',
  );
}

/** sinceImagePulled with an action other than transition. */
export function sinceImagePulledNeedsTransition(path: string, actionType: unknown): Finding {
  return error(
    path,
    'countType "sinceImagePulled" works only with action type "transition"',
    shown(actionType),
    'use action.type "transition" with targetStorageClass "archive", or countType "sinceImagePushed" to expire',
  );
}

/** sinceImageTransitioned with an action other than expire. */
export function sinceImageTransitionedNeedsExpire(path: string, actionType: unknown): Finding {
  return error(
    path,
    'countType "sinceImageTransitioned" works only with action type "expire"',
    shown(actionType),
    'set action.type "expire" and remove targetStorageClass',
  );
}

// ---- across rules ----

/** A `tagStatus: any` rule that is not the last rule of its storage class. */
export function anyRuleNotLast(
  path: string,
  priority: number,
  storageClass: string,
  laterIndex: number,
  laterPriority: number,
): Finding {
  return error(
    path,
    `a tagStatus "any" rule must have the highest rulePriority among ${storageClass} rules, but ${ruleRef(laterIndex)} has ${laterPriority}`,
    priority,
    `set this rule's rulePriority above ${laterPriority}, or lower the other rule's`,
  );
}

/** The same tag prefix in two rules of one storage class. */
export function duplicateTagPrefix(path: string, prefix: string, storageClass: string, firstIndex: number): Finding {
  return error(
    path,
    `tag prefix is already used by ${ruleRef(firstIndex)} for ${storageClass} images`,
    prefix,
    "use each prefix in only one rule per storage class; merge the two rules or change one prefix",
  );
}

/** The same tag pattern in two rules of one storage class. */
export function duplicateTagPattern(path: string, pattern: string, storageClass: string, firstIndex: number): Finding {
  return error(
    path,
    `tag pattern is already used by ${ruleRef(firstIndex)} for ${storageClass} images`,
    pattern,
    "use each pattern in only one rule per storage class; merge the two rules or change one pattern",
  );
}

/** A second `untagged` rule in one storage class. */
export function multipleUntaggedRules(path: string, storageClass: string, firstIndex: number): Finding {
  return error(
    path,
    `only one rule may select untagged ${storageClass} images, and ${ruleRef(firstIndex)} already does`,
    "untagged",
    "merge the untagged rules into one",
  );
}
