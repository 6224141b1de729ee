/**
 * Reads the output of `aws ecr describe-images`: one or more JSON documents back to back (several pages or several
 * repositories, concatenated), each `{"imageDetails": [...]}`, with timestamps as either AWS CLI version prints them.
 * Unknown fields (scan status, media types) are ignored. Pure: text in, images or findings out.
 */
import { isAscii } from "node:buffer";
import type { Finding } from "../validate/finding";
import { describeImagesMessages as msg } from "./describe-images.messages";
import { type CachedImage, IMAGE_STATUSES, type ImageStatus, type ImageTable } from "./image";
import { ImageIndex } from "./image-index";
import { ImageTableBuilder, imagesOf } from "./image-table";
import { parseAwsTimestamp } from "./time";

/** The images of the input, in input order, or every problem found. */
export type DescribeImagesResult = { readonly images: CachedImage[] } | { readonly findings: Finding[] };

/** The images of the input as a table, in input order, or every problem found. */
export type DescribeImagesTableResult = { readonly table: ImageTable } | { readonly findings: Finding[] };

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

/** The index of an imageStatus in IMAGE_STATUSES (absent is ACTIVE), or -1 when it is not one. */
function statusIndex(status: unknown): number {
  return status === undefined || status === null ? 0 : IMAGE_STATUSES.indexOf(status as ImageStatus);
}

/** A time field in milliseconds: NaN when absent, undefined when it is not a timestamp. */
function optionalTime(value: unknown): number | undefined {
  return value === undefined || value === null ? NaN : parseAwsTimestamp(value);
}

/** Reads image details into an image table, checking each and catching an image listed twice. */
class ImageCollector {
  readonly findings: Finding[] = [];
  private readonly table = new ImageTableBuilder();
  private readonly index = new ImageIndex(this.table);
  // Where each image was listed, for the message about a duplicate: documents[documentOf[k]], index indexOf[k].
  private readonly documents: DocumentName[] = [];
  private readonly documentOf: number[] = [];
  private readonly indexOf: number[] = [];

  /** Reads details of one document's imageDetails list; the first is at `from` in the list. */
  add(details: readonly unknown[], where: DocumentName, from = 0): void {
    if (this.documents[this.documents.length - 1] !== where) this.documents.push(where);
    for (let k = 0; k < details.length; k += 1) {
      const detail = details[k];
      if (!isObject(detail) || !this.addValid(detail, from + k)) this.addChecked(detail, from + k);
    }
  }

  /**
   * Adds an image detail of the current document that has no problem (the common case, read field by field, without
   * an object per image); false, having done nothing, when any field is unusual.
   */
  private addValid(detail: Record<string, unknown>, index: number): boolean {
    const repositoryName = detail.repositoryName;
    const imageDigest = detail.imageDigest;
    const tags = detail.imageTags ?? NO_TAGS;
    const size = detail.imageSizeInBytes;
    const status = statusIndex(detail.imageStatus);
    const pushedAt = parseAwsTimestamp(detail.imagePushedAt);
    const pulledAt = optionalTime(detail.lastRecordedPullTime);
    const archivedAt = optionalTime(detail.lastArchivedAt);
    const activatedAt = optionalTime(detail.lastActivatedAt);
    if (
      typeof repositoryName !== "string" ||
      repositoryName === "" ||
      typeof imageDigest !== "string" ||
      imageDigest === "" ||
      !validTags(tags) ||
      typeof size !== "number" ||
      !Number.isSafeInteger(size) ||
      size < 0 ||
      status < 0 ||
      pushedAt === undefined ||
      pulledAt === undefined ||
      archivedAt === undefined ||
      activatedAt === undefined
    ) {
      return false;
    }
    const repository = this.table.repositoryId(repositoryName);
    if (this.isNew(repository, imageDigest, index)) {
      this.table.add(repository, imageDigest, tags, size, pushedAt, pulledAt, archivedAt, activatedAt, status);
      this.documentOf.push(this.documents.length - 1);
      this.indexOf.push(index);
    }
    return true;
  }

  /** Adds an image detail of the current document with {@link readImage}, which names every problem. */
  private addChecked(detail: unknown, index: number): void {
    const image = readImage(detail, { where: this.documents[this.documents.length - 1], index }, this.findings);
    if (image === undefined) return;
    const repository = this.table.repositoryId(image.repositoryName);
    if (this.isNew(repository, image.imageDigest, index)) {
      this.table.addImage(image, repository);
      this.documentOf.push(this.documents.length - 1);
      this.indexOf.push(index);
    }
  }

  /**
   * Whether no image of the repository with the digest was added before; if one was, pushes the finding about the
   * image at `index` of the current document, and if none was, reserves the table's next index for this one.
   */
  private isNew(repository: number, digest: string, index: number): boolean {
    const first = this.index.firstOf(repository, digest);
    if (first === -1) return true;
    const firstPlace = { where: this.documents[this.documentOf[first]], index: this.indexOf[first] };
    const where = this.documents[this.documents.length - 1];
    const repositoryName = this.table.repositoryName(repository);
    this.findings.push(msg.duplicate(pathOf({ where, index }), digest, repositoryName, pathOf(firstPlace)));
    return false;
  }

  /** The images read. */
  build(): ImageTable {
    return this.table.build();
  }
}

/** The images of the documents, or every problem found. */
function readDocuments(documents: readonly JsonDocument[], source: string): DescribeImagesTableResult {
  if (documents.length === 0) return { findings: [msg.empty(source)] };
  const collector = new ImageCollector();
  documents.forEach(({ value, line }, d) => {
    const where = new DocumentName(source, documents.length, d, () => line);
    const details = isObject(value) ? own(value, "imageDetails") : undefined;
    if (!isObject(value) || !Array.isArray(details)) {
      collector.findings.push(msg.noImageDetails(where.toString(), isObject(value) ? Object.keys(value) : []));
    } else {
      collector.add(details, where);
    }
  });
  return collector.findings.length > 0 ? { findings: collector.findings } : { table: collector.build() };
}

/** Gives the input's next bytes, or null at its end; the reader is done with a chunk before it asks for the next. */
export type NextChunk = () => Uint8Array | null;

/** The chunk size to read input in; the fast reader parses the input in parts about this size. */
export const CHUNK_BYTES = 32 * 1024;

/**
 * The most the fast reader parses at once, unless one image is larger: the text of a part stays below V8's
 * large-object size (128 KiB), so making it is cheap, where a larger string gets fresh memory pages of its own.
 */
const PART_BYTES = 64 * 1024;
/** The fast reader's window to start with: the input read but not parsed yet, with room for the next chunk. */
const WINDOW_BYTES = 256 * 1024;
/** The input read but not parsed grows to this without a place to cut it only in input that is not a page list. */
const MAX_WINDOW = 4 * 1024 * 1024;

const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const COMMA = 0x2c;
const COLON = 0x3a;
/** `"imageDetails"`, the one key the fast reader reads a document by. */
const IMAGE_DETAILS_KEY = Buffer.from('"imageDetails"', "latin1");

/** Whether a byte is JSON whitespace (what JSON.parse skips between tokens). */
function isJsonSpace(c: number): boolean {
  return c === 32 || c === 10 || c === 13 || c === 9;
}

/** The index of the first byte from `i` on that is not JSON whitespace, or `end`. */
function skipSpace(bytes: Uint8Array, i: number, end: number): number {
  while (i < end && isJsonSpace(bytes[i])) i += 1;
  return i;
}

/** The index after the byte `c` when JSON whitespace and then `c` start at `i` (before `end`), else -1 (also for -1). */
function past(bytes: Uint8Array, i: number, end: number, c: number): number {
  if (i === -1) return -1;
  const at = skipSpace(bytes, i, end);
  return at < end && bytes[at] === c ? at + 1 : -1;
}

/** The index after a document's start up to its imageDetails list's first element, `{ "imageDetails": [`, or -1. */
function pastListHead(bytes: Uint8Array, i: number, end: number): number {
  const brace = past(bytes, i, end, OPEN_BRACE);
  if (brace === -1) return -1;
  const key = skipSpace(bytes, brace, end);
  if (end - key < IMAGE_DETAILS_KEY.length) return -1;
  for (let k = 0; k < IMAGE_DETAILS_KEY.length; k += 1) if (bytes[key + k] !== IMAGE_DETAILS_KEY[k]) return -1;
  return past(bytes, past(bytes, key + IMAGE_DETAILS_KEY.length, end, COLON), end, OPEN_BRACKET);
}

/**
 * Where the last object of a list can end, then the list and its document: the first `} ] }` (with JSON whitespace
 * between) whose first `}` is at `from` or later and before `limit`. Found from the `]`s, which indexOf finds fast.
 * @returns the index of its first `}`, or -1 when the bytes before `end` have none
 */
function listEnd(bytes: Buffer, from: number, limit: number, end: number): number {
  for (let bracket = bytes.indexOf(CLOSE_BRACKET, from + 1); bracket !== -1 && bracket < end; ) {
    let start = bracket - 1;
    while (start >= from && isJsonSpace(bytes[start])) start -= 1;
    // Later `]`s have later starts.
    if (start >= limit) return -1;
    if (start >= from && bytes[start] === CLOSE_BRACE && past(bytes, bracket + 1, end, CLOSE_BRACE) !== -1)
      return start;
    bracket = bytes.indexOf(CLOSE_BRACKET, bracket + 1);
  }
  return -1;
}

/**
 * The last place between two objects of a list, `} , {` (with JSON whitespace between), whose `}` is at `from` or
 * later and before `limit`: the index of its `}`, or -1.
 */
function lastCut(bytes: Buffer, from: number, limit: number, end: number): number {
  let cut = limit > from ? bytes.lastIndexOf(CLOSE_BRACE, limit - 1) : -1;
  while (cut >= from) {
    if (past(bytes, past(bytes, cut + 1, end, COMMA), end, OPEN_BRACE) !== -1) return cut;
    cut = cut > 0 ? bytes.lastIndexOf(CLOSE_BRACE, cut - 1) : -1;
  }
  return -1;
}

/** Raised inside the chunk reader when the input is not a plain list of pages, so the exact reader takes over. */
const NOT_PLAIN = Symbol("not plain pages");

/**
 * The fast reader: reads input made of documents that are `{"imageDetails": [...]}` and nothing else, in ASCII,
 * chunk by chunk, without holding the whole input or a whole page as text. Each list is parsed in parts cut where one
 * object ends and the next begins (`},{`), each part as `[part]`. A cut inside a string or a nested value leaves an
 * unclosed string or bracket, so its part does not parse: when every part parses, every cut was between two elements
 * (and the same holds for the end of a list, `}]}`), so the parts together are the lists.
 * @returns the images, or undefined when the input has any other shape, a part does not parse or an image has a
 *   problem: then the exact reader decides, and names every problem
 */
export function readPlainPageTable(next: NextChunk, source: string): ImageTable | undefined {
  const collector = new ImageCollector();
  // The input read but not parsed yet is window[pos, end); the bytes after end are stale. The structure is found on
  // the bytes, and each part becomes text once, as the string JSON.parse reads.
  let window = Buffer.allocUnsafe(WINDOW_BYTES);
  let pos = 0;
  let end = 0;
  let ended = false;
  /** Adds the next chunk to the window; false at the end of the input. */
  const more = (): boolean => {
    const chunk = ended ? null : next();
    if (chunk === null) return !(ended = true);
    if (!isAscii(chunk) || end - pos > MAX_WINDOW) throw NOT_PLAIN;
    if (end + chunk.length > window.length) {
      // The byte before pos stays: a part's `[` goes there.
      const keep = Math.max(pos - 1, 0);
      if (end - keep + chunk.length > window.length) {
        const larger = Buffer.allocUnsafe(Math.max(2 * window.length, end - keep + chunk.length));
        window.copy(larger, 0, keep, end);
        window = larger;
      } else {
        window.copyWithin(0, keep, end);
      }
      pos -= keep;
      end -= keep;
    }
    window.set(chunk, end);
    end += chunk.length;
    return true;
  };
  /** Parses the window from pos to `to` as elements of a list, the first at `index`; returns how many. */
  const parsePart = (to: number, where: DocumentName, index: number): number => {
    // `[part]` in one string: the bytes either side of the part (the list's `[`, or separators) are the brackets.
    const before = window[pos - 1];
    const after = window[to];
    window[pos - 1] = OPEN_BRACKET;
    window[to] = CLOSE_BRACKET;
    const text = window.toString("latin1", pos - 1, to + 1);
    window[pos - 1] = before;
    window[to] = after;
    let part: unknown;
    try {
      part = JSON.parse(text);
    } catch {
      throw NOT_PLAIN;
    }
    if (!Array.isArray(part)) throw NOT_PLAIN;
    collector.add(part, where, index);
    if (collector.findings.length > 0) throw NOT_PLAIN;
    return part.length;
  };
  let documents = 0;
  try {
    for (;;) {
      pos = skipSpace(window, pos, end);
      if (pos === end) {
        if (more()) continue;
        break;
      }
      while (end - pos < 256 && more());
      pos = pastListHead(window, pos, end);
      if (pos === -1) return undefined;
      // Messages come from the exact reader, so the document's name is never shown.
      const where = new DocumentName(source, 0, documents, () => 0);
      documents += 1;
      while (end - pos < 256 && more());
      const afterEmpty = past(window, past(window, pos, end, CLOSE_BRACKET), end, CLOSE_BRACE);
      if (afterEmpty !== -1) {
        pos = afterEmpty;
        continue;
      }
      for (let index = 0; ; ) {
        // The list's end, else the last cut, in the next PART_BYTES; further on only for an image larger than that.
        let limit = Math.min(end, pos + PART_BYTES);
        let close = listEnd(window, pos, limit, end);
        let cut = close === -1 ? lastCut(window, pos, limit, end) : -1;
        if (close === -1 && cut === -1 && limit < end) {
          limit = end;
          close = listEnd(window, pos, limit, end);
          cut = close === -1 ? lastCut(window, pos, limit, end) : -1;
        }
        if (close !== -1) {
          index += parsePart(close + 1, where, index);
          pos = past(window, past(window, close + 1, end, CLOSE_BRACKET), end, CLOSE_BRACE);
          break;
        }
        if (cut !== -1) {
          index += parsePart(cut + 1, where, index);
          pos = past(window, past(window, cut + 1, end, COMMA), end, OPEN_BRACE) - 1;
        } else if (!more()) {
          return undefined;
        }
      }
    }
  } catch (e) {
    if (e === NOT_PLAIN) return undefined;
    throw e;
  }
  return documents === 0 ? undefined : collector.build();
}

/** {@link readPlainPageTable}'s images as objects. */
export function readPlainPages(next: NextChunk, source: string): CachedImage[] | undefined {
  const table = readPlainPageTable(next, source);
  return table === undefined ? undefined : imagesOf(table);
}

/** An input held in memory, as chunks for {@link readPlainPages}. */
function chunksOf(bytes: Uint8Array): NextChunk {
  let at = 0;
  return () => {
    if (at >= bytes.length) return null;
    at += CHUNK_BYTES;
    return bytes.subarray(at - CHUNK_BYTES, at);
  };
}

/**
 * Reads describe-images output into an image table.
 * @param input the whole input: text, or its UTF-8 bytes (faster, for large inputs)
 * @param source what to call the input in messages (a file name, or `<stdin>`)
 * @returns every image, in input order, or every problem found (each naming the document, field and value)
 */
export function parseDescribeImageTable(input: string | Uint8Array, source: string): DescribeImagesTableResult {
  if (typeof input !== "string") {
    const table = readPlainPageTable(chunksOf(input), source);
    if (table !== undefined) return { table };
    return parseDescribeImageTable(
      Buffer.from(input.buffer, input.byteOffset, input.byteLength).toString("utf8"),
      source,
    );
  }
  const documents = documentsOf(input, source);
  if (!Array.isArray(documents)) return { findings: [documents] };
  return readDocuments(documents, source);
}

/** {@link parseDescribeImageTable}, with the images as objects. */
export function parseDescribeImages(input: string | Uint8Array, source: string): DescribeImagesResult {
  const result = parseDescribeImageTable(input, source);
  return "table" in result ? { images: imagesOf(result.table) } : result;
}
