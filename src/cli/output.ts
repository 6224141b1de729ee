/**
 * The output folder, published in one atomic step.
 *
 * `<parent>/<name>` (e.g. `cdktf.out`) is a symbolic link to a generation folder beside it,
 * `<parent>/.<name>.gen-<id>`, which holds one synth's complete output. A synth writes a new generation, then renames
 * a new link over the old one: at every instant, and after any crash or kill, the output folder is one complete
 * generation, never a mix. Generations sit beside the link so `..` means the same from both (relative backend paths
 * keep working). A lock file, `<parent>/.<name>.lock` (naming its holder's host and process), lets one synth at a
 * time write: another fails fast.
 *
 * Each generation holds a marker file listing what synth wrote. Anything else found in a stack folder (Terraform's
 * `.terraform/`, the lock file, plans, a user's own files) is the user's: the next generation takes it over, and
 * nothing unlisted, and no `*.tfstate*` file, is ever removed.
 */
import { randomUUID } from "node:crypto";
import {
  chmodSync,
  existsSync,
  linkSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  renameSync,
  rmdirSync,
  rmSync,
  symlinkSync,
  unlinkSync,
  writeFileSync,
} from "node:fs";
import { hostname } from "node:os";
import * as path from "node:path";

/** The marker file at the root of every generation. */
const MARKER_FILE = ".ecr-pull-cache-output.json";

/** A file name that says it holds Terraform state: never removed. */
const STATE_FILE = /\.tfstate($|\.)/;

/** What the marker records. */
interface Marker {
  readonly writer: "ecr-pull-cache";
  /** False while synth is still writing; such a generation was never published. */
  readonly complete: boolean;
  /** The stacks written. */
  readonly stacks: readonly string[];
  /** Every entry synth wrote, relative to the generation: root files and each stack folder's entries. */
  readonly owned: readonly string[];
  /** Per stack, the local state file its backend names (absolute); none with a remote backend. */
  readonly stateFiles?: Readonly<Record<string, string>>;
}

/** An error the user can fix; `message` says what and how. */
export class OutputError extends Error {}

/** The paths that make up one output folder. */
export class OutputFolder {
  /** Absolute path of the output folder (the link). */
  readonly path: string;
  /** The folder it sits in. */
  readonly parent: string;
  /** Its base name. */
  readonly name: string;

  constructor(outdir: string) {
    this.path = path.resolve(outdir);
    this.parent = path.dirname(this.path);
    this.name = path.basename(this.path);
  }

  /** Name prefix of the generation folders. */
  get generationPrefix(): string {
    return `.${this.name}.gen-`;
  }

  /** The lock file. */
  get lock(): string {
    return path.join(this.parent, `.${this.name}.lock`);
  }

  /** The generation the link points to now, as an absolute path; undefined when there is no link of ours. */
  current(): string | undefined {
    const target = this.linkTarget();
    return target === undefined ? undefined : path.join(this.parent, target);
  }

  /**
   * What stands at the output path now: nothing, an empty folder, our link, or something we did not make.
   * @throws OutputError for anything synth must not replace.
   */
  inspect(): "missing" | "empty-folder" | "ours" {
    let stat;
    try {
      stat = lstatSync(this.path);
    } catch {
      return "missing";
    }
    if (stat.isSymbolicLink()) {
      if (this.linkTarget() !== undefined) return "ours";
      throw new OutputError(
        `${this.path} is a link that ecr-pull-cache did not make; remove it or give --out another folder`,
      );
    }
    if (!stat.isDirectory()) {
      throw new OutputError(`${this.path} is a file, not an output folder; move it away or give --out another path`);
    }
    const entries = readdirSync(this.path);
    if (entries.length === 0) return "empty-folder";
    const states = entries.filter((e) => /^terraform\..+\.tfstate$/.test(e));
    if (states.length > 0) {
      throw new OutputError(
        `${this.path} holds Terraform state from an earlier ecr-pull-cache (${states.join(", ")}), which now lives ` +
          "outside the output folder: move each terraform.<stack>.tfstate to state/<config name>/<stack>.tfstate " +
          "(e.g. state/default/vpc-endpoints.tfstate), then remove the folder and synth again",
      );
    }
    throw new OutputError(
      `${this.path} is a folder ecr-pull-cache did not create and is not empty; synth replaces only output it ` +
        "wrote itself: remove the folder (after saving anything you need from it) or give --out another folder",
    );
  }

  /** The link's target when it is a link to one of our generation folders. */
  private linkTarget(): string | undefined {
    try {
      const target = readlinkSync(this.path);
      // Ours by its name: `rm -rf cdktf.out/` may have emptied the generation, marker included.
      return target.startsWith(this.generationPrefix) && !target.includes("/") ? target : undefined;
    } catch {
      return undefined;
    }
  }
}

/**
 * Takes the output folder's lock, or fails fast when a live synth holds it. The lock is a file that appears whole
 * (a hard link to a finished draft) and is removed with one unlink, so it is never seen empty. A lock left by a
 * synth that died (its process is gone) is taken over, one taker at a time.
 * @returns a function that releases the lock.
 * @throws OutputError when another synth is writing.
 */
export function lockOutput(out: OutputFolder): () => void {
  const me = `${hostname()} ${process.pid} ${randomUUID()}`;
  for (let attempt = 0; attempt < 100; attempt++) {
    if (createExclusive(out, out.lock, me)) {
      return () => {
        if (readText(out.lock) === me) unlinkSync(out.lock);
      };
    }
    const holder = readText(out.lock);
    if (holder === undefined) continue; // released meanwhile: try again
    if (alive(holder)) {
      throw new OutputError(
        `another synth is writing to ${out.path} (process ${holder.split(" ")[1]}); wait for it to finish and run ` +
          `again (if no synth is running, remove ${out.lock})`,
      );
    }
    takeOver(out, holder, me);
  }
  throw new OutputError(`could not take the lock ${out.lock}; if no synth is running, remove it and run again`);
}

/** Removes a dead holder's lock, under a second lock so that two takers never remove each other's new lock. */
function takeOver(out: OutputFolder, deadHolder: string, me: string): void {
  const guard = `${out.lock}.takeover`;
  if (!createExclusive(out, guard, me)) {
    const guardHolder = readText(guard);
    if (guardHolder !== undefined && !alive(guardHolder)) rmSync(guard, { force: true });
    sleep(20);
    return;
  }
  try {
    if (readText(out.lock) === deadHolder) unlinkSync(out.lock);
  } finally {
    unlinkSync(guard);
  }
}

/** Creates `file` holding `text`, atomically and only if it does not exist. */
function createExclusive(out: OutputFolder, file: string, text: string): boolean {
  const draft = path.join(out.parent, `.${out.name}.lock-draft-${process.pid}-${randomUUID().slice(0, 8)}`);
  writeFileSync(draft, text);
  try {
    linkSync(draft, file);
    return true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
    return false;
  } finally {
    unlinkSync(draft);
  }
}

/** Whether the process named by a lock's `host pid token` text still runs (a lock from another host counts as live). */
function alive(holder: string): boolean {
  const [host, pidText] = holder.split(" ");
  if (host !== hostname()) return true;
  try {
    process.kill(Number(pidText), 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}

function readText(file: string): string | undefined {
  try {
    return readFileSync(file, "utf8");
  } catch {
    return undefined;
  }
}

function sleep(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/** A new, empty generation folder with a marker saying it is being written. */
export function newGeneration(out: OutputFolder): string {
  const stamp = new Date().toISOString().replace(/[-:.]/g, "").replace("T", "-").slice(0, 15);
  const dir = mkdtempSync(path.join(out.parent, `${out.generationPrefix}${stamp}-`));
  chmodSync(dir, 0o755); // mkdtemp makes it private; an output folder is readable like any other
  writeMarker(dir, { writer: "ecr-pull-cache", complete: false, stacks: [], owned: [] });
  return dir;
}

/** Records every entry synth wrote into `generation`, and each stack's local state file, and marks it complete. */
export function completeGeneration(
  generation: string,
  stacks: readonly string[],
  stateFiles: Readonly<Record<string, string>>,
): void {
  const owned = readdirSync(generation).filter((e) => e !== MARKER_FILE && e !== "stacks");
  for (const stack of readdirSync(path.join(generation, "stacks"))) {
    for (const entry of readdirSync(path.join(generation, "stacks", stack))) owned.push(`stacks/${stack}/${entry}`);
  }
  writeMarker(generation, { writer: "ecr-pull-cache", complete: true, stacks, owned: owned.sort(), stateFiles });
}

/** What the output folder shows now: its stack folders, and the local state file each stack recorded. */
export function published(out: OutputFolder): { folders: string[]; stateFiles: Readonly<Record<string, string>> } {
  const current = out.current();
  if (current === undefined) return { folders: [], stateFiles: {} };
  let folders: string[] = [];
  try {
    folders = readdirSync(path.join(current, "stacks"));
  } catch {
    // an emptied or half-removed output: no stacks
  }
  return { folders, stateFiles: readMarker(current)?.stateFiles ?? {} };
}

/**
 * Makes `generation` the output folder in one rename. (Then {@link collectGenerations} moves the user's files over
 * from the previous one and clears up the older ones.)
 * @throws OutputError when the output path is an empty folder that cannot be replaced.
 */
export function publish(out: OutputFolder, generation: string): void {
  const link = path.join(out.parent, `.${out.name}.link-${process.pid}`);
  rmSync(link, { force: true });
  symlinkSync(path.basename(generation), link);
  try {
    if (out.inspect() === "empty-folder") {
      try {
        rmdirSync(out.path);
      } catch (e) {
        throw new OutputError(
          `${out.path} is an empty folder synth cannot replace (${(e as NodeJS.ErrnoException).code}, a mount ` +
            `point?); synth makes the output folder a link to the output: give --out a folder inside it, e.g. ` +
            `${path.join(out.path, "cdktf.out")}`,
        );
      }
    }
    renameSync(link, out.path);
  } catch (e) {
    rmSync(link, { force: true });
    throw e;
  }
}

/**
 * Clears up every generation but the current one (the lock is held): a generation that was published hands the
 * user's entries to the current one, then loses what synth wrote into it; one never published (a failed or killed
 * synth) loses everything but state files, and so does every generation once the user removed the link itself
 * (`rm -rf cdktf.out`: the output is meant to go). What remains is kept, and reported.
 * @returns one warning per generation kept.
 */
export function collectGenerations(out: OutputFolder, linkRemoved = false): string[] {
  const current = out.current();
  const warnings: string[] = [];
  for (const entry of readdirSync(out.parent)) {
    const dir = path.join(out.parent, entry);
    const leftover = /^\.(?:link|lock-draft)-(\d+)/.exec(entry.slice(out.name.length + 1));
    if (entry.startsWith(`.${out.name}.`) && leftover && !alive(`${hostname()} ${leftover[1]}`)) {
      rmSync(dir, { force: true }); // a dead synth's temporary link or lock draft
      continue;
    }
    if (!entry.startsWith(out.generationPrefix) || dir === current) continue;
    const marker = readMarker(dir);
    if (marker?.complete && current !== undefined && !linkRemoved) {
      const stacks = current === undefined ? undefined : readMarker(current)?.stacks;
      if (current !== undefined && stacks !== undefined) handOver(dir, current, marker, stacks);
      for (const owned of marker.owned) removeExceptState(path.join(dir, owned));
      rmSync(path.join(dir, MARKER_FILE), { force: true });
    } else {
      for (const name of readdirSync(dir)) removeExceptState(path.join(dir, name));
    }
    const left = removeEmpty(dir);
    if (left.length > 0) {
      // Kept, owning nothing: the next synth offers the files of a published one to the output again and removes
      // none of them.
      writeMarker(dir, { writer: "ecr-pull-cache", complete: marker?.complete === true, stacks: [], owned: [] });
      warnings.push(
        `kept ${dir}: it holds files ecr-pull-cache did not write (${left.slice(0, 5).join(", ")}` +
          `${left.length > 5 ? ", ..." : ""}); move what you need, then remove the folder`,
      );
    }
  }
  return warnings;
}

/**
 * Moves the user's entries (those the marker does not list) from an old generation into the current one, whose
 * stacks are `stacks`. Entries of a stack the current output no longer has stay where they are.
 */
function handOver(from: string, to: string, marker: Marker, stacks: readonly string[]): void {
  const owned = new Set(marker.owned);
  const move = (relative: string) => {
    const target = path.join(to, relative);
    if (owned.has(relative) || relative === MARKER_FILE || existsSync(target)) return;
    renameSync(path.join(from, relative), target);
  };
  for (const entry of readdirSync(from)) if (entry !== "stacks") move(entry);
  for (const stack of stacks) {
    const dir = path.join(from, "stacks", stack);
    if (existsSync(dir)) for (const entry of readdirSync(dir)) move(`stacks/${stack}/${entry}`);
  }
}

/** Removes a file or folder tree, except files whose names say they hold state. */
function removeExceptState(target: string): void {
  let stat;
  try {
    stat = lstatSync(target);
  } catch {
    return;
  }
  if (!stat.isDirectory()) {
    if (!STATE_FILE.test(path.basename(target))) unlinkSync(target);
    return;
  }
  for (const name of readdirSync(target)) removeExceptState(path.join(target, name));
  if (readdirSync(target).length === 0) rmdirSync(target);
}

/**
 * Removes the empty folders below and including `dir`.
 * @returns the files left, relative to `dir`.
 */
function removeEmpty(dir: string): string[] {
  const left: string[] = [];
  for (const name of readdirSync(dir)) {
    const p = path.join(dir, name);
    if (lstatSync(p).isDirectory()) left.push(...removeEmpty(p).map((f) => path.join(name, f)));
    else left.push(name);
  }
  if (left.length === 0) rmdirSync(dir);
  return left;
}

function writeMarker(generation: string, marker: Marker): void {
  writeFileSync(path.join(generation, MARKER_FILE), `${JSON.stringify(marker, null, 2)}\n`);
}

function readMarker(generation: string): Marker | undefined {
  try {
    const marker = JSON.parse(readFileSync(path.join(generation, MARKER_FILE), "utf8")) as Marker;
    return marker.writer === "ecr-pull-cache" ? marker : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Creates `dir` and its missing parents one level at a time. (Node's own recursive mkdir never returns on some
 * special file systems, such as a path under /proc; one level at a time fails at once instead.)
 */
export function ensureDir(dir: string): void {
  const missing: string[] = [];
  for (let d = path.resolve(dir); !existsSync(d); d = path.dirname(d)) missing.unshift(d);
  for (const d of missing) mkdirSync(d);
}
