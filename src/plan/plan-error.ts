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
