/** The messages of the Terraform runner (./terraform.ts): Terraform or the hashicorp/aws provider not found. */

/** How to point the runner at hashicorp/aws, appended to every "provider not found" message. */
const providerHowTo = (address: string, version: string, platform: string): string =>
  `Set ECR_CACHE_TF_MIRROR to a filesystem mirror folder (one holding ${address}/${version}/${platform}), ` +
  "or set ECR_CACHE_TF_MIRROR=registry to download providers from the public Terraform registry.";

/** Messages of the Terraform runner. */
export const terraformMessages = {
  terraformNotFound: (where: string): string =>
    `error: Terraform not found (looked for ${where}); install Terraform >= 1.11 or set TERRAFORM_BINARY_NAME`,
  notTerraform: (file: string, reason: string): string =>
    `error: ${file} does not answer \`version -json\` as Terraform does (${reason}); install Terraform >= 1.11 or ` +
    "set TERRAFORM_BINARY_NAME to it",
  terraformTooOld: (version: string, file: string): string =>
    `error: Terraform ${version} at ${file} is too old; install Terraform >= 1.11 or set TERRAFORM_BINARY_NAME`,
  mirrorLacksProvider: (setting: string, address: string, version: string, platform: string): string =>
    `error: ECR_CACHE_TF_MIRROR=${setting} does not hold ${address} ${version} for ${platform}. ` +
    providerHowTo(address, version, platform),
  noMirrorFound: (tried: readonly string[], address: string, version: string, platform: string): string =>
    `error: no Terraform provider mirror with ${address} ${version} found (looked in ${tried.join(", ")}). ` +
    providerHowTo(address, version, platform),
};
