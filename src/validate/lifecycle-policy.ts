/**
 * Run-time validation of a lifecycle policy that came from a user's YAML/JSON config, against ECR's rules
 * (docs: lifecycle_policy_parameters, LifecyclePolicies, lifecycle_policy_examples; limits: service quotas and the
 * PutLifecyclePolicy API). Collects every problem and never throws.
 */
import * as msg from "./lifecycle-policy.messages";
import { LIFECYCLE_LIMITS } from "../aws/ecr";
import { lengthIn } from "../aws/length";
import type {
  CountType,
  LifecycleActionType,
  LifecyclePolicy,
  StorageClass,
  TagStatus,
} from "../policy/lifecycle-policy";
import { at, type Finding } from "./finding";

type JsonObject = Readonly<Record<string, unknown>>;

/** Lists a string-literal union's members; the Record makes the list complete and exact. */
function members<T extends string>(record: Record<T, true>): readonly T[] {
  return Object.keys(record) as T[];
}

const TAG_STATUSES = members<TagStatus>({ tagged: true, untagged: true, any: true });
const STORAGE_CLASSES = members<StorageClass>({ standard: true, archive: true });
const COUNT_TYPES = members<CountType>({
  imageCountMoreThan: true,
  sinceImagePushed: true,
  sinceImagePulled: true,
  sinceImageTransitioned: true,
});
const ACTION_TYPES = members<LifecycleActionType>({ expire: true, transition: true });

const POLICY_KEYS = ["rules"] as const;
const RULE_KEYS = ["rulePriority", "description", "selection", "action"] as const;
const SELECTION_KEYS = [
  "tagStatus",
  "tagPatternList",
  "tagPrefixList",
  "storageClass",
  "countType",
  "countUnit",
  "countNumber",
] as const;
const ACTION_KEYS = ["type", "targetStorageClass"] as const;

type TagListKey = "tagPatternList" | "tagPrefixList";

/** What the cross-rule checks need to know about one rule; undefined where the rule's own value was invalid. */
interface RuleFacts {
  readonly index: number;
  readonly path: string;
  readonly priority?: number;
  readonly tagStatus?: TagStatus;
  /** The selected storage class, `standard` when omitted. */
  readonly storageClass?: StorageClass;
  readonly prefixes: readonly string[];
  readonly patterns: readonly string[];
}

interface SelectionFacts {
  readonly tagStatus?: TagStatus;
  readonly storageClass?: StorageClass;
  readonly countType?: CountType;
  readonly prefixes: readonly string[];
  readonly patterns: readonly string[];
}

const NO_SELECTION: SelectionFacts = { prefixes: [], patterns: [] };

function isObject(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Reads an own property only, so keys such as "constructor" never reach Object.prototype. */
function own(obj: JsonObject, key: string): unknown {
  return Object.prototype.hasOwnProperty.call(obj, key) ? obj[key] : undefined;
}

/** Whether a key is set; a key holding undefined is absent, as JSON.stringify drops it before ECR sees the policy. */
function has(obj: JsonObject, key: string): boolean {
  return own(obj, key) !== undefined;
}

function oneOf<T extends string>(value: unknown, allowed: readonly T[]): value is T {
  return typeof value === "string" && (allowed as readonly string[]).includes(value);
}

function isPositiveInteger(value: unknown): value is number {
  return typeof value === "number" && Number.isInteger(value) && value >= 1;
}

/** A positive integer that fits ECR's 32-bit rulePriority and countNumber. */
function isEcrInteger(value: unknown): value is number {
  return isPositiveInteger(value) && value <= LIFECYCLE_LIMITS.maxInteger;
}

function unknownKeys(
  obj: JsonObject,
  path: string,
  where: "policy" | "rule" | "selection" | "action",
  allowed: readonly string[],
): Finding[] {
  // ECR: policy, rule, selection and action objects accept only the documented keys (lifecycle_policy_parameters)
  return Object.keys(obj)
    .filter((key) => has(obj, key) && !allowed.includes(key))
    .map((key) => msg.unknownKey(at(path, key), where, key, allowed));
}

/** Checks a tag list's shape and returns its valid entries. */
function checkTagList(value: unknown, path: string, key: TagListKey): { findings: Finding[]; entries: string[] } {
  // ECR: tag lists are non-empty lists of strings (lifecycle_policy_parameters)
  if (!Array.isArray(value)) return { findings: [msg.tagListNotList(path, value)], entries: [] };
  if (value.length === 0) return { findings: [msg.tagListEmpty(path)], entries: [] };
  const findings: Finding[] = [];
  const entries: string[] = [];
  value.forEach((entry: unknown, i) => {
    const entryPath = at(path, i);
    if (typeof entry !== "string") findings.push(msg.tagListEntryNotString(entryPath, entry));
    else if (entry.length === 0) findings.push(msg.tagListEntryEmpty(entryPath));
    else {
      entries.push(entry);
      const stars = entry.split("*").length - 1;
      // ECR: a tag pattern may contain at most four * wildcards (lifecycle_policy_parameters)
      if (key === "tagPatternList" && stars > LIFECYCLE_LIMITS.maxWildcardsPerPattern) {
        findings.push(msg.tooManyWildcards(entryPath, entry, stars));
      }
    }
  });
  return { findings, entries };
}

/** Checks tagStatus and the tag lists that go with it. */
function checkTagFilter(
  sel: JsonObject,
  path: string,
): { findings: Finding[]; tagStatus?: TagStatus; lists: Record<TagListKey, string[]> } {
  const findings: Finding[] = [];
  const lists: Record<TagListKey, string[]> = { tagPatternList: [], tagPrefixList: [] };
  const rawStatus = own(sel, "tagStatus");
  const tagStatus = oneOf(rawStatus, TAG_STATUSES) ? rawStatus : undefined;
  // ECR: tagStatus is required and is tagged, untagged or any (lifecycle_policy_parameters)
  if (rawStatus === undefined) findings.push(msg.tagStatusMissing(at(path, "tagStatus"), TAG_STATUSES));
  else if (tagStatus === undefined) findings.push(msg.tagStatusInvalid(at(path, "tagStatus"), rawStatus, TAG_STATUSES));

  const present = (["tagPatternList", "tagPrefixList"] as const).filter((key) => has(sel, key));
  if (tagStatus === "untagged" || tagStatus === "any") {
    // ECR: untagged and any rules must not set tagPatternList or tagPrefixList (LifecyclePolicies)
    present.forEach((key) => findings.push(msg.tagListNotAllowed(at(path, key), tagStatus)));
    return { findings, tagStatus, lists };
  }
  // ECR: a tagged rule needs tagPatternList or tagPrefixList (lifecycle_policy_parameters)
  if (tagStatus === "tagged" && present.length === 0) findings.push(msg.taggedWithoutTagList(path));
  // ECR: tagPatternList and tagPrefixList cannot be used in the same rule (lifecycle_policy_parameters)
  if (present.length === 2) findings.push(msg.taggedWithBothTagLists(path));
  for (const key of present) {
    const checked = checkTagList(own(sel, key), at(path, key), key);
    findings.push(...checked.findings);
    lists[key] = checked.entries;
  }
  return { findings, tagStatus, lists };
}

/** Checks countType, countUnit, countNumber and storageClass, which depend on each other. */
function checkCounting(
  sel: JsonObject,
  path: string,
): { findings: Finding[]; countType?: CountType; storageClass?: StorageClass } {
  const findings: Finding[] = [];
  const rawType = own(sel, "countType");
  const countType = oneOf(rawType, COUNT_TYPES) ? rawType : undefined;
  // ECR: countType is required and is one of the four documented values (lifecycle_policy_parameters)
  if (rawType === undefined) findings.push(msg.countTypeMissing(at(path, "countType"), COUNT_TYPES));
  else if (countType === undefined) findings.push(msg.countTypeInvalid(at(path, "countType"), rawType, COUNT_TYPES));

  const unitPath = at(path, "countUnit");
  const unit = own(sel, "countUnit");
  if (countType === "imageCountMoreThan") {
    // ECR: countUnit is an error with imageCountMoreThan (lifecycle_policy_parameters)
    if (has(sel, "countUnit")) findings.push(msg.countUnitNotAllowed(unitPath, unit));
  } else if (unit === undefined) {
    // ECR: countUnit "days" is required for sinceImagePushed, sinceImagePulled and sinceImageTransitioned (lifecycle_policy_parameters)
    if (countType !== undefined) findings.push(msg.countUnitMissing(unitPath, countType));
  } else if (unit !== "days") {
    // ECR: days is the only countUnit (lifecycle_policy_parameters)
    findings.push(msg.countUnitInvalid(unitPath, unit));
  }

  // ECR: countNumber is required, a positive integer, at most 2,147,483,647 (lifecycle_policy_parameters)
  findings.push(
    ...ecrIntegerFindings(own(sel, "countNumber"), at(path, "countNumber"), {
      missing: msg.countNumberMissing,
      notPositive: msg.countNumberNotPositiveInteger,
      tooLarge: msg.countNumberTooLarge,
    }),
  );

  const classPath = at(path, "storageClass");
  const rawClass = own(sel, "storageClass");
  const declared = oneOf(rawClass, STORAGE_CLASSES) ? rawClass : undefined;
  // ECR: storageClass is standard or archive, standard when omitted (lifecycle_policy_parameters)
  if (rawClass !== undefined && declared === undefined) {
    findings.push(msg.storageClassInvalid(classPath, rawClass, STORAGE_CLASSES));
  }
  const storageClass = rawClass === undefined ? "standard" : declared;
  if (countType === "sinceImageTransitioned") {
    // ECR: sinceImageTransitioned needs storageClass archive (lifecycle_policy_parameters, lifecycle_policy_examples)
    if (storageClass === "standard") findings.push(msg.storageClassMustBeArchive(classPath, rawClass));
  } else if (countType !== undefined && storageClass === "archive") {
    // ECR: imageCountMoreThan, sinceImagePushed and sinceImagePulled need storageClass standard (lifecycle_policy_parameters)
    findings.push(msg.storageClassMustBeStandard(classPath, rawClass, countType));
  }
  return { findings, countType, storageClass };
}

function checkSelection(value: unknown, path: string): { findings: Finding[]; facts: SelectionFacts } {
  // ECR: every rule has a selection object (lifecycle_policy_parameters)
  if (value === undefined) return { findings: [msg.selectionMissing(path)], facts: NO_SELECTION };
  if (!isObject(value)) return { findings: [msg.selectionNotObject(path, value)], facts: NO_SELECTION };
  const tags = checkTagFilter(value, path);
  const counting = checkCounting(value, path);
  return {
    findings: [...unknownKeys(value, path, "selection", SELECTION_KEYS), ...tags.findings, ...counting.findings],
    facts: {
      tagStatus: tags.tagStatus,
      storageClass: counting.storageClass,
      countType: counting.countType,
      prefixes: tags.lists.tagPrefixList,
      patterns: tags.lists.tagPatternList,
    },
  };
}

function checkAction(value: unknown, path: string): { findings: Finding[]; type?: LifecycleActionType } {
  // ECR: every rule has an action object (lifecycle_policy_parameters)
  if (value === undefined) return { findings: [msg.actionMissing(path)] };
  if (!isObject(value)) return { findings: [msg.actionNotObject(path, value)] };
  const findings = unknownKeys(value, path, "action", ACTION_KEYS);
  const rawType = own(value, "type");
  const type = oneOf(rawType, ACTION_TYPES) ? rawType : undefined;
  // ECR: action type is required and is expire or transition (lifecycle_policy_parameters)
  if (rawType === undefined) findings.push(msg.actionTypeMissing(at(path, "type"), ACTION_TYPES));
  else if (type === undefined) findings.push(msg.actionTypeInvalid(at(path, "type"), rawType, ACTION_TYPES));

  const targetPath = at(path, "targetStorageClass");
  const target = own(value, "targetStorageClass");
  // ECR: archive is the only targetStorageClass (lifecycle_policy_parameters)
  if (target !== undefined && target !== "archive") findings.push(msg.targetStorageClassInvalid(targetPath, target));
  // ECR: action transition requires targetStorageClass archive (lifecycle_policy_parameters)
  if (type === "transition" && target === undefined) findings.push(msg.transitionWithoutTarget(targetPath));
  // ECR: targetStorageClass belongs to transition actions only (lifecycle_policy_parameters)
  if (type === "expire" && has(value, "targetStorageClass")) {
    findings.push(msg.targetStorageClassWithoutTransition(targetPath, type));
  }
  return { findings, type };
}

/** Checks the count types that allow only one action. */
function checkPairing(
  countType: CountType | undefined,
  type: LifecycleActionType | undefined,
  path: string,
): Finding[] {
  // ECR: sinceImagePulled works only with action transition (lifecycle_policy_examples)
  if (countType === "sinceImagePulled" && type === "expire") return [msg.sinceImagePulledNeedsTransition(path, type)];
  // ECR: sinceImageTransitioned works only with action expire (lifecycle_policy_examples)
  if (countType === "sinceImageTransitioned" && type === "transition")
    return [msg.sinceImageTransitionedNeedsExpire(path, type)];
  return [];
}

function checkRule(rule: unknown, path: string, index: number): { findings: Finding[]; facts: RuleFacts } {
  const empty: RuleFacts = { index, path, prefixes: [], patterns: [] };
  // ECR: each entry of rules is a rule object (lifecycle_policy_parameters)
  if (!isObject(rule)) return { findings: [msg.ruleNotObject(path, rule)], facts: empty };
  const findings = unknownKeys(rule, path, "rule", RULE_KEYS);

  const priority = own(rule, "rulePriority");
  // ECR: rulePriority is required, a positive integer, at most 2,147,483,647 (lifecycle_policy_parameters)
  findings.push(
    ...ecrIntegerFindings(priority, at(path, "rulePriority"), {
      missing: msg.rulePriorityMissing,
      notPositive: msg.rulePriorityNotPositiveInteger,
      tooLarge: msg.rulePriorityTooLarge,
    }),
  );

  const description = own(rule, "description");
  // ECR: description is an optional string (lifecycle_policy_parameters)
  if (description !== undefined && typeof description !== "string") {
    findings.push(msg.descriptionNotString(at(path, "description"), description));
  }

  const selection = checkSelection(own(rule, "selection"), at(path, "selection"));
  const action = checkAction(own(rule, "action"), at(path, "action"));
  findings.push(
    ...selection.findings,
    ...action.findings,
    ...checkPairing(selection.facts.countType, action.type, at(at(path, "action"), "type")),
  );
  return {
    findings,
    facts: {
      ...empty,
      priority: isEcrInteger(priority) ? priority : undefined,
      tagStatus: selection.facts.tagStatus,
      storageClass: selection.facts.storageClass,
      prefixes: selection.facts.tagStatus === "tagged" ? selection.facts.prefixes : [],
      patterns: selection.facts.tagStatus === "tagged" ? selection.facts.patterns : [],
    },
  };
}

function checkUniquePriorities(rules: readonly RuleFacts[]): Finding[] {
  const firstByPriority = new Map<number, number>();
  const findings: Finding[] = [];
  for (const rule of rules) {
    if (rule.priority === undefined) continue;
    const first = firstByPriority.get(rule.priority);
    // ECR: rulePriority values are unique within a policy (lifecycle_policy_parameters)
    if (first !== undefined)
      findings.push(msg.rulePriorityDuplicate(at(rule.path, "rulePriority"), rule.priority, first));
    else firstByPriority.set(rule.priority, rule.index);
  }
  return findings;
}

function checkAnyRulesLast(rules: readonly RuleFacts[]): Finding[] {
  const findings: Finding[] = [];
  for (const rule of rules) {
    if (rule.tagStatus !== "any" || rule.priority === undefined || rule.storageClass === undefined) continue;
    const later = rules
      .filter((other) => other !== rule && other.storageClass === rule.storageClass && other.priority !== undefined)
      .reduce<
        RuleFacts | undefined
      >((best, other) => ((other.priority ?? 0) > (best?.priority ?? 0) ? other : best), undefined);
    // ECR: a tagStatus any rule must have the highest rulePriority, read per storage class (LifecyclePolicies, lifecycle_policy_examples)
    // (a tie is reported once, as a duplicate rulePriority)
    if (later?.priority !== undefined && later.priority > rule.priority) {
      findings.push(
        msg.anyRuleNotLast(
          at(rule.path, "rulePriority"),
          rule.priority,
          rule.storageClass,
          later.index,
          later.priority,
        ),
      );
    }
  }
  return findings;
}

function checkUniqueTagEntries(rules: readonly RuleFacts[], key: TagListKey): Finding[] {
  const firstRule = new Map<string, number>();
  const findings: Finding[] = [];
  for (const rule of rules) {
    if (rule.storageClass === undefined) continue;
    const entries = key === "tagPrefixList" ? rule.prefixes : rule.patterns;
    entries.forEach((entry, i) => {
      const id = JSON.stringify([rule.storageClass, entry]);
      const first = firstRule.get(id);
      const entryPath = at(at(at(rule.path, "selection"), key), i);
      // ECR: among rules of one storage class, tag prefixes (and patterns) are unique across rules (LifecyclePolicies)
      if (first !== undefined && first !== rule.index) {
        const make = key === "tagPrefixList" ? msg.duplicateTagPrefix : msg.duplicateTagPattern;
        findings.push(make(entryPath, entry, rule.storageClass ?? "standard", first));
      } else firstRule.set(id, rule.index);
    });
  }
  return findings;
}

function checkSingleUntagged(rules: readonly RuleFacts[]): Finding[] {
  const firstByClass = new Map<StorageClass, number>();
  const findings: Finding[] = [];
  for (const rule of rules) {
    if (rule.tagStatus !== "untagged" || rule.storageClass === undefined) continue;
    const first = firstByClass.get(rule.storageClass);
    // ECR: among rules of one storage class, only one rule may select untagged images (LifecyclePolicies)
    if (first !== undefined)
      findings.push(msg.multipleUntaggedRules(at(at(rule.path, "selection"), "tagStatus"), rule.storageClass, first));
    else firstByClass.set(rule.storageClass, rule.index);
  }
  return findings;
}

/** Checks the policy's JSON length; the minimum only once rules exist, since a missing rules list is reported already. */
function checkSize(policy: JsonObject, path: string, checkMinimum: boolean): Finding[] {
  let json: string | undefined;
  try {
    json = JSON.stringify(policy);
  } catch {
    json = undefined;
  }
  if (json === undefined) return [msg.policyNotSerialisable(path)];
  const length = lengthIn(json, LIFECYCLE_LIMITS.textUnit);
  // ECR: a lifecycle policy is at most 30,720 characters (service quotas)
  if (length > LIFECYCLE_LIMITS.maxChars) return [msg.policyTooLong(path, length)];
  // ECR: PutLifecyclePolicy needs at least 100 characters (API model)
  if (checkMinimum && length < LIFECYCLE_LIMITS.minChars) return [msg.policyTooShort(path, length)];
  return [];
}

function checkRules(value: unknown, path: string): Finding[] {
  // ECR: a policy has a rules list (lifecycle_policy_parameters)
  if (value === undefined) return [msg.rulesMissing(path)];
  if (!Array.isArray(value)) return [msg.rulesNotList(path, value)];
  // ECR: a policy needs at least one rule (lifecycle_policy_parameters)
  if (value.length === 0) return [msg.rulesEmpty(path)];
  const checked = value.map((rule: unknown, i) => checkRule(rule, at(path, i), i));
  const facts = checked.map((c) => c.facts);
  return [
    // ECR: at most 50 rules per policy (service quotas)
    ...(value.length > LIFECYCLE_LIMITS.maxRules ? [msg.tooManyRules(path, value.length)] : []),
    ...checked.flatMap((c) => c.findings),
    ...checkUniquePriorities(facts),
    ...checkAnyRulesLast(facts),
    ...checkUniqueTagEntries(facts, "tagPrefixList"),
    ...checkUniqueTagEntries(facts, "tagPatternList"),
    ...checkSingleUntagged(facts),
  ];
}

/**
 * Validates a lifecycle policy read from config against every ECR rule that can be checked before deploy.
 * Returns all findings (empty when valid); never throws, whatever `policy` is.
 * @param policy the parsed policy object, as read from YAML/JSON
 * @param path the config path of the policy, used to prefix every finding's path
 */
export function validateLifecyclePolicy(policy: unknown, path: string): Finding[] {
  if (!isObject(policy)) return [msg.policyNotObject(path, policy)];
  const rules = own(policy, "rules");
  return [
    ...unknownKeys(policy, path, "policy", POLICY_KEYS),
    ...checkRules(rules, at(path, "rules")),
    ...checkSize(policy, path, Array.isArray(rules) && rules.length > 0),
  ];
}

/** The messages of one required ECR integer field. */
interface IntegerMessages {
  readonly missing: (path: string) => Finding;
  readonly notPositive: (path: string, value: unknown) => Finding;
  readonly tooLarge: (path: string, value: number) => Finding;
}

/** A required field holding a positive 32-bit integer, as PutLifecyclePolicy takes it (at most 2,147,483,647). */
function ecrIntegerFindings(value: unknown, path: string, messages: IntegerMessages): Finding[] {
  if (value === undefined) return [messages.missing(path)];
  if (!isPositiveInteger(value)) return [messages.notPositive(path, value)];
  if (!isEcrInteger(value)) return [messages.tooLarge(path, value)];
  return [];
}

/**
 * Validates a lifecycle policy and, when it has no error, returns it typed for evaluation.
 * @param policy the parsed policy object, as read from YAML/JSON
 * @param path prefixes every finding's path
 */
export function parseLifecyclePolicy(
  policy: unknown,
  path: string,
): { readonly policy: LifecyclePolicy; readonly findings: Finding[] } | { readonly findings: Finding[] } {
  const findings = validateLifecyclePolicy(policy, path);
  // The checks above cover every rule the LifecyclePolicy types express, so a policy without errors has that shape.
  return findings.some((f) => f.severity === "error") ? { findings } : { policy: policy as LifecyclePolicy, findings };
}
