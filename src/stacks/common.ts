import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { LocalBackend, S3Backend, TerraformElement, TerraformStack } from "cdktf";
import { Construct } from "constructs";
import { BackendConfig, Config } from "../config/schema";
import { ResolvedTarget } from "../config/targets";
import { blockPaths, renderHcl } from "./hcl";

/** Provider version the synthesized JSON asks for: the schema @cdktf/provider-aws 20.1.0 was generated from. */
export const AWS_PROVIDER_CONSTRAINT = "~> 5.100";
/** Terraform version the JSON needs: write-only arguments and ephemeral variables arrived in 1.11. */
export const TERRAFORM_CONSTRAINT = ">= 1.11.0";

/** Props shared by both stacks. */
export interface BaseStackProps {
  /** The loaded config. */
  readonly config: Config;
  /**
   * Where the local backend keeps this stack's state, relative to the stack folder (ignored with an S3 backend).
   * @default `terraform.<stack>.tfstate` in the stack folder
   */
  readonly localStatePath?: string;
  /** The account and Region to deploy to, for a config with `targets`. @default - the config's region, one account */
  readonly target?: ResolvedTarget;
}

/** A stack's id: its kind, and the target's name for a config with targets (`registry-cache-hub`). */
export function stackId(kind: string, target: ResolvedTarget | undefined): string {
  return target === undefined ? kind : `${kind}-${target.name}`;
}

/**
 * A stack whose JSON stands alone for plain Terraform: the AWS provider with a fully qualified source and a version
 * constraint, a required Terraform version, and a backend with no absolute path.
 */
export class BaseStack extends TerraformStack {
  /** The Region the stack deploys to. */
  readonly region: string;

  constructor(scope: Construct, kind: string, props: BaseStackProps) {
    const id = stackId(kind, props.target);
    super(scope, id);
    const { config, target } = props;
    this.region = target?.region ?? config.region;
    new AwsProvider(this, "aws", {
      region: this.region,
      // A target's stack deploys only into its account: through the role it names, and never elsewhere by mistake.
      assumeRole: target?.roleArn ? [{ roleArn: target.roleArn }] : undefined,
      allowedAccountIds: target ? [target.accountId] : undefined,
      defaultTags: config.tags ? [{ tags: config.tags }] : undefined,
    });
    // The prebuilt provider writes `source = "aws"`, which only Terraform reads as hashicorp/aws.
    this.addOverride("terraform.required_providers.aws", { source: "hashicorp/aws", version: AWS_PROVIDER_CONSTRAINT });
    const stateKey = target === undefined ? kind : `${target.name}/${kind}`;
    addBackend(this, stateKey, config.backend, config.region, props.localStatePath ?? `terraform.${id}.tfstate`);
  }

  /** The JSON with `required_version` in its `terraform` block. */
  override toTerraform(): any {
    const tf = super.toTerraform();
    tf.terraform = { required_version: TERRAFORM_CONSTRAINT, ...tf.terraform };
    return tf;
  }

  /** The HCL (see ./hcl.ts); cdktf's metadata as cdktf computes it. */
  override toHclTerraform(): any {
    const fragments = this.node
      .findAll()
      .filter(TerraformElement.isTerraformElement)
      .map((e) => e.toHclTerraform());
    return { ...super.toHclTerraform(), hcl: renderHcl(this.toTerraform(), blockPaths(fragments)) };
  }
}

/**
 * Adds the configured backend. cdktf's own default is a local backend with an absolute path; ours takes a path
 * relative to the stack folder, which the synth command points outside the output folder (see src/cli/output.ts).
 */
function addBackend(
  stack: TerraformStack,
  stateKey: string,
  backend: BackendConfig,
  region: string,
  localStatePath: string,
): void {
  if (backend.type === "s3") {
    new S3Backend(stack, {
      bucket: backend.bucket,
      key: `${backend.keyPrefix}/${stateKey}.tfstate`,
      region: backend.region ?? region,
      encrypt: true,
    });
    // S3-native locking (Terraform >= 1.10); cdktf 0.21's S3Backend has no property for it.
    stack.addOverride("terraform.backend.s3.use_lockfile", true);
    return;
  }
  new LocalBackend(stack, { path: localStatePath });
}
