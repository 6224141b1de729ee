/**
 * The config validation layer: schema findings plus ECR rule findings, every one reported at once.
 */
import { Config, configSchema } from "../config/schema";
import { Finding } from "./finding";
import { validateRules } from "./rules";
import { schemaFindings, structureFindings } from "./schema";

export { error, formatFinding, warning, type Finding, type Severity } from "./finding";
export { validateRules } from "./rules";
export { validateRegion, validateRegistries } from "./registries";
export { validateTemplates } from "./templates";
export { validateEndpoints, policyAllows, type PolicyVerdict } from "./endpoints";
export { validateLifecyclePolicy } from "./lifecycle-policy";

/**
 * Every finding for a config as read from a file: its structure's, the schema's, or, when the shape is right, the
 * ECR rules'. Returns the typed config (defaults applied) when the shape is right. Never throws.
 */
export function validateConfig(data: unknown): { config?: Config; findings: Finding[] } {
  const structure = structureFindings(data);
  if (structure.length > 0) return { findings: structure };
  const parsed = configSchema.safeParse(withoutExtensions(data));
  if (!parsed.success) return { findings: schemaFindings(parsed.error, data) };
  return { config: parsed.data, findings: validateRules(parsed.data) };
}

/** Top-level keys starting with `x-` are ignored, as in Compose files: a place for YAML anchors to merge from. */
function withoutExtensions(data: unknown): unknown {
  if (data === null || typeof data !== "object" || Array.isArray(data)) return data;
  return Object.fromEntries(Object.entries(data).filter(([key]) => !key.startsWith("x-")));
}
