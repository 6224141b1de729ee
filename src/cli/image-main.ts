/** Entry of `npm run image`: maps upstream image references to cache URIs (see src/cli/image.ts). */
import { processIo } from "./common";
import { runImageCli } from "./image";

process.exitCode = runImageCli(process.argv.slice(2), processIo());
