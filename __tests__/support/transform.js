/**
 * Jest transformer: TypeScript to CommonJS through esbuild, without type-checking (`npm test` runs tsc first, and
 * no test uses jest.mock, so nothing needs hoisting). ts-jest type-checked every imported file again in each worker.
 */
const { transformSync } = require("esbuild");
const { version } = require("esbuild/package.json");

module.exports = {
  process(source, filename) {
    const { code, map } = transformSync(source, {
      loader: "ts",
      format: "cjs",
      target: "node20",
      sourcemap: "external",
      sourcefile: filename,
    });
    return { code, map };
  },
  getCacheKey(source, filename) {
    return require("node:crypto").createHash("sha256").update(`${version}\0${filename}\0${source}`).digest("hex");
  },
};
