/** Walking and editing JSON values by path, for the property tests that mutate configs and policies. */

/** One step of a path into a JSON value: an object key or an array index. */
export type JsonKey = string | number;

/** Every path to a node of a JSON value, depth first, the root (`[]`) first. */
export function nodePaths(value: unknown, prefix: JsonKey[] = []): JsonKey[][] {
  const here = [prefix];
  if (Array.isArray(value)) return here.concat(...value.map((v, i) => nodePaths(v, [...prefix, i])));
  if (typeof value === "object" && value !== null) {
    return here.concat(...Object.entries(value).map(([k, v]) => nodePaths(v, [...prefix, k])));
  }
  return here;
}

/** The node of `root` at `path` (a path from {@link nodePaths}). */
export function valueAt(root: unknown, path: readonly JsonKey[]): unknown {
  return path.reduce<unknown>((v, k) => (v as Record<JsonKey, unknown>)[k], root);
}

/** Removes the node at `path` (not the root) from its parent, in place: spliced out of an array, deleted from an object. */
export function removeAt(root: unknown, path: readonly JsonKey[]): void {
  const parent = valueAt(root, path.slice(0, -1)) as Record<JsonKey, unknown>;
  const last = path[path.length - 1];
  if (Array.isArray(parent) && typeof last === "number") parent.splice(last, 1);
  else delete parent[last];
}
