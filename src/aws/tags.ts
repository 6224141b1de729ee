/** The rules AWS applies to every tag: provider default tags, creation template resourceTags, endpoint tags. */
import type { LengthLimit } from "./length";

/** AWS counts tag keys and values in Unicode characters; the provider does not check them. */
export const TAG_LIMITS = {
  key: { max: 128, unit: "characters" } as LengthLimit,
  value: { max: 256, unit: "characters" } as LengthLimit,
  /** User tags on one resource (tags starting with aws: do not count, and cannot be set). */
  perResource: 50,
} as const;

/** Tag keys starting with this, in any case, are reserved for AWS's own tags. */
export const RESERVED_TAG_PREFIX = "aws:";
