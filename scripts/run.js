#!/usr/bin/env node
/**
 * Runs one of the project's TypeScript entry points fast: esbuild bundles the project's own code, and the small
 * pure-JavaScript libraries every command loads (INLINE: loading them from their many files in node_modules took
 * about 0.1 s of each command's start); other dependencies stay external, loaded from node_modules as usual. Node
 * runs the bundle. The bundle is cached under node_modules/.cache and rebuilt only when one of the files it was built
 * from, this script or package.json is newer than it. This is what `npm run synth`, `npm run validate`,
 * `npm run image` and cdktf.json's `app` use.
 *
 * Usage: node scripts/run.js <entry.ts> [args...]
 */
const fs = require("node:fs");
const path = require("node:path");

const [entry, ...args] = process.argv.slice(2);
const root = path.join(__dirname, "..");
const cacheDir = path.join(root, "node_modules", ".cache", "ecr-pull-cache");
const outfile = path.join(cacheDir, `${path.basename(entry, ".ts")}.js`);
const inputsFile = `${outfile}.inputs.json`;

/** Dependencies bundled into the entry rather than loaded from node_modules. */
const INLINE = new Set(["yaml", "zod", "ipaddr.js", "fastest-levenshtein"]);
const pkg = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8"));
const external = Object.keys({ ...pkg.dependencies, ...pkg.devDependencies }).filter((name) => !INLINE.has(name));

/** True when the bundle exists and neither the files it was built from nor this script or package.json changed. */
function fresh() {
  try {
    const built = fs.statSync(outfile).mtimeMs;
    const inputs = [...JSON.parse(fs.readFileSync(inputsFile, "utf8")), "scripts/run.js", "package.json"];
    return inputs.every((file) => fs.statSync(path.join(root, file)).mtimeMs <= built);
  } catch {
    return false;
  }
}

if (!fresh()) {
  const { buildSync } = require("esbuild");
  const result = buildSync({
    absWorkingDir: root,
    entryPoints: [entry],
    bundle: true,
    platform: "node",
    target: "node20",
    external,
    write: false,
    metafile: true,
    outfile,
    logLevel: "warning",
  });
  // Write through temporary names so parallel runs never load a half-written file.
  fs.mkdirSync(cacheDir, { recursive: true });
  const write = (file, contents) => {
    const tmp = `${file}.${process.pid}`;
    fs.writeFileSync(tmp, contents);
    fs.renameSync(tmp, file);
  };
  write(outfile, result.outputFiles[0].contents);
  write(inputsFile, JSON.stringify(Object.keys(result.metafile.inputs)));
}

process.argv = [process.argv[0], outfile, ...args];
require(outfile);
