/**
 * How IAM evaluates a policy document, as far as a config check needs it: whether a policy lets one action on one
 * resource (or on some resource) through. Used on VPC endpoint policies (src/validate/endpoints.ts).
 */

/** What a policy does to one request: an explicit Deny, an Allow, or neither (denied by default). */
export type PolicyVerdict = "allowed" | "denied" | "not-allowed";

/**
 * Whether an endpoint policy lets `action` on `resource` through, reading Action/NotAction and Resource/NotResource
 * (a string or a list, `*` and `?` wildcards; actions case-insensitive). Principals are taken to match. Conditions
 * cannot be evaluated here, so a conditional Allow counts as allowing and a conditional Deny as not denying: a verdict
 * other than "allowed" is then certain, and a warning built on it is never a false alarm.
 */
export function policyAllows(
  policy: Readonly<Record<string, unknown>>,
  action: string,
  resource: string,
): PolicyVerdict {
  let allowed = false;
  for (const statement of statements(policy.Statement)) {
    const matches =
      fieldMatches(statement, "Action", "NotAction", action, true) &&
      fieldMatches(statement, "Resource", "NotResource", resource, false);
    if (!matches) continue;
    if (statement.Effect === "Deny" && statement.Condition === undefined) return "denied";
    if (statement.Effect === "Allow") allowed = true;
  }
  return allowed ? "allowed" : "not-allowed";
}

/**
 * Whether an endpoint policy lets `action` through on some resource at least, for a check that cannot know which
 * resource a request names: "denied" when an unconditional Deny covers the action on `Resource: "*"`, "not-allowed"
 * when no Allow covers the action on any resource, else "allowed". Certain in the same way as {@link policyAllows}:
 * any Allow of the action (conditional, or on a single resource) counts as allowing.
 */
export function policyAllowsSomewhere(policy: Readonly<Record<string, unknown>>, action: string): PolicyVerdict {
  let allowed = false;
  for (const statement of statements(policy.Statement)) {
    if (!fieldMatches(statement, "Action", "NotAction", action, true)) continue;
    const resources = statement.Resource;
    const everywhere = resources === "*" || (Array.isArray(resources) && resources.includes("*"));
    if (statement.Effect === "Deny" && statement.Condition === undefined && everywhere) return "denied";
    if (statement.Effect === "Allow" && (resources !== undefined || statement.NotResource !== undefined))
      allowed = true;
  }
  return allowed ? "allowed" : "not-allowed";
}

function statements(value: unknown): Readonly<Record<string, unknown>>[] {
  const list = Array.isArray(value) ? value : [value];
  return list.filter((s): s is Record<string, unknown> => typeof s === "object" && s !== null && !Array.isArray(s));
}

/** Whether a statement's Action (or NotAction) covers a value; a statement with neither, or with malformed lists, covers nothing. */
function fieldMatches(
  statement: Readonly<Record<string, unknown>>,
  key: string,
  notKey: string,
  value: string,
  ignoreCase: boolean,
): boolean {
  const has = (k: string) => Object.prototype.hasOwnProperty.call(statement, k) && statement[k] !== undefined;
  const field = has(key) ? key : has(notKey) ? notKey : undefined;
  if (field === undefined) return false;
  const raw = statement[field];
  const patterns = Array.isArray(raw) ? raw : [raw];
  if (patterns.length === 0 || !patterns.every((p): p is string => typeof p === "string")) return false;
  const any = patterns.some((p) => globMatches(p, value, ignoreCase));
  return field === key ? any : !any;
}

/** IAM wildcard match: `*` any characters, `?` one character. */
function globMatches(pattern: string, value: string, ignoreCase: boolean): boolean {
  const source = pattern
    .replace(/[.+^${}()|[\]\\]/g, "\\$&")
    .replace(/\*/g, ".*")
    .replace(/\?/g, ".");
  return new RegExp(`^${source}$`, ignoreCase ? "is" : "s").test(value);
}
