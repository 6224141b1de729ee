/**
 * The review summary of a normalized plan: per stack, each resource to create with the attributes a reviewer checks
 * (names, prefixes, upstreams, services, policies pretty-printed), then the outputs. Pure: text in, text out.
 */
import { NormalizedPlan, NormalizedResourceChange } from "./terraform";

/**
 * The attributes shown per resource type, in this order. A type missing here shows every attribute it sets, or that
 * is known only after apply, but for provider bookkeeping ({@link NOISE}).
 */
export const REVIEW_ATTRIBUTES: Readonly<Record<string, readonly string[]>> = {
  aws_ecr_pull_through_cache_rule: [
    "ecr_repository_prefix",
    "upstream_registry_url",
    "upstream_repository_prefix",
    "credential_arn",
    "custom_role_arn",
  ],
  aws_ecr_repository_creation_template: [
    "prefix",
    "description",
    "applied_for",
    "image_tag_mutability",
    "encryption_configuration",
    "custom_role_arn",
    "resource_tags",
    "lifecycle_policy",
    "repository_policy",
  ],
  aws_secretsmanager_secret: ["name", "description", "kms_key_id", "recovery_window_in_days", "tags"],
  aws_secretsmanager_secret_version: ["secret_id", "secret_string_wo_version"],
  aws_iam_policy: ["name", "description", "policy"],
  aws_iam_role_policy_attachment: ["role", "policy_arn"],
  aws_security_group: ["name", "description", "vpc_id", "tags"],
  aws_vpc_security_group_ingress_rule: ["description", "ip_protocol", "from_port", "to_port", "cidr_ipv4"],
  aws_vpc_endpoint: [
    "service_name",
    "vpc_endpoint_type",
    "vpc_id",
    "private_dns_enabled",
    "subnet_ids",
    "security_group_ids",
    "route_table_ids",
    "policy",
    "tags",
  ],
};

/** Attributes never shown for types missing from {@link REVIEW_ATTRIBUTES}: provider bookkeeping, not intent. */
const NOISE = new Set(["id", "arn", "tags_all", "timeouts"]);
const UNKNOWN = "(known after apply)";
/** Longest `name: a, b, c` line; longer lists and maps get one item per line. */
const MAX_INLINE = 100;

/** The summary of one stack's plan, as lines. */
export function summarizePlan(stack: string, plan: NormalizedPlan): string[] {
  const changes = plan.resource_changes.filter((c) => c.change.actions.join() !== "no-op");
  const counts = new Map<string, number>();
  for (const c of changes) counts.set(c.change.actions.join("+"), (counts.get(c.change.actions.join("+")) ?? 0) + 1);
  const tally = [...counts].map(([action, n]) => `${n} to ${action}`).join(", ") || "nothing to do";
  const lines = [`${stack}: ${tally}`];
  const seen = new Map<string, string>();
  for (const change of changes) lines.push("", ...resourceLines(change, seen));
  const outputs = Object.entries(plan.output_changes);
  if (outputs.length > 0) {
    lines.push("", "  outputs:");
    for (const [name, o] of outputs) lines.push(...attributeLines(name, o.after, o.after_unknown, "    ", seen));
  }
  return lines;
}

/**
 * A resource's header (`+ address`) and its review attributes. `seen` maps each JSON document already printed to
 * where, so a policy shared by several resources is printed once.
 */
function resourceLines(change: NormalizedResourceChange, seen: Map<string, string>): string[] {
  const sign = change.change.actions.join() === "create" ? "+" : change.change.actions.join("+");
  const after = asRecord(change.change.after);
  const unknown = asRecord(change.change.after_unknown);
  const names =
    REVIEW_ATTRIBUTES[change.type] ??
    [...new Set([...Object.keys(after), ...Object.keys(unknown)])].filter((n) => !NOISE.has(n)).sort();
  const attributes = names.flatMap((n) => attributeLines(n, after[n], unknown[n], "      ", seen, change.address));
  return [`  ${sign} ${change.address}`, ...attributes];
}

/**
 * One attribute as `name: value` lines: unknown values as "(known after apply)", empty ones left out, JSON documents
 * pretty-printed below the name (or, when the same document was printed before, where), single nested blocks
 * flattened to `block.field`, maps as `key=value`.
 */
function attributeLines(
  name: string,
  value: unknown,
  unknown: unknown,
  pad: string,
  seen: Map<string, string>,
  owner = "",
): string[] {
  if (containsTrue(unknown) && (unknown === true || isEmpty(value))) return [`${pad}${name}: ${UNKNOWN}`];
  if (isEmpty(value)) return [];
  if (typeof value === "string") {
    const document = jsonDocument(value);
    if (document === undefined) return [`${pad}${name}: ${value}`];
    const text = JSON.stringify(document, null, 2);
    const first = seen.get(text);
    if (first !== undefined) return [`${pad}${name}: (same as ${first})`];
    seen.set(text, owner ? `${owner}.${name}` : name);
    return [`${pad}${name}:`, ...text.split("\n").map((l) => `${pad}  ${l}`)];
  }
  if (Array.isArray(value)) {
    if (value.every((v) => !isRecord(v))) return listLines(name, value.map(String), pad);
    if (value.length === 1) {
      const block = value[0] as Record<string, unknown>;
      const blockUnknown = asRecord(Array.isArray(unknown) ? unknown[0] : undefined);
      return Object.keys(block)
        .sort()
        .flatMap((k) => attributeLines(`${name}.${k}`, block[k], blockUnknown[k], pad, seen, owner));
    }
  }
  if (isRecord(value) && Object.values(value).every((v) => !isRecord(v) && !Array.isArray(v))) {
    return listLines(
      name,
      Object.entries(value).map(([k, v]) => `${k}=${String(v)}`),
      pad,
    );
  }
  return [`${pad}${name}: ${JSON.stringify(value)}`];
}

/** Items on the attribute's line, comma-separated, or one per line below it when that line would be long. */
function listLines(name: string, items: readonly string[], pad: string): string[] {
  const inline = `${pad}${name}: ${items.join(", ")}`;
  return inline.length <= MAX_INLINE ? [inline] : [`${pad}${name}:`, ...items.map((i) => `${pad}  ${i}`)];
}

/** The parsed document when `text` is a JSON object (a policy), else undefined. */
function jsonDocument(text: string): unknown {
  if (!text.trimStart().startsWith("{")) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** True when `unknown` (an `after_unknown` value) marks anything as unknown. */
function containsTrue(unknown: unknown): boolean {
  if (unknown === true) return true;
  if (Array.isArray(unknown)) return unknown.some(containsTrue);
  return isRecord(unknown) && Object.values(unknown).some(containsTrue);
}

/** Null, an empty string, list or map: nothing a reviewer needs to see. */
function isEmpty(value: unknown): boolean {
  if (value === null || value === undefined || value === "") return true;
  if (Array.isArray(value)) return value.length === 0;
  return isRecord(value) && Object.keys(value).length === 0;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function asRecord(value: unknown): Record<string, unknown> {
  return isRecord(value) ? value : {};
}
