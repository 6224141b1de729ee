/**
 * Checks repository creation template settings: `templateDefaults`, and each registry's `template` merged over them
 * by effectiveTemplate (src/config/templates.ts), as the stack merges them. Field checks run where a value is written (so a default's
 * problem is reported once); combination checks run on the merged settings of every registry that overrides a field
 * involved. Lifecycle policies go to validateLifecyclePolicy.
 */
import { Config, TemplateSettings } from "../config/schema";
import { resolveTargets } from "../config/targets";
import * as msg from "./templates.messages";
import { roleArnInvalid } from "./messages";
import { KMS_ENCRYPTION_TYPES, MUTABILITIES_WITH_EXCLUSION, TEMPLATE_LIMITS } from "../aws/ecr";
import { IAM_ROLE_ARN_PATTERN, iamRoleAccount } from "../aws/iam";
import { KMS_KEY_ARN_PATTERN } from "../aws/kms";
import { lengthIn } from "../aws/length";
import { arnRegion } from "../aws/region";
import { at, Finding } from "./finding";
import { validateLifecyclePolicy } from "./lifecycle-policy";
import { tagCountFindings, tagFindings } from "./tags";

const DEFAULTS_PATH = "templateDefaults";

/** A Region the templates are created in, and the target that deploys there (none without targets). */
interface TemplateRegion {
  readonly region: string;
  readonly target?: string;
}

/** An account the templates are created in, when known, and the target that deploys there (none without targets). */
interface TemplateAccount {
  readonly accountId: string;
  readonly target?: string;
}

/** Every template goes to each target's account (the first target per account named), else to `accountId` if set. */
function templateAccounts(config: Config): TemplateAccount[] {
  const targets = resolveTargets(config);
  if (targets === undefined) return config.accountId === undefined ? [] : [{ accountId: config.accountId }];
  const accounts = new Map<string, string>();
  for (const t of targets) if (!accounts.has(t.accountId)) accounts.set(t.accountId, t.name);
  return [...accounts].map(([accountId, target]) => ({ accountId, target }));
}

/** Every template goes to each target's Region (the first target per Region named), else to the config's region. */
function templateRegions(config: Config): TemplateRegion[] {
  const targets = resolveTargets(config);
  if (targets === undefined) return [{ region: config.region }];
  const regions = new Map<string, string>();
  for (const t of targets) if (!regions.has(t.region)) regions.set(t.region, t.name);
  return [...regions].map(([region, target]) => ({ region, target }));
}

/** Findings for every creation template the config produces. */
export function validateTemplates(config: Config): Finding[] {
  const defaults = config.templateDefaults;
  const where = { regions: templateRegions(config), accounts: templateAccounts(config) };
  const findings = [...fieldFindings(defaults, DEFAULTS_PATH, where)];
  const registries = Object.entries(config.registries);
  // IMMUTABLE is legal but stops ECR refreshing cached tags; warn where it is written, if a registry inherits it.
  if (
    defaults.imageTagMutability === "IMMUTABLE" &&
    registries.some(([, r]) => r.template?.imageTagMutability === undefined)
  ) {
    findings.push(msg.immutableTags(at(DEFAULTS_PATH, "imageTagMutability")));
  }
  for (const [prefix, registry] of registries) {
    const own = registry.template;
    if (own === undefined) continue;
    const path = at(at("registries", prefix), "template");
    findings.push(...fieldFindings(own, path, where));
    if (own.imageTagMutability === "IMMUTABLE") findings.push(msg.immutableTags(at(path, "imageTagMutability")));
  }
  return findings;
}

/** Checks of single fields, at the settings object where they are written. */
function fieldFindings(
  settings: TemplateSettings,
  path: string,
  { regions, accounts }: { readonly regions: readonly TemplateRegion[]; readonly accounts: readonly TemplateAccount[] },
): Finding[] {
  const findings: Finding[] = [];
  const mutability = settings.imageTagMutability;
  // Exclusion filters cannot be written with hashicorp/aws 5.100.0, and ECR refuses the *_WITH_EXCLUSION values without them.
  if (mutability !== undefined && MUTABILITIES_WITH_EXCLUSION.includes(mutability)) {
    findings.push(msg.mutabilityWithExclusion(at(path, "imageTagMutability"), mutability));
  }
  const encryption = settings.encryption;
  if (encryption !== undefined) {
    const encPath = at(path, "encryption");
    // KMS_DSSE exists only in GovCloud, which has no pull through cache.
    if (encryption.type === "KMS_DSSE") findings.push(msg.kmsDsseNotAvailable(at(encPath, "type")));
    const key = encryption.kmsKey;
    if (key !== undefined) {
      const keyPath = at(encPath, "kmsKey");
      // A key is only used by the KMS encryption types.
      if (!KMS_ENCRYPTION_TYPES.includes(encryption.type))
        findings.push(msg.kmsKeyWithoutKms(keyPath, encryption.type));
      // The key is given as a KMS key ARN...
      if (!KMS_KEY_ARN_PATTERN.test(key)) findings.push(msg.kmsKeyInvalid(keyPath, key));
      // ...of the repositories' own Region: that of every target, when there are targets.
      else {
        const keyRegion = arnRegion(key) ?? "";
        const other = regions.find((r) => r.region !== keyRegion);
        if (other?.target !== undefined)
          findings.push(msg.kmsKeyWrongTargetRegion(keyPath, key, keyRegion, other.target, other.region));
        else if (other !== undefined) findings.push(msg.kmsKeyWrongRegion(keyPath, key, keyRegion, other.region));
      }
    }
  }
  // The template role must be an IAM role...
  const role = settings.customRoleArn;
  if (role !== undefined && !IAM_ROLE_ARN_PATTERN.test(role)) {
    findings.push(roleArnInvalid(at(path, "customRoleArn"), "customRoleArn", role));
  } else if (role !== undefined) {
    // ...in the registry's own account: that of every target, when there are targets.
    const roleAccount = iamRoleAccount(role);
    const other = accounts.find((a) => a.accountId !== roleAccount);
    if (other !== undefined)
      findings.push(msg.roleWrongAccount(at(path, "customRoleArn"), role, roleAccount, other.accountId, other.target));
  }
  if (settings.repositoryPolicy !== undefined)
    findings.push(...repositoryPolicyFindings(settings.repositoryPolicy, at(path, "repositoryPolicy")));
  // The provider caps description at 255 bytes of UTF-8 (the API at 256 characters).
  if (settings.description !== undefined) {
    const length = lengthIn(settings.description, TEMPLATE_LIMITS.description.unit);
    if (length > TEMPLATE_LIMITS.description.max)
      findings.push(msg.descriptionTooLong(at(path, "description"), length));
  }
  // Repository tags follow the rules of every AWS tag (src/validate/tags.ts); ECR puts them on each repository.
  findings.push(...tagFindings(settings.resourceTags, at(path, "resourceTags")));
  findings.push(...tagCountFindings(at(path, "resourceTags"), "each repository", settings.resourceTags));
  if (settings.lifecyclePolicy !== undefined)
    findings.push(...validateLifecyclePolicy(settings.lifecyclePolicy, at(path, "lifecyclePolicy")));
  return findings;
}

function repositoryPolicyFindings(policy: unknown, path: string): Finding[] {
  let json: string | undefined;
  try {
    json = JSON.stringify(policy);
  } catch {
    return [msg.repositoryPolicyNotSerialisable(path)];
  }
  // ECR takes repository policies of at most 10,240 characters.
  const length = json === undefined ? 0 : lengthIn(json, TEMPLATE_LIMITS.repositoryPolicy.unit);
  if (length > TEMPLATE_LIMITS.repositoryPolicy.max) return [msg.repositoryPolicyTooLong(path, length)];
  return [];
}
