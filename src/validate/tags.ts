/**
 * Checks a tag map against the rules AWS applies to every tag: provider default tags, creation template
 * resourceTags, and VPC endpoint tags all go through here.
 */
import * as msg from "../errors/rules";
import { IAM_TAG_PATTERN, lengthIn, RESERVED_TAG_PREFIX, TAG_LIMITS } from "../policy/ecr-rules";
import { at, Finding } from "./finding";

/** Findings for one tag map written at `path` (none when it is absent). */
export function tagFindings(tags: Readonly<Record<string, string>> | undefined, path: string): Finding[] {
  const findings: Finding[] = [];
  for (const [key, value] of Object.entries(tags ?? {})) {
    const tagPath = at(path, key);
    // AWS: keys starting with aws:, in any case, are reserved for AWS's own tags (tagging-resources, tag naming limits)
    if (key.toLowerCase().startsWith(RESERVED_TAG_PREFIX)) findings.push(msg.tagKeyReserved(tagPath, key));
    // AWS: a tag key is at most 128 Unicode characters, a value at most 256 (tagging-resources, tag naming limits)
    const keyLength = lengthIn(key, TAG_LIMITS.key.unit);
    const valueLength = lengthIn(value, TAG_LIMITS.value.unit);
    if (keyLength > TAG_LIMITS.key.max) findings.push(msg.tagKeyTooLong(tagPath, keyLength));
    if (valueLength > TAG_LIMITS.value.max) findings.push(msg.tagValueTooLong(tagPath, valueLength));
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
  return keys.size > TAG_LIMITS.perResource ? [msg.tooManyTags(path, resource, keys.size)] : [];
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
      findings.push(msg.tagCharsInvalidForIam(at(path, key), part, text, invalid));
    }
  }
  return findings;
}
