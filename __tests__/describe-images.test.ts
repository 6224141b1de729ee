/** Reading `aws ecr describe-images` output: both CLI versions' timestamps, concatenated pages, and bad input. */
import fc from "fast-check";
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

  test("an image larger than a part or the reader's window, wherever the chunks end", () => {
    const large = (i: number) => (i % 300 === 7 ? { note: `${i}`.repeat(100_000) } : {});
    const text = [page(700, 0, large), page(2, 700, large)].join("");
    const expected = parseDescribeImages(text, "images.json");
    for (const size of [999, 32 * 1024, 1 << 20]) {
      expect({ images: readPlainPages(chunks(text, size), "images.json") }).toEqual(expected);
    }
  });

  test("an image larger than 4 MiB is left to the exact reader", () => {
    const text = page(3, 0, (i) => (i === 1 ? { note: "x".repeat(5 << 20) } : {}));
    expect(readPlainPages(chunks(text, 32 * 1024), "images.json")).toBeUndefined();
    expect(parseDescribeImages(Buffer.from(text), "images.json")).toEqual(parseDescribeImages(text, "images.json"));
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

/** The input in chunks of `size` bytes, each handed out in one buffer that is overwritten by the next, as a file is read. */
function reusedChunks(text: string, size: number): NextChunk {
  const bytes = Buffer.from(text, "utf8");
  const buffer = Buffer.alloc(size);
  let at = 0;
  return () => {
    if (at >= bytes.length) return null;
    const n = bytes.copy(buffer, 0, at, at + size);
    at += n;
    return buffer.subarray(0, n);
  };
}

/** The exact reader's images, or its findings. */
function exact(text: string) {
  return parseDescribeImages(text, "images.json");
}

describe("the fast reader reads what the exact reader reads, or leaves the input to it", () => {
  /** JSON number text as it stands in the input (`1.0`, `1e3`), where JSON.stringify would write `1`. */
  class Raw {
    constructor(readonly text: string) {}
  }
  /** An object as its entries in order, so a key may be `__proto__`, or given twice. */
  class Entries {
    constructor(readonly entries: readonly (readonly [string, unknown])[]) {}
  }
  type Value = Raw | Entries | Value[] | string | number | boolean | null;

  /** Writes JSON with the whitespace `space()` gives between tokens. */
  function render(value: Value, space: () => string): string {
    if (value instanceof Raw) return value.text;
    if (value instanceof Entries) {
      const members = value.entries.map(
        ([k, v]) => `${space()}${JSON.stringify(k)}${space()}:${space()}${render(v as Value, space)}`,
      );
      return `{${members.join(",")}${space()}}`;
    }
    if (Array.isArray(value)) return `[${value.map((v) => `${space()}${render(v, space)}`).join(",")}${space()}]`;
    return JSON.stringify(value);
  }

  /** ASCII text with the characters JSON escapes: quotes, backslashes, control characters. */
  const asciiText = fc.string({
    unit: fc.constantFrom("a", "Z", "0", " ", '"', "\\", "/", "\n", "\t", "\u0001", "\u007f", "}", "]", ","),
    maxLength: 8,
  });
  const ignored: fc.Arbitrary<Value> = fc.letrec<{ value: Value }>((tie) => ({
    value: fc.oneof(
      { depthSize: "small", withCrossShrink: true },
      asciiText,
      fc.integer().map((n) => n as Value),
      fc.double({ noNaN: true, noDefaultInfinity: true }).map((n) => new Raw(JSON.stringify(n))),
      fc.constantFrom<Value>(true, false, null, new Raw("-0"), new Raw("1E+2"), new Raw("0.5e-3")),
      fc.array(tie("value"), { maxLength: 3 }),
      fc.array(fc.tuple(asciiText, tie("value")), { maxLength: 3 }).map((e) => new Entries(e)),
    ),
  })).value;
  const UNKNOWN_KEYS = [
    "registryId",
    "imageManifestMediaType",
    "imageScanFindingsSummary",
    "__proto__",
    "imageDigests",
    "ImageTags",
    "x",
  ];

  const pad = (n: number, width = 2) => String(n).padStart(width, "0");
  /** A timestamp as AWS CLI v2 writes it, with any offset and 0 to 9 fraction digits, or as v1 writes it. */
  const timestamp: fc.Arbitrary<Value> = fc.oneof(
    fc
      .record({
        ms: fc.integer({ min: 86_400_000, max: Date.UTC(9998, 0) }),
        offset: fc.integer({ min: -(23 * 60 + 59), max: 23 * 60 + 59 }),
        fraction: fc.stringMatching(/^[0-9]{0,9}$/),
        style: fc.constantFrom("Z", ":", ""),
      })
      .map(({ ms, offset, fraction, style }) => {
        const local = new Date(ms + offset * 60_000).toISOString().slice(0, 19);
        const zone = Math.abs(offset);
        const sign = offset < 0 ? "-" : "+";
        const suffix = style === "Z" ? "Z" : `${sign}${pad(Math.floor(zone / 60))}${style}${pad(zone % 60)}`;
        return `${local}${fraction === "" ? "" : `.${fraction}`}${suffix}`;
      }),
    fc.double({ min: 0, max: 4e9, noNaN: true }).map((s) => new Raw(JSON.stringify(s))),
    fc.integer({ min: 0, max: 4e9 }).map((s) => new Raw(`${s}.${s % 1000}`)),
  );
  const tag = fc.stringMatching(/^[a-zA-Z0-9._-]{1,12}$/);
  const size = fc.oneof(
    fc.maxSafeNat().map((n) => n as Value),
    fc.nat().map((n) => new Raw(`${n}.0`)),
    fc.nat(99).map((n) => new Raw(`${n}E2`)),
    // 0.123E3: a whole size written with a fraction and an exponent.
    fc.nat().map((n) => new Raw(`0.${n}E${String(n).length}`)),
  );

  /** An image detail with no problem: kept fields valid, optional ones present or not or null, unknown ones anywhere. */
  const detail = (index: number) =>
    fc
      .record(
        {
          repositoryName: fc.constantFrom<Value>("a/x", "quay/cilium/cilium", "b"),
          imageDigest: fc.constant<Value>(`sha256:${index.toString(16).padStart(64, "0")}`),
          imageTags: fc.oneof(fc.constant<Value>(null), fc.array(tag, { maxLength: 3 })),
          imageSizeInBytes: size,
          imageStatus: fc.constantFrom<Value>(null, "ACTIVE", "ARCHIVED", "ACTIVATING"),
          imagePushedAt: timestamp,
          lastRecordedPullTime: fc.oneof(fc.constant<Value>(null), timestamp),
          lastArchivedAt: fc.oneof(fc.constant<Value>(null), timestamp),
          lastActivatedAt: fc.oneof(fc.constant<Value>(null), timestamp),
        },
        { requiredKeys: ["repositoryName", "imageDigest", "imageSizeInBytes", "imagePushedAt"] },
      )
      .chain((fields) =>
        fc
          .tuple(
            fc.array(fc.tuple(fc.constantFrom(...UNKNOWN_KEYS), ignored), { maxLength: 3 }),
            fc.array(fc.nat(), { minLength: 12, maxLength: 12 }),
          )
          .map(([unknown, order]) => {
            const entries = [...Object.entries(fields), ...unknown] as [string, Value][];
            return new Entries(
              entries
                .map((e, k) => [order[k % 12] + k / 100, e] as const)
                .sort((a, b) => a[0] - b[0])
                .map(([, e]) => e),
            );
          }),
      );

  /** Valid input: documents of image details (some empty lists), with random JSON whitespace, and a chunk size. */
  const input = fc
    .record({
      counts: fc.array(fc.nat(4), { minLength: 1, maxLength: 4 }),
      spaces: fc.array(fc.constantFrom("", " ", "\n", "    ", "\t", "\r\n"), { minLength: 1, maxLength: 5 }),
      chunk: fc.oneof(fc.constant(1), fc.integer({ min: 2, max: 300 }), fc.constant(32 * 1024)),
    })
    .chain(({ counts, spaces, chunk }) => {
      const total = counts.reduce((a, b) => a + b, 0);
      return fc.tuple(...Array.from({ length: total }, (_, i) => detail(i))).map((details) => {
        let s = 0;
        const space = () => spaces[s++ % spaces.length];
        let at = 0;
        const documents = counts.map((n) =>
          render(new Entries([["imageDetails", details.slice(at, (at += n))]]), space),
        );
        return { text: documents.map((d) => `${space()}${d}`).join("") + space(), chunk };
      });
    });

  test("valid input, whatever the chunk size: the same images, in the same order, when the fast reader reads it", () => {
    let read = 0;
    fc.assert(
      fc.property(input, ({ text, chunk }) => {
        const expected = exact(text);
        expect("images" in expected).toBe(true);
        const fast = readPlainPages(reusedChunks(text, chunk), "images.json");
        if (fast !== undefined) read += 1;
        if (fast !== undefined) expect({ images: fast }).toEqual(expected);
      }),
      { numRuns: 300 },
    );
    // Most generated input is plain pages the fast reader reads; the rest has `},{` inside a skipped field.
    expect(read).toBeGreaterThan(100);
  });

  test("input changed anywhere (a byte dropped, added or replaced): the same images, or left to the exact reader", () => {
    const BYTES = ["", " ", ",", "]", "}", "{", "[", '"', "\\", "0", "-", ".", "e", "n", "\u0000", "\f", "é"];
    fc.assert(
      fc.property(input, fc.nat(), fc.constantFrom(...BYTES), fc.boolean(), ({ text, chunk }, at, byte, replace) => {
        const i = at % (text.length + 1);
        const changed = text.slice(0, i) + byte + text.slice(replace ? i + 1 : i);
        const fast = readPlainPages(reusedChunks(changed, chunk), "images.json");
        const expected = exact(changed);
        if (fast !== undefined) expect({ images: fast }).toEqual(expected);
        expect(parseDescribeImages(Buffer.from(changed), "images.json")).toEqual(expected);
      }),
      { numRuns: 500 },
    );
  });

  const one = (fields: string) => `{"imageDetails": [{"repositoryName": "r", "imageDigest": "d", ${fields}}]}`;
  const VALID = `"imageSizeInBytes": 1, "imagePushedAt": "2026-11-20T09:15:02Z"`;

  test.each<[string, string]>([
    [
      "nested lists of objects and escapes in a field it skips",
      one(`${VALID}, "s": [{"a": [1, {"b": "\\"}\\u00e9\\n"}]}, []], "t": {}`),
    ],
    [
      "CLI v1 epoch seconds with a fraction and an exponent",
      one(`"imageSizeInBytes": 1, "imagePushedAt": 1.7644606814470001e9`),
    ],
    [
      "epoch seconds of more digits than a double holds",
      one(`"imageSizeInBytes": 1, "imagePushedAt": 59657045333300393157`),
    ],
    ["a size written 1.0, and -0", one(`"imageSizeInBytes": 1.0, "imagePushedAt": 0, "x": -0`)],
    [
      "null for every optional field",
      one(`${VALID}, "imageTags": null, "imageStatus": null, "lastRecordedPullTime": null`),
    ],
    ["a BOM", `\ufeff${one(VALID)}`],
    ["JSON whitespace JSON.parse refuses", one(VALID).replace(" ", "\f")],
    ["a key after the list", `{"imageDetails": [], "nextToken": "x"}`],
    ["another key before the list", `{"nextToken": "x", "imageDetails": []}`],
    ["a trailing comma in the list", `{"imageDetails": [${one(VALID).slice(18, -2)},]}`],
    ["a trailing comma in a detail", one(`${VALID},`)],
    ["a trailing comma in a skipped list", one(`${VALID}, "s": [1,]`)],
    ["a skipped number with a leading zero", one(`${VALID}, "s": 01`)],
    ["a skipped number without fraction digits", one(`${VALID}, "s": 1.`)],
    ["a skipped number without exponent digits", one(`${VALID}, "s": 1e`)],
    ["a control character in a skipped string", one(`${VALID}, "s": "a\tb"`)],
    ["an unknown escape in a skipped string", one(`${VALID}, "s": "\\x"`)],
    ["a short \\u escape in a skipped string", one(`${VALID}, "s": "\\u12G4"`)],
    ["an unclosed skipped object", one(`${VALID}, "s": {"a": 1`)],
    ["a skipped literal misspelt", one(`${VALID}, "s": nul`)],
    ["nesting 100 deep in a skipped field", one(`${VALID}, "s": ${"[".repeat(100)}${"]".repeat(100)}`)],
    ["a kept field given twice (JSON.parse keeps the last)", one(`${VALID}, "imageSizeInBytes": 2`)],
    ["an escape in a kept string", one(`${VALID}, "imageTags": ["a\\/b"]`)],
    ["an escaped key", one(`${VALID}, "image\\u0054ags": ["a"]`)],
    ["non-ASCII text", one(`${VALID}, "imageTags": ["café"]`)],
    ["an empty tag", one(`${VALID}, "imageTags": [""]`)],
    ["a size with a fraction", one(`"imageSizeInBytes": 1.5, "imagePushedAt": 0`)],
    ["a size beyond 2^53", one(`"imageSizeInBytes": 9007199254740993, "imagePushedAt": 0`)],
    ["an unknown imageStatus", one(`${VALID}, "imageStatus": "DELETED"`)],
    ["imagePushedAt null", one(`"imageSizeInBytes": 1, "imagePushedAt": null`)],
    ["a timestamp without an offset", one(`"imageSizeInBytes": 1, "imagePushedAt": "2026-11-20T09:15:02"`)],
    ["a missing field", `{"imageDetails": [{"repositoryName": "r", "imageDigest": "d", "imageSizeInBytes": 1}]}`],
    ["an image detail that is not an object", `{"imageDetails": ["sha256:abc"]}`],
    ["the same image twice", `${one(VALID)}\n${one(VALID)}`],
    ["a NUL byte", `${one(VALID)}\u0000`],
    ["a cut-off document", one(VALID).slice(0, -1)],
  ])("%s: the result of the exact reader, and the fast reader's images, when it reads them", (_, text) => {
    for (const chunk of [1, 5, 32 * 1024]) {
      const fast = readPlainPages(reusedChunks(text, chunk), "images.json");
      if (fast !== undefined) expect({ images: fast }).toEqual(exact(text));
    }
    expect(parseDescribeImages(Buffer.from(text), "images.json")).toEqual(exact(text));
  });
});
