import { writeFileSync } from "node:fs";
import * as path from "node:path";
import {
  CONFIG_FILE_LIMITS,
  loadConfig,
  parseConfig,
  resolveConfigFile,
  DEFAULT_CONFIG_FILE,
} from "../src/config/load";
import { DEFAULT_LIFECYCLE_POLICY } from "../src/policy/default-lifecycle-policy";
import { defaultConfig, minimalInput } from "./support/app";
import { tempDir } from "./support/cli";
import { errorsOf } from "./support/findings";

const dir = tempDir("config");
/** Writes a config file into the test's temp folder. */
function file(name: string, text: string): string {
  const p = path.join(dir, name);
  writeFileSync(p, text);
  return p;
}

describe("config loading", () => {
  test("the default config is the blog's setup, with the valid lifecycle policy", () => {
    const config = defaultConfig();
    expect(config.region).toBe("ap-northeast-2");
    expect(Object.keys(config.registries)).toEqual(["k8s", "ecr-public", "quay", "ghcr", "docker-hub"]);
    expect(config.registries.ghcr.credentials).toBe("managed");
    expect(config.registries["docker-hub"].credentials).toBe("managed");
    expect(config.templateDefaults.lifecyclePolicy).toEqual(DEFAULT_LIFECYCLE_POLICY);
    expect(config.backend).toEqual({ type: "local" });
    expect(Object.keys(config.vpcEndpoints!.endpoints)).toHaveLength(8);
  });

  test("JSON configs load like YAML ones", () => {
    const p = file("c.json", JSON.stringify(minimalInput()));
    expect(loadConfig(p).config.registries.quay.upstreamRegistryUrl).toBe("quay.io");
  });

  test("the config file comes from the flag, then ECR_CACHE_CONFIG, then the default", () => {
    expect(resolveConfigFile("a.yaml", { ECR_CACHE_CONFIG: "b.yaml" })).toBe("a.yaml");
    expect(resolveConfigFile(undefined, { ECR_CACHE_CONFIG: "b.yaml" })).toBe("b.yaml");
    expect(resolveConfigFile(undefined, {})).toBe(DEFAULT_CONFIG_FILE);
  });

  test.each([
    ["c.yaml", "region: [unclosed", /^\(file\): not valid YAML: .+; fix the syntax at the position given$/],
    ["c.json", '{"region": ', /^\(file\): not valid JSON: .+; fix the syntax at the position given$/],
    [
      "c.yaml",
      "- just\n- a list\n",
      /^\(file\): the config must be a mapping of keys to values \(\["just","a list"\]\)/,
    ],
    ["c.yaml", "region: a\nregion: b\nregistries: {}\n", /not valid YAML: Map keys must be unique/],
    ["c.toml", "region = 'x'", /^--config: config file must end in \.yaml, \.yml or \.json/],
  ])("%s containing %j is refused", (name, text, expected) => {
    expect(errorsOf(() => loadConfig(file(name, text)))[0]).toMatch(expected);
  });

  test.each<[string, Record<string, unknown>, string]>([
    [
      "unknown top-level key, with a suggestion",
      { regin: "eu-west-1" },
      'regin: unknown key ("regin"); did you mean "region"?',
    ],
    [
      "unknown key with nothing close lists the valid keys",
      { registries: { quay: { upstreamRegistryUrl: "quay.io", zzzzzzzz: 1 } } },
      'registries.quay.zzzzzzzz: unknown key ("zzzzzzzz"); remove it; valid keys here: upstreamRegistryUrl, upstreamRepositoryPrefix, credentials, upstreamRoleArn, template',
    ],
    [
      "unknown key inside the s3 backend suggests the s3 keys",
      { backend: { type: "s3", bucket: "b", keyprefix: "x" } },
      'backend.keyprefix: unknown key ("keyprefix"); did you mean "keyPrefix"?',
    ],
    ["missing required field", { region: undefined }, "region: required string is missing; add region"],
    ["wrong type", { region: ["eu-west-1"] }, 'region: must be string (["eu-west-1"]); write string here'],
    [
      "a number where a string belongs",
      { region: 42 },
      'region: must be a string, not the number 42 (42); quote it: region: "42"',
    ],
    [
      "a boolean where a string belongs (YAML 1.2 reads true unquoted)",
      { tags: { enabled: true } },
      'tags.enabled: must be a string, not the boolean true (true); quote it: enabled: "true"',
    ],
    [
      "an unquoted account id that lost its leading zero",
      { accountId: 12345678901 },
      'accountId: must be a string, not the number 12345678901 (unquoted, it lost its leading zero) (12345678901); quote it: accountId: "012345678901"',
    ],
    [
      "an unquoted account id of 12 digits keeps its digits",
      { accountId: 123456789012 },
      'accountId: must be a string, not the number 123456789012 (123456789012); quote it: accountId: "123456789012"',
    ],
    [
      "value outside an enum",
      { templateDefaults: { imageTagMutability: "immutable" } },
      'templateDefaults.imageTagMutability: is not one of the allowed values ("immutable"); use one of "MUTABLE", "IMMUTABLE", "IMMUTABLE_WITH_EXCLUSION", "MUTABLE_WITH_EXCLUSION"',
    ],
    [
      "credentials neither managed nor a secretArn",
      { registries: { ghcr: { upstreamRegistryUrl: "ghcr.io", credentials: "yes" } } },
      'registries.ghcr.credentials: credentials must be "managed" or { secretArn: <ARN> }; write credentials: managed, or credentials: { secretArn: "arn:aws:secretsmanager:..." }',
    ],
    [
      "unknown backend type",
      { backend: { type: "gcs" } },
      'backend.type: is not one of the allowed values ("gcs"); use one of "local", "s3"',
    ],
  ])("schema: %s", (_name, patch, expected) => {
    expect(errorsOf(() => parseConfig({ ...minimalInput(), ...patch }))).toContain(expected);
  });

  test("every problem is reported at once", () => {
    const errors = errorsOf(() => parseConfig({ regin: "x", registries: { quay: { upstreamRegistryUrl: 1 } } }));
    expect(errors).toHaveLength(3);
  });
});

describe("data no schema can judge", () => {
  test("a self-referencing YAML alias is refused, not a crash", () => {
    const p = file(
      "cycle.yaml",
      "region: eu-west-1\nregistries: &r\n  quay: { upstreamRegistryUrl: quay.io, template: *r }\n",
    );
    expect(errorsOf(() => loadConfig(p))).toEqual([
      "registries.quay.template: refers to itself (a YAML alias inside its own anchor); write the value out instead of the alias",
    ]);
  });

  test("a __proto__ key is refused instead of silently dropped", () => {
    const p = file("proto.json", '{"region":"eu-west-1","registries":{"__proto__":{"upstreamRegistryUrl":"quay.io"}}}');
    expect(errorsOf(() => loadConfig(p))).toEqual([
      'registries.__proto__: the key "__proto__" is not allowed ("__proto__"); rename or remove the key',
    ]);
  });

  test("a JSON config with a duplicate key is refused like a YAML one", () => {
    const p = file("dup.json", '{"region":"eu-west-1","region":"us-east-1","registries":{}}');
    expect(errorsOf(() => loadConfig(p))[0]).toMatch(/^\(file\): not valid JSON: Map keys must be unique/);
  });

  test.each([
    ["region", { region: "" }],
    ["backend.bucket", { backend: { type: "s3", bucket: "" } }],
    ["registries.quay.upstreamRegistryUrl", { registries: { quay: { upstreamRegistryUrl: "" } } }],
  ])("an empty %s is refused", (where, patch) => {
    expect(errorsOf(() => parseConfig({ ...minimalInput(), ...patch }))).toContain(
      `${where}: must not be empty (""); write a value for ${where}`,
    );
  });
});

describe("config conveniences and protections", () => {
  test("YAML merge keys work, and top-level x- keys hold the anchors", () => {
    const p = file(
      "merge.yaml",
      "region: eu-west-1\nx-quay: &quay\n  upstreamRegistryUrl: quay.io\nregistries:\n  quay:\n    <<: *quay\n",
    );
    expect(loadConfig(p).config.registries.quay).toEqual({ upstreamRegistryUrl: "quay.io" });
  });

  test("an unknown YAML tag is an error, not a console warning", () => {
    const p = file("tag.yaml", "region: !weird eu-west-1\nregistries: {}\n");
    expect(errorsOf(() => loadConfig(p))[0]).toMatch(/^\(file\): not valid YAML: Unresolved tag: !weird/);
  });

  test("a value written under credentials is never echoed", () => {
    const errors = errorsOf(() =>
      parseConfig({
        region: "eu-west-1",
        registries: { hub: { upstreamRegistryUrl: "registry-1.docker.io", credentials: { token: "dckr_pat_SECRET" } } },
      }),
    );
    expect(errors.join("\n")).not.toContain("dckr_pat_SECRET");
    expect(errors).toContain(
      'registries.hub.credentials: credentials must be "managed" or { secretArn: <ARN> }; write credentials: managed, or credentials: { secretArn: "arn:aws:secretsmanager:..." }',
    );
  });

  test("a credential of a known format anywhere outside credentials is an error naming where, masked", () => {
    const github = "ghp_" + "a1B2".repeat(9);
    const awsKey = "AKIA" + "ABCDEFGH23456789";
    const errors = errorsOf(() =>
      parseConfig(
        minimalInput({
          tags: { [github]: "x" },
          templateDefaults: { description: `key ${awsKey}` },
          registries: {
            quay: { upstreamRegistryUrl: "quay.io", template: { resourceTags: { t: "dckr_pat_" + "Q".repeat(20) } } },
            hub: { upstreamRegistryUrl: "registry-1.docker.io", credentials: { secretArn: "glpat-" + "z".repeat(20) } },
          },
        }),
      ),
    ).filter((e) => e.includes("this text holds"));
    const fix =
      "remove it (and revoke it if the file was shared); a registry's login goes under credentials: managed " +
      "(its TF_VAR_<prefix>_username and TF_VAR_<prefix>_access_token) or credentials: { secretArn: <ARN> }";
    const line = (where: string, kind: string, shown: string) =>
      `${where}: this text holds ${kind}, which synth would write into the Terraform JSON, and Terraform into plans and state (${shown}); ${fix}`;
    // The key of a tag is written too; a value under credentials is the credentials rule's, and never shown.
    expect(errors).toEqual([
      line("tags.***", "a GitHub token", '"***"'),
      line("templateDefaults.description", "an AWS access key ID", '"key ***"'),
      line("registries.quay.template.resourceTags.t", "a Docker Hub access token", '"***"'),
    ]);
  });

  test("cdktf's token marker in a string is refused", () => {
    expect(errorsOf(() => parseConfig(minimalInput({ tags: { team: "${TfToken[TOKEN.1]}" } })))).toEqual([
      'tags.team: contains "${TfToken[", which cdktf reserves for its own references; remove it from the value',
    ]);
  });
});

describe("the file itself", () => {
  const ok = "region: eu-west-1\nregistries:\n  quay: { upstreamRegistryUrl: quay.io }\n";
  /** `{"region": [[...]]}`: the root mapping is level 1, each list one more. */
  const nested = (levels: number): string => `{"region": ${"[".repeat(levels - 1)}${"]".repeat(levels - 1)}}`;
  /** A YAML file of `n` top-level keys after a valid config. */
  const manyKeys = (n: number): string => ok + Array.from({ length: n }, (_, i) => `x-k${i}: 1\n`).join("");

  test("bytes that are not UTF-8 are an error naming the line", () => {
    const p = path.join(dir, "latin1.yaml");
    writeFileSync(
      p,
      Buffer.concat([Buffer.from(`${ok}tags:\n  owner: `), Buffer.from([0x4a, 0xf6, 0x72, 0x67]), Buffer.from("\n")]),
    );
    expect(errorsOf(() => loadConfig(p))).toEqual([
      `(file): line 5 has bytes that are not UTF-8 text ("${p}"); save the file as UTF-8 (in most editors: File > Save with Encoding > UTF-8) and check the characters on that line`,
    ]);
  });

  test("UTF-8 text outside ASCII loads", () => {
    const p = file("utf8.yaml", `${ok}tags: { owner: "Jörg 가" }\ntemplateDefaults: { description: "Jörg 가 😀" }\n`);
    const { config } = loadConfig(p);
    expect([config.tags, config.templateDefaults.description]).toEqual([{ owner: "Jörg 가" }, "Jörg 가 😀"]);
  });

  test.each([
    ["at the limit, 32 levels, reaches the schema", 32, /^region: must be string/],
    [
      "one over, 33 levels, is nested too deeply",
      33,
      /^\(file\): nested too deeply: more than 32 levels of mappings and lists \(at line 1\)/,
    ],
    [
      "thousands of levels (the parser's own stack) are nested too deeply",
      5000,
      /^\(file\): nested too deeply: more than 32 levels/,
    ],
  ])("nesting: %s", (_name, levels, expected) => {
    expect(errorsOf(() => loadConfig(file(`deep-${levels}.json`, nested(levels))))[0]).toMatch(expected);
  });

  test.each([
    ["keys found in one pass over the text (YAML)", manyKeys(CONFIG_FILE_LIMITS.maxKeys)],
    [
      "keys found by the parse when no colon shows them (flow set)",
      `{${Array.from({ length: CONFIG_FILE_LIMITS.maxKeys + 1 }, (_, i) => `k${i}`).join(", ")}}`,
    ],
  ])("more than 20,000 keys: %s", (_name, text) => {
    expect(errorsOf(() => loadConfig(file("many.yaml", text)))).toEqual([
      "(file): more than 20000 keys, more than any real config has; check that this is the config file",
    ]);
  });

  test("a config with many keys under the limit still loads", () => {
    expect(loadConfig(file("some.yaml", manyKeys(2_000))).config.region).toBe("eu-west-1");
  });

  test("a file over 256 KiB is refused before it is read; one at the limit is read", () => {
    const atLimit = file("at-limit.yaml", ok + "#".repeat(CONFIG_FILE_LIMITS.maxBytes - ok.length));
    expect(loadConfig(atLimit).config.region).toBe("eu-west-1");
    const over = file("over.yaml", ok + "#".repeat(CONFIG_FILE_LIMITS.maxBytes - ok.length + 1));
    expect(errorsOf(() => loadConfig(over))).toEqual([
      `--config: config file is 262145 bytes, more than any real config (the limit is 262144 bytes) ("${over}"); check that --config names the config and not another file; share repeated settings through templateDefaults or YAML anchors`,
    ]);
  });

  test("a 200,000-key file is refused (npm run bench times it)", () => {
    const p = file("200k.yaml", manyKeys(200_000));
    expect(errorsOf(() => loadConfig(p))[0]).toMatch(/^--config: config file is \d+ bytes, more than any real config/);
  });

  test.each([
    ["empty.yaml", ""],
    ["comments.yaml", "# region: eu-west-1\n\n"],
    ["empty.json", "  \n"],
  ])("%s, with nothing but blanks and comments, is called empty, not a null value", (name, text) => {
    const p = file(name, text);
    expect(errorsOf(() => loadConfig(p))).toEqual([
      `(file): the config file is empty (nothing but blanks and comments) (${JSON.stringify(p)}); check that --config names the config; start from config/default.yaml`,
    ]);
  });

  test("a second document names its line, and the fix is the user's, not the parser's API", () => {
    expect(errorsOf(() => loadConfig(file("two-docs.yaml", `${ok}---\nregion: us-east-1\n`)))).toEqual([
      '(file): not valid YAML: the file holds more than one document: a second one starts at line 4, after a "---" or "..." line; keep one config per file: remove the separator line and what follows it, or move that to a file of its own',
    ]);
  });

  test("aliases that multiply (a billion laughs) are refused as such, not as a syntax error at no position", () => {
    const levels = ["x-a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]"];
    for (const [from, to] of [
      ["a", "b"],
      ["b", "c"],
      ["c", "d"],
      ["d", "e"],
    ])
      levels.push(`x-${to}: &${to} [${Array(9).fill(`*${from}`).join(", ")}]`);
    expect(errorsOf(() => loadConfig(file("laughs.yaml", `${ok}${levels.join("\n")}\n`)))).toEqual([
      "(file): its YAML aliases (*name) expand to more values than any config holds: an alias of a list of aliases multiplies; write the repeated values out, or merge one anchor into each place with <<: *name",
    ]);
  });

  test("a parser message ends at its position, without the colon that introduced its excerpt", () => {
    expect(errorsOf(() => loadConfig(file("tab.yaml", "region: eu-west-1\n\tregistries: {}\n")))[0]).toMatch(
      /^\(file\): not valid YAML: Tabs are not allowed as indentation at line 2, column 1 \(/,
    );
  });

  test("a duplicate key names its line and column", () => {
    expect(errorsOf(() => loadConfig(file("dup.yaml", `${ok}tags:\n  a: x\n  b: y\n  a: z\n`)))).toEqual([
      '(file): not valid YAML: Map keys must be unique: "a" is written a second time at line 7, column 3; keep one of the two keys',
    ]);
  });

  test("merge keys may repeat in YAML", () => {
    const p = file(
      "merges.yaml",
      "x-a: &a { upstreamRegistryUrl: quay.io }\nx-b: &b { }\nregion: eu-west-1\nregistries:\n  quay:\n    <<: *a\n    <<: *b\n",
    );
    expect(loadConfig(p).config.registries.quay).toEqual({ upstreamRegistryUrl: "quay.io" });
  });
});
