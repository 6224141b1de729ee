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

/** Parses the input into documents: the whole text at once when it is one document (the fast, common case). */
function documentsOf(text: string, source: string): JsonDocument[] | Finding {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  try {
    return body.trim() === "" ? [] : [{ value: JSON.parse(body), line: 1 }];
  } catch {
    return splitDocuments(body, source);
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Reads an own property only. */
function own(obj: Record<string, unknown>, key: string): unknown {
  return Object.prototype.hasOwnProperty.call(obj, key) ? obj[key] : undefined;
}

/** Reads one image detail, or pushes findings and returns undefined. */
function readImage(detail: unknown, where: string, findings: Finding[]): CachedImage | undefined {
  if (!isObject(detail)) {
    findings.push(msg.notObject(where, detail));
    return undefined;
  }
  const before = findings.length;
  const field = (key: string) => `${where}.${key}`;
  const text = (key: string): string => {
    const value = own(detail, key);
    if (value === undefined) findings.push(msg.missing(field(key), key));
    else if (typeof value !== "string" || value === "") findings.push(msg.notText(field(key), value));
    else return value;
    return "";
  };
  const time = (key: string, required: boolean): number | undefined => {
    const value = own(detail, key);
    if (value === undefined || value === null) {
      if (required) findings.push(msg.missing(field(key), key));
      return undefined;
    }
    const ms = parseAwsTimestamp(value);
    if (ms === undefined) findings.push(msg.badTime(field(key), value));
    return ms;
  };

  const repositoryName = text("repositoryName");
  const imageDigest = text("imageDigest");
  const rawTags = own(detail, "imageTags") ?? [];
  const tagsOk = Array.isArray(rawTags) && rawTags.every((t) => typeof t === "string" && t !== "");
  if (!tagsOk) findings.push(msg.badTags(field("imageTags"), rawTags));
  const size = own(detail, "imageSizeInBytes");
  if (size === undefined) findings.push(msg.missing(field("imageSizeInBytes"), "imageSizeInBytes"));
  else if (typeof size !== "number" || !Number.isSafeInteger(size) || size < 0)
    findings.push(msg.badSize(field("imageSizeInBytes"), size));
  const status = own(detail, "imageStatus") ?? "ACTIVE";
  if (!IMAGE_STATUSES.includes(status as ImageStatus))
    findings.push(msg.badStatus(field("imageStatus"), status, IMAGE_STATUSES));
  const imagePushedAt = time("imagePushedAt", true);
  const lastRecordedPullTime = time("lastRecordedPullTime", false);
  const lastArchivedAt = time("lastArchivedAt", false);
  const lastActivatedAt = time("lastActivatedAt", false);
  if (findings.length > before || imagePushedAt === undefined) return undefined;
  return {
    repositoryName,
    imageDigest,
    imageTags: rawTags as string[],
    imageSizeInBytes: size as number,
    imagePushedAt,
    imageStatus: status as ImageStatus,
    ...(lastRecordedPullTime === undefined ? {} : { lastRecordedPullTime }),
    ...(lastArchivedAt === undefined ? {} : { lastArchivedAt }),
    ...(lastActivatedAt === undefined ? {} : { lastActivatedAt }),
  };
}

/**
 * Reads describe-images output.
 * @param text the whole input
 * @param source what to call the input in messages (a file name, or `<stdin>`)
 * @returns every image, in input order, or every problem found (each naming the document, field and value)
 */
export function parseDescribeImages(text: string, source: string): DescribeImagesResult {
  const documents = documentsOf(text, source);
  if (!Array.isArray(documents)) return { findings: [documents] };
  if (documents.length === 0) return { findings: [msg.empty(source)] };
  const findings: Finding[] = [];
  const images: CachedImage[] = [];
  const seen = new Map<string, string>();
  documents.forEach((doc, d) => {
    const where = documents.length === 1 ? source : `${source} document ${d + 1} (line ${doc.line})`;
    const details = isObject(doc.value) ? own(doc.value, "imageDetails") : undefined;
    if (!isObject(doc.value) || !Array.isArray(details)) {
      findings.push(msg.noImageDetails(where, isObject(doc.value) ? Object.keys(doc.value) : []));
      return;
    }
    details.forEach((detail: unknown, i) => {
      const path = `${where}: imageDetails[${i}]`;
      const image = readImage(detail, path, findings);
      if (image === undefined) return;
      const key = JSON.stringify([image.repositoryName, image.imageDigest]);
      const first = seen.get(key);
      if (first !== undefined) findings.push(msg.duplicate(path, image.imageDigest, image.repositoryName, first));
      else {
        seen.set(key, path);
        images.push(image);
      }
    });
  });
  return findings.length > 0 ? { findings } : { images };
}
