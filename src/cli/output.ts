/**
 * Puts a finished synth in place. The app is synthesized into a temporary folder inside the output folder; only
 * when that succeeded are its files moved over the old ones, each with a rename, so a failed synth changes nothing.
 * Files Terraform keeps in a stack folder (`.terraform/`, the lock file) stay; stacks the config no longer has go.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync } from "node:fs";
import * as path from "node:path";

/**
 * Creates `dir` and its missing parents one level at a time. (Node's own recursive mkdir never returns on some
 * special file systems, such as a path under /proc; one level at a time fails at once instead.)
 */
export function ensureDir(dir: string): void {
  const missing: string[] = [];
  for (let d = path.resolve(dir); !existsSync(d); d = path.dirname(d)) missing.unshift(d);
  for (const d of missing) mkdirSync(d);
}

/** A fresh temporary folder inside `outdir` (same file system, so renames are atomic). */
export function stagingDir(outdir: string): string {
  return mkdtempSync(path.join(outdir, ".synth-"));
}

/** Moves the staged manifest and stack files into `outdir`, removes orphaned stacks, then the staging folder. */
export function publish(staging: string, outdir: string, stacks: readonly string[]): void {
  for (const stack of stacks) {
    const from = path.join(staging, "stacks", stack);
    const to = path.join(outdir, "stacks", stack);
    ensureDir(to);
    for (const entry of readdirSync(from)) {
      rmSync(path.join(to, entry), { recursive: true, force: true });
      renameSync(path.join(from, entry), path.join(to, entry));
    }
  }
  renameSync(path.join(staging, "manifest.json"), path.join(outdir, "manifest.json"));
  removeOrphanedStacks(outdir, stacks);
  rmSync(staging, { recursive: true, force: true });
}

/** Stack folders (ones holding a `cdk.tf.json`) an earlier synth wrote that this config no longer has. */
function removeOrphanedStacks(outdir: string, stacks: readonly string[]): void {
  const dir = path.join(outdir, "stacks");
  for (const name of readdirSync(dir)) {
    if (!stacks.includes(name) && existsSync(path.join(dir, name, "cdk.tf.json"))) {
      rmSync(path.join(dir, name), { recursive: true, force: true });
    }
  }
}
