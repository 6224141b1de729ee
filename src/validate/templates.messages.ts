/** The messages of the creation template checks (./templates.ts), as named factories tests match by text. */
import { TEMPLATE_LIMITS } from "../aws/ecr";
import { error, warning, type Finding } from "./finding";
import { textTooLong } from "./messages";

/** kmsKey with a non-KMS encryption type. */
export function kmsKeyWithoutKms(path: string, type: string): Finding {
  return error(
    path,
    `kmsKey is only used with encryption type "KMS"`,
    type,
    "set encryption.type: KMS, or remove kmsKey",
  );
}

/** kmsKey is not a KMS key ARN. */
export function kmsKeyInvalid(path: string, value: string): Finding {
  return error(
    path,
    "kmsKey is not a KMS key ARN",
    value,
    "write kmsKey: arn:aws:kms:<region>:<12-digit account>:key/<key id>",
  );
}

/** kmsKey in another Region than the config's. */
export function kmsKeyWrongRegion(path: string, value: string, keyRegion: string, region: string): Finding {
  return error(
    path,
    `the KMS key is in ${keyRegion}, but repositories in ${region} can only use keys of their own Region`,
    value,
    `use a key in ${region} (a multi-Region replica key works)`,
  );
}

/** kmsKey in another Region than a target's: the templates of every target share it. */
export function kmsKeyWrongTargetRegion(
  path: string,
  value: string,
  keyRegion: string,
  target: string,
  region: string,
): Finding {
  return error(
    path,
    `the KMS key is in ${keyRegion}, but target ${JSON.stringify(target)} creates repositories in ${region}, which can only use keys of their own Region`,
    value,
    `targets in several Regions cannot share one key: remove kmsKey to use each Region's AWS managed key, or deploy only to ${keyRegion}`,
  );
}

/**
 * customRoleArn in another account than the registry's: ECR assumes only a role of the registry's own account
 * (CreateRepositoryCreationTemplate, customRoleArn). With targets, every target's templates share the role.
 */
export function roleWrongAccount(
  path: string,
  value: string,
  roleAccount: string,
  account: string,
  target: string | undefined,
): Finding {
  const where = target === undefined ? `account ${account}` : `target ${JSON.stringify(target)} (account ${account})`;
  return error(
    path,
    `the role is in account ${roleAccount}, but ECR only assumes a role of the registry's own account, and the templates are created in ${where}`,
    value,
    target === undefined
      ? `use a role in account ${account}, or remove customRoleArn (the stack then creates one where the template tags or encrypts with KMS)`
      : "targets in several accounts cannot share one role: remove customRoleArn (the stack then creates one in each account where the template tags or encrypts with KMS)",
  );
}

/** KMS_DSSE outside GovCloud. */
export function kmsDsseNotAvailable(path: string): Finding {
  return error(
    path,
    "encryption type KMS_DSSE exists only in the GovCloud Regions, where pull through cache does not",
    "KMS_DSSE",
    "set encryption.type: KMS (or AES256)",
  );
}

/** A *_WITH_EXCLUSION tag mutability. */
export function mutabilityWithExclusion(path: string, value: string): Finding {
  const plain = value.replace("_WITH_EXCLUSION", "");
  return error(
    path,
    `${value} needs exclusion filters, which hashicorp/aws 5.100.0 cannot set`,
    value,
    `write imageTagMutability: ${plain}${plain === "IMMUTABLE" ? " (or MUTABLE, which AWS recommends for pull through cache)" : ""}`,
  );
}

/** IMMUTABLE tags on cache repositories. */
export function immutableTags(path: string): Finding {
  return warning(
    path,
    "IMMUTABLE tags stop ECR from refreshing a cached tag such as latest or v1 from upstream: pulls keep returning the first image cached",
    "IMMUTABLE",
    "write imageTagMutability: MUTABLE, which AWS recommends for pull through cache; keep IMMUTABLE only to protect " +
      "against an upstream tag being re-pointed to another image",
  );
}

/** repositoryPolicy too long. */
export function repositoryPolicyTooLong(path: string, length: number): Finding {
  return textTooLong(path, "the repository policy JSON", TEMPLATE_LIMITS.repositoryPolicy, length, "ECR");
}

/** repositoryPolicy cannot be written as JSON. */
export function repositoryPolicyNotSerialisable(path: string): Finding {
  return error(
    path,
    "the repository policy cannot be written as JSON",
    undefined,
    "use only plain objects, lists, strings and numbers",
  );
}

/** description too long. */
export function descriptionTooLong(path: string, length: number): Finding {
  return textTooLong(path, "the description", TEMPLATE_LIMITS.description, length, "the AWS provider");
}
