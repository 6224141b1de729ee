/**
 * Reads the output of `aws ecr describe-images`: one or more JSON documents back to back (several pages or several
 * repositories, concatenated), each `{"imageDetails": [...]}`, with timestamps as either AWS CLI version prints them.
 * Unknown fields (scan status, media types) are ignored. Pure: text in, images or findings out.
 */
import type { Finding } from "../validate/finding";
import { describeImagesMessages as msg } from "./describe-images.messages";
import type { CachedImage, ImageStatus } from "./image";
import { parseAwsTimestamp } from "./time";

const IMAGE_STATUSES: readonly ImageStatus[] = ["ACTIVE", "ARCHIVED", "ACTIVATING"];

/** The images of the input, in input order, or every problem found. */
export type DescribeImagesResult = { readonly images: CachedImage[] } | { readonly findings: Finding[] };

/** One JSON document of the input and where it starts. */
interface JsonDocument {
  readonly value: unknown;
  /** 1-based line of its first character. */
  readonly line: number;
}

/** 1-based line numbers of character offsets; fast when asked for increasing offsets, as the splitter does. */
function lineCounter(text: string): (offset: number) => number {
  let at = 0;
  let line = 1;
  return (offset) => {
    if (offset < at) [at, line] = [0, 1];
    for (let i = text.indexOf("\n", at); i !== -1 && i < offset; i = text.indexOf("\n", i + 1)) line += 1;
    at = offset;
    return line;
  };
}

/** Where a JSON.parse error points, as `line L` of the whole input, when V8 says. */
function syntaxErrorLine(text: string, start: number, e: unknown): string {
  const lineOf = lineCounter(text);
  const message = e instanceof Error ? e.message : String(e);
  const position = /at position (\d+)/.exec(message);
  const line = position ? ` (line ${lineOf(start + Number(position[1]))})` : "";
  return `${message.replace(/ in JSON at position \d+.*$/, "")}${line}`;
}

const STRING = /"(?:[^"\\]|\\.)*"/y;

/** Splits concatenated JSON documents, parsing each; returns a finding for the first one that is broken. */
function splitDocuments(text: string, source: string): JsonDocument[] | Finding {
  const documents: JsonDocument[] = [];
  const lineOf = lineCounter(text);
  let i = 0;
  for (;;) {
    while (i < text.length && /\s/.test(text[i])) i += 1;
    if (i >= text.length) return documents;
    const where = `${source} line ${lineOf(i)}`;
    if (text[i] !== "{") return msg.notDocument(where, text.slice(i, i + 20));
    const start = i;
    let depth = 0;
    let end = -1;
    while (i < text.length) {
      const c = text.charCodeAt(i);
      if (c === 34 /* " */) {
        STRING.lastIndex = i;
        if (!STRING.test(text)) return msg.cutOff(where);
        i = STRING.lastIndex;
        continue;
      }
      if (c === 123 /* { */ || c === 91 /* [ */) depth += 1;
      else if (c === 125 /* } */ || c === 93 /* ] */) depth -= 1;
      i += 1;
      if (depth === 0) {
        end = i;
        break;
      }
    }
    if (end === -1) return msg.cutOff(where);
    try {
      documents.push({ value: JSON.parse(text.slice(start, end)), line: lineOf(start) });
    } catch (e) {
      return msg.notJson(where, syntaxErrorLine(text, start, e));
    }
  }
}

/**
 * In valid JSON a `}` followed by nothing but whitespace and a `{` only occurs between two documents, or inside a
 * string: the places worth trying to split at.
 */
const BOUNDARY = /\}\s*\{/g;

/** Splits at every candidate boundary and parses each piece; undefined when a piece does not parse. */
function splitAtBoundaries(text: string, lineOf: (offset: number) => number): JsonDocument[] | undefined {
  const documents: JsonDocument[] = [];
  let start = 0;
  BOUNDARY.lastIndex = 0;
  try {
    for (let m = BOUNDARY.exec(text); m !== null; m = BOUNDARY.exec(text)) {
      const end = m.index + 1;
      documents.push({ value: JSON.parse(text.slice(start, end)), line: lineOf(start) });
      start = m.index + m[0].length - 1;
      BOUNDARY.lastIndex = start;
    }
    documents.push({ value: JSON.parse(text.slice(start)), line: lineOf(start) });
  } catch {
    return undefined;
  }
  return documents;
}

/**
 * Parses the input into documents. Fast path: split where one document can end and the next begin, parsing each
 * piece with JSON.parse; when a piece does not parse (a split inside a string, or broken input), the exact scanner
 * finds the documents or the first problem.
 */
function documentsOf(text: string, source: string): JsonDocument[] | Finding {
  const body = (text.charCodeAt(0) === 0xfeff ? text.slice(1) : text).trimEnd();
  const start = body.length - body.trimStart().length;
  if (start === body.length) return [];
  return splitAtBoundaries(body, lineCounter(body)) ?? splitDocuments(body, source);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Reads an own property only. */
function own(obj: Record<string, unknown>, key: string): unknown {
  return Object.prototype.hasOwnProperty.call(obj, key) ? obj[key] : undefined;
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** A document of the input as messages name it: the input's name, and its number and line when there are several. */
class DocumentName {
  private name: string | undefined;
  constructor(
    private readonly source: string,
    private readonly count: number,
    private readonly index: number,
    /** Its 1-based line, counted only when a message needs it. */
    private readonly line: () => number,
  ) {}
  toString(): string {
    this.name ??= this.count === 1 ? this.source : `${this.source} document ${this.index + 1} (line ${this.line()})`;
    return this.name;
  }
}

/** Where an image detail is: its document and its index, made into a path only when a message needs it. */
interface Place {
  readonly where: DocumentName;
  readonly index: number;
}

function pathOf(place: Place, key?: string): string {
  return `${place.where.toString()}: imageDetails[${place.index}]${key === undefined ? "" : `.${key}`}`;
}

/** A required non-empty string field, or "" after pushing a finding. */
function textField(detail: Record<string, unknown>, key: string, place: Place, findings: Finding[]): string {
  const value = own(detail, key);
  if (typeof value === "string" && value !== "") return value;
  findings.push(value === undefined ? msg.missing(pathOf(place, key), key) : msg.notText(pathOf(place, key), value));
  return "";
}

/** A timestamp field in milliseconds, or undefined when absent (a finding when required) or invalid (a finding). */
function timeField(
  detail: Record<string, unknown>,
  key: string,
  required: boolean,
  place: Place,
  findings: Finding[],
): number | undefined {
  const value = own(detail, key);
  if (value === undefined || value === null) {
    if (required) findings.push(msg.missing(pathOf(place, key), key));
    return undefined;
  }
  const ms = parseAwsTimestamp(value);
  if (ms === undefined) findings.push(msg.badTime(pathOf(place, key), value));
  return ms;
}

function validTags(value: unknown): value is string[] {
  if (!Array.isArray(value)) return false;
  for (const tag of value) if (typeof tag !== "string" || tag === "") return false;
  return true;
}

/** Reads one image detail, or pushes findings and returns undefined. */
function readImage(detail: unknown, place: Place, findings: Finding[]): CachedImage | undefined {
  if (!isObject(detail)) {
    findings.push(msg.notObject(pathOf(place), detail));
    return undefined;
  }
  const before = findings.length;
  const repositoryName = textField(detail, "repositoryName", place, findings);
  const imageDigest = textField(detail, "imageDigest", place, findings);
  const tags = own(detail, "imageTags") ?? NO_TAGS;
  if (!validTags(tags)) findings.push(msg.badTags(pathOf(place, "imageTags"), tags));
  const size = own(detail, "imageSizeInBytes");
  if (size === undefined) findings.push(msg.missing(pathOf(place, "imageSizeInBytes"), "imageSizeInBytes"));
  else if (typeof size !== "number" || !Number.isSafeInteger(size) || size < 0)
    findings.push(msg.badSize(pathOf(place, "imageSizeInBytes"), size));
  const status = own(detail, "imageStatus") ?? "ACTIVE";
  if (!IMAGE_STATUSES.includes(status as ImageStatus))
    findings.push(msg.badStatus(pathOf(place, "imageStatus"), status, IMAGE_STATUSES));
  const imagePushedAt = timeField(detail, "imagePushedAt", true, place, findings);
  const lastRecordedPullTime = timeField(detail, "lastRecordedPullTime", false, place, findings);
  const lastArchivedAt = timeField(detail, "lastArchivedAt", false, place, findings);
  const lastActivatedAt = timeField(detail, "lastActivatedAt", false, place, findings);
  if (findings.length > before || imagePushedAt === undefined) return undefined;
  const image: Mutable<CachedImage> = {
    repositoryName,
    imageDigest,
    imageTags: tags as string[],
    imageSizeInBytes: size as number,
    imagePushedAt,
    imageStatus: status as ImageStatus,
  };
  if (lastRecordedPullTime !== undefined) image.lastRecordedPullTime = lastRecordedPullTime;
  if (lastArchivedAt !== undefined) image.lastArchivedAt = lastArchivedAt;
  if (lastActivatedAt !== undefined) image.lastActivatedAt = lastActivatedAt;
  return image;
}

const NO_TAGS: readonly string[] = [];

/** The images of the documents, or every problem found; `documents.length` names them in messages. */
function readDocuments(
  count: number,
  valueOf: (d: number) => unknown,
  lineOf: (d: number) => number,
  source: string,
): DescribeImagesResult {
  if (count === 0) return { findings: [msg.empty(source)] };
  const findings: Finding[] = [];
  const images: CachedImage[] = [];
  // repository -> digest -> the image's position in `images`, where it was first listed, to catch a page given twice;
  // the place of images[k] is (documentOf[k], indexOf[k]).
  const seen = new Map<string, Map<string, number>>();
  const documentOf: DocumentName[] = [];
  const indexOf: number[] = [];
  for (let d = 0; d < count; d += 1) {
    const value = valueOf(d);
    const where = new DocumentName(source, count, d, () => lineOf(d));
    const details = isObject(value) ? own(value, "imageDetails") : undefined;
    if (!isObject(value) || !Array.isArray(details)) {
      findings.push(msg.noImageDetails(where.toString(), isObject(value) ? Object.keys(value) : []));
      continue;
    }
    for (let index = 0; index < details.length; index += 1) {
      const place = { where, index };
      const image = readImage(details[index], place, findings);
      if (image === undefined) continue;
      let digests = seen.get(image.repositoryName);
      if (digests === undefined) seen.set(image.repositoryName, (digests = new Map()));
      const first = digests.get(image.imageDigest);
      if (first !== undefined) {
        const firstPlace = { where: documentOf[first], index: indexOf[first] };
        findings.push(msg.duplicate(pathOf(place), image.imageDigest, image.repositoryName, pathOf(firstPlace)));
      } else {
        digests.set(image.imageDigest, images.length);
        documentOf.push(where);
        indexOf.push(index);
        images.push(image);
      }
    }
  }
  return findings.length > 0 ? { findings } : { images };
}

/** Whether a byte is ASCII whitespace as `\s` and `trim` see it: tab, line feed, vertical tab, form feed, CR, space. */
function isSpaceByte(b: number): boolean {
  return b === 32 || (b >= 9 && b <= 13);
}

/**
 * Bytes decoded as UTF-8 when every character is one byte (ASCII, or an invalid byte decoded as U+FFFD); otherwise
 * raises NOT_A_DOCUMENT.
 */
function oneByteText(buffer: Buffer, start: number, end: number): string {
  const text = buffer.toString("utf8", start, end);
  if (text.length !== end - start) throw NOT_A_DOCUMENT;
  return text;
}

/** Parts of an imageDetails list parsed at a time: below V8's large-object size, so their text is cheap to make. */
const PART_BYTES = 64 * 1024;

/** `{ "imageDetails": [` at the start of a document (after JSON whitespace), up to the list's first element. */
const DETAILS_HEAD = /^[ \t\n\r]*\{[ \t\n\r]*"imageDetails"[ \t\n\r]*:[ \t\n\r]*\[/;

/** Whether a byte is whitespace to JSON.parse: space, tab, line feed, carriage return. */
function isJsonSpaceByte(b: number): boolean {
  return b === 32 || b === 10 || b === 13 || b === 9;
}

/**
 * The imageDetails list of a document that is `{"imageDetails": [...]}` and nothing else, parsed in parts of about
 * PART_BYTES: a describe-images page is about 600 KB, and V8 makes a string that large in its own memory pages, which
 * costs more than parsing it. The list is cut where one element ends with `}` and the next begins with `{`, and each
 * part parsed as `[part]`. Such a cut inside a string or a nested value leaves an unclosed string or bracket, so its
 * part does not parse: when every part parses, every cut was between two elements and the parts together are the
 * list. Undefined when the document has another shape or a part does not parse (then it is parsed whole).
 */
function imageDetailsInParts(buffer: Buffer, start: number, end: number): unknown[] | undefined {
  if (end - start <= PART_BYTES) return undefined;
  const head = DETAILS_HEAD.exec(buffer.toString("latin1", start, Math.min(end, start + 256)));
  if (head === null) return undefined;
  let close = end;
  while (close > start && isJsonSpaceByte(buffer[close - 1])) close -= 1;
  if (buffer[close - 1] !== 125 /* } */) return undefined;
  close -= 1;
  while (close > start && isJsonSpaceByte(buffer[close - 1])) close -= 1;
  if (buffer[close - 1] !== 93 /* ] */) return undefined;
  const listEnd = close - 1;
  const details: unknown[] = [];
  let partStart = start + head[0].length;
  // The last place found so far where an element ends (after its `}`) and where the next begins (its `{`).
  let cutEnd = -1;
  let nextStart = -1;
  const parsePart = (from: number, to: number): boolean => {
    try {
      const part: unknown = JSON.parse(`[${oneByteText(buffer, from, to)}]`);
      if (!Array.isArray(part)) return false;
      for (const detail of part) details.push(detail);
      return true;
    } catch (e) {
      if (e === NOT_A_DOCUMENT) throw e;
      return false;
    }
  };
  for (let brace = buffer.indexOf(125 /* } */, partStart); brace !== -1 && brace < listEnd; ) {
    let next = brace + 1;
    while (next < listEnd && isJsonSpaceByte(buffer[next])) next += 1;
    if (buffer[next] === 44 /* , */) {
      next += 1;
      while (next < listEnd && isJsonSpaceByte(buffer[next])) next += 1;
      if (next < listEnd && buffer[next] === 123 /* { */) {
        if (brace + 1 - partStart > PART_BYTES && cutEnd !== -1) {
          if (!parsePart(partStart, cutEnd)) return undefined;
          partStart = nextStart;
        }
        cutEnd = brace + 1;
        nextStart = next;
      }
    }
    brace = buffer.indexOf(125, brace + 1);
  }
  return parsePart(partStart, listEnd) ? details : undefined;
}

/** Raised inside the byte reader when a piece does not parse, so the exact text reader takes over. */
const NOT_A_DOCUMENT = Symbol("not a document");

/**
 * The fast path for input given as bytes: the same splitting as {@link splitAtBoundaries}, over the bytes, with each
 * document decoded, parsed and read into images before the next, so neither the whole text nor every parsed document
 * is held at once. Undefined when a piece holds a character of more than one byte (a BOM, or a non-ASCII tag or name:
 * the text reader splits at Unicode whitespace too) or does not parse: then the text reader decides, exactly as for
 * text input.
 */
function readAsciiBytes(bytes: Uint8Array, source: string): DescribeImagesResult | undefined {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let end = buffer.length;
  while (end > 0 && isSpaceByte(buffer[end - 1])) end -= 1;
  let first = 0;
  while (first < end && isSpaceByte(buffer[first])) first += 1;
  // Document d spans starts[d] to ends[d]; the first starts at 0, leading whitespace and all, as in the text reader.
  const starts: number[] = [];
  const ends: number[] = [];
  if (first < end) {
    let start = 0;
    for (let close = buffer.indexOf(125 /* } */, 0); close !== -1 && close < end; ) {
      let next = close + 1;
      while (next < end && isSpaceByte(buffer[next])) next += 1;
      if (next < end && buffer[next] === 123 /* { */) {
        starts.push(start);
        ends.push(close + 1);
        start = next;
      }
      close = buffer.indexOf(125, close + 1);
    }
    starts.push(start);
    ends.push(end);
  }
  const lineOf = (d: number): number => {
    let line = 1;
    for (let i = buffer.indexOf(10, 0); i !== -1 && i < starts[d]; i = buffer.indexOf(10, i + 1)) line += 1;
    return line;
  };
  const valueOf = (d: number): unknown => {
    const details = imageDetailsInParts(buffer, starts[d], ends[d]);
    if (details !== undefined) return { imageDetails: details };
    try {
      return JSON.parse(oneByteText(buffer, starts[d], ends[d]));
    } catch {
      throw NOT_A_DOCUMENT;
    }
  };
  try {
    return readDocuments(starts.length, valueOf, lineOf, source);
  } catch (e) {
    if (e === NOT_A_DOCUMENT) return undefined;
    throw e;
  }
}

/**
 * Reads describe-images output.
 * @param input the whole input: text, or its UTF-8 bytes (faster, for large inputs)
 * @param source what to call the input in messages (a file name, or `<stdin>`)
 * @returns every image, in input order, or every problem found (each naming the document, field and value)
 */
export function parseDescribeImages(input: string | Uint8Array, source: string): DescribeImagesResult {
  if (typeof input !== "string") {
    const fast = readAsciiBytes(input, source);
    if (fast !== undefined) return fast;
    return parseDescribeImages(Buffer.from(input.buffer, input.byteOffset, input.byteLength).toString("utf8"), source);
  }
  const documents = documentsOf(input, source);
  if (!Array.isArray(documents)) return { findings: [documents] };
  return readDocuments(
    documents.length,
    (d) => documents[d].value,
    (d) => documents[d].line,
    source,
  );
}
