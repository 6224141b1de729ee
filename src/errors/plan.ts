/** User-facing texts of `npm run plan` and of the Terraform runner behind it (also used by the tests). */

/** How to point the runner at hashicorp/aws, appended to every "provider not found" message. */
const providerHowTo = (address: string, version: string, platform: string): string =>
  `Set ECR_CACHE_TF_MIRROR to a filesystem mirror folder (one holding ${address}/${version}/${platform}), ` +
  "or set ECR_CACHE_TF_MIRROR=registry to download providers from the public Terraform registry.";

/** Messages of the plan command and the Terraform runner. */
export const planMessages = {
  terraformNotFound: (where: string): string =>
    `error: Terraform not found (looked for ${where}); install Terraform >= 1.11 or set TERRAFORM_BINARY_NAME`,
  terraformTooOld: (version: string, file: string): string =>
    `error: Terraform ${version} at ${file} is too old; install Terraform >= 1.11 or set TERRAFORM_BINARY_NAME`,
  mirrorLacksProvider: (setting: string, address: string, version: string, platform: string): string =>
    `error: ECR_CACHE_TF_MIRROR=${setting} does not hold ${address} ${version} for ${platform}. ` +
    providerHowTo(address, version, platform),
  noMirrorFound: (tried: readonly string[], address: string, version: string, platform: string): string =>
    `error: no Terraform provider mirror with ${address} ${version} found (looked in ${tried.join(", ")}). ` +
    providerHowTo(address, version, platform),
  nothingPlanned: (file: string, errors: number): string =>
    `${file}: ${errors} error(s); nothing was planned. Fix the fields above and run again.`,
  varFileUnreadable: (file: string, reason: string): string =>
    `error: --var-file: cannot read ${JSON.stringify(file)}: ${reason}; pass an existing tfvars JSON file`,
  varFileWrongType: (file: string): string =>
    `error: --var-file: ${JSON.stringify(file)} must be a tfvars JSON file ending in .json ` +
    '(an object of variable names to values, e.g. {"account_id": "123456789012"}); HCL .tfvars files are not read',
  varFileNotJson: (file: string, reason: string): string =>
    `error: --var-file: ${JSON.stringify(file)} is not valid JSON (${reason}); write an object of variable names to values`,
  varFileNotObject: (file: string): string =>
    `error: --var-file: ${JSON.stringify(file)} must hold a JSON object of variable names to values, ` +
    'e.g. {"account_id": "123456789012"}',
  unknownVariables: (file: string, names: readonly string[], declared: readonly string[]): string =>
    `error: --var-file: ${file} sets ${names.join(", ")}, which no stack declares; ` +
    `remove ${names.length > 1 ? "them" : "it"} (declared: ${declared.join(", ") || "none"})`,
  credentialInVarFile: (file: string, names: readonly string[]): string =>
    `error: --var-file: ${file} sets the credential variable(s) ${names.join(", ")} (value not shown); ` +
    "remove them: the plan uses fixed placeholders for credentials, and a vars file is meant to be committed",
  missingVariables: (missing: readonly { stack: string; name: string; description?: string }[], hint: string): string =>
    [
      "error: no value for these required Terraform variables (nothing was planned):",
      ...missing.map((m) => `  ${m.stack}: ${m.name}${m.description ? ` (${m.description})` : ""}`),
      `Put them in a tfvars JSON file and ${hint}.`,
    ].join("\n"),
  noSuchStack: (stack: string, stacks: readonly string[]): string =>
    `error: --stack: the config has no stack ${JSON.stringify(stack)}; choose one of ${stacks.join(", ")}`,
  terraformFailed: (stack: string, step: string, detail: string): string =>
    `error: ${stack}: terraform ${step} failed; nothing was planned for this stack\n${detail}`,
  interrupted: "interrupted; the temporary folders were removed",
  /** The header printed before every summary: what this plan is, and what it is not. */
  emptyStateNote:
    "This is a plan from empty state: it lists everything the config creates, as if nothing existed yet. It is not\n" +
    "a diff against your AWS account (no credentials or state were used); `cdktf diff` (or `terraform plan` with your\n" +
    "credentials and state) shows what would change there.",
};

/** Ends the plan command with a ready-to-print message: bad input (vars file, stack name) or a failed Terraform step. */
export class PlanError extends Error {
  constructor(
    message: string,
    /** The exit code to leave with: 1, or 2 for a bad command line. */ readonly exitCode = 1,
  ) {
    super(message);
    this.name = "PlanError";
  }
}
