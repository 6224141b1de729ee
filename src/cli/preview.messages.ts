/** Messages of the `preview` command (src/cli/preview.ts) that are not about the images or the policy's rules. */
import { DESCRIBE_IMAGES_COMMAND } from "../lifecycle/describe-images.messages";
import { error, type Finding } from "../validate/finding";

export const previewMessages = {
  imagesRequired: (): string =>
    `--images is required: give the output of ${DESCRIBE_IMAGES_COMMAND} as a file, or - for stdin`,
  policyAndConfig: (): string =>
    "--policy and --config are exclusive: give one lifecycle policy with --policy, or a config whose creation templates give each repository its policy with --config",
  stdinTwice: (): string =>
    "--images - and --policy - both read stdin, which can be read once: give one of them as a file",
  badInstant: (value: string): string =>
    `--at: not a time (${JSON.stringify(value)}); give an ISO 8601 date (2026-12-30, midnight UTC) or date-time with an offset (2026-12-30T09:00:00+09:00 or 2026-12-30T00:00:00Z)`,
  cannotRead: (flag: string, file: string, reason: string): Finding =>
    error(flag, `cannot read the file: ${reason}`, file, "check the path and its permissions"),
  policyNotJson: (file: string, reason: string): Finding =>
    error(
      file,
      `not a JSON (or YAML) lifecycle policy: ${reason}`,
      undefined,
      'give a lifecycle policy ({"rules": [...]}) or the output of aws ecr get-lifecycle-policy',
    ),
  policyFileTooLarge: (file: string, bytes: number, max: number): Finding =>
    error(
      "--policy",
      `the file is ${bytes} bytes, more than any lifecycle policy (the limit is ${max} bytes)`,
      file,
      "check that --policy names a lifecycle policy file and --images the describe-images output",
    ),
  policyTextNotJson: (file: string, reason: string): Finding =>
    error(
      `${file}: lifecyclePolicyText`,
      `not JSON: ${reason}`,
      undefined,
      "give the output of aws ecr get-lifecycle-policy unchanged",
    ),
  moreFindings: (count: number): string => `error: ... and ${count} more problem(s) of the kinds above`,
};
