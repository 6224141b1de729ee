/** The lifecycle evaluator against AWS's worked examples, ECR's documented details, and properties of its semantics. */
import fc from "fast-check";
import { effectivePullTime, evaluateLifecyclePolicy, youngestFirst } from "../src/lifecycle/evaluate";
import type { CachedImage, ImageOutcome } from "../src/lifecycle/image";
import { tableOf } from "../src/lifecycle/image-table";
import type { LifecyclePolicy, LifecycleRule } from "../src/policy/lifecycle-policy";
import { parseLifecyclePolicy } from "../src/validate/lifecycle-policy";

const AT = Date.parse("2026-11-30T00:00:00Z");
const DAY = 24 * 60 * 60 * 1000;

/** An image of one repository, pushed `days` days before AT. */
function image(name: string, tags: readonly string[], days: number, extra: Partial<CachedImage> = {}): CachedImage {
  return {
    repositoryName: "repo",
    imageDigest: `sha256:${name}`,
    imageTags: tags,
    imageSizeInBytes: 1000,
    imagePushedAt: AT - days * DAY,
    imageStatus: "ACTIVE",
    ...extra,
  };
}

/** A policy that passed the project's validator (so every fixture is one ECR accepts). */
function policy(...rules: LifecycleRule[]): LifecyclePolicy {
  const parsed = parseLifecyclePolicy({ rules }, "policy");
  if (!("policy" in parsed)) throw new Error(JSON.stringify(parsed.findings));
  return parsed.policy;
}

/** Outcomes by image name: `expire 1`, `transition 2` or `kept`. */
function outcomes(p: LifecyclePolicy, images: readonly CachedImage[], at = AT): Record<string, string> {
  const result = evaluateLifecyclePolicy(p, images, at);
  return Object.fromEntries(
    images.map((img, i) => [
      img.imageDigest.slice("sha256:".length),
      result[i].action === null ? "kept" : `${result[i].action} ${result[i].rulePriority}`,
    ]),
  );
}

const countRule = (rulePriority: number, tagPrefixList: [string], countNumber: number): LifecycleRule => ({
  rulePriority,
  selection: { tagStatus: "tagged", tagPrefixList, countType: "imageCountMoreThan", countNumber },
  action: { type: "expire" },
});

describe("AWS's worked examples (lifecycle_policy_examples)", () => {
  const ex1 = [image("A", ["beta-1", "prod-1"], 10), image("B", ["beta-2", "prod-2"], 9), image("C", ["beta-3"], 8)];

  test("1: prefix rules by priority: A expired by rule 1; B protected from rule 2 because rule 1 matched it", () => {
    const p = policy(countRule(1, ["prod"], 1), countRule(2, ["beta"], 1));
    expect(outcomes(p, ex1)).toEqual({ A: "expire 1", B: "kept", C: "kept" });
    const b = evaluateLifecyclePolicy(p, ex1, AT)[1];
    expect(b).toMatchObject({ matchedRulePriority: 1, blockedRulePriorities: [2] });
  });

  test("1 with the priorities swapped: A and B expired", () => {
    const p = policy(countRule(1, ["beta"], 1), countRule(2, ["prod"], 1));
    expect(outcomes(p, ex1)).toEqual({ A: "expire 1", B: "expire 1", C: "kept" });
  });

  const pattern = (countType: "sinceImagePushed" | "imageCountMoreThan", countNumber: number): LifecycleRule =>
    countType === "sinceImagePushed"
      ? {
          rulePriority: 1,
          selection: {
            tagStatus: "tagged",
            tagPatternList: ["alpha*", "beta*"],
            countType,
            countUnit: "days",
            countNumber,
          },
          action: { type: "expire" },
        }
      : {
          rulePriority: 1,
          selection: { tagStatus: "tagged", tagPatternList: ["alpha*", "beta*"], countType, countNumber },
          action: { type: "expire" },
        };

  test("2: a pattern list is ANDed: only C and F match both, and only C is older than 5 days", () => {
    const images = [
      image("A", ["alpha-1"], 12),
      image("B", ["beta-1"], 11),
      image("C", ["alpha-2", "beta-2"], 10),
      image("D", ["alpha-3"], 4),
      image("E", ["beta-3"], 3),
      image("F", ["alpha-4", "beta-4"], 2),
    ];
    expect(outcomes(policy(pattern("sinceImagePushed", 5)), images)).toEqual({
      A: "kept",
      B: "kept",
      C: "expire 1",
      D: "kept",
      E: "kept",
      F: "kept",
    });
  });

  test("3: pattern list with a count: A and B expired, the youngest C kept", () => {
    const images = [
      image("A", ["alpha-1", "beta-1", "gamma-1"], 3),
      image("B", ["alpha-2", "beta-2"], 2),
      image("C", ["alpha-3", "beta-3", "gamma-2"], 1),
    ];
    expect(outcomes(policy(pattern("imageCountMoreThan", 1)), images)).toEqual({
      A: "expire 1",
      B: "expire 1",
      C: "kept",
    });
  });

  test("4: an any rule counts tagged and untagged images: A, B and C expired", () => {
    const images = [image("A", ["a"], 4), image("B", ["b"], 3), image("C", [], 2), image("D", ["d"], 1)];
    const p = policy({
      rulePriority: 1,
      selection: { tagStatus: "any", countType: "imageCountMoreThan", countNumber: 1 },
      action: { type: "expire" },
    });
    expect(outcomes(p, images)).toEqual({ A: "expire 1", B: "expire 1", C: "expire 1", D: "kept" });
  });

  test("5: rule 3 (any) cannot act on A, B, C or E, which rules 1 and 2 matched: A, B and D expired", () => {
    const images = [
      image("A", ["alpha-1", "beta-1"], 4),
      image("B", [], 3),
      image("C", ["alpha-2"], 2),
      image("D", ["3f9a2c1"], 1),
      image("E", [], 1 - 1 / (24 * 60)), // a minute after D
    ];
    const p = policy(
      {
        rulePriority: 1,
        selection: { tagStatus: "tagged", tagPatternList: ["alpha*"], countType: "imageCountMoreThan", countNumber: 1 },
        action: { type: "expire" },
      },
      {
        rulePriority: 2,
        selection: { tagStatus: "untagged", countType: "sinceImagePushed", countUnit: "days", countNumber: 1 },
        action: { type: "expire" },
      },
      {
        rulePriority: 3,
        selection: { tagStatus: "any", countType: "imageCountMoreThan", countNumber: 1 },
        action: { type: "expire" },
      },
    );
    expect(outcomes(p, images)).toEqual({ A: "expire 1", B: "expire 2", C: "kept", D: "expire 3", E: "kept" });
    const result = evaluateLifecyclePolicy(p, images, AT);
    expect(result[2]).toMatchObject({ matchedRulePriority: 1, blockedRulePriorities: [3] });
  });
});

describe("ECR's details", () => {
  const sinceRule = (
    countType: "sinceImagePushed" | "sinceImagePulled",
    countNumber: number,
    action: "expire" | "transition",
  ): LifecycleRule =>
    ({
      rulePriority: 1,
      selection: { tagStatus: "any", countType, countUnit: "days", countNumber },
      action: action === "expire" ? { type: "expire" } : { type: "transition", targetStorageClass: "archive" },
    }) as LifecycleRule;

  test("`*` matches any run of characters anywhere in a pattern, and a pattern matches the whole tag", () => {
    const images = [
      image("prod", ["prod"], 5),
      image("prod1", ["prod1"], 5),
      image("team", ["production-team1"], 5),
      image("repo", ["repo-production"], 5),
      image("preprod", ["preprod"], 5),
    ];
    const rule = (rulePriority: number, tagPatternList: [string]): LifecycleRule => ({
      rulePriority,
      selection: {
        tagStatus: "tagged",
        tagPatternList,
        countType: "sinceImagePushed",
        countUnit: "days",
        countNumber: 1,
      },
      action: { type: "expire" },
    });
    expect(outcomes(policy(rule(1, ["prod*"])), images)).toEqual({
      prod: "expire 1",
      prod1: "expire 1",
      team: "expire 1",
      repo: "kept",
      preprod: "kept",
    });
    expect(outcomes(policy(rule(1, ["*prod*"])), images)).toMatchObject({ repo: "expire 1", preprod: "expire 1" });
    expect(outcomes(policy(rule(1, ["v1.?"])), [image("dot", ["v1.?"], 5), image("x", ["v1x?"], 5)])).toEqual({
      dot: "expire 1",
      x: "kept",
    });
  });

  test("a prefix list is ANDed, each prefix matching any of the image's tags", () => {
    const rule: LifecycleRule = {
      rulePriority: 1,
      selection: {
        tagStatus: "tagged",
        tagPrefixList: ["prod", "v2"],
        countType: "sinceImagePushed",
        countUnit: "days",
        countNumber: 1,
      },
      action: { type: "expire" },
    };
    const images = [image("both", ["prod-a", "v2.1"], 5), image("one", ["prod-b"], 5), image("none", [], 5)];
    expect(outcomes(policy(rule), images)).toEqual({ both: "expire 1", one: "kept", none: "kept" });
  });

  test("since rules count whole days strictly: exactly N days is not more than N", () => {
    const images = [image("exact", [], 5), image("older", [], 5 + 1 / 86400)];
    expect(outcomes(policy(sinceRule("sinceImagePushed", 5, "expire")), images)).toEqual({
      exact: "kept",
      older: "expire 1",
    });
  });

  test("sinceImagePulled counts from the last pull, else the push, else (restored, not pulled since) the restore", () => {
    const images = [
      image("pulledRecently", ["a"], 100, { lastRecordedPullTime: AT - 3 * DAY }),
      image("pulledLongAgo", ["b"], 100, { lastRecordedPullTime: AT - 40 * DAY }),
      image("neverPulled", ["c"], 40),
      image("restored", ["d"], 100, { lastRecordedPullTime: AT - 90 * DAY, lastActivatedAt: AT - 2 * DAY }),
    ];
    expect(outcomes(policy(sinceRule("sinceImagePulled", 30, "transition")), images)).toEqual({
      pulledRecently: "kept",
      pulledLongAgo: "transition 1",
      neverPulled: "transition 1",
      restored: "kept",
    });
    expect(effectivePullTime(images[3])).toBe(AT - 2 * DAY);
  });

  test("a restored image ranks by its restore time in place of its push time", () => {
    const images = [image("old-restored", ["a"], 50, { lastActivatedAt: AT - 1 * DAY }), image("young", ["b"], 10)];
    const p = policy({
      rulePriority: 1,
      selection: { tagStatus: "any", countType: "imageCountMoreThan", countNumber: 1 },
      action: { type: "expire" },
    });
    expect(outcomes(p, images)).toEqual({ "old-restored": "kept", young: "expire 1" });
  });

  test("standard rules skip archived images; sinceImageTransitioned expires archived ones by archive time", () => {
    const archived = (name: string, archivedDays: number | undefined): CachedImage =>
      image(name, ["v"], 200, {
        imageStatus: "ARCHIVED",
        ...(archivedDays === undefined ? {} : { lastArchivedAt: AT - archivedDays * DAY }),
      });
    const images = [
      archived("archivedLongAgo", 120),
      archived("archivedRecently", 10),
      archived("noArchiveTime", undefined),
      image("standardOld", ["w"], 200),
      image("restoring", ["x"], 200, { imageStatus: "ACTIVATING", lastArchivedAt: AT - 120 * DAY }),
    ];
    const p = policy(
      {
        rulePriority: 1,
        selection: { tagStatus: "any", countType: "sinceImagePulled", countUnit: "days", countNumber: 30 },
        action: { type: "transition", targetStorageClass: "archive" },
      },
      {
        rulePriority: 2,
        selection: {
          tagStatus: "any",
          storageClass: "archive",
          countType: "sinceImageTransitioned",
          countUnit: "days",
          countNumber: 90,
        },
        action: { type: "expire" },
      },
    );
    expect(outcomes(p, images)).toEqual({
      archivedLongAgo: "expire 2",
      archivedRecently: "kept",
      noArchiveTime: "kept",
      standardOld: "transition 1",
      restoring: "expire 2",
    });
  });

  test("images rank youngest first, equal push times by digest, whole-millisecond times or not", () => {
    const names = (images: CachedImage[]) =>
      Array.from(youngestFirst(tableOf(images)), (i) => images[i].imageDigest.slice("sha256:".length));
    // Pushed at equal times, listed out of digest order; the fast numeric sort handles whole milliseconds.
    const whole = [image("d", [], 2), image("b", [], 1), image("c", [], 2), image("a", [], 1), image("e", [], 0)];
    expect(names(whole)).toEqual(["e", "a", "b", "c", "d"]);
    // Times with a fraction of a millisecond take the comparison sort: the same order.
    const fraction = whole.map((img) => ({ ...img, imagePushedAt: img.imagePushedAt + 0.5 }));
    expect(names(fraction)).toEqual(["e", "a", "b", "c", "d"]);
  });

  test("an empty repository and a policy that matches nothing give all-kept outcomes", () => {
    expect(evaluateLifecyclePolicy(policy(countRule(1, ["prod"], 1)), [], AT)).toEqual([]);
    expect(evaluateLifecyclePolicy(policy(countRule(1, ["prod"], 1)), [image("a", ["dev"], 3)], AT)).toEqual<
      ImageOutcome[]
    >([{ action: null, rulePriority: null, matchedRulePriority: null, blockedRulePriorities: [] }]);
  });
});

// ---- properties ----

const TAGS = ["alpha-1", "alpha-2", "beta-1", "prod", "prod-2", "v1.2", "latest", "3f9a2c1"];
const PATTERNS = ["alpha*", "*1", "prod*", "*", "beta-?", "v*.*", "latest", "*a*"];
const PREFIXES = ["alpha", "prod", "v1", "b", "l"];

const imageArb: fc.Arbitrary<CachedImage> = fc
  .record({
    tags: fc.uniqueArray(fc.constantFrom(...TAGS), { maxLength: 3 }),
    pushed: fc.integer({ min: 0, max: 60 * 24 }),
    pulled: fc.option(fc.integer({ min: 0, max: 60 * 24 }), { nil: undefined }),
    archived: fc.option(fc.integer({ min: 0, max: 200 }), { nil: undefined }),
    status: fc.constantFrom("ACTIVE", "ACTIVE", "ARCHIVED", "ACTIVATING"),
  })
  .map(({ tags, pushed, pulled, archived, status }) => ({
    repositoryName: "repo",
    imageDigest: "",
    imageTags: tags,
    imageSizeInBytes: 1,
    imagePushedAt: AT - pushed * 60 * 60 * 1000, // hours, so ties and near-ties happen
    imageStatus: status as CachedImage["imageStatus"],
    ...(pulled === undefined ? {} : { lastRecordedPullTime: AT - Math.min(pulled, pushed) * 60 * 60 * 1000 }),
    ...(archived === undefined || status === "ACTIVE" ? {} : { lastArchivedAt: AT - archived * DAY }),
  }));

const imagesArb = fc
  .array(imageArb, { maxLength: 25 })
  .map((images) => images.map((img, i) => ({ ...img, imageDigest: `sha256:${String(i).padStart(4, "0")}` })));

/** A rule without its priority; any shape ECR accepts on its own. */
const ruleArb: fc.Arbitrary<Omit<LifecycleRule, "rulePriority">> = fc
  .record({
    tags: fc.oneof(
      fc.constant({ tagStatus: "untagged" }),
      fc.constant({ tagStatus: "any" }),
      fc.uniqueArray(fc.constantFrom(...PATTERNS), { minLength: 1, maxLength: 2 }).map((l) => ({
        tagStatus: "tagged",
        tagPatternList: l,
      })),
      fc.uniqueArray(fc.constantFrom(...PREFIXES), { minLength: 1, maxLength: 2 }).map((l) => ({
        tagStatus: "tagged",
        tagPrefixList: l,
      })),
    ),
    kind: fc.constantFrom("count-expire", "count-transition", "pushed-expire", "pulled-transition", "transitioned"),
    n: fc.integer({ min: 1, max: 30 }),
  })
  .map(({ tags, kind, n }) => {
    const expire = { type: "expire" } as const;
    const transition = { type: "transition", targetStorageClass: "archive" } as const;
    const [count, action] = {
      "count-expire": [{ countType: "imageCountMoreThan", countNumber: Math.ceil(n / 5) }, expire],
      "count-transition": [{ countType: "imageCountMoreThan", countNumber: Math.ceil(n / 5) }, transition],
      "pushed-expire": [{ countType: "sinceImagePushed", countUnit: "days", countNumber: n }, expire],
      "pulled-transition": [{ countType: "sinceImagePulled", countUnit: "days", countNumber: n }, transition],
      transitioned: [
        { countType: "sinceImageTransitioned", countUnit: "days", countNumber: n * 5, storageClass: "archive" },
        expire,
      ],
    }[kind];
    return { selection: { ...tags, ...count }, action } as Omit<LifecycleRule, "rulePriority">;
  });

/** Rules with priorities ascending in random steps and `any` rules moved last; only policies ECR accepts. */
const policyArb: fc.Arbitrary<LifecyclePolicy> = fc
  .tuple(fc.array(ruleArb, { minLength: 1, maxLength: 6 }), fc.array(fc.integer({ min: 1, max: 5 }), { minLength: 6 }))
  .map(([rules, steps]) => {
    const ordered = [
      ...rules.filter((r) => r.selection.tagStatus !== "any"),
      ...rules.filter((r) => r.selection.tagStatus === "any"),
    ];
    let priority = 0;
    return {
      rules: ordered.map((r, i) => ({ ...r, rulePriority: (priority += steps[i]) })),
    } as unknown as LifecyclePolicy;
  })
  .filter((p) => "policy" in parseLifecyclePolicy(p, "policy"));

/** A second, naive reading of "the rule selects this image", written apart from the evaluator's. */
function selects(rule: LifecycleRule, img: CachedImage): boolean {
  const inClass =
    (rule.selection.storageClass ?? "standard") === (img.imageStatus === "ACTIVE" ? "standard" : "archive");
  const s = rule.selection;
  const wildcard = (pattern: string, tag: string): boolean => {
    if (pattern === "") return tag === "";
    if (pattern[0] === "*")
      return [...Array(tag.length + 1).keys()].some((k) => wildcard(pattern.slice(1), tag.slice(k)));
    return tag[0] === pattern[0] && wildcard(pattern.slice(1), tag.slice(1));
  };
  const tagsOk =
    s.tagStatus === "any" ||
    (s.tagStatus === "untagged"
      ? img.imageTags.length === 0
      : s.tagPrefixList !== undefined
        ? s.tagPrefixList.every((p) => img.imageTags.some((t) => t.startsWith(p)))
        : (s.tagPatternList ?? []).every((p) => img.imageTags.some((t) => wildcard(p, t))));
  return inClass && tagsOk;
}

describe("properties of the evaluation", () => {
  test("each image is acted on by at most one rule: the highest-priority rule that selects it, with its action", () => {
    fc.assert(
      fc.property(policyArb, imagesArb, (p, images) => {
        const result = evaluateLifecyclePolicy(p, images, AT);
        expect(result).toHaveLength(images.length);
        result.forEach((o, i) => {
          const first = [...p.rules].sort((a, b) => a.rulePriority - b.rulePriority).find((r) => selects(r, images[i]));
          expect(o.matchedRulePriority).toBe(first?.rulePriority ?? null);
          if (o.action !== null) {
            expect(o.rulePriority).toBe(first?.rulePriority);
            expect(o.action).toBe(first?.action.type);
          } else expect(o.rulePriority).toBeNull();
        });
      }),
      { numRuns: 300 },
    );
  });

  test("no rule acts on an image that a higher-priority rule selected", () => {
    fc.assert(
      fc.property(policyArb, imagesArb, (p, images) => {
        evaluateLifecyclePolicy(p, images, AT).forEach((o, i) => {
          if (o.rulePriority === null) return;
          const higher = p.rules.filter((r) => r.rulePriority < (o.rulePriority ?? 0));
          expect(higher.filter((r) => selects(r, images[i]))).toEqual([]);
        });
      }),
      { numRuns: 300 },
    );
  });

  test("imageCountMoreThan n never acts on n of its images, and as the first rule leaves at least n in place", () => {
    fc.assert(
      fc.property(policyArb, imagesArb, (p, images) => {
        const result = evaluateLifecyclePolicy(p, images, AT);
        const sorted = [...p.rules].sort((a, b) => a.rulePriority - b.rulePriority);
        for (const rule of sorted) {
          if (rule.selection.countType !== "imageCountMoreThan") continue;
          const mine = images.map((_, i) => i).filter((i) => selects(rule, images[i]));
          const untouchedByRule = mine.filter((i) => result[i].rulePriority !== rule.rulePriority);
          expect(untouchedByRule.length).toBeGreaterThanOrEqual(Math.min(rule.selection.countNumber, mine.length));
          if (rule === sorted[0]) {
            const kept = mine.filter((i) => result[i].action === null);
            expect(kept.length).toBeGreaterThanOrEqual(Math.min(rule.selection.countNumber, mine.length));
          }
        }
      }),
      { numRuns: 300 },
    );
  });

  test("adding a lower-priority rule never changes what a higher rule does", () => {
    fc.assert(
      fc.property(policyArb, ruleArb, imagesArb, (p, extra, images) => {
        const last = Math.max(...p.rules.map((r) => r.rulePriority));
        const longer = { rules: [...p.rules, { ...extra, rulePriority: last + 1 }] } as LifecyclePolicy;
        fc.pre("policy" in parseLifecyclePolicy(longer, "policy"));
        const before = evaluateLifecyclePolicy(p, images, AT);
        const after = evaluateLifecyclePolicy(longer, images, AT);
        before.forEach((o, i) => {
          if (o.matchedRulePriority !== null) {
            expect(after[i]).toMatchObject({
              action: o.action,
              rulePriority: o.rulePriority,
              matchedRulePriority: o.matchedRulePriority,
            });
          } else expect([null, last + 1]).toContain(after[i].rulePriority);
        });
      }),
      { numRuns: 300 },
    );
  });
});
