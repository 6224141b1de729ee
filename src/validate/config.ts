/**
 * Validates a whole config as read from a file: its structure, then the schema, then, once the shape is right, every
 * check of AWS's and the project's rules, each problem reported at once.
 */
import { Config, configSchema } from "../config/schema";
import { validateBackend } from "./backend";
import { pastedCredentialFindings } from "./credentials";
import { validateEndpoints } from "./endpoints";
import { Finding } from "./finding";
import { validateNodeAccess } from "./node-access";
import { validateRegion, validateRegistries } from "./registries";
import { schemaFindings, structureFindings } from "./schema";
import { iamTagFindings, tagCountFindings, tagFindings } from "./tags";
import { validateTargets } from "./targets";
import { validateTemplates } from "./templates";

/**
 * Every finding for a config as read from a file: its structure's, the schema's, or, when the shape is right, the
 * rule checks'. Returns the typed config (defaults applied) when the shape is right. Never throws.
 */
export function validateConfig(data: unknown): { config?: Config; findings: Finding[] } {
  const structure = structureFindings(data);
  if (structure.length > 0) return { findings: structure };
  const parsed = configSchema.safeParse(withoutExtensions(data));
  if (!parsed.success) return { findings: schemaFindings(parsed.error, data) };
  return { config: parsed.data, findings: ruleFindings(parsed.data) };
}

/** Top-level keys starting with `x-` are ignored, as in Compose files: a place for YAML anchors to merge from. */
function withoutExtensions(data: unknown): unknown {
  if (data === null || typeof data !== "object" || Array.isArray(data)) return data;
  return Object.fromEntries(Object.entries(data).filter(([key]) => !key.startsWith("x-")));
}

/** Every rule finding (errors and warnings) for a config that already matches the schema. */
function ruleFindings(config: Config): Finding[] {
  return [
    ...validateRegion(config.region),
    // Anything written into the Terraform JSON must not be a credential.
    ...pastedCredentialFindings(config),
    // The provider's default tags land on every resource, so they follow the rules of every AWS tag.
    ...tagFindings(config.tags, "tags"),
    ...tagCountFindings("tags", "every resource", config.tags),
    ...iamTagFindings(config.tags, "tags"),
    ...validateBackend(config.backend),
    ...validateRegistries(config),
    // Creation templates, lifecycle policies included.
    ...validateTemplates(config),
    ...validateEndpoints(config.vpcEndpoints, config.region, config.tags),
    ...validateNodeAccess(config.nodeAccess),
    ...validateTargets(config),
    // Each target's endpoints, in the target's Region; their findings point into the target.
    ...(config.targets ?? []).flatMap((t, i) =>
      validateEndpoints(t.vpcEndpoints, t.region ?? config.region, config.tags).map((f) => ({
        ...f,
        path: f.path.replace(/^vpcEndpoints/, `targets[${i}].vpcEndpoints`),
      })),
    ),
  ];
}
