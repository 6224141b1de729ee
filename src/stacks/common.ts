import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { LocalBackend, S3Backend, TerraformStack } from "cdktf";
import { Construct } from "constructs";
import { BackendConfig, Config } from "../config/schema";

/** Provider version the synthesized JSON asks for: the schema @cdktf/provider-aws 20.1.0 was generated from. */
export const AWS_PROVIDER_CONSTRAINT = "~> 5.100";
/** Terraform version the JSON needs: write-only arguments and ephemeral variables arrived in 1.11. */
export const TERRAFORM_CONSTRAINT = ">= 1.11.0";

/** Props shared by both stacks. */
export interface BaseStackProps {
  /** The loaded config. */
  readonly config: Config;
}

/**
 * A stack whose JSON stands alone for plain Terraform: the AWS provider with a fully qualified source and a version
 * constraint, a required Terraform version, and a backend with no absolute path.
 */
export class BaseStack extends TerraformStack {
  constructor(scope: Construct, id: string, props: BaseStackProps) {
    super(scope, id);
    const { config } = props;
    new AwsProvider(this, "aws", {
      region: config.region,
      defaultTags: config.tags ? [{ tags: config.tags }] : undefined,
    });
    // The prebuilt provider writes `source = "aws"`, which only Terraform reads as hashicorp/aws.
    this.addOverride("terraform.required_providers.aws", { source: "hashicorp/aws", version: AWS_PROVIDER_CONSTRAINT });
    this.addOverride("terraform.required_version", TERRAFORM_CONSTRAINT);
    addBackend(this, id, config.backend, config.region);
  }
}

/**
 * Adds the configured backend. cdktf's own default is a local backend with an absolute path; ours is relative to the
 * stack folder (`<outdir>/stacks/<stack>`) and keeps `terraform.<stack>.tfstate` at the top of the output folder:
 * one output folder per environment, so two environments never share a state file, and out of the stack folders,
 * which `cdktf synth` deletes when a stack goes away.
 */
function addBackend(stack: TerraformStack, id: string, backend: BackendConfig, region: string): void {
  if (backend.type === "s3") {
    new S3Backend(stack, {
      bucket: backend.bucket,
      key: `${backend.keyPrefix}/${id}.tfstate`,
      region: backend.region ?? region,
      encrypt: true,
    });
    // S3-native locking (Terraform >= 1.10); cdktf 0.21's S3Backend has no property for it.
    stack.addOverride("terraform.backend.s3.use_lockfile", true);
    return;
  }
  new LocalBackend(stack, { path: `../../terraform.${id}.tfstate` });
}
