import { existsSync } from "node:fs";
import * as path from "node:path";

/**
 * The project folder: the nearest ancestor of this code that holds cdktf.json, found the same way from src/ and
 * from a bundle under node_modules/.cache. Local module sources in cdktf.json are relative to it.
 */
export const PROJECT_ROOT: string = (() => {
  let dir = __dirname;
  while (!existsSync(path.join(dir, "cdktf.json")) && path.dirname(dir) !== dir) dir = path.dirname(dir);
  return dir;
})();
