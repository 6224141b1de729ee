/** Secrets Manager facts: the secrets ECR pull through cache reads upstream credentials from. */
import { literalSource } from "./pattern";

/** Secrets ECR reads upstream credentials from must have names starting with this. */
export const SECRET_NAME_PREFIX = "ecr-pullthroughcache/";

/** credentialArn pattern of the ECR API. */
export const SECRET_ARN_PATTERN = new RegExp(
  `^arn:aws(-\\w+)*:secretsmanager:[a-zA-Z0-9-:]+:secret:${literalSource(SECRET_NAME_PREFIX)}[a-zA-Z0-9\\/_+=.@-]+$`,
);
