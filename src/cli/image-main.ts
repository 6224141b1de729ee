/** Entry of `npm run image`: maps upstream image references to cache URIs (see src/cli/image.ts). */
import { readFileSync } from "node:fs";
import { configSource, loadConfig, resolveConfigFile } from "../config/load";
import { ConfigError } from "../config/config-error";
import { formatFinding } from "../validate/finding";
import { runImageCli } from "./image";

process.exitCode = runImageCli(process.argv.slice(2), {
  stdout: (s) => process.stdout.write(s),
  stderr: (s) => process.stderr.write(s),
  readStdin: () => readFileSync(0, "utf8"),
  readFile: (p) => readFileSync(p, "utf8"),
  loadRegistries: (configPath) => {
    try {
      const { config } = loadConfig(resolveConfigFile(configPath), configSource(configPath));
      return { region: config.region, registries: config.registries, accountId: config.accountId };
    } catch (e) {
      if (e instanceof ConfigError) throw new Error(e.findings.map(formatFinding).join("\n"));
      throw e;
    }
  },
  env: process.env,
});
