/** Jest's global teardown: stops the providers of provider-pool.ts and removes the pool's folder. */
import { rmSync } from "node:fs";
import "./provider-pool";

export default async function teardown(): Promise<void> {
  const pool = globalThis.providerPool;
  if (pool === undefined) return;
  await Promise.all(
    pool.shells.map(
      (shell) =>
        new Promise((resolve) => {
          if (shell.exitCode !== null || shell.signalCode !== null) return resolve(undefined);
          shell.on("exit", resolve);
          shell.ref(); // setup unref'd it; without this, jest could exit before it has stopped
          shell.stdin?.end();
        }),
    ),
  );
  rmSync(pool.dir, { recursive: true, force: true });
}
