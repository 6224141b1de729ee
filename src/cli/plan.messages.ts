/** User-facing texts of `npm run plan` (./plan.ts), also used by the tests. */

/** Messages of the plan command. */
export const planMessages = {
  nothingPlanned: (file: string, errors: number): string =>
    `${file}: ${errors} error(s); nothing was planned. Fix the fields above and run again.`,
  noTemporaryFolder: (dir: string, reason: string): string =>
    `error: cannot create the plan's temporary folder in ${JSON.stringify(dir)}: ${reason}; nothing was planned. ` +
    "Set TMPDIR to a folder you can write to, or unset it",
  noSuchStack: (stack: string, stacks: readonly string[]): string =>
    `error: --stack: the config has no stack ${JSON.stringify(stack)}; choose one of ${stacks.join(", ")}`,
  terraformFailed: (stack: string, step: string, detail: string): string =>
    `error: ${stack}: terraform ${step} failed; nothing was planned for this stack\n${detail}`,
  /** A stack's plan succeeded, so Terraform found its configuration valid (plan validates it before planning). */
  configurationValid: (stack: string): string => `${stack}: terraform plan: the configuration is valid`,
  interrupted: "interrupted; the temporary folders were removed",
  /** The header printed before every summary: what this plan is, and what it is not. */
  emptyStateNote:
    "This is a plan from empty state: it lists everything the config creates, as if nothing existed yet. It is not\n" +
    "a diff against your AWS account (no credentials or state were used); `cdktf diff` (or `terraform plan` with your\n" +
    "credentials and state) shows what would change there.",
};
