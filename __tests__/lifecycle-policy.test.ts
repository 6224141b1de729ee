import fc from "fast-check";
import { DEFAULT_LIFECYCLE_POLICY } from "../src/policy/default-lifecycle-policy";
import { formatFinding } from "../src/validate/finding";
import { validateLifecyclePolicy } from "../src/validate/lifecycle-policy";
import blogPolicy from "./fixtures/blog-lifecycle-policy.json";
import { JsonKey, nodePaths, removeAt, valueAt } from "./support/json";

const BASE = "templateDefaults.lifecyclePolicy";
/** Path of rule i. */
const R = (i: number): string => `${BASE}.rules[${i}]`;

type Json = Record<string, unknown>;

const EXPIRE: Json = { type: "expire" };
const TRANSITION: Json = { type: "transition", targetStorageClass: "archive" };
const UNTAGGED_5_DAYS: Json = {
  tagStatus: "untagged",
  countType: "sinceImagePushed",
  countUnit: "days",
  countNumber: 5,
};
const TAGGED_14_DAYS: Json = {
  tagStatus: "tagged",
  tagPatternList: ["*"],
  countType: "sinceImagePushed",
  countUnit: "days",
  countNumber: 14,
};
const ARCHIVED_90_DAYS: Json = {
  tagStatus: "any",
  storageClass: "archive",
  countType: "sinceImageTransitioned",
  countUnit: "days",
  countNumber: 90,
};

/** A rule with a description, so one-rule policies clear the 100-character minimum. */
function rule(rulePriority: unknown, selection: unknown, action: unknown = EXPIRE, extra: Json = {}): Json {
  return { rulePriority, description: "a test rule", selection, action, ...extra };
}

/** A valid one-rule policy whose selection is UNTAGGED_5_DAYS changed by `change`. */
function untagged(change: Json, action: unknown = EXPIRE): Json {
  return { rules: [rule(1, { ...UNTAGGED_5_DAYS, ...change }, action)] };
}

/** A valid one-rule policy whose selection is TAGGED_14_DAYS changed by `change` (undefined deletes a key). */
function tagged(change: Json, action: unknown = EXPIRE): Json {
  const selection = Object.fromEntries(
    Object.entries({ ...TAGGED_14_DAYS, ...change }).filter(([, v]) => v !== undefined),
  );
  return { rules: [rule(1, selection, action)] };
}

/** A valid one-rule policy whose selection is UNTAGGED_5_DAYS without `key`. */
function untaggedWithout(key: string): Json {
  const { [key]: _removed, ...rest } = UNTAGGED_5_DAYS;
  return { rules: [rule(1, rest)] };
}

/** A policy of the given rules. */
function policy(...rules: unknown[]): Json {
  return { rules };
}

/** A valid tagged rule with its own prefix, for policies of many rules. */
function prefixRule(i: number): Json {
  return rule(i + 1, {
    tagStatus: "tagged",
    tagPrefixList: [`p${i}`],
    countType: "imageCountMoreThan",
    countNumber: 3,
  });
}

/** A valid one-rule policy whose JSON is exactly `length` characters (code points), its description made of `ch`. */
function policyOfLength(length: number, ch = "x"): Json {
  const shell = JSON.stringify(policy(rule(1, UNTAGGED_5_DAYS, EXPIRE, { description: "" }))).length;
  return policy(rule(1, UNTAGGED_5_DAYS, EXPIRE, { description: ch.repeat(length - shell) }));
}

function lines(value: unknown): string[] {
  return validateLifecyclePolicy(value, BASE).map(formatFinding);
}

describe("validateLifecyclePolicy rejects what ECR rejects", () => {
  test.each<[string, unknown, string[]]>([
    [
      "policy must be an object (null)",
      null,
      [`${BASE}: the lifecycle policy must be an object (null); write it as { "rules": [ ...rules ] }`],
    ],
    [
      "policy must be an object (a list)",
      [1, 2],
      [`${BASE}: the lifecycle policy must be an object ([1,2]); write it as { "rules": [ ...rules ] }`],
    ],
    [
      "policy must be an object (a number)",
      42,
      [`${BASE}: the lifecycle policy must be an object (42); write it as { "rules": [ ...rules ] }`],
    ],
    ["rules is required", {}, [`${BASE}.rules: rules is missing; add a rules list with at least one rule`]],
    [
      "rules must be a list",
      { rules: { rulePriority: 1 } },
      [`${BASE}.rules: rules must be a list ({"rulePriority":1}); write rules as a list of rule objects`],
    ],
    ["rules must not be empty", { rules: [] }, [`${BASE}.rules: rules is empty; add at least one rule`]],
    [
      "unknown key in the policy",
      { ...policy(rule(1, UNTAGGED_5_DAYS)), version: 1 },
      [`${BASE}.version: unknown key in a lifecycle policy ("version"); remove it; a policy may only have "rules"`],
    ],
    [
      "at most 50 rules",
      policy(...Array.from({ length: 51 }, (_, i) => prefixRule(i))),
      [
        `${BASE}.rules: a lifecycle policy may have at most 50 rules (51); merge or remove rules until there are at most 50`,
      ],
    ],
    [
      "policy JSON at most 30,720 characters",
      policyOfLength(30_721),
      [
        `${BASE}: the lifecycle policy JSON is longer than ECR's limit of 30720 characters (30721); shorten descriptions, merge rules or remove rules`,
      ],
    ],
    [
      "policy JSON at most 30,720 characters (emoji count once)",
      policyOfLength(30_721, "😀"),
      [
        `${BASE}: the lifecycle policy JSON is longer than ECR's limit of 30720 characters (30721); shorten descriptions, merge rules or remove rules`,
      ],
    ],
    [
      "policy JSON at least 100 characters",
      { rules: [{ rulePriority: 1 }] },
      [
        `${R(0)}.selection: selection is missing; add a selection with tagStatus, countType and countNumber`,
        `${R(0)}.action: action is missing; add an action such as { "type": "expire" }`,
        `${BASE}: the lifecycle policy JSON is shorter than the 100 characters ECR accepts (30); give every rule a rulePriority, a selection and an action (a description also counts)`,
      ],
    ],
    [
      "policy can be written as JSON",
      policy(rule(1, UNTAGGED_5_DAYS, EXPIRE, { description: BigInt(7) })),
      [
        `${R(0)}.description: description must be a string ("7"); quote the description or remove it`,
        `${BASE}: the lifecycle policy cannot be written as JSON; use only plain objects, lists, strings and numbers`,
      ],
    ],
    [
      "each rule is an object",
      policy(rule(1, UNTAGGED_5_DAYS), "expire old images"),
      [
        `${R(1)}: a rule must be an object ("expire old images"); write the rule as { rulePriority, description, selection, action }`,
      ],
    ],
    [
      "unknown key in a rule",
      policy(rule(1, UNTAGGED_5_DAYS, EXPIRE, { name: "old" })),
      [
        `${R(0)}.name: unknown key in a lifecycle rule ("name"); remove it; a rule may only have "rulePriority", "description", "selection" or "action"`,
      ],
    ],
    [
      "unknown key in a rule, differing only in case",
      policy(rule(1, UNTAGGED_5_DAYS, EXPIRE, { Description: "old" })),
      [
        `${R(0)}.Description: unknown key in a lifecycle rule ("Description"); rename it to "description" (keys are case-sensitive)`,
      ],
    ],
    [
      "rulePriority is required",
      policy({ description: "a test rule", selection: UNTAGGED_5_DAYS, action: EXPIRE }),
      [
        `${R(0)}.rulePriority: rulePriority is missing; add a rulePriority: a whole number of 1 or more, unique in the policy`,
      ],
    ],
    [
      "rulePriority is a positive integer (0)",
      policy(rule(0, UNTAGGED_5_DAYS)),
      [
        `${R(0)}.rulePriority: rulePriority must be a whole number of 1 or more (0); use a positive integer such as 1, 2 or 10`,
      ],
    ],
    [
      "rulePriority is a positive integer (1.5)",
      policy(rule(1.5, UNTAGGED_5_DAYS)),
      [
        `${R(0)}.rulePriority: rulePriority must be a whole number of 1 or more (1.5); use a positive integer such as 1, 2 or 10`,
      ],
    ],
    [
      "rulePriority is a positive integer (a string)",
      policy(rule("1", UNTAGGED_5_DAYS)),
      [
        `${R(0)}.rulePriority: rulePriority must be a whole number of 1 or more ("1"); use a positive integer such as 1, 2 or 10`,
      ],
    ],
    [
      "rulePriority is a positive integer (Infinity, from a YAML 1e400)",
      policy(rule(Infinity, UNTAGGED_5_DAYS)),
      [
        `${R(0)}.rulePriority: rulePriority must be a whole number of 1 or more ("Infinity"); use a positive integer such as 1, 2 or 10`,
      ],
    ],
    [
      "rulePriority is a positive integer (NaN, from a YAML .nan)",
      policy(rule(NaN, UNTAGGED_5_DAYS)),
      [
        `${R(0)}.rulePriority: rulePriority must be a whole number of 1 or more ("NaN"); use a positive integer such as 1, 2 or 10`,
      ],
    ],
    [
      "rulePriority is at most 2,147,483,647 (2,147,483,648)",
      policy(rule(2_147_483_648, UNTAGGED_5_DAYS)),
      [
        `${R(0)}.rulePriority: rulePriority must be at most 2147483647, ECR's largest integer (2147483648); use a smaller whole number such as 1, 2 or 10`,
      ],
    ],
    [
      "rulePriority is at most 2,147,483,647 (1e23)",
      policy(rule(1e23, UNTAGGED_5_DAYS)),
      [
        `${R(0)}.rulePriority: rulePriority must be at most 2147483647, ECR's largest integer (1e+23); use a smaller whole number such as 1, 2 or 10`,
      ],
    ],
    [
      "rulePriority is unique",
      policy(rule(1, UNTAGGED_5_DAYS), rule(1, TAGGED_14_DAYS)),
      [
        `${R(1)}.rulePriority: rulePriority is already used by rules[0] (1); give every rule a different rulePriority (gaps are allowed)`,
      ],
    ],
    [
      "description is a string",
      policy(rule(1, UNTAGGED_5_DAYS, EXPIRE, { description: 7 })),
      [`${R(0)}.description: description must be a string (7); quote the description or remove it`],
    ],
    [
      "selection is required",
      policy({ rulePriority: 1, description: "a long enough test rule description", action: EXPIRE }),
      [`${R(0)}.selection: selection is missing; add a selection with tagStatus, countType and countNumber`],
    ],
    [
      "selection is an object",
      policy(rule(1, "untagged")),
      [
        `${R(0)}.selection: selection must be an object ("untagged"); write selection as { tagStatus, countType, countNumber, ... }`,
      ],
    ],
    [
      "action is required",
      policy({ rulePriority: 1, description: "a long enough test rule description", selection: UNTAGGED_5_DAYS }),
      [`${R(0)}.action: action is missing; add an action such as { "type": "expire" }`],
    ],
    [
      "action is an object",
      policy(rule(1, UNTAGGED_5_DAYS, "expire")),
      [
        `${R(0)}.action: action must be an object ("expire"); write action as { "type": "expire" } or { "type": "transition", "targetStorageClass": "archive" }`,
      ],
    ],
    [
      "unknown key in a selection",
      untagged({ tagSuffixList: ["x"] }),
      [
        `${R(0)}.selection.tagSuffixList: unknown key in a lifecycle selection ("tagSuffixList"); remove it; a selection may only have "tagStatus", "tagPatternList", "tagPrefixList", "storageClass", "countType", "countUnit" or "countNumber"`,
      ],
    ],
    [
      "unknown key in an action",
      untagged({}, { type: "expire", reason: "old" }),
      [
        `${R(0)}.action.reason: unknown key in a lifecycle action ("reason"); remove it; an action may only have "type" or "targetStorageClass"`,
      ],
    ],
    [
      "tagStatus is required",
      untaggedWithout("tagStatus"),
      [`${R(0)}.selection.tagStatus: tagStatus is missing; add tagStatus "tagged", "untagged" or "any"`],
    ],
    [
      "tagStatus is tagged, untagged or any",
      untagged({ tagStatus: "UNTAGGED" }),
      [
        `${R(0)}.selection.tagStatus: tagStatus is not one of ECR's values ("UNTAGGED"); use "tagged", "untagged" or "any" (values are case-sensitive)`,
      ],
    ],
    [
      "storageClass is standard or archive",
      untagged({ storageClass: "glacier" }),
      [
        `${R(0)}.selection.storageClass: storageClass is not one of ECR's values ("glacier"); use "standard" or "archive" (values are case-sensitive)`,
      ],
    ],
    [
      "countType is required",
      untaggedWithout("countType"),
      [
        `${R(0)}.selection.countType: countType is missing; add countType "imageCountMoreThan", "sinceImagePushed", "sinceImagePulled" or "sinceImageTransitioned"`,
      ],
    ],
    [
      "countType is one of ECR's four values",
      untagged({ countType: "sinceImageCreated" }),
      [
        `${R(0)}.selection.countType: countType is not one of ECR's values ("sinceImageCreated"); use "imageCountMoreThan", "sinceImagePushed", "sinceImagePulled" or "sinceImageTransitioned" (values are case-sensitive)`,
      ],
    ],
    [
      "countUnit is days",
      untagged({ countUnit: "hours" }),
      [
        `${R(0)}.selection.countUnit: countUnit is not one of ECR's values ("hours"); use "days" (values are case-sensitive)`,
      ],
    ],
    [
      "action type is required",
      untagged({}, {}),
      [`${R(0)}.action.type: action type is missing; add type "expire" or "transition"`],
    ],
    [
      "action type is expire or transition",
      untagged({}, { type: "delete" }),
      [
        `${R(0)}.action.type: action type is not one of ECR's values ("delete"); use "expire" or "transition" (values are case-sensitive)`,
      ],
    ],
    [
      "targetStorageClass is archive",
      untagged({}, { type: "transition", targetStorageClass: "glacier" }),
      [
        `${R(0)}.action.targetStorageClass: targetStorageClass is not one of ECR's values ("glacier"); use "archive" (values are case-sensitive)`,
      ],
    ],
    [
      "a tagStatus any rule has the highest rulePriority",
      policy(rule(1, { tagStatus: "any", countType: "imageCountMoreThan", countNumber: 20 }), rule(2, UNTAGGED_5_DAYS)),
      [
        `${R(0)}.rulePriority: a tagStatus "any" rule must have the highest rulePriority among standard rules, but rules[1] has 2 (1); set this rule's rulePriority above 2, or lower the other rule's`,
      ],
    ],
    [
      "a tagStatus any rule has the highest rulePriority (two any rules in one storage class)",
      policy(
        rule(3, { tagStatus: "any", countType: "imageCountMoreThan", countNumber: 20 }),
        rule(4, { tagStatus: "any", countType: "sinceImagePushed", countUnit: "days", countNumber: 90 }),
      ),
      [
        `${R(0)}.rulePriority: a tagStatus "any" rule must have the highest rulePriority among standard rules, but rules[1] has 4 (3); set this rule's rulePriority above 4, or lower the other rule's`,
      ],
    ],
    [
      "a tagStatus any rule has the highest rulePriority (a tie is reported once, as a duplicate)",
      policy(rule(2, { tagStatus: "any", countType: "imageCountMoreThan", countNumber: 20 }), rule(2, UNTAGGED_5_DAYS)),
      [
        `${R(1)}.rulePriority: rulePriority is already used by rules[0] (2); give every rule a different rulePriority (gaps are allowed)`,
      ],
    ],
    [
      "tagged needs tagPatternList or tagPrefixList",
      tagged({ tagPatternList: undefined }),
      [
        `${R(0)}.selection: tagStatus "tagged" needs a tagPatternList or a tagPrefixList; add tagPatternList ["*"] to select every tagged image, or a tagPrefixList such as ["v"]`,
      ],
    ],
    [
      "tagged takes tagPatternList or tagPrefixList, never both",
      tagged({ tagPrefixList: ["v"] }),
      [
        `${R(0)}.selection: tagPatternList and tagPrefixList cannot be used together; keep one of them and remove the other`,
      ],
    ],
    [
      "untagged takes no tag list",
      untagged({ tagPatternList: ["*"] }),
      [
        `${R(0)}.selection.tagPatternList: a tag list is not allowed with tagStatus "untagged"; remove the list, or set tagStatus "tagged" to filter by tag`,
      ],
    ],
    [
      "any takes no tag list",
      untagged({ tagStatus: "any", tagPrefixList: ["v"] }),
      [
        `${R(0)}.selection.tagPrefixList: a tag list is not allowed with tagStatus "any"; remove the list, or set tagStatus "tagged" to filter by tag`,
      ],
    ],
    [
      "a tag list is a list",
      tagged({ tagPatternList: "v*" }),
      [
        `${R(0)}.selection.tagPatternList: a tag list must be a list of strings ("v*"); write it as a list, e.g. ["v1*"]`,
      ],
    ],
    [
      "a tag list is not empty",
      tagged({ tagPatternList: undefined, tagPrefixList: [] }),
      [
        `${R(0)}.selection.tagPrefixList: a tag list must not be empty; add at least one entry, e.g. ["*"] for every tag`,
      ],
    ],
    [
      "tag list entries are strings",
      tagged({ tagPatternList: ["v*", 1] }),
      [`${R(0)}.selection.tagPatternList[1]: a tag list entry must be a string (1); quote the entry`],
    ],
    [
      "tag list entries are not empty",
      tagged({ tagPatternList: undefined, tagPrefixList: [""] }),
      [
        `${R(0)}.selection.tagPrefixList[0]: a tag list entry must not be empty; remove the empty entry or write the tag text`,
      ],
    ],
    [
      "at most 4 wildcards per tag pattern",
      tagged({ tagPatternList: ["a*b*c*d*e*"] }),
      [
        `${R(0)}.selection.tagPatternList[0]: a tag pattern may have at most 4 "*" wildcards, this one has 5 ("a*b*c*d*e*"); merge adjacent wildcards or split the pattern so each has at most 4`,
      ],
    ],
    [
      "countUnit is required for sinceImagePushed",
      untaggedWithout("countUnit"),
      [
        `${R(0)}.selection.countUnit: countUnit is missing; countType "sinceImagePushed" counts days; add countUnit "days"`,
      ],
    ],
    [
      "countUnit is required for sinceImagePulled",
      untagged({ countType: "sinceImagePulled", countUnit: undefined }, TRANSITION),
      [
        `${R(0)}.selection.countUnit: countUnit is missing; countType "sinceImagePulled" counts days; add countUnit "days"`,
      ],
    ],
    [
      "countUnit is required for sinceImageTransitioned",
      policy(rule(1, { ...ARCHIVED_90_DAYS, countUnit: undefined })),
      [
        `${R(0)}.selection.countUnit: countUnit is missing; countType "sinceImageTransitioned" counts days; add countUnit "days"`,
      ],
    ],
    [
      "countUnit is not allowed with imageCountMoreThan",
      untagged({ countType: "imageCountMoreThan" }),
      [
        `${R(0)}.selection.countUnit: countUnit is not allowed with countType "imageCountMoreThan" ("days"); remove countUnit, or use countType "sinceImagePushed" to count days`,
      ],
    ],
    [
      "countNumber is required",
      untaggedWithout("countNumber"),
      [`${R(0)}.selection.countNumber: countNumber is missing; add countNumber: a whole number of 1 or more`],
    ],
    [
      "countNumber is a positive integer (0)",
      untagged({ countNumber: 0 }),
      [
        `${R(0)}.selection.countNumber: countNumber must be a whole number of 1 or more (0); use a positive integer such as 5 or 14`,
      ],
    ],
    [
      "countNumber is a positive integer (2.5)",
      untagged({ countNumber: 2.5 }),
      [
        `${R(0)}.selection.countNumber: countNumber must be a whole number of 1 or more (2.5); use a positive integer such as 5 or 14`,
      ],
    ],
    [
      "countNumber is a positive integer (a string)",
      untagged({ countNumber: "5" }),
      [
        `${R(0)}.selection.countNumber: countNumber must be a whole number of 1 or more ("5"); use a positive integer such as 5 or 14`,
      ],
    ],
    [
      "countNumber is a positive integer (Infinity, from a YAML 1e400)",
      untagged({ countNumber: Infinity }),
      [
        `${R(0)}.selection.countNumber: countNumber must be a whole number of 1 or more ("Infinity"); use a positive integer such as 5 or 14`,
      ],
    ],
    [
      "countNumber is a positive integer (-Infinity, from a YAML -1e400)",
      untagged({ countNumber: -Infinity }),
      [
        `${R(0)}.selection.countNumber: countNumber must be a whole number of 1 or more ("-Infinity"); use a positive integer such as 5 or 14`,
      ],
    ],
    [
      "countNumber is at most 2,147,483,647 (2,147,483,648)",
      untagged({ countNumber: 2_147_483_648 }),
      [
        `${R(0)}.selection.countNumber: countNumber must be at most 2147483647, ECR's largest integer (2147483648); use a smaller whole number such as 5 or 14`,
      ],
    ],
    [
      "countNumber is at most 2,147,483,647 (1e23)",
      untagged({ countNumber: 1e23 }),
      [
        `${R(0)}.selection.countNumber: countNumber must be at most 2147483647, ECR's largest integer (1e+23); use a smaller whole number such as 5 or 14`,
      ],
    ],
    [
      "storageClass is standard for imageCountMoreThan",
      untagged({ countType: "imageCountMoreThan", countUnit: undefined, storageClass: "archive" }),
      [
        `${R(0)}.selection.storageClass: countType "imageCountMoreThan" selects only standard images ("archive"); set storageClass "standard" or remove it; to act on archived images use countType "sinceImageTransitioned"`,
      ],
    ],
    [
      "storageClass is standard for sinceImagePushed",
      untagged({ storageClass: "archive" }),
      [
        `${R(0)}.selection.storageClass: countType "sinceImagePushed" selects only standard images ("archive"); set storageClass "standard" or remove it; to act on archived images use countType "sinceImageTransitioned"`,
      ],
    ],
    [
      "storageClass is standard for sinceImagePulled",
      untagged({ countType: "sinceImagePulled", storageClass: "archive" }, TRANSITION),
      [
        `${R(0)}.selection.storageClass: countType "sinceImagePulled" selects only standard images ("archive"); set storageClass "standard" or remove it; to act on archived images use countType "sinceImageTransitioned"`,
      ],
    ],
    [
      "storageClass is archive for sinceImageTransitioned (omitted)",
      policy(rule(1, { ...ARCHIVED_90_DAYS, storageClass: undefined })),
      [
        `${R(0)}.selection.storageClass: countType "sinceImageTransitioned" needs storageClass "archive" (only archived images have a transition time); set storageClass "archive"`,
      ],
    ],
    [
      "storageClass is archive for sinceImageTransitioned (standard)",
      policy(rule(1, { ...ARCHIVED_90_DAYS, storageClass: "standard" })),
      [
        `${R(0)}.selection.storageClass: countType "sinceImageTransitioned" needs storageClass "archive" (only archived images have a transition time) ("standard"); set storageClass "archive"`,
      ],
    ],
    [
      "transition needs targetStorageClass archive",
      untagged({}, { type: "transition" }),
      [
        `${R(0)}.action.targetStorageClass: action "transition" needs targetStorageClass "archive"; add targetStorageClass "archive"`,
      ],
    ],
    [
      "targetStorageClass only with transition",
      untagged({}, { type: "expire", targetStorageClass: "archive" }),
      [
        `${R(0)}.action.targetStorageClass: targetStorageClass is allowed only with action type "transition" ("expire"); remove targetStorageClass, or set type "transition"`,
      ],
    ],
    [
      "sinceImagePulled works only with transition",
      untagged({ countType: "sinceImagePulled" }),
      [
        `${R(0)}.action.type: countType "sinceImagePulled" works only with action type "transition" ("expire"); use action.type "transition" with targetStorageClass "archive", or countType "sinceImagePushed" to expire`,
      ],
    ],
    [
      "sinceImageTransitioned works only with expire",
      policy(rule(1, ARCHIVED_90_DAYS, TRANSITION)),
      [
        `${R(0)}.action.type: countType "sinceImageTransitioned" works only with action type "expire" ("transition"); set action.type "expire" and remove targetStorageClass`,
      ],
    ],
    [
      "tag prefixes are unique across rules of one storage class",
      policy(
        rule(1, { tagStatus: "tagged", tagPrefixList: ["v"], countType: "imageCountMoreThan", countNumber: 5 }),
        rule(2, {
          tagStatus: "tagged",
          tagPrefixList: ["v"],
          countType: "sinceImagePushed",
          countUnit: "days",
          countNumber: 30,
        }),
      ),
      [
        `${R(1)}.selection.tagPrefixList[0]: tag prefix is already used by rules[0] for standard images ("v"); use each prefix in only one rule per storage class; merge the two rules or change one prefix`,
      ],
    ],
    [
      "tag patterns are unique across rules of one storage class",
      policy(
        rule(1, TAGGED_14_DAYS),
        rule(2, { ...TAGGED_14_DAYS, countType: "imageCountMoreThan", countUnit: undefined }),
      ),
      [
        `${R(1)}.selection.tagPatternList[0]: tag pattern is already used by rules[0] for standard images ("*"); use each pattern in only one rule per storage class; merge the two rules or change one pattern`,
      ],
    ],
    [
      "only one rule selects untagged images per storage class",
      policy(
        rule(1, UNTAGGED_5_DAYS),
        rule(2, { ...UNTAGGED_5_DAYS, countType: "imageCountMoreThan", countUnit: undefined }),
      ),
      [
        `${R(1)}.selection.tagStatus: only one rule may select untagged standard images, and rules[0] already does ("untagged"); merge the untagged rules into one`,
      ],
    ],
  ])("%s: fails", (_rule, input, expected) => {
    expect(lines(input)).toEqual(expected);
  });
});

describe("validateLifecyclePolicy accepts what ECR accepts", () => {
  test.each<[string, unknown]>([
    ["policy must be an object", DEFAULT_LIFECYCLE_POLICY],
    ["at most 50 rules", policy(...Array.from({ length: 50 }, (_, i) => prefixRule(i)))],
    ["policy JSON at most 30,720 characters", policyOfLength(30_720)],
    // ECR counts characters: 30,720 emoji-filled characters are 2 UTF-16 units and 4 bytes each, and still fit.
    ["policy JSON at most 30,720 characters (emoji count once)", policyOfLength(30_720, "😀")],
    [
      "policy JSON at least 100 characters",
      policy({
        rulePriority: 1,
        selection: { tagStatus: "any", countType: "imageCountMoreThan", countNumber: 1 },
        action: EXPIRE,
      }),
    ],
    ["rulePriority is a positive integer, gaps allowed", policy(rule(10, UNTAGGED_5_DAYS), rule(20, TAGGED_14_DAYS))],
    ["rulePriority is at most 2,147,483,647", policy(rule(1, UNTAGGED_5_DAYS), rule(2_147_483_647, TAGGED_14_DAYS))],
    ["countNumber is at most 2,147,483,647", untagged({ countNumber: 2_147_483_647 })],
    ["description is optional", policy({ rulePriority: 1, selection: UNTAGGED_5_DAYS, action: EXPIRE })],
    ["tagStatus any", policy(rule(1, { tagStatus: "any", countType: "imageCountMoreThan", countNumber: 20 }))],
    [
      "a tagStatus any rule has the highest rulePriority",
      policy(rule(1, UNTAGGED_5_DAYS), rule(2, { tagStatus: "any", countType: "imageCountMoreThan", countNumber: 20 })),
    ],
    [
      "a tagStatus any rule has the highest rulePriority within its storage class",
      policy(
        rule(1, ARCHIVED_90_DAYS),
        rule(2, UNTAGGED_5_DAYS),
        rule(3, { tagStatus: "any", countType: "sinceImagePulled", countUnit: "days", countNumber: 30 }, TRANSITION),
      ),
    ],
    ["tagged with tagPatternList", tagged({})],
    ["tagged with tagPrefixList", tagged({ tagPatternList: undefined, tagPrefixList: ["v", "release-"] })],
    ["untagged without tag lists", untagged({})],
    ["at most 4 wildcards per tag pattern", tagged({ tagPatternList: ["a*b*c*d*", "*"] })],
    [
      "countUnit is not used with imageCountMoreThan",
      untagged({ countType: "imageCountMoreThan", countUnit: undefined }),
    ],
    ["countUnit days with sinceImagePushed", untagged({})],
    ["storageClass standard may be written out", untagged({ storageClass: "standard" })],
    ["storageClass archive with sinceImageTransitioned", policy(rule(1, ARCHIVED_90_DAYS))],
    ["transition with targetStorageClass archive", untagged({}, TRANSITION)],
    ["sinceImagePulled with transition", untagged({ countType: "sinceImagePulled" }, TRANSITION)],
    ["sinceImageTransitioned with expire", policy(rule(1, ARCHIVED_90_DAYS, EXPIRE))],
    [
      "tag prefixes are unique across rules of one storage class (same prefix in another class)",
      policy(
        rule(1, { tagStatus: "tagged", tagPrefixList: ["v"], countType: "imageCountMoreThan", countNumber: 5 }),
        rule(2, { ...ARCHIVED_90_DAYS, tagStatus: "tagged", tagPrefixList: ["v"] }),
      ),
    ],
    [
      "tag prefixes are unique across rules of one storage class (a repeat inside one rule is not across rules)",
      tagged({ tagPatternList: undefined, tagPrefixList: ["v", "v"] }),
    ],
    [
      "only one rule selects untagged images per storage class (one per class)",
      policy(rule(1, UNTAGGED_5_DAYS), rule(2, { ...ARCHIVED_90_DAYS, tagStatus: "untagged" })),
    ],
  ])("%s: passes", (_rule, input) => {
    expect(lines(input)).toEqual([]);
  });
});

describe("DEFAULT_LIFECYCLE_POLICY", () => {
  test("validates clean", () => {
    expect(lines(DEFAULT_LIFECYCLE_POLICY)).toEqual([]);
  });

  test("expires by push age, so cached images are refetched rather than archived", () => {
    const countTypes = DEFAULT_LIFECYCLE_POLICY.rules.map((r) => [r.selection.countType, r.action.type]);
    expect(countTypes).toEqual([
      ["sinceImagePushed", "expire"],
      ["sinceImagePushed", "expire"],
    ]);
  });
});

describe("the seed blog's policy", () => {
  test("is rejected for both broken rules: tagged without a tag list, and sinceImagePulled with expire", () => {
    expect(lines(blogPolicy)).toEqual([
      `${R(0)}.selection: tagStatus "tagged" needs a tagPatternList or a tagPrefixList; add tagPatternList ["*"] to select every tagged image, or a tagPrefixList such as ["v"]`,
      `${R(0)}.action.type: countType "sinceImagePulled" works only with action type "transition" ("expire"); use action.type "transition" with targetStorageClass "archive", or countType "sinceImagePushed" to expire`,
    ]);
  });
});

// ---- property tests ----

interface Edit {
  readonly pick: number;
  readonly op: "replace" | "delete" | "add";
  readonly key: string;
  readonly value: unknown;
}

/** Applies one edit to a copy of `root` at the node chosen by `pick`. */
function applyEdit(root: unknown, edit: Edit): unknown {
  const copy: unknown = structuredClone(root);
  const paths = nodePaths(copy);
  const path = paths[edit.pick % paths.length];
  if (path.length === 0) {
    if (edit.op === "replace") return edit.value;
    if (edit.op === "add" && typeof copy === "object" && copy !== null && !Array.isArray(copy)) {
      (copy as Record<string, unknown>)[edit.key] = edit.value;
    }
    return copy;
  }
  const parent = valueAt(copy, path.slice(0, -1)) as Record<JsonKey, unknown>;
  const last = path[path.length - 1];
  const target = parent[last];
  if (edit.op === "replace") parent[last] = edit.value;
  else if (edit.op === "delete") removeAt(copy, path);
  else if (Array.isArray(target)) target.push(edit.value);
  else if (typeof target === "object" && target !== null) (target as Record<string, unknown>)[edit.key] = edit.value;
  else parent[last] = [target, edit.value];
  return copy;
}

const editArb: fc.Arbitrary<Edit> = fc.record({
  pick: fc.nat(),
  op: fc.constantFrom<Edit["op"]>("replace", "delete", "add"),
  key: fc.oneof(fc.constantFrom("rules", "tagStatus", "countUnit", "targetStorageClass", "storageClass"), fc.string()),
  value: fc.jsonValue(),
});

/** A valid policy that uses every field, as the seed for mutations. */
const RICH_POLICY = policy(
  rule(1, { tagStatus: "tagged", tagPrefixList: ["v1", "v2"], countType: "imageCountMoreThan", countNumber: 3 }),
  rule(2, UNTAGGED_5_DAYS),
  rule(3, { ...TAGGED_14_DAYS, storageClass: "standard", countType: "sinceImagePulled" }, TRANSITION),
  rule(4, ARCHIVED_90_DAYS),
);

/** Findings are well-formed: errors, under the given path, rendered (without throwing) as a line starting there. */
function expectWellFormed(value: unknown): void {
  for (const f of validateLifecyclePolicy(value, BASE)) {
    expect(f.severity).toBe("error");
    expect(f.path.startsWith(BASE)).toBe(true);
    expect(formatFinding(f).startsWith(BASE)).toBe(true);
  }
}

describe("validateLifecyclePolicy never throws", () => {
  test("the mutation seed is valid", () => {
    expect(lines(RICH_POLICY)).toEqual([]);
  });

  test("on arbitrary JSON", () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => expectWellFormed(value)),
      { numRuns: 500 },
    );
  });

  test("on arbitrary JSON under rules", () => {
    fc.assert(
      fc.property(fc.array(fc.jsonValue()), (rules) => expectWellFormed({ rules })),
      { numRuns: 300 },
    );
  });

  test("on random mutations of a valid policy, without changing its input", () => {
    fc.assert(
      fc.property(fc.array(editArb, { minLength: 1, maxLength: 5 }), (edits) => {
        const mutated = edits.reduce<unknown>((acc, edit) => applyEdit(acc, edit), RICH_POLICY);
        const before = JSON.stringify(mutated);
        expectWellFormed(mutated);
        expect(JSON.stringify(mutated)).toBe(before);
      }),
      { numRuns: 1000 },
    );
  });
});
