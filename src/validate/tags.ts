/**
 * Checks a tag map against the rules AWS applies to every tag: provider default tags, creation template
 * resourceTags, and VPC endpoint tags all go through here.
 */
import { IAM_TAG_PATTERN } from "../aws/iam";
import { lengthIn } from "../aws/length";
import { RESERVED_TAG_PREFIX, TAG_LIMITS } from "../aws/tags";
import { at, error, Finding, show } from "./finding";
import { textTooLong } from "./messages";

/** Findings for one tag map written at `path` (none when it is absent). */
export function tagFindings(tags: Readonly<Record<string, string>> | undefined, path: string): Finding[] {
  const findings: Finding[] = [];
  for (const [key, value] of Object.entries(tags ?? {})) {
    const tagPath = at(path, key);
    // AWS: keys starting with aws:, in any case, are reserved for AWS's own tags (tagging-resources, tag naming limits)
    if (key.toLowerCase().startsWith(RESERVED_TAG_PREFIX)) findings.push(tagKeyReserved(tagPath, key));
    // AWS: a tag key is at most 128 Unicode characters, a value at most 256 (tagging-resources, tag naming limits)
    const keyLength = lengthIn(key, TAG_LIMITS.key.unit);
    const valueLength = lengthIn(value, TAG_LIMITS.value.unit);
    if (keyLength > TAG_LIMITS.key.max) findings.push(tagKeyTooLong(tagPath, keyLength));
    if (valueLength > TAG_LIMITS.value.max) findings.push(tagValueTooLong(tagPath, valueLength));
  }
  return findings;
}

/**
 * The tag count of one resource, from every tag map that lands on it (provider default tags, the resource's own,
 * fixed ones such as Name); a key in several maps counts once. A finding at `path` when AWS would refuse them.
 */
export function tagCountFindings(
  path: string,
  resource: string,
  ...maps: readonly (Readonly<Record<string, string>> | undefined)[]
): Finding[] {
  const keys = new Set(maps.flatMap((m) => Object.keys(m ?? {})));
  // AWS: at most 50 user tags per resource (tagging-resources, tag naming limits)
  return keys.size > TAG_LIMITS.perResource ? [tooManyTags(path, resource, keys.size)] : [];
}

/** Findings for tags that also land on IAM resources, whose tag keys and values allow fewer characters. */
export function iamTagFindings(tags: Readonly<Record<string, string>> | undefined, path: string): Finding[] {
  const findings: Finding[] = [];
  for (const [key, value] of Object.entries(tags ?? {})) {
    for (const [part, text] of [
      ["key", key],
      ["value", value],
    ] as const) {
      // IAM: tag keys and values match [\p{L}\p{Z}\p{N}_.:/=+\-@]* (IAM API, Tag)
      if (IAM_TAG_PATTERN.test(text)) continue;
      const invalid = [...new Set([...text].filter((c) => !IAM_TAG_PATTERN.test(c)))];
      findings.push(tagCharsInvalidForIam(at(path, key), part, text, invalid));
    }
  }
  return findings;
}

// ---- messages ----

/** A tag key too long. */
function tagKeyTooLong(path: string, length: number): Finding {
  return textTooLong(path, "the tag key", TAG_LIMITS.key, length, "AWS");
}

/** A tag value too long. */
function tagValueTooLong(path: string, length: number): Finding {
  return textTooLong(path, "the tag value", TAG_LIMITS.value, length, "AWS");
}

/** A default tag with characters IAM refuses. */
function tagCharsInvalidForIam(
  path: string,
  part: "key" | "value",
  value: string,
  invalid: readonly string[],
): Finding {
  return error(
    path,
    `the tag ${part} has characters IAM refuses (${invalid.map((c) => show(c)).join(", ")}); default tags land on the node IAM policy and the managed secrets`,
    value,
    "use letters, digits, spaces and _ . : / = + - @ only",
  );
}

/** More tags on one resource than AWS allows. */
function tooManyTags(path: string, resource: string, count: number): Finding {
  return error(
    path,
    `${resource} would get ${count} tags; AWS allows at most ${TAG_LIMITS.perResource} on one resource`,
    count,
    `remove tags until at most ${TAG_LIMITS.perResource} remain (provider default tags count too)`,
  );
}

/** A tag key with the prefix AWS reserves for its own tags. */
function tagKeyReserved(path: string, key: string): Finding {
  return error(
    path,
    `tag keys starting with "${RESERVED_TAG_PREFIX}" (in any case) are reserved for AWS`,
    key,
    `rename the key so it does not start with "${RESERVED_TAG_PREFIX}"`,
  );
}
