/** User-facing texts of the command-line tools that are not about a config field. */
export const cliMessages = {
  badArguments: (reason: string, usage: string): string => `error: ${reason}\n\n${usage}`,
  nothingWritten: (file: string, errors: number): string =>
    `${file}: ${errors} error(s) above; nothing was written. Fix them and run again.`,
  outdirUnusable: (source: string, outdir: string, reason: string): string =>
    `error: ${source}: cannot create the output folder (${JSON.stringify(outdir)}): ${reason}; choose a folder path you can write to`,
  synthFailed: (reason: string): string =>
    `error: synthesis failed after the config was validated: ${reason}; the output folder was not changed. ` +
    "This is a bug in ecr-pull-cache: please report it with the config that caused it",
  publishFailed: (outdir: string, reason: string): string =>
    `error: could not move the new files into ${JSON.stringify(outdir)}: ${reason}; ` +
    "some stacks may be old and some new: make the folder writable and run synth again",
  synthesized: (file: string, outdir: string, stacks: readonly string[]): string =>
    `Synthesized ${stacks.join(", ")} from ${file} to ${outdir}/stacks/`,
};
