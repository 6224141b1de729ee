/** Entry of `npm run preview -- --images <file|-> ...`; see src/cli/preview.ts. */
import { processIo } from "./common";
import { runPreview } from "./preview";

process.exitCode = runPreview(process.argv.slice(2), { ...processIo(), now: () => Date.now() });
