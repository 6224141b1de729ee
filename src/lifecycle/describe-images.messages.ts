/** Messages about `aws ecr describe-images` input, beside the parser that raises them (describe-images.ts). */
import { error, type Finding } from "../validate/finding";

/** How to produce valid input, the fix most messages point to. */
export const DESCRIBE_IMAGES_COMMAND =
  "aws ecr describe-images --repository-name <name> --filter imageStatus=ANY --output json";

const TIME_FIX =
  "give an ISO 8601 time with an offset, as AWS CLI v2 prints it (2026-11-20T09:15:02.123000+09:00), or epoch seconds, as CLI v1 prints it (1763597702.123)";

/** Keeps short values as they are and describes long ones, so a message stays one line. */
function shown(value: unknown): unknown {
  if (value === null || typeof value !== "object") {
    return typeof value === "string" && value.length > 80 ? `${value.slice(0, 77)}...` : value;
  }
  const json = JSON.stringify(value);
  if (json.length <= 60) return value;
  return Array.isArray(value) ? `a list of ${value.length} items` : "an object";
}

export const describeImagesMessages = {
  empty: (where: string): Finding =>
    error(where, "the input holds no JSON document", undefined, `give the output of ${DESCRIBE_IMAGES_COMMAND}`),
  notJson: (where: string, reason: string): Finding =>
    error(
      where,
      `the input is not JSON: ${reason}`,
      undefined,
      `give the JSON output of ${DESCRIBE_IMAGES_COMMAND}; several outputs may follow each other`,
    ),
  cutOff: (where: string): Finding =>
    error(where, "this JSON document never ends", undefined, "the input was cut off: run describe-images again"),
  notDocument: (where: string, found: string): Finding =>
    error(where, "expected a JSON object here", found, `give the output of ${DESCRIBE_IMAGES_COMMAND}`),
  noImageDetails: (where: string, keys: readonly string[]): Finding =>
    error(
      where,
      "this document has no imageDetails list",
      keys.length === 0 ? "no keys" : `keys: ${keys.join(", ")}`,
      `give the output of ${DESCRIBE_IMAGES_COMMAND} (not list-images or batch-get-image)`,
    ),
  notObject: (where: string, value: unknown): Finding =>
    error(where, "an image detail must be an object", shown(value), `give the output of ${DESCRIBE_IMAGES_COMMAND}`),
  missing: (where: string, field: string): Finding =>
    error(
      where,
      `${field} is missing`,
      undefined,
      `give the output of ${DESCRIBE_IMAGES_COMMAND}, which always has it`,
    ),
  notText: (where: string, value: unknown): Finding =>
    error(where, "must be a non-empty string", shown(value), `give the output of ${DESCRIBE_IMAGES_COMMAND}`),
  badTags: (where: string, value: unknown): Finding =>
    error(
      where,
      "imageTags must be a list of non-empty strings",
      shown(value),
      "leave imageTags out for an untagged image, or list its tags",
    ),
  badSize: (where: string, value: unknown): Finding =>
    error(where, "imageSizeInBytes must be a whole number of bytes, 0 or more", shown(value), "give the size in bytes"),
  badTime: (where: string, value: unknown): Finding => error(where, "not a timestamp", shown(value), TIME_FIX),
  badStatus: (where: string, value: unknown, allowed: readonly string[]): Finding =>
    error(
      where,
      "imageStatus is not one ECR reports",
      shown(value),
      `use ${allowed.join(", ")}, or leave it out for ACTIVE`,
    ),
  duplicate: (where: string, digest: string, repository: string, first: string): Finding =>
    error(
      where,
      `the image ${digest} of ${repository} is listed twice (first at ${first})`,
      undefined,
      "give each page of describe-images output once",
    ),
};
