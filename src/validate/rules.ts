/**
 * Checks a schema-valid config against ECR's rules, collecting every finding. Runs before anything is synthesized.
 */
import { Config } from "../config/schema";
import { validateBackend } from "./backend";
import { validateEndpoints } from "./endpoints";
import { validateNodeAccess } from "./node-access";
import { Finding } from "./finding";
import { validateRegion, validateRegistries } from "./registries";
import { iamTagFindings, tagCountFindings, tagFindings } from "./tags";
import { validateTargets } from "./targets";
import { validateTemplates } from "./templates";

/** Every rule finding (errors and warnings) for a config that already matches the schema. */
export function validateRules(config: Config): Finding[] {
  return [
    ...validateRegion(config.region),
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
