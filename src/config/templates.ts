/**
 * Resolves creation template settings once, for the stack that synthesizes the templates, the validators that check
 * them and the lifecycle preview that applies them: a registry's template is `templateDefaults` with the registry's
 * own `template` fields on top, and its lifecycle policy is the built-in default when neither sets one.
 */
import { DEFAULT_LIFECYCLE_POLICY } from "../policy/default-lifecycle-policy";
import { KMS_ENCRYPTION_TYPES, mostSpecificPrefix } from "../aws/ecr";
import type { Config, TemplateSettings } from "./schema";

/** The creation template settings of one registry: the defaults, each field overridden by the registry's own. */
export function effectiveTemplate(defaults: TemplateSettings, own: TemplateSettings | undefined): TemplateSettings {
  return { ...defaults, ...own };
}

/** The lifecycle policy a template gives its repositories (as written in the config, not yet validated). */
export function templateLifecyclePolicy(settings: TemplateSettings): unknown {
  return settings.lifecyclePolicy ?? DEFAULT_LIFECYCLE_POLICY;
}

/** The creation template ECR applies to a repository the cache created: its prefix and merged settings. */
export interface AppliedTemplate {
  /** The registries key whose template applies (`docker-hub`, or `ROOT`). */
  readonly prefix: string;
  readonly settings: TemplateSettings;
}

/**
 * The config's creation template for a repository, picked the way ECR picks it (the most specific prefix, else ROOT);
 * undefined when no template covers the repository (ECR then creates it with no lifecycle policy).
 */
export function templateForRepository(config: Config, repositoryName: string): AppliedTemplate | undefined {
  const prefix = mostSpecificPrefix(Object.keys(config.registries), repositoryName);
  if (prefix === undefined) return undefined;
  return { prefix, settings: effectiveTemplate(config.templateDefaults, config.registries[prefix].template) };
}

/**
 * Whether the stack makes the template's role: ECR needs a role it assumes to create repositories it tags or
 * encrypts with KMS ([RCT]), and the config names none.
 */
export function needsTemplateRole(settings: TemplateSettings): boolean {
  if (settings.customRoleArn !== undefined) return false;
  const tags = settings.resourceTags !== undefined && Object.keys(settings.resourceTags).length > 0;
  const kms = settings.encryption !== undefined && KMS_ENCRYPTION_TYPES.includes(settings.encryption.type);
  return tags || kms;
}
