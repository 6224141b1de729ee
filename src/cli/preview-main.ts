/** Entry of `npm run preview -- --images <file|-> ...`; see src/cli/preview.ts. */
import { closeSync, openSync, readSync, writeSync } from "node:fs";
import { CHUNK_BYTES } from "../lifecycle/describe-images";
import { processIo } from "./common";
import { runPreview } from "./preview";

const pause = new Int32Array(new SharedArrayBuffer(4));

/**
 * Writes all of `bytes` to stdout before returning, waiting while a non-blocking pipe is full. When the reader has
 * gone (`npm run preview ... | head`), the command ends quietly, as it has nobody left to tell.
 */
function writeStdout(bytes: Uint8Array): void {
  for (let at = 0; at < bytes.length; ) {
    try {
      at += writeSync(1, bytes, at);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === "EPIPE") process.exit(0);
      if (code !== "EAGAIN") throw e;
      Atomics.wait(pause, 0, 0, 1);
    }
  }
}

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
  stdoutBytes: writeStdout,
});
