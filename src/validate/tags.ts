/**
 * Checks a tag map against the rules AWS applies to every tag: provider default tags, creation template
 * resourceTags, and VPC endpoint tags all go through here.
 */
import * as msg from "../errors/rules";
import { RESERVED_TAG_PREFIX, TAG_LIMITS } from "../policy/ecr-rules";
import { at, Finding } from "./finding";

/** Findings for one tag map written at `path` (none when it is absent). */
export function tagFindings(tags: Readonly<Record<string, string>> | undefined, path: string): Finding[] {
  const findings: Finding[] = [];
  for (const [key, value] of Object.entries(tags ?? {})) {
    const tagPath = at(path, key);
    // AWS: keys starting with aws:, in any case, are reserved for AWS's own tags (tagging-resources, tag naming limits)
    if (key.toLowerCase().startsWith(RESERVED_TAG_PREFIX)) findings.push(msg.tagKeyReserved(tagPath, key));
    // AWS: a tag key is at most 128 Unicode characters, a value at most 256 (tagging-resources, tag naming limits)
    const keyChars = [...key].length;
    const valueChars = [...value].length;
    if (keyChars > TAG_LIMITS.keyChars) findings.push(msg.tagKeyTooLong(tagPath, keyChars));
    if (valueChars > TAG_LIMITS.valueChars) findings.push(msg.tagValueTooLong(tagPath, valueChars));
  }
  return findings;
}
