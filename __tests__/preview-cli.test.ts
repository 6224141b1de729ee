/** `npm run preview`, run as a user runs it: node scripts/run.js src/cli/preview-main.ts, files and stdin. */
import { readFileSync, writeFileSync } from "node:fs";
import { spawnSync } from "node:child_process";
import * as path from "node:path";
import { parse } from "yaml";
import { templateForRepository } from "../src/config/templates";
import { parseConfig } from "../src/config/load";
import { mostSpecificPrefix } from "../src/aws/ecr";
import { strictJson } from "../src/cli/preview";
import { ROOT } from "./support/app";
import { runEntry, tempDir } from "./support/cli";

const ENTRY = "src/cli/preview-main.ts";
const CACHE = path.join(ROOT, "__tests__", "fixtures", "preview", "cache.json");
const BLOG_POLICY = path.join(ROOT, "__tests__", "fixtures", "blog-lifecycle-policy.json");
const AT = "2026-11-30T09:00:00+09:00";

const dir = tempDir("preview");
function file(name: string, text: string): string {
  const p = path.join(dir, name);
  writeFileSync(p, text);
  return p;
}
const preview = (args: readonly string[], input?: string) => runEntry(ENTRY, args, {}, input);

describe("preview with the default config over a realistic cache", () => {
  const r = preview(["--images", CACHE, "--at", AT]);

  test("exit 0, nothing on stderr", () => {
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
  });

  test("each repository names the creation template ECR applies, most specific prefix first", () => {
    expect(r.stdout).toContain("Lifecycle preview at 2026-11-30T00:00:00Z, policy from config/default.yaml\n");
    expect(r.stdout).toContain("\ndocker-hub/library/nginx: creation template docker-hub, 2 rules\n");
    expect(r.stdout).toContain("\nk8s/coredns/coredns: creation template k8s, 2 rules\n");
    expect(r.stdout).toContain("\nteam/app: no creation template covers it, so ECR gave it no lifecycle policy\n");
  });

  test("every image with tags, times, size and outcome, youngest first", () => {
    const nginx = r.stdout.split("\n\n")[1].split("\n");
    expect(nginx).toEqual([
      "docker-hub/library/nginx: creation template docker-hub, 2 rules",
      "  DIGEST               TAGS           PUSHED (UTC)      LAST PULL (UTC)   SIZE      OUTCOME",
      "  sha256:a0f38452d4df  <untagged>     2026-11-28 00:00  2026-11-29 00:00  68.8 MiB  kept, matched by rule 2: pushed 2.0 days ago (not more than 5)",
      "  sha256:6a8288414653  <untagged>     2026-11-23 21:36  never             67.7 MiB  expire by rule 2: pushed 6.1 days ago (more than 5)",
      "  sha256:495a155e4985  1.27.4,stable  2026-11-20 19:12  2026-11-29 16:48  69.5 MiB  kept, matched by rule 1: pushed 9.2 days ago (not more than 14)",
      "  sha256:2c2bcb7944ea  1.27.3         2026-11-09 12:00  2026-11-29 14:24  69.0 MiB  expire by rule 1: pushed 20.5 days ago (more than 14)",
    ]);
    expect(r.stdout).toContain(
      "  sha256:ca763c22a306  main-8f2c1e  2026-10-01 00:00  never            42.9 MiB  kept, no rule matches it",
    );
  });

  test("the summary: images and bytes per outcome, and the monthly storage freed at the Region's price", () => {
    expect(r.stdout.split("\n\n").pop()).toBe(
      [
        "Summary: 6 repositories, 10 images",
        "  expire            5 images  357.9 MiB",
        "  transition        0 images  0 B",
        "  keep              5 images  391.1 MiB",
        "Standard storage freed: 357.9 MiB, $0.03 a month at ap-northeast-2's $0.10/GB-month (src/cost/prices.ts, read 2026-11-30)",
        "Sizes count every layer of an image; layers that kept images share stay stored, so the saving is at most this.",
        "",
      ].join("\n"),
    );
  });

  test("--at 30 days later expires every image the templates cover", () => {
    const later = preview(["--images", CACHE, "--at", "2026-12-30"]);
    expect(later.status).toBe(0);
    expect(later.stdout).toContain("  expire            9 images  706.1 MiB\n");
  });
});

describe("--json, from stdin", () => {
  const r = preview(["--images", "-", "--at", AT, "--json"], readFileSync(CACHE, "utf8"));
  const out = JSON.parse(r.stdout);

  test("repositories with their images: imageDigest, imageTags, action and rulePriority", () => {
    expect(r.status).toBe(0);
    expect(out.repositories.map((repo: { repositoryName: string }) => repo.repositoryName)).toEqual([
      "docker-hub/library/nginx",
      "quay/cilium/cilium",
      "k8s/pause",
      "k8s/coredns/coredns",
      "ghcr/fluxcd/source-controller",
      "team/app",
    ]);
    expect(out.repositories[0].template).toBe("docker-hub");
    expect(out.repositories[5].template).toBeNull();
    expect(out.repositories[1].images).toEqual([
      {
        imageDigest: "sha256:dfb8add74407de72090358a24b91fd28cd5725e93e30117ca95b03d51f3d944e",
        imageTags: ["v1.16.4"],
        action: null,
        rulePriority: null,
        matchedRulePriority: 1,
        blockedRulePriorities: [],
        imagePushedAt: "2026-11-26T12:00:00.000Z",
        lastRecordedPullTime: "2026-11-29T21:36:00.000Z",
        imageSizeInBytes: 201554001,
        storageClass: "standard",
      },
      expect.objectContaining({ imageTags: ["v1.16.0"], action: "expire", rulePriority: 1 }),
    ]);
  });

  test("the summary in numbers", () => {
    expect(out.at).toBe("2026-11-30T00:00:00.000Z");
    expect(out.policySource).toEqual({ config: "config/default.yaml", region: "ap-northeast-2" });
    expect(out.summary).toMatchObject({ expire: { images: 5 }, transition: { images: 0 }, keep: { images: 5 } });
    expect(out.summary.standardBytesFreed).toBe(out.summary.expire.bytes);
    expect(out.summary.monthlyUsdFreed).toBe(0.03);
    expect(out.summary.usdPerGbMonth).toBe(0.1);
  });
});

describe("a report larger than a pipe holds", () => {
  // 3,000 images make about 500 KB of text and 1.6 MB of JSON, many times a pipe's 64 KiB buffer.
  const many = file(
    "many-images.json",
    JSON.stringify({
      imageDetails: Array.from({ length: 3000 }, (_, i) => ({
        repositoryName: "docker-hub/library/app",
        imageDigest: `sha256:${i.toString(16).padStart(64, "0")}`,
        imageTags: [`v1.${i}`],
        imageSizeInBytes: 1000 + i,
        imagePushedAt: new Date(Date.UTC(2026, 10, 1) + i * 60_000).toISOString(),
      })),
    }),
  );
  const run = (command: string) =>
    spawnSync("bash", ["-c", command], { cwd: ROOT, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
  const preview = `"${process.execPath}" scripts/run.js ${ENTRY} --images ${many} --at 2026-11-30`;

  test("--json through a pipe arrives whole: every image, in valid JSON", () => {
    const r = run(`${preview} --json | cat`);
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout).repositories[0].images).toHaveLength(3000);
  });

  test("a reader that stops early (| head) ends the command quietly, exit 0", () => {
    const r = run(`${preview} | head -n 3; echo "exit \${PIPESTATUS[0]}" >&2`);
    expect(r.stdout.split("\n")).toHaveLength(4);
    expect(r.stderr).toBe("exit 0\n");
  });
});

describe("cells of every kind, aligned", () => {
  // Sizes either side of where rounding adds a digit, bytes, a digest that is not sha256, no pull, v1 epoch times.
  const images = file(
    "odd-cells.json",
    JSON.stringify({
      imageDetails: [
        [`sha256:${"a".repeat(64)}`, 512, 1764000000.123],
        ["sha512:not-shortened", 10433331, "2026-11-20T10:00:00.5+09:00"],
        [`sha256:${"b".repeat(64)}`, 10433332, "2026-11-21T00:00:00Z"],
        [`sha256:${"c".repeat(64)}`, 5 * 1024 ** 4, "2026-11-22T23:59:59.999Z"],
      ].map(([imageDigest, imageSizeInBytes, imagePushedAt]) => ({
        repositoryName: "k8s/pause",
        imageDigest,
        imageSizeInBytes,
        imagePushedAt,
      })),
    }),
  );

  test("each cell as written, and the OUTCOME column starts where its header does on every row", () => {
    const r = preview(["--images", images, "--at", "2026-11-30"]);
    expect(r.status).toBe(0);
    const all = r.stdout.split("\n");
    const header = all.findIndex((l) => l.includes("OUTCOME"));
    const lines = all.slice(header, all.indexOf("", header));
    const column = lines[0].indexOf("OUTCOME");
    expect(lines.map((l) => l.slice(0, column).trimEnd())).toEqual([
      "  DIGEST                TAGS        PUSHED (UTC)      LAST PULL (UTC)  SIZE",
      "  sha256:cccccccccccc   <untagged>  2026-11-22 23:59  never            5.0 TiB",
      "  sha256:bbbbbbbbbbbb   <untagged>  2026-11-21 00:00  never            10.0 MiB",
      "  sha512:not-shortened  <untagged>  2026-11-20 01:00  never            9.9 MiB",
      "  sha256:aaaaaaaaaaaa   <untagged>  2025-11-24 16:00  never            512 B",
    ]);
    expect(lines.slice(1).every((l) => l[column - 1] === " " && l[column] !== " ")).toBe(true);
  });

  test("--json: every time as Date.prototype.toISOString writes it", () => {
    const r = preview(["--images", images, "--at", "2026-11-30", "--json"]);
    expect(r.status).toBe(0);
    const listed = JSON.parse(r.stdout).repositories[0].images as { imagePushedAt: string }[];
    expect(listed.map((i) => i.imagePushedAt)).toEqual([
      "2026-11-22T23:59:59.999Z",
      "2026-11-21T00:00:00.000Z",
      "2026-11-20T01:00:00.500Z",
      "2025-11-24T16:00:00.123Z",
    ]);
  });
});

describe("--policy", () => {
  test("AWS's example 1 as files: A expired by rule 1; B kept, and rule 1 protects it from rule 2", () => {
    const fixture = (name: string) => path.join(ROOT, "__tests__", "fixtures", "preview", name);
    const r = preview([
      "--images",
      fixture("example-1-images.json"),
      "--policy",
      fixture("example-1-policy.json"),
      "--at",
      "2026-11-30",
    ]);
    expect(r.status).toBe(0);
    const outcomes = r.stdout
      .split("\n")
      .filter((line) => line.startsWith("  sha256:"))
      .map((line) => line.replace(/^ {2}sha256:(\w)\w+ .* MiB {2}/, "$1: "));
    expect(outcomes).toEqual([
      "c: kept, matched by rule 2: #1 by push time among the rule's images (it keeps 1)",
      "b: kept, matched by rule 1: #1 by push time among the rule's images (it keeps 1); rule 1 protects it from rule 2 (expire)",
      "a: expire by rule 1: #2 by push time among the rule's images (it keeps 1)",
    ]);
    expect(r.stdout).toContain(
      "Standard storage freed: 50.0 MiB (a price needs the config's Region: run with --config instead of --policy)\n",
    );
  });

  test("a policy file, or get-lifecycle-policy output holding it as text, applies to every repository", () => {
    const rules = [
      {
        rulePriority: 1,
        description: "keep the newest image of each repository",
        selection: { tagStatus: "any", countType: "imageCountMoreThan", countNumber: 1 },
        action: { type: "expire" },
      },
    ];
    const plain = file("policy.json", JSON.stringify({ rules }));
    const fromAws = file(
      "get-lifecycle-policy.json",
      JSON.stringify({
        registryId: "123456789012",
        repositoryName: "x",
        lifecyclePolicyText: JSON.stringify({ rules }),
      }),
    );
    for (const policy of [plain, fromAws]) {
      const r = preview(["--images", CACHE, "--policy", policy, "--at", AT, "--json"]);
      expect(r.status).toBe(0);
      const out = JSON.parse(r.stdout);
      expect(out.summary.expire.images).toBe(4); // nginx keeps 1 of 4, cilium 1 of 2
      expect(out.repositories[0]).not.toHaveProperty("template");
    }
  });

  test("the seed blog's policy is refused with the validator's own messages: exit 1", () => {
    const r = preview(["--images", CACHE, "--policy", BLOG_POLICY]);
    expect(r.status).toBe(1);
    expect(r.stdout).toBe("");
    expect(r.stderr.trim().split("\n")).toEqual([
      `error: ${BLOG_POLICY}: rules[0].selection: tagStatus "tagged" needs a tagPatternList or a tagPrefixList; add tagPatternList ["*"] to select every tagged image, or a tagPrefixList such as ["v"]`,
      `error: ${BLOG_POLICY}: rules[0].action.type: countType "sinceImagePulled" works only with action type "transition" ("expire"); use action.type "transition" with targetStorageClass "archive", or countType "sinceImagePushed" to expire`,
    ]);
  });

  test("a policy that is not JSON: exit 1", () => {
    const r = preview(["--images", CACHE, "--policy", file("bad-policy.json", "{ rules: [")]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/^error: .*bad-policy\.json: not a JSON \(or YAML\) lifecycle policy: /);
  });

  describe("a JSON policy is read by JSON.parse only where YAML's parser reads it the same way", () => {
    const rule = (priority: number, tagStatus: string) =>
      `"rulePriority":${priority},"selection":{"tagStatus":"${tagStatus}","countType":"imageCountMoreThan",` +
      `"countNumber":1},"action":{"type":"expire"}`;
    // A colon inside a string is not a key; the same key in two objects is no repeat.
    const fine = `{"rules":[{"description":"a \\"quoted\\": colon",${rule(1, "untagged")}},{${rule(2, "any")}}]}`;
    const twice = `{"rules":[{${rule(1, "any")},"rulePriority":2}]}`;
    const deep = `{"rules":[${rule(1, "any")}],"x":${"[".repeat(5000)}${"]".repeat(5000)}}`;

    test("what the fast path takes and leaves", () => {
      expect(strictJson(fine)).toEqual(JSON.parse(fine));
      expect(strictJson(`${fine}\r\n`)).toEqual(JSON.parse(fine));
      // Left to YAML's parser: a repeated key, a carriage return alone (not white space to YAML), too deep to count.
      expect(strictJson(twice)).toBeUndefined();
      expect(strictJson(`${fine}\r`)).toBeUndefined();
      expect(strictJson(deep)).toBeUndefined();
    });

    test("a key twice in one object is refused, though JSON.parse would keep the last: exit 1", () => {
      expect(preview(["--images", CACHE, "--policy", file("fine.json", fine), "--at", AT]).status).toBe(0);
      const r = preview(["--images", CACHE, "--policy", file("twice.json", twice), "--at", AT]);
      expect(r.status).toBe(1);
      expect(r.stderr).toMatch(
        /^error: .*twice\.json: not a JSON \(or YAML\) lifecycle policy: Map keys must be unique/,
      );
    });

    test("nesting too deep to parse is a finding, not a crash: exit 1", () => {
      const r = preview(["--images", CACHE, "--policy", file("deep.json", deep), "--at", AT]);
      expect(r.status).toBe(1);
      expect(r.stderr).toMatch(
        /^error: .*deep\.json: not a JSON \(or YAML\) lifecycle policy: Maximum call stack size/,
      );
    });
  });

  test("a file too large to be a policy (the images, by mistake) is refused before it is parsed: exit 1", () => {
    // One byte over the limit: a YAML list a parse would take long over.
    const big = file("big-policy.yaml", `a: [${"1, ".repeat(81_917)}2]\n`.padEnd(245_761, " "));
    const r = preview(["--images", CACHE, "--policy", big]);
    expect(r.status).toBe(1);
    expect(r.stderr.trim()).toBe(
      `error: --policy: the file is 245761 bytes, more than any lifecycle policy (the limit is 245760 bytes) ("${big}"); check that --policy names a lifecycle policy file and --images the describe-images output`,
    );
  });
});

describe("--config: the most specific creation template applies, ROOT covers the rest", () => {
  const config = file(
    "nested.yaml",
    [
      "region: sa-east-1",
      "registries:",
      "  ROOT: { upstreamRegistryUrl: public.ecr.aws }",
      "  k8s: { upstreamRegistryUrl: registry.k8s.io }",
      "  k8s/special:",
      "    upstreamRegistryUrl: registry.k8s.io",
      "    template:",
      "      lifecyclePolicy:",
      "        rules:",
      "          - rulePriority: 1",
      "            description: keep the newest image",
      "            selection: { tagStatus: any, countType: imageCountMoreThan, countNumber: 1 }",
      "            action: { type: expire }",
    ].join("\n"),
  );

  test("templateForRepository and mostSpecificPrefix", () => {
    const { config: parsed } = parseConfig(parse(readFileSync(config, "utf8")));
    expect(templateForRepository(parsed, "k8s/special/pause")?.prefix).toBe("k8s/special");
    expect(templateForRepository(parsed, "k8s/pause")?.prefix).toBe("k8s");
    expect(templateForRepository(parsed, "k8sx/pause")?.prefix).toBe("ROOT");
    expect(mostSpecificPrefix(["quay/", "quay/team"], "quay/teams/x")).toBe("quay/");
    expect(mostSpecificPrefix(["quay"], "quay")).toBeUndefined();
  });

  test("each repository's images follow its own template's policy", () => {
    const digest = (d: string) => `sha256:${d.repeat(64)}`;
    const img = (repositoryName: string, d: string, pushed: string) => ({
      repositoryName,
      imageDigest: digest(d),
      imageTags: [`t${d}`],
      imageSizeInBytes: 1024,
      imagePushedAt: pushed,
    });
    const images = file(
      "nested-images.json",
      JSON.stringify({
        imageDetails: [
          img("k8s/special/pause", "1", "2026-11-29T00:00:00Z"),
          img("k8s/special/pause", "2", "2026-11-28T00:00:00Z"),
          img("k8s/pause", "3", "2026-11-28T00:00:00Z"),
          img("k8s/pause", "4", "2026-11-01T00:00:00Z"),
          img("k8sx/pause", "5", "2026-11-01T00:00:00Z"),
        ],
      }),
    );
    const r = preview(["--images", images, "--config", config, "--at", "2026-11-30", "--json"]);
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout);
    const brief = out.repositories.map((repo: { template: string; images: { action: string | null }[] }) => [
      repo.template,
      repo.images.map((i) => i.action),
    ]);
    expect(brief).toEqual([
      ["k8s/special", [null, "expire"]],
      ["k8s", [null, "expire"]],
      ["ROOT", ["expire"]],
    ]);
    const text = preview(["--images", images, "--config", config, "--at", "2026-11-30"]);
    expect(text.stdout).toContain(
      "Standard storage freed: 3.0 KiB (src/cost/prices.ts has no ECR storage price for sa-east-1)\n",
    );
  });
});

describe("bad input and command lines", () => {
  test.each<[string, string[], string | undefined, number, RegExp]>([
    [
      "no --images: exit 2",
      ["--at", AT],
      undefined,
      2,
      /^error: --images is required: give the output of aws ecr describe-images/,
    ],
    [
      "--policy with --config: exit 2",
      ["--images", CACHE, "--policy", BLOG_POLICY, "--config", "x.yaml"],
      undefined,
      2,
      /^error: --policy and --config are exclusive/,
    ],
    [
      "stdin for both --images and --policy: exit 2",
      ["--images", "-", "--policy", "-"],
      undefined,
      2,
      /^error: --images - and --policy - both read stdin/,
    ],
    [
      "--at garbage: exit 2",
      ["--images", CACHE, "--at", "next week"],
      undefined,
      2,
      /^error: --at: not a time \("next week"\); give an ISO 8601 date/,
    ],
    ["an unknown flag: exit 2", ["--images", CACHE, "--dry"], undefined, 2, /^error: Unknown option '--dry'/],
    [
      "a missing images file: exit 1",
      ["--images", "missing.json"],
      undefined,
      1,
      /^error: --images: cannot read the file: ENOENT.*\("missing\.json"\); check the path/,
    ],
    [
      "docker images text on stdin: exit 1",
      ["--images", "-"],
      "REPOSITORY TAG\nnginx 1.27\n",
      1,
      /^error: <stdin> line 1: expected a JSON object here \("REPOSITORY TAG\\nnginx"\)/,
    ],
    [
      "a missing config: exit 1",
      ["--images", CACHE, "--config", "missing.yaml"],
      undefined,
      1,
      /^error: --config: config file not found \("missing\.yaml"\)/,
    ],
  ])("%s", (_, args, input, status, stderr) => {
    const r = preview(args, input);
    expect(r.stderr).toMatch(stderr);
    expect(r.status).toBe(status);
    expect(r.stdout).toBe("");
  });

  test("many bad images: the first 20 problems in full, then a count", () => {
    const details = Array.from({ length: 25 }, (_, i) => ({
      repositoryName: "r",
      imageDigest: `sha256:${i}`,
      imageSizeInBytes: 1,
      imagePushedAt: "yesterday",
    }));
    const r = preview(["--images", "-"], JSON.stringify({ imageDetails: details }));
    expect(r.status).toBe(1);
    const lines = r.stderr.trim().split("\n");
    expect(lines).toHaveLength(21);
    expect(lines[0]).toMatch(/^error: <stdin>: imageDetails\[0\]\.imagePushedAt: not a timestamp \("yesterday"\)/);
    expect(lines[20]).toBe("error: ... and 5 more problem(s) of the kinds above");
  });

  test("--help: usage on stdout, exit 0", () => {
    const r = preview(["--help"]);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^Usage: npm run preview -- --images <file\|->/);
  });
});
