/** Runs the project's commands as a user would, through scripts/run.js, and captures what they print. */
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { ROOT } from "./app";

/** Exit code and output of one command. */
export interface CliResult {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `node scripts/run.js <entry> ...args` in the project root with extra environment variables. */
export function runEntry(
  entry: string,
  args: readonly string[],
  env: Record<string, string> = {},
  input?: string,
  cwd = ROOT,
): CliResult {
  const r = spawnSync(process.execPath, [path.join(ROOT, "scripts", "run.js"), entry, ...args], {
    cwd,
    env: cleanEnv(env),
    encoding: "utf8",
    input,
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** The environment a command runs with: the test's, without the variables that pick a config or output folder. */
function cleanEnv(env: Record<string, string>): NodeJS.ProcessEnv {
  const clean = { ...process.env };
  delete clean.ECR_CACHE_CONFIG;
  delete clean.CDKTF_OUTDIR;
  return { ...clean, ...env };
}

/**
 * {@link runEntry} without blocking, so slow commands run side by side; `onStderr` sees stderr as it arrives and may
 * signal the process (to interrupt it at a chosen point).
 */
export function startEntry(
  entry: string,
  args: readonly string[],
  env: Record<string, string> = {},
  onStderr?: (text: string, kill: (signal: NodeJS.Signals) => void) => void,
): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(ROOT, "scripts", "run.js"), entry, ...args], {
      cwd: ROOT,
      env: cleanEnv(env),
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (d: string) => (stdout += d));
    child.stderr.setEncoding("utf8").on("data", (d: string) => {
      stderr += d;
      onStderr?.(stderr, (signal) => child.kill(signal));
    });
    child.on("error", reject);
    child.on("close", (status) => resolve({ status, stdout, stderr }));
  });
}

/** `npm run synth -- ...args`, without npm. */
export const runSynth = (args: readonly string[], env: Record<string, string> = {}): CliResult =>
  runEntry("main.ts", args, env);

/** A new empty temp folder. */
export function tempDir(label: string): string {
  return mkdtempSync(path.join(tmpdir(), `ecr-pull-cache-${label}-`));
}

/** Every file below a folder with its bytes and mtime, to prove a failed run changed nothing. */
export function snapshotTree(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const p = path.join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else out[path.relative(dir, p)] = `${statSync(p).mtimeMs}:${readFileSync(p, "base64")}`;
    }
  };
  walk(dir);
  return out;
}
