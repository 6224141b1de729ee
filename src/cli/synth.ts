import { mkdirSync, readFileSync, realpathSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { synthesize } from "../app";
import { Config } from "../config/schema";
import { PROJECT_ROOT } from "../project";
import { CliIo, errorCount, EXIT_FAILURE, EXIT_USAGE, loadForCli, parseFlags, printFindings } from "./common";
import {
  collectGenerations,
  completeGeneration,
  ensureDir,
  lockOutput,
  newGeneration,
  OutputError,
  OutputFolder,
  publish,
  published,
} from "./output";

const USAGE = `Usage: npm run synth -- [--config <file>] [--out <dir>] [--state-dir <dir>] [--hcl]

Synthesizes the registry-cache and vpc-endpoints stacks to <dir>/stacks/<stack>/cdk.tf.json (cdk.tf with --hcl).
  --config <file>     YAML or JSON config (default: $ECR_CACHE_CONFIG, else config/default.yaml)
  --out <dir>         output folder (default: $CDKTF_OUTDIR, else cdktf.out)
  --state-dir <dir>   where local state lives, as <dir>/<config name>/<stack>.tfstate
                      (default: $ECR_CACHE_STATE_DIR, else state/ in the project)
  --hcl               write HCL instead of JSON (also when $SYNTH_HCL_OUTPUT is true, as cdktf synth --hcl sets it)
  -h, --help          print this text`;

/** Project folders an output folder must never be put in: synth would replace or copy them into themselves. */
const PROJECT_SOURCES = [".git", ".gen", ".ci", "__tests__", "config", "modules", "node_modules", "scripts", "src"];

/** Texts of the synth command that are not about a config field. */
const messages = {
  nothingWritten: (file: string, errors: number): string =>
    `${file}: ${errors} error(s) above; nothing was written. Fix them and run again.`,
  emptyOut: (source: string): string =>
    `error: ${source}: the output folder is empty (""), which would mean the working directory; ` +
    "name a folder, e.g. --out cdktf.out",
  outInProject: (source: string, outdir: string, inside: string): string =>
    `error: ${source}: the output folder ${JSON.stringify(outdir)} would be ${inside}; ` +
    "synth replaces its output folder whole: choose a folder of its own, e.g. --out cdktf.out",
  emptyStateDir:
    'error: --state-dir: the state folder is empty (""); name a folder, e.g. --state-dir state, or leave the flag out',
  stateDirNotFolder: (stateDir: string, file: string): string =>
    `error: --state-dir: the state folder ${JSON.stringify(stateDir)} cannot be made: ${JSON.stringify(file)} is a ` +
    "file; local state goes to <dir>/<config name>/<stack>.tfstate: name a folder, e.g. --state-dir state",
  stateInOutput: (stateDir: string, outdir: string): string =>
    `error: --state-dir: the state folder ${JSON.stringify(stateDir)} and the output folder ` +
    `${JSON.stringify(outdir)} lie one inside the other; state must outlive the output folder: keep them apart`,
  outdirUnusable: (source: string, outdir: string, reason: string): string =>
    `error: ${source}: cannot create the output folder (${JSON.stringify(outdir)}): ${reason}; ` +
    "choose a folder path you can write to",
  outdirRefused: (source: string, reason: string): string => `error: ${source}: ${reason}`,
  synthFailed: (reason: string): string =>
    `error: synthesis failed after the config was validated: ${reason}; the output folder was not changed. ` +
    "This is a bug in ecr-pull-cache: please report it with the config that caused it",
  writeFailed: (reason: string): string =>
    `error: synthesis failed after the config was validated: ${reason}; the output folder was not changed. ` +
    `Check that TMPDIR (${JSON.stringify(tmpdir())}, where cdktf stages the module) and the output folder's parent ` +
    "are folders you can write to",
  publishFailed: (outdir: string, reason: string): string =>
    `error: could not publish the new output in ${JSON.stringify(outdir)}: ${reason}; the folder still holds the ` +
    "previous output, whole: make its parent folder writable and run synth again",
  cleanupFailed: (reason: string): string =>
    `warning: the new output is in place, but clearing up the previous one failed (${reason}); ` +
    "the next synth tries again",
  droppedWithState: (stack: string, stateFile: string, resources: number): string =>
    `warning: the config no longer has the ${stack} stack, but its state (${stateFile}) still holds ${resources} ` +
    `resource(s), which keep existing and billing: to remove them, synth the previous config and run ` +
    `\`cdktf destroy ${stack}\` (or terraform destroy in its stack folder); keep the state file until then`,
  synthesized: (file: string, outdir: string, stacks: readonly string[]): string =>
    `Synthesized ${stacks.join(", ")} from ${file} to ${path.join(outdir, "stacks")}/`,
};

/**
 * The synth command (also what `cdktf synth` runs, with no flags and CDKTF_OUTDIR set). Validates the whole config
 * before anything touches the output folder: on any error it prints every finding and returns 1 with nothing
 * written. The output is published in one atomic step (see ./output.ts); local state lives outside it.
 */
export async function runSynth(argv: readonly string[], io: CliIo): Promise<number> {
  const parsed = parseFlags(
    argv,
    {
      config: { type: "string", path: true },
      out: { type: "string", path: true },
      "state-dir": { type: "string", path: true },
      hcl: { type: "boolean" },
    },
    USAGE,
    io,
    { ownEmptyCheck: ["out", "state-dir"] },
  );
  if ("exit" in parsed) return parsed.exit;
  const { config, out: outFlag, "state-dir": stateFlag } = parsed.values;
  const hcl = parsed.values.hcl === true || io.env.SYNTH_HCL_OUTPUT === "true" || io.env.SYNTH_HCL_OUTPUT === "1";

  const source = outFlag !== undefined ? "--out" : io.env.CDKTF_OUTDIR ? "CDKTF_OUTDIR" : "the default output folder";
  const outdir = outFlag ?? (io.env.CDKTF_OUTDIR || "cdktf.out");
  const stateSetting = stateFlag ?? (io.env.ECR_CACHE_STATE_DIR || path.join(PROJECT_ROOT, "state"));
  const usage = checkOutdir(outdir, source, stateSetting);
  if (usage) {
    io.stderr(usage);
    return EXIT_USAGE;
  }
  const stateDir = path.resolve(stateSetting);

  const result = loadForCli(config, io);
  if ("failed" in result) {
    printFindings(result.failed.findings, io);
    io.stderr(messages.nothingWritten(result.file, errorCount(result.failed.findings)));
    return EXIT_FAILURE;
  }
  // The cdktf CLI sets this for the app it runs. It shows everything the app prints on stderr as [ERROR]: a warning
  // goes to stdout there.
  const underCdktf = io.env.CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS !== undefined;
  const warn = underCdktf ? io.stdout : io.stderr;
  printFindings(result.loaded.warnings, { ...io, stderr: warn });

  const out = new OutputFolder(outdir);
  try {
    ensureDir(out.parent);
  } catch (e) {
    io.stderr(messages.outdirUnusable(source, outdir, (e as Error).message));
    return 1;
  }
  let release: () => void;
  let linkRemoved: boolean;
  try {
    linkRemoved = out.inspect() === "missing";
    release = lockOutput(out);
  } catch (e) {
    if (!(e instanceof OutputError)) {
      io.stderr(messages.outdirUnusable(source, outdir, (e as Error).message));
      return 1;
    }
    io.stderr(messages.outdirRefused(source, e.message));
    return 1;
  }
  // No signal handlers: a synth stopped anywhere (Ctrl-C, kill -9) leaves the previous output whole, and the next
  // synth takes over its lock and removes what it left.
  try {
    const stateFile = (stack: string) => path.join(stateDir, configName(result.file), `${stack}.tfstate`);
    return await write(result.loaded.config, out, {
      hcl,
      underCdktf,
      linkRemoved,
      stateFile,
      report: (line) => (line.startsWith("warning:") ? warn(line) : io.stderr(line)),
      done: (stacks) => io.stdout(messages.synthesized(result.file, outdir, stacks)),
    });
  } finally {
    release();
  }
}

/** Synthesizes into a new generation and publishes it; the lock is held. */
async function write(
  config: Config,
  out: OutputFolder,
  options: {
    hcl: boolean;
    /** Run by the cdktf CLI. */
    underCdktf: boolean;
    /** The user removed the output folder's link before this synth: the old output is meant to go. */
    linkRemoved: boolean;
    stateFile: (stack: string) => string;
    report: (line: string) => void;
    done: (stacks: readonly string[]) => void;
  },
): Promise<number> {
  const generation = newGeneration(out);
  let stacks: string[];
  try {
    // The backend path is relative to the stack folder as the link shows it; generations sit beside the link, so
    // the same path holds from the generation folder itself.
    const parent = realpathSync(out.parent);
    const localStatePath = (stack: string) =>
      path.relative(path.join(parent, out.name, "stacks", stack), realish(options.stateFile(stack)));
    stacks = synthesize(config, generation, { hcl: options.hcl, localStatePath });
    if (options.hcl) await formatStacks(generation, stacks);
    const local = config.backend.type === "local";
    completeGeneration(
      generation,
      stacks,
      local ? Object.fromEntries(stacks.map((stack) => [stack, options.stateFile(stack)])) : {},
    );
  } catch (e) {
    // Everything in the new generation is synth's own: nothing of the user's is there to keep.
    rmSync(generation, { recursive: true, force: true });
    // A failed file system call (cdktf stages the module in TMPDIR; the generation sits beside the output) is the
    // machine's, not a bug.
    const failed = e as NodeJS.ErrnoException;
    options.report(
      failed.syscall === undefined ? messages.synthFailed(failed.message) : messages.writeFailed(failed.message),
    );
    return 1;
  }
  // The state file each dropped stack recorded when it was written (the config may have changed its name since).
  const previous = published(out);
  for (const stack of previous.folders.filter((folder) => !stacks.includes(folder))) {
    const stateFile = previous.stateFiles[stack];
    const resources = stateFile === undefined ? 0 : countResources(stateFile);
    if (resources > 0) options.report(messages.droppedWithState(stack, stateFile, resources));
    // cdktf synth removes, after the app, each stack folder the previous output had, and fails when one is missing.
    if (options.underCdktf) mkdirSync(path.join(generation, "stacks", stack));
  }
  try {
    publish(out, generation);
  } catch (e) {
    rmSync(generation, { recursive: true, force: true });
    const reason = (e as Error).message;
    options.report(e instanceof OutputError ? `error: ${reason}` : messages.publishFailed(out.path, reason));
    return 1;
  }
  try {
    for (const w of collectGenerations(out, options.linkRemoved)) options.report(`warning: ${w}`);
  } catch (e) {
    options.report(messages.cleanupFailed((e as Error).message));
  }
  options.done(stacks);
  return 0;
}

/**
 * A usage error for an output folder synth must never write (empty, the project, its sources, the state folder),
 * else undefined.
 */
function checkOutdir(outdir: string, source: string, stateDir: string): string | undefined {
  if (outdir.trim() === "") return messages.emptyOut(source);
  if (stateDir.trim() === "") return messages.emptyStateDir;
  const abs = realish(path.resolve(outdir));
  const root = realish(PROJECT_ROOT);
  const within = (dir: string, base: string) => {
    const relative = path.relative(base, dir);
    return relative === "" || (!relative.startsWith("..") && !path.isAbsolute(relative));
  };
  if (within(root, abs)) return messages.outInProject(source, outdir, "the project folder or one that holds it");
  for (const name of PROJECT_SOURCES) {
    if (within(abs, path.join(root, name))) {
      return messages.outInProject(source, outdir, `inside the project's ${name}/ folder`);
    }
  }
  const state = realish(stateDir);
  if (within(abs, state) || within(state, abs)) return messages.stateInOutput(stateDir, outdir);
  const file = fileInPath(state);
  if (file !== undefined) return messages.stateDirNotFolder(stateDir, file);
  return undefined;
}

/** The file that stands where `dir` or one of its parents would have to be a folder, else undefined. */
function fileInPath(dir: string): string | undefined {
  for (let p = dir; ; p = path.dirname(p)) {
    try {
      return statSync(p).isDirectory() ? undefined : p;
    } catch {
      if (path.dirname(p) === p) return undefined;
    }
  }
}

/** A config's name for its state folder: the file name without its extension (`config/prod.yaml` -> `prod`). */
function configName(file: string): string {
  return path.basename(file).replace(/\.(ya?ml|json)$/i, "");
}

/** `target` with the links in its longest existing ancestor resolved. */
function realish(target: string): string {
  const rest: string[] = [];
  let dir = path.resolve(target);
  for (;;) {
    try {
      return path.join(realpathSync(dir), ...rest);
    } catch {
      if (path.dirname(dir) === dir) return path.resolve(target);
      rest.unshift(path.basename(dir));
      dir = path.dirname(dir);
    }
  }
}

/** Formats each stack's `cdk.tf` as `terraform fmt` would (cdktf's own formatter). */
async function formatStacks(generation: string, stacks: readonly string[]): Promise<void> {
  // Loaded only here: loading it starts a WebAssembly Go runtime, 0.4 s of CPU that a JSON synth does not need.
  const { format: formatHcl } = await import("@cdktf/hcl-tools");
  for (const stack of stacks) {
    const file = path.join(generation, "stacks", stack, "cdk.tf");
    writeFileSync(file, await formatHcl(readFileSync(file, "utf8")));
  }
}

/** How many resource instances a local state file records; 0 when it is missing or unreadable. */
function countResources(stateFile: string): number {
  try {
    const state = JSON.parse(readFileSync(stateFile, "utf8")) as {
      resources?: { mode?: string; instances?: unknown[] }[];
    };
    return (state.resources ?? [])
      .filter((r) => r.mode === "managed")
      .reduce((n, r) => n + (r.instances?.length ?? 0), 0);
  } catch {
    return 0;
  }
}
