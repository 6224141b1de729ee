/** The messages of the plan's Terraform variables (./variables.ts): the --var-file and missing values. */

/** Messages of the --var-file checks and the required variables. */
export const variablesMessages = {
  varFileUnreadable: (file: string, reason: string): string =>
    `error: --var-file: cannot read ${JSON.stringify(file)}: ${reason}; pass an existing tfvars JSON file`,
  varFileWrongType: (file: string): string =>
    `error: --var-file: ${JSON.stringify(file)} must be a tfvars JSON file ending in .json ` +
    '(an object of variable names to values, e.g. {"account_id": "123456789012"}); HCL .tfvars files are not read',
  varFileNotJson: (file: string, reason: string): string =>
    `error: --var-file: ${JSON.stringify(file)} is not valid JSON (${reason}); write an object of variable names to values`,
  varFileDuplicateKey: (file: string, key: string, line: number, col: number): string =>
    `error: --var-file: ${JSON.stringify(file)} sets ${key} a second time at line ${line}, column ${col}; ` +
    "keep one of the two",
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
};
