/** User-facing texts shared by the command-line tools. */
export const cliMessages = {
  badArguments: (reason: string, usage: string): string => `error: ${reason}\n\n${usage}`,
  nothingWritten: (file: string, errors: number): string =>
    `${file}: ${errors} error(s); nothing was written. Fix the fields above and run again.`,
};
