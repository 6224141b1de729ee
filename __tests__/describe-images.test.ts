/** Reading `aws ecr describe-images` output: both CLI versions' timestamps, concatenated pages, and bad input. */
import { type NextChunk, parseDescribeImages, readPlainPages } from "../src/lifecycle/describe-images";
import type { CachedImage } from "../src/lifecycle/image";
import { parseInstant } from "../src/lifecycle/time";
import { formatFinding } from "../src/validate/finding";

const DIGEST = "sha256:" + "a".repeat(64);

function images(text: string): CachedImage[] {
  const result = parseDescribeImages(text, "images.json");
  if (!("images" in result)) throw new Error(result.findings.map(formatFinding).join("\n"));
  return result.images;
}

function problems(text: string): string[] {
  const result = parseDescribeImages(text, "images.json");
  if ("images" in result) throw new Error("expected findings");
  return result.findings.map(formatFinding);
}

const detail = (extra: Record<string, unknown> = {}) => ({
  registryId: "123456789012",
  repositoryName: "quay/cilium/cilium",
  imageDigest: DIGEST,
  imageTags: ["v1.16.0"],
  imageSizeInBytes: 198234112,
  imagePushedAt: "2026-11-20T09:15:02.123000+09:00",
  imageManifestMediaType: "application/vnd.oci.image.index.v1+json",
  ...extra,
});

describe("parseDescribeImages", () => {
  test("AWS CLI v2 output: ISO times with offsets, microseconds; absent imageTags and lastRecordedPullTime", () => {
    const [tagged, untagged] = images(
      JSON.stringify(
        {
          imageDetails: [
            detail({ lastRecordedPullTime: "2026-11-29T23:00:00+00:00" }),
            detail({ imageDigest: "sha256:" + "b".repeat(64), imageTags: undefined }),
          ],
        },
        null,
        4,
      ),
    );
    expect(tagged).toEqual({
      repositoryName: "quay/cilium/cilium",
      imageDigest: DIGEST,
      imageTags: ["v1.16.0"],
      imageSizeInBytes: 198234112,
      imagePushedAt: Date.parse("2026-11-20T00:15:02.123Z"),
      lastRecordedPullTime: Date.parse("2026-11-29T23:00:00Z"),
      imageStatus: "ACTIVE",
    });
    expect(untagged.imageTags).toEqual([]);
    expect(untagged).not.toHaveProperty("lastRecordedPullTime");
  });

  test("AWS CLI v1 output: epoch seconds as numbers; archive fields and imageStatus", () => {
    const [img] = images(
      JSON.stringify({
        imageDetails: [
          detail({
            imagePushedAt: 1565128275.0,
            imageStatus: "ARCHIVED",
            lastArchivedAt: 1765128275.5,
            lastActivatedAt: 1665128275,
          }),
        ],
      }),
    );
    expect(img).toMatchObject({
      imagePushedAt: 1565128275000,
      imageStatus: "ARCHIVED",
      lastArchivedAt: 1765128275500,
      lastActivatedAt: 1665128275000,
    });
  });

  test("several pages and repositories back to back, pretty-printed or not, in input order", () => {
    const page = (repo: string, digit: string) =>
      JSON.stringify({ imageDetails: [detail({ repositoryName: repo, imageDigest: `sha256:${digit.repeat(64)}` })] });
    const text = `${page("a/x", "1")}\n${JSON.stringify(JSON.parse(page("a/x", "2")), null, 2)}${page("b/y", "3")}\n\n`;
    expect(images(text).map((i) => [i.repositoryName, i.imageDigest.slice(7, 8)])).toEqual([
      ["a/x", "1"],
      ["a/x", "2"],
      ["b/y", "3"],
    ]);
  });

  test("a string value holding braces does not confuse the split between documents", () => {
    const text = `${JSON.stringify({ imageDetails: [detail({ note: 'a } and a " and {' })] })} {"imageDetails": []}`;
    expect(images(text)).toHaveLength(1);
  });

  test.each<[string, string, string[]]>([
    ["empty input", "  \n", ["images.json: the input holds no JSON document; give the output of aws ecr"]],
    [
      "not JSON at all",
      "REPOSITORY   TAG   IMAGE ID",
      ['images.json line 1: expected a JSON object here ("REPOSITORY   TAG   I"); give the output of aws ecr'],
    ],
    [
      "a broken second document names its line",
      `{"imageDetails": []}\n{"imageDetails": [\n  {"a": }\n]}`,
      ["images.json line 2: the input is not JSON: Unexpected token '}'"],
    ],
    [
      "a cut-off document",
      `{"imageDetails": [{"imageDigest": "x"`,
      ["images.json line 1: this JSON document never ends"],
    ],
    [
      "list-images output instead of describe-images",
      `{"imageIds": []}`,
      ['images.json: this document has no imageDetails list ("keys: imageIds"); give the output of aws ecr'],
    ],
  ])("%s: one clear problem", (_, text, expected) => {
    const found = problems(text);
    expect(found).toHaveLength(expected.length);
    expected.forEach((e, i) => expect(found[i]).toContain(e));
  });

  test("every bad field of every image is named with its value and a fix", () => {
    const text = JSON.stringify({
      imageDetails: [
        detail({ imagePushedAt: "2026-11-20 09:15:02" }),
        detail({ imagePushedAt: "2026-02-30T00:00:00Z", imageDigest: "sha256:" + "c".repeat(64) }),
        detail({ imageTags: ["ok", ""], imageSizeInBytes: -1, imageStatus: "DELETED", repositoryName: undefined }),
        "sha256:abc",
      ],
    });
    expect(problems(text)).toEqual([
      'images.json: imageDetails[0].imagePushedAt: not a timestamp ("2026-11-20 09:15:02"); give an ISO 8601 time with an offset, as AWS CLI v2 prints it (2026-11-20T09:15:02.123000+09:00), or epoch seconds, as CLI v1 prints it (1763597702.123)',
      expect.stringMatching(
        /^images\.json: imageDetails\[1\]\.imagePushedAt: not a timestamp \("2026-02-30T00:00:00Z"\)/,
      ),
      expect.stringMatching(
        /^images\.json: imageDetails\[2\]\.repositoryName: repositoryName is missing; give the output of aws ecr describe-images/,
      ),
      'images.json: imageDetails[2].imageTags: imageTags must be a list of non-empty strings (["ok",""]); leave imageTags out for an untagged image, or list its tags',
      "images.json: imageDetails[2].imageSizeInBytes: imageSizeInBytes must be a whole number of bytes, 0 or more (-1); give the size in bytes",
      'images.json: imageDetails[2].imageStatus: imageStatus is not one ECR reports ("DELETED"); use ACTIVE, ARCHIVED, ACTIVATING, or leave it out for ACTIVE',
      expect.stringMatching(/^images\.json: imageDetails\[3\]: an image detail must be an object \("sha256:abc"\)/),
    ]);
  });

  test("the same image twice (a page given twice) is an error naming both places", () => {
    const page = JSON.stringify({ imageDetails: [detail()] });
    expect(problems(`${page}\n${page}`)).toEqual([
      `images.json document 2 (line 2): imageDetails[0]: the image ${DIGEST} of quay/cilium/cilium is listed twice (first at images.json document 1 (line 1): imageDetails[0]); give each page of describe-images output once`,
    ]);
  });
});

describe("parseInstant (--at)", () => {
  test.each([
    ["2026-12-30", "2026-12-30T00:00:00.000Z"],
    ["2026-12-30T09:00:00+09:00", "2026-12-30T00:00:00.000Z"],
    ["2026-12-30T00:00:00.5Z", "2026-12-30T00:00:00.500Z"],
  ])("%s is %s", (text, iso) => expect(new Date(parseInstant(text) ?? NaN).toISOString()).toBe(iso));

  test.each(["tomorrow", "2026-12-30T09:00:00", "2026-13-01", "2026-02-29", "30/12/2026", "", "1765000000"])(
    "%p is refused",
    (text) => expect(parseInstant(text)).toBeUndefined(),
  );
});

describe("parseDescribeImages over bytes (the CLI's fast path) reads exactly what it reads over text", () => {
  const both = (text: string) => {
    const fromText = parseDescribeImages(text, "images.json");
    const fromBytes = parseDescribeImages(Buffer.from(text, "utf8"), "images.json");
    expect(fromBytes).toEqual(fromText);
    return fromText;
  };
  /** A page of n images, larger than one part of the list parsed at a time once n is in the hundreds. */
  const page = (n: number, from: number, extra: (i: number) => Record<string, unknown> = () => ({})) =>
    JSON.stringify(
      {
        imageDetails: Array.from({ length: n }, (_, k) =>
          detail({ imageDigest: `sha256:${(from + k).toString(16).padStart(64, "0")}`, ...extra(from + k) }),
        ),
      },
      null,
      4,
    );

  test("large pages back to back, pretty-printed or not", () => {
    const result = both([page(700, 0), JSON.stringify(JSON.parse(page(500, 700))), page(3, 1200)].join("\n"));
    expect("images" in result && result.images.map((i) => i.imageDigest)).toEqual(
      Array.from({ length: 1203 }, (_, i) => `sha256:${i.toString(16).padStart(64, "0")}`),
    );
  });

  test("`},{` inside strings and nested lists of objects, wherever the list is cut", () => {
    const nested = (i: number) => ({
      imageTags: [`t${i}`],
      note: i % 7 === 0 ? "a}, {b" : "x",
      subjects: [{ a: i }, { b: i }],
    });
    const result = both(page(900, 0, nested));
    expect("images" in result && result.images.length).toBe(900);
  });

  test("non-ASCII text, a BOM, and JSON whitespace JSON.parse refuses", () => {
    both(page(600, 0, (i) => ({ imageTags: [i === 450 ? "café" : `t${i}`] })));
    both(`\ufeff${page(600, 0)}`);
    both(page(600, 0).replace("},\n        {", "},\f{"));
    both(page(600, 0).replace(/\n\}$/, "\v}"));
  });

  test("problems name the same document, line and index", () => {
    const broken = page(600, 600, (i) => (i === 1100 ? { imageSizeInBytes: -1 } : {}));
    const result = both(`\n\n${page(600, 0)}\n${broken}\n${page(600, 0)}`);
    expect("findings" in result && result.findings.map(formatFinding)).toEqual([
      expect.stringContaining("images.json document 2 (line "),
      ...Array.from({ length: 600 }, () => expect.stringContaining("images.json document 3 (line ")),
    ]);
  });
  /** The input in chunks of `size` bytes, as the CLI reads a file. */
  const chunks = (text: string, size: number): NextChunk => {
    const bytes = Buffer.from(text, "utf8");
    let at = 0;
    return () => (at >= bytes.length ? null : bytes.subarray(at, (at += size)));
  };

  test("plain pages are read chunk by chunk, whatever the chunk size, as the text reader reads them", () => {
    const text = ["", page(700, 0), JSON.stringify(JSON.parse(page(3, 700))), page(0, 0), page(250, 703), ""].join(
      "\n",
    );
    const expected = parseDescribeImages(text, "images.json");
    for (const size of [1, 7, 100, 4096, 1 << 20]) {
      expect({ images: readPlainPages(chunks(text, size), "images.json") }).toEqual(expected);
    }
  });

  test("a `},{` or `}]}` inside a string: every part that parses was cut between two images", () => {
    const text = page(900, 0, (i) => (i % 100 === 0 ? { note: i % 200 === 0 ? "a}, {b" : "a} ] }b" } : {}));
    const expected = parseDescribeImages(text, "images.json");
    for (const size of [1, 7, 100, 999, 4096]) {
      const images = readPlainPages(chunks(text, size), "images.json");
      if (images !== undefined) expect({ images }).toEqual(expected);
    }
  });

  test.each<[string, string]>([
    ["a nested list of objects", page(900, 0, (i) => ({ subjects: [{ a: i }, { b: i }] }))],
    ["a key after the list", `{"imageDetails": [], "nextToken": "x"}`],
    ["non-ASCII text", page(600, 0, (i) => ({ imageTags: [i === 450 ? "café" : `t${i}`] }))],
    ["an image with a problem", page(600, 0, (i) => (i === 5 ? { imageSizeInBytes: -1 } : {}))],
    ["a cut-off page", page(600, 0).slice(0, -10)],
    ["no document", " \n"],
  ])("other input (%s) is left to the exact reader", (_, text) => {
    expect(readPlainPages(chunks(text, 1000), "images.json")).toBeUndefined();
    expect(parseDescribeImages(Buffer.from(text), "images.json")).toEqual(parseDescribeImages(text, "images.json"));
  });
});
