/**
 * The config validation layer: schema findings plus ECR rule findings, every one reported at once.
 */
import { schemaFindings } from "../config/load";
import { configSchema } from "../config/schema";
import { Finding } from "./finding";
import { validateRules } from "./rules";

export { error, formatFinding, warning, type Finding, type Severity } from "./finding";
export { validateRules } from "./rules";
export { validateRegion, validateRegistries } from "./registries";
export { validateTemplates } from "./templates";
export { validateEndpoints, policyAllows, type PolicyVerdict } from "./endpoints";
export { validateLifecyclePolicy } from "./lifecycle-policy";

/**
 * Every finding for a config as read from a file: the schema's, or, when the shape is right, the ECR rules'.
 * Never throws: bad input is reported as findings.
 */
export function validateConfig(data: unknown): Finding[] {
  const parsed = configSchema.safeParse(data);
  if (!parsed.success) return schemaFindings(parsed.error, data);
  return validateRules(parsed.data);
}
