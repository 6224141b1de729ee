/** Entry of `npm run preview -- --images <file|-> ...`; see src/cli/preview.ts. */
import { closeSync, openSync, readSync } from "node:fs";
import { CHUNK_BYTES } from "../lifecycle/describe-images";
import { processIo } from "./common";
import { runPreview } from "./preview";

process.exitCode = runPreview(process.argv.slice(2), {
  ...processIo(),
  readChunks: (file, use) => {
    const fd = openSync(file, "r");
    try {
      const buffer = Buffer.allocUnsafe(CHUNK_BYTES);
      return use(() => {
        const n = readSync(fd, buffer, 0, buffer.length, null);
        return n === 0 ? null : buffer.subarray(0, n);
      });
    } finally {
      closeSync(fd);
    }
  },
  now: () => Date.now(),
});
