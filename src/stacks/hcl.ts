/**
 * Renders a stack's Terraform JSON as native HCL (`cdk.tf`), for `synth --hcl` and `cdktf synth --hcl`.
 *
 * cdktf 0.21's own HCL renderer writes output Terraform rejects: plain arguments of the `terraform` block come out
 * as `0 = "required_version"`, quotes in a string that holds `$${` are left unescaped, and every reference stays a
 * quoted `"${...}"` that `terraform fmt` rewrites. This renderer starts from the stack's JSON, which Terraform
 * already accepts, and changes only the syntax: a string that is one interpolation becomes that expression, any
 * other string a quoted template with the same escapes; objects listed as nested blocks become blocks.
 */

/** Paths of nested blocks, e.g. `resource.aws_ecr_repository_creation_template.encryption_configuration`. */
export type BlockPaths = ReadonlySet<string>;

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

/**
 * The nested block paths found in cdktf's per-element HCL fragments (resources, data sources and providers carry
 * `isBlock` on each argument; the provider bindings know the schema).
 */
export function blockPaths(fragments: readonly unknown[]): BlockPaths {
  const paths = new Set<string>();
  const walk = (attributes: unknown, prefix: string) => {
    if (!isObject(attributes)) return;
    for (const [name, meta] of Object.entries(attributes)) {
      if (!isObject(meta) || !(meta.isBlock === true || meta.is_block === true)) continue;
      paths.add(`${prefix}.${name}`);
      const value = meta.value;
      for (const item of Array.isArray(value) ? value : [value]) walk(item, `${prefix}.${name}`);
    }
  };
  for (const fragment of fragments) {
    if (!isObject(fragment)) continue;
    for (const kind of ["resource", "data"]) {
      for (const [type, byName] of Object.entries(asObject(fragment[kind]))) {
        for (const attributes of Object.values(asObject(byName))) walk(attributes, `${kind}.${type}`);
      }
    }
    for (const [name, blocks] of Object.entries(asObject(fragment.provider))) {
      for (const attributes of Array.isArray(blocks) ? blocks : [blocks]) walk(attributes, `provider.${name}`);
    }
  }
  return paths;
}

/** The whole stack as HCL, in the order Terraform users write it. Run a formatter over it to align `=`. */
export function renderHcl(tf: JsonObject, blocks: BlockPaths): string {
  const out: string[] = [];
  const terraform = asObject(tf.terraform);
  out.push(
    block(
      "terraform",
      [],
      [
        ...attributes(terraform, ["required_providers", "backend", "cloud"]),
        ...block("required_providers", [], attributes(asObject(terraform.required_providers))),
        ...Object.entries(asObject(terraform.backend)).flatMap(([name, body]) =>
          block("backend", [name], attributes(asObject(body))),
        ),
      ],
    ).join("\n"),
  );
  for (const [name, list] of Object.entries(asObject(tf.provider))) {
    for (const body of Array.isArray(list) ? list : [list]) {
      out.push(block("provider", [name], body_(asObject(body), `provider.${name}`, blocks)).join("\n"));
    }
  }
  for (const [name, body] of Object.entries(asObject(tf.variable))) {
    const { validation, type, ...rest } = asObject(body);
    // A variable's type is a string in JSON syntax and a bare type expression in native syntax.
    const lines = [...(typeof type === "string" ? [`type = ${type}`] : []), ...attributes(rest)];
    for (const v of Array.isArray(validation) ? validation : validation ? [validation] : []) {
      lines.push(...block("validation", [], attributes(asObject(v))));
    }
    out.push(block("variable", [name], lines).join("\n"));
  }
  if (tf.locals) out.push(block("locals", [], attributes(asObject(tf.locals))).join("\n"));
  for (const kind of ["data", "resource"]) {
    for (const [type, byName] of Object.entries(asObject(tf[kind]))) {
      for (const [name, body] of Object.entries(asObject(byName))) {
        out.push(block(kind, [type, name], body_(asObject(body), `${kind}.${type}`, blocks)).join("\n"));
      }
    }
  }
  for (const [name, body] of Object.entries(asObject(tf.module))) {
    const { source, version, ...inputs } = asObject(body);
    out.push(block("module", [name], attributes({ source, ...(version ? { version } : {}), ...inputs })).join("\n"));
  }
  for (const [name, body] of Object.entries(asObject(tf.output))) {
    out.push(block("output", [name], attributes(asObject(body))).join("\n"));
  }
  const known = new Set(["//", "terraform", "provider", "variable", "locals", "data", "resource", "module", "output"]);
  const unknown = Object.keys(tf).filter((k) => !known.has(k));
  if (unknown.length > 0) throw new Error(`no HCL rendering for top-level ${unknown.join(", ")}`);
  return `${out.join("\n\n")}\n`;
}

/** A resource's, data source's or provider's body: its arguments, then its nested blocks and meta-blocks. */
function body_(body: JsonObject, path: string, blocks: BlockPaths): string[] {
  const lines: string[] = [];
  const nested: string[] = [];
  for (const [key, value] of Object.entries(body)) {
    if (key === "//") continue;
    if (blocks.has(`${path}.${key}`) || key === "lifecycle") {
      for (const item of Array.isArray(value) ? value : [value]) {
        nested.push(...block(key, [], body_(asObject(item), `${path}.${key}`, blocks)));
      }
    } else {
      lines.push(`${key} = ${expression(value, key === "depends_on" || key === "provider")}`);
    }
  }
  return [...lines, ...nested];
}

/** `name = value` lines for the arguments of a body, leaving out `skip` and cdktf's `//` metadata. */
function attributes(body: JsonObject, skip: readonly string[] = []): string[] {
  return Object.entries(body)
    .filter(([key]) => key !== "//" && !skip.includes(key))
    .map(([key, value]) => `${identifier(key)} = ${expression(value, key === "depends_on" || key === "providers")}`);
}

function block(type: string, labels: readonly string[], lines: readonly string[]): string[] {
  const head = [type, ...labels.map((l) => JSON.stringify(l))].join(" ");
  return [`${head} {`, ...lines.map((l) => `  ${l.replace(/\n/g, "\n  ")}`), "}"];
}

/**
 * A JSON value as an HCL expression. `references` marks meta-arguments whose strings are bare references in JSON
 * syntax too (`depends_on`, `provider`, a module's `providers`).
 */
function expression(value: Json, references = false): string {
  if (value === null) return "null";
  if (typeof value === "boolean" || typeof value === "number") return String(value);
  if (typeof value === "string") {
    if (references) return value.replace(/^\$\{(.*)\}$/s, "$1");
    return template(value);
  }
  if (Array.isArray(value)) return `[${value.map((v) => expression(v, references)).join(", ")}]`;
  const entries = Object.entries(value).filter(([k]) => k !== "//");
  if (entries.length === 0) return "{}";
  const lines = entries.map(([k, v]) => `  ${objectKey(k)} = ${expression(v, references).replace(/\n/g, "\n  ")}`);
  return `{\n${lines.join("\n")}\n}`;
}

/**
 * A JSON-syntax string template as native syntax: one interpolation alone becomes its expression; otherwise the
 * literal parts get native escapes (`\\`, `\"`, `\n`, ...) and interpolations and directives stay as written.
 * `$${` and `%%{` mean the same in both syntaxes.
 */
export function template(text: string): string {
  const parts = splitTemplate(text);
  if (parts.length === 1 && parts[0].kind === "interpolation") return parts[0].text.slice(2, -1).trim();
  const body = parts
    .map((p) =>
      p.kind === "literal"
        ? p.text.replace(
            /[\\"\n\r\t]/g,
            (c) => ({ "\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t" })[c]!,
          )
        : p.text,
    )
    .join("");
  return `"${body}"`;
}

/** Splits a template into literal text and `${...}` / `%{...}` sequences, honouring `$${`, `%%{` and nesting. */
function splitTemplate(text: string): { kind: "literal" | "interpolation" | "directive"; text: string }[] {
  const parts: { kind: "literal" | "interpolation" | "directive"; text: string }[] = [];
  let literal = "";
  let i = 0;
  while (i < text.length) {
    const two = text.slice(i, i + 2);
    if (two === "$$" || two === "%%") {
      // `$${` / `%%{` escape a template start; a lone `$$` is literal either way.
      literal += text[i + 2] === "{" ? text.slice(i, i + 3) : two;
      i += text[i + 2] === "{" ? 3 : 2;
      continue;
    }
    if (two === "${" || two === "%{") {
      const end = closingBrace(text, i + 2);
      if (literal) parts.push({ kind: "literal", text: literal });
      literal = "";
      parts.push({ kind: two === "${" ? "interpolation" : "directive", text: text.slice(i, end + 1) });
      i = end + 1;
      continue;
    }
    literal += text[i];
    i++;
  }
  if (literal) parts.push({ kind: "literal", text: literal });
  return parts;
}

/** Index of the `}` closing a sequence whose body starts at `start`, skipping nested braces and quoted strings. */
function closingBrace(text: string, start: number): number {
  let depth = 0;
  for (let i = start; i < text.length; i++) {
    const c = text[i];
    if (c === '"') {
      for (i++; i < text.length && text[i] !== '"'; i++) if (text[i] === "\\") i++;
    } else if (c === "{") depth++;
    else if (c === "}") {
      if (depth === 0) return i;
      depth--;
    }
  }
  throw new Error(`unterminated template sequence in ${JSON.stringify(text)}`);
}

function identifier(key: string): string {
  if (!/^[A-Za-z_][A-Za-z0-9_-]*$/.test(key)) throw new Error(`not an HCL argument name: ${JSON.stringify(key)}`);
  return key;
}

function objectKey(key: string): string {
  return /^[A-Za-z_][A-Za-z0-9_-]*$/.test(key) ? key : template(key);
}

function isObject(x: unknown): x is Record<string, unknown> {
  return typeof x === "object" && x !== null && !Array.isArray(x);
}

function asObject(x: unknown): JsonObject {
  return isObject(x) ? (x as JsonObject) : {};
}
