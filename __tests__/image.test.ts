import { rmSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import fc from "fast-check";
import { FileIo } from "../src/cli/common";
import { runImageCli, referenceFromLine } from "../src/cli/image";
import { accountPlaceholderNote, invalidAccountOption, noReferencesGiven } from "../src/cli/image.messages";
import { ImageMappingError, noRuleForRegistry } from "../src/image/map.messages";
import { ImageReferenceError } from "../src/image/reference.messages";
import { runEntry, tempDir } from "./support/cli";
import {
  ACCOUNT_PLACEHOLDER,
  CacheRule,
  RegistryEntry,
  rulesFromRegistries,
  toCacheUri,
  toUpstreamReference,
} from "../src/image/map";
import { parseReference } from "../src/image/reference";

const SHA = "0123456789abcdef".repeat(4);
const ACCOUNT = "123456789012";
const REGION = "us-east-1";
const HOST = `${ACCOUNT}.dkr.ecr.${REGION}.amazonaws.com`;
const TARGET = { account: ACCOUNT, region: REGION };
const UPSTREAM_ECR = "111122223333.dkr.ecr.eu-west-1.amazonaws.com";

/** The registries of a typical config: one rule per supported upstream, an upstream prefix, and ROOT. */
const REGISTRIES: Record<string, RegistryEntry> = {
  "docker-hub": { upstreamRegistryUrl: "registry-1.docker.io" },
  quay: { upstreamRegistryUrl: "quay.io" },
  k8s: { upstreamRegistryUrl: "registry.k8s.io" },
  "ecr-public": { upstreamRegistryUrl: "public.ecr.aws" },
  ghcr: { upstreamRegistryUrl: "ghcr.io" },
  "ghcr-org": { upstreamRegistryUrl: "ghcr.io", upstreamRepositoryPrefix: "org" },
  "my-app": { upstreamRegistryUrl: UPSTREAM_ECR, upstreamRepositoryPrefix: "upstream-app" },
  "team-a": { upstreamRegistryUrl: UPSTREAM_ECR, upstreamRepositoryPrefix: "team-a" },
  ROOT: { upstreamRegistryUrl: "cgr.dev" },
};
const RULES: CacheRule[] = rulesFromRegistries(REGISTRIES);

/**
 * References and their fully qualified form, as --reverse prints it: Docker Hub's short names and other hosts become
 * docker.io with library/ for official images; other registries, tags and digests stay as written.
 */
const NORMALIZED: readonly (readonly [string, string])[] = [
  ["nginx", "docker.io/library/nginx"],
  ["nginx:1.27", "docker.io/library/nginx:1.27"],
  ["library/nginx", "docker.io/library/nginx"],
  ["docker.io/nginx", "docker.io/library/nginx"],
  ["index.docker.io/bitnami/redis", "docker.io/bitnami/redis"],
  ["registry-1.docker.io/grafana/grafana:11.0.0", "docker.io/grafana/grafana:11.0.0"],
  [`nginx@sha256:${SHA}`, `docker.io/library/nginx@sha256:${SHA}`],
  [`quay.io/cilium/cilium:v1.16.0@sha256:${SHA}`, `quay.io/cilium/cilium:v1.16.0@sha256:${SHA}`],
  ["registry.k8s.io/pause:3.9", "registry.k8s.io/pause:3.9"],
  ["ghcr.io/org/tool:v2", "ghcr.io/org/tool:v2"],
  ["cgr.dev/chainguard/static:latest", "cgr.dev/chainguard/static:latest"],
  [`${UPSTREAM_ECR}/upstream-app/svc:1`, `${UPSTREAM_ECR}/upstream-app/svc:1`],
];

describe("parseReference follows the distribution/reference grammar", () => {
  test.each([
    // [reference, registry, path, tag, digest]
    ["nginx", "registry-1.docker.io", "library/nginx", undefined, undefined],
    ["nginx:1.27", "registry-1.docker.io", "library/nginx", "1.27", undefined],
    ["library/nginx", "registry-1.docker.io", "library/nginx", undefined, undefined],
    ["docker.io/library/nginx:1.27", "registry-1.docker.io", "library/nginx", "1.27", undefined],
    ["docker.io/nginx", "registry-1.docker.io", "library/nginx", undefined, undefined],
    ["registry-1.docker.io/nginx", "registry-1.docker.io", "library/nginx", undefined, undefined],
    ["index.docker.io/bitnami/redis", "registry-1.docker.io", "bitnami/redis", undefined, undefined],
    ["grafana/grafana:11.0.0", "registry-1.docker.io", "grafana/grafana", "11.0.0", undefined],
    ["localhost/x", "localhost", "x", undefined, undefined],
    ["localhost:5000/x", "localhost:5000", "x", undefined, undefined],
    ["myregistry.example.com:443/a/b", "myregistry.example.com:443", "a/b", undefined, undefined],
    ["Quay.IO/cilium/cilium", "quay.io", "cilium/cilium", undefined, undefined],
    ["[::1]:5000/a/b:c", "[::1]:5000", "a/b", "c", undefined],
    [`ghcr.io/org/app@sha256:${SHA}`, "ghcr.io", "org/app", undefined, `sha256:${SHA}`],
    [`quay.io/cilium/cilium:v1.16.0@sha256:${SHA}`, "quay.io", "cilium/cilium", "v1.16.0", `sha256:${SHA}`],
    ["registry.k8s.io/pause:3.10", "registry.k8s.io", "pause", "3.10", undefined],
    [
      "public.ecr.aws/eks-distro/kubernetes/pause:3.9",
      "public.ecr.aws",
      "eks-distro/kubernetes/pause",
      "3.9",
      undefined,
    ],
    ["a__b/c--d/e.f_g:_Tag-1.x", "registry-1.docker.io", "a__b/c--d/e.f_g", "_Tag-1.x", undefined],
    ["quay.io:443", "registry-1.docker.io", "library/quay.io", "443", undefined],
    [`x@sha512:${"ab".repeat(64)}`, "registry-1.docker.io", "library/x", undefined, `sha512:${"ab".repeat(64)}`],
  ])("%s has registry %s, path %s, tag %s, digest %s", (reference, registry, path, tag, digest) => {
    const parsed = parseReference(reference);
    expect({ registry: parsed.registry, path: parsed.path, tag: parsed.tag, digest: parsed.digest }).toEqual({
      registry,
      path,
      tag,
      digest,
    });
  });

  test.each([
    ["nginx", true, true],
    ["docker.io/library/nginx", true, false],
    ["quay.io/a/b", false, false],
    ["docker.io:443/a/b", false, false],
  ])("%s: dockerHub %s, implicitRegistry %s", (reference, dockerHub, implicitRegistry) => {
    const parsed = parseReference(reference);
    expect([parsed.dockerHub, parsed.implicitRegistry]).toEqual([dockerHub, implicitRegistry]);
  });

  test("a port is parsed as a number", () => {
    expect(parseReference("localhost:5000/x").port).toBe(5000);
  });

  test.each([
    ["", /invalid image reference "": the reference is empty/],
    ["Nginx", /invalid image reference "Nginx": repository path component "Nginx" must be lowercase; use "nginx"/],
    ["quay.io/Cilium/cilium", /path component "Cilium" must be lowercase/],
    ["MyRegistry/app", /path component "MyRegistry" must be lowercase/],
    ["nginx@sha256:abc", /digest "sha256:abc" is invalid; a sha256 digest is sha256: followed by 64 lowercase hex/],
    [`nginx@sha256:${SHA.toUpperCase()}`, /a sha256 digest is sha256: followed by 64 lowercase hex/],
    [`nginx@sha256:${SHA}0`, /a sha256 digest is sha256: followed by 64/],
    [`nginx@md5:${SHA}`, /digest algorithm "md5" is not supported; use one of sha256, sha384, sha512/],
    // Names of Object's own members are unsupported algorithms, not lookups into Object.prototype.
    [`nginx@constructor:${SHA}`, /digest algorithm "constructor" is not supported; use one of sha256, sha384, sha512/],
    [`nginx@toString:${SHA}`, /digest algorithm "toString" is not supported/],
    ["nginx@", /digest "" is invalid; a digest is <algorithm>:<hex>/],
    ["nginx@sha256", /digest "sha256" is invalid/],
    [`nginx@sha256:${SHA}@sha256:${SHA}`, /more than one "@"/],
    ["nginx:", /tag "" is invalid/],
    ["nginx:.bad", /tag ".bad" is invalid/],
    [`nginx:${"a".repeat(129)}`, /tag "a{129}" is invalid; a tag is 1-128/],
    ["nginx:a+b", /tag "a\+b" is invalid/],
    ["quay.io/", /empty component/],
    ["/nginx", /empty component/],
    ["quay.io//x", /empty component/],
    ["a/b/", /empty component/],
    ["a..b", /path component "a..b" is invalid/],
    ["-a", /path component "-a" is invalid/],
    ["a_", /path component "a_" is invalid/],
    ["a___b", /path component "a___b" is invalid/],
    ["my_host.com/x", /registry host "my_host.com" is invalid/],
    ["host-.com/x", /registry host "host-.com" is invalid/],
    ["host.com:abc/x", /registry host "host.com:abc" is invalid/],
    ["host.com:0/x", /registry host "host.com:0" has a port outside 1-65535/],
    ["host.com:65536/x", /has a port outside 1-65535/],
    ["a/b:c/d", /path component "b:c" is invalid/],
    ["ngi nx", /contains whitespace/],
    [" nginx", /contains whitespace/],
    [`a/${"b".repeat(255)}`, /repository name is 257 characters long; at most 255 allowed/],
  ])("%j is invalid: %s", (reference, message) => {
    expect(() => parseReference(reference)).toThrow(message);
  });

  test("the error is an ImageReferenceError naming the reference", () => {
    expect(() => parseReference("Nginx")).toThrow(ImageReferenceError);
    expect(() => parseReference("Nginx")).toThrow(
      expect.objectContaining({ name: "ImageReferenceError", reference: "Nginx" }),
    );
  });
});

describe("rulesFromRegistries", () => {
  test("keeps config order, drops ROOT upstream prefixes and trailing slashes, lower-cases URLs", () => {
    expect(
      rulesFromRegistries({
        "team/hub/": { upstreamRegistryUrl: "Registry-1.Docker.io", upstreamRepositoryPrefix: "ROOT" },
        "my-app": { upstreamRegistryUrl: UPSTREAM_ECR, upstreamRepositoryPrefix: "upstream-app/" },
      }),
    ).toEqual([
      { ecrRepositoryPrefix: "team/hub", upstreamRegistryUrl: "registry-1.docker.io" },
      { ecrRepositoryPrefix: "my-app", upstreamRegistryUrl: UPSTREAM_ECR, upstreamRepositoryPrefix: "upstream-app" },
    ]);
  });

  test.each([
    "public.ecr.aws",
    "registry.k8s.io",
    "quay.io",
    "registry-1.docker.io",
    "ghcr.io",
    "myregistry.azurecr.io",
    "registry.gitlab.com",
    "cgr.dev",
    UPSTREAM_ECR,
  ])("accepts the supported upstream %s", (url) => {
    expect(rulesFromRegistries({ up: { upstreamRegistryUrl: url } })).toEqual([
      { ecrRepositoryPrefix: "up", upstreamRegistryUrl: url },
    ]);
  });
});

describe("toCacheUri", () => {
  test.each([
    ["nginx", `${HOST}/docker-hub/library/nginx`],
    ["nginx:1.27", `${HOST}/docker-hub/library/nginx:1.27`],
    ["library/nginx", `${HOST}/docker-hub/library/nginx`],
    ["docker.io/library/nginx:1.27", `${HOST}/docker-hub/library/nginx:1.27`],
    ["index.docker.io/bitnami/redis", `${HOST}/docker-hub/bitnami/redis`],
    ["grafana/grafana:11.0.0", `${HOST}/docker-hub/grafana/grafana:11.0.0`],
    [`ghcr.io/someone/app@sha256:${SHA}`, `${HOST}/ghcr/someone/app@sha256:${SHA}`],
    [`quay.io/cilium/cilium:v1.16.0@sha256:${SHA}`, `${HOST}/quay/cilium/cilium:v1.16.0@sha256:${SHA}`],
    ["registry.k8s.io/pause:3.10", `${HOST}/k8s/pause:3.10`],
    ["public.ecr.aws/eks-distro/kubernetes/pause:3.9", `${HOST}/ecr-public/eks-distro/kubernetes/pause:3.9`],
    // ROOT ECR prefix: no prefix in the cache path.
    ["cgr.dev/chainguard/static:latest", `${HOST}/chainguard/static:latest`],
    // Upstream repository prefix replaced by the ECR prefix.
    [`${UPSTREAM_ECR}/upstream-app/image1:1.0`, `${HOST}/my-app/image1:1.0`],
    [`${UPSTREAM_ECR}/team-a/myapp/image1`, `${HOST}/team-a/myapp/image1`],
    // The most specific upstream prefix wins over a ROOT upstream prefix.
    ["ghcr.io/org/app:2", `${HOST}/ghcr-org/app:2`],
  ])("%s -> %s", (reference, uri) => {
    expect(toCacheUri(reference, RULES, TARGET)).toBe(uri);
  });

  test("the account placeholder is allowed", () => {
    expect(toCacheUri("nginx", RULES, { account: ACCOUNT_PLACEHOLDER, region: REGION })).toBe(
      `<account-id>.dkr.ecr.${REGION}.amazonaws.com/docker-hub/library/nginx`,
    );
  });

  test("a ROOT ECR prefix with Docker Hub keeps library/ and adds no prefix", () => {
    const rules = rulesFromRegistries({ ROOT: { upstreamRegistryUrl: "registry-1.docker.io" } });
    expect(toCacheUri("nginx:1.27", rules, TARGET)).toBe(`${HOST}/library/nginx:1.27`);
  });

  test("a named ECR prefix is preferred over ROOT for the same upstream", () => {
    const rules = rulesFromRegistries({
      ROOT: { upstreamRegistryUrl: "quay.io" },
      quay: { upstreamRegistryUrl: "quay.io" },
    });
    expect(toCacheUri("quay.io/a/b", rules, TARGET)).toBe(`${HOST}/quay/a/b`);
  });

  test("the longest upstream prefix wins regardless of config order", () => {
    const rules = rulesFromRegistries({
      short: { upstreamRegistryUrl: UPSTREAM_ECR, upstreamRepositoryPrefix: "team" },
      long: { upstreamRegistryUrl: UPSTREAM_ECR, upstreamRepositoryPrefix: "team/sub" },
    });
    expect(toCacheUri(`${UPSTREAM_ECR}/team/sub/x`, rules, TARGET)).toBe(`${HOST}/long/x`);
    expect(toCacheUri(`${UPSTREAM_ECR}/team/other/x`, rules, TARGET)).toBe(`${HOST}/short/other/x`);
  });

  test("the no-rule error names the missing registry and how to add it", () => {
    const rules = rulesFromRegistries({ "docker-hub": { upstreamRegistryUrl: "registry-1.docker.io" } });
    expect(() => toCacheUri("quay.io/cilium/cilium:v1.16.0", rules, TARGET)).toThrow(
      'no pull through cache rule covers quay.io (quay.io/cilium/cilium:v1.16.0); add a registry with upstreamRegistryUrl "quay.io" to the config',
    );
    expect(() => toCacheUri("nginx", [], TARGET)).toThrow(noRuleForRegistry("nginx", "registry-1.docker.io").message);
  });

  test.each([
    [
      "registry.gitlab.com/group/app",
      /no pull through cache rule covers registry.gitlab.com \(registry.gitlab.com\/group\/app\); add a registry with upstreamRegistryUrl "registry.gitlab.com"/,
    ],
    ["myacr1.azurecr.io/app", /no pull through cache rule covers myacr1.azurecr.io/],
    [
      "localhost:5000/x",
      /^localhost:5000 is not an upstream ECR pull through cache supports \(localhost:5000\/x\); supported: /,
    ],
    [
      "myregistry.example.com:443/a/b",
      /^myregistry.example.com:443 is not an upstream ECR pull through cache supports/,
    ],
    ["mcr.microsoft.com/dotnet/runtime:8.0", /^mcr.microsoft.com is not an upstream/],
    ["quay.io:443/cilium/cilium", /registry quay.io:443 has a port .*without a port: quay.io$/],
    ["docker.io:443/library/nginx", /registry docker.io:443 has a port .*without a port: docker.io$/],
    [
      `${UPSTREAM_ECR}/other/image1`,
      /no pull through cache rule covers the upstream repository other\/image1 on 111122223333.*only cover upstream repositories under "upstream-app\/", "team-a\/"/,
    ],
    [`${UPSTREAM_ECR}/upstream-app`, /covers the upstream repository upstream-app on/],
    [`${HOST}/docker-hub/library/nginx`, /is already in the target registry .*use --reverse/],
    ["Nginx", /must be lowercase/],
  ])("%s is rejected: %s", (reference, message) => {
    expect(() => toCacheUri(reference, RULES, TARGET)).toThrow(message);
  });

  test("a cache path that another rule's ECR prefix captures is an error", () => {
    expect(() => toCacheUri("cgr.dev/quay/thing", RULES, TARGET)).toThrow(
      /the cache repository quay\/thing for cgr.dev\/quay\/thing falls under the ECR prefix "quay", whose rule pulls from quay.io/,
    );
  });

  test("a shadowed rule is skipped when another rule for the registry reaches the image", () => {
    const rules = rulesFromRegistries({
      hub: { upstreamRegistryUrl: "registry-1.docker.io" },
      "hub/team": { upstreamRegistryUrl: "quay.io" },
      ROOT: { upstreamRegistryUrl: "registry-1.docker.io" },
    });
    // Via `hub` the path would be hub/team/x, which ECR routes to the quay rule; ROOT gives team/x instead.
    expect(toCacheUri("team/x", rules, TARGET)).toBe(`${HOST}/team/x`);
    expect(toCacheUri("other/x", rules, TARGET)).toBe(`${HOST}/hub/other/x`);
  });

  test("a cache repository name over 256 characters is an error", () => {
    const long = `${"a".repeat(120)}/${"b".repeat(120)}`;
    const rules = rulesFromRegistries({ ["p".repeat(30)]: { upstreamRegistryUrl: "quay.io" } });
    expect(() => toCacheUri(`quay.io/${long}`, rules, TARGET)).toThrow(/is 272 characters .*ECR allows at most 256/);
  });

  test.each([
    [{ account: "12345", region: REGION }, /AWS account "12345" is invalid; give the 12-digit account id/],
    [{ account: ACCOUNT, region: "Mars" }, /AWS region "Mars" is invalid/],
  ])("an invalid target %j is rejected", (target, message) => {
    expect(() => toCacheUri("nginx", RULES, target)).toThrow(message);
  });

  test("mapping errors are ImageMappingErrors naming the reference", () => {
    expect(() => toCacheUri("quay.io:443/a/b", [], TARGET)).toThrow(ImageMappingError);
    expect(() => toCacheUri("quay.io:443/a/b", [], TARGET)).toThrow(
      expect.objectContaining({ reference: "quay.io:443/a/b" }),
    );
  });
});

describe("toUpstreamReference", () => {
  test.each([
    [`${HOST}/docker-hub/library/nginx:1.27`, "docker.io/library/nginx:1.27"],
    [`${HOST}/docker-hub/grafana/grafana:11.0.0`, "docker.io/grafana/grafana:11.0.0"],
    [`${HOST}/quay/cilium/cilium:v1.16.0@sha256:${SHA}`, `quay.io/cilium/cilium:v1.16.0@sha256:${SHA}`],
    [`${HOST}/k8s/pause:3.10`, "registry.k8s.io/pause:3.10"],
    [`${HOST}/my-app/image1`, `${UPSTREAM_ECR}/upstream-app/image1`],
    [`${HOST}/team-a/myapp/image1`, `${UPSTREAM_ECR}/team-a/myapp/image1`],
    [`${HOST}/ghcr-org/app:2`, "ghcr.io/org/app:2"],
    // No ECR prefix matches: the ROOT rule.
    [`${HOST}/chainguard/static`, "cgr.dev/chainguard/static"],
    [`${HOST}/quay`, "cgr.dev/quay"],
  ])("%s -> %s", (uri, reference) => {
    expect(toUpstreamReference(uri, RULES)).toBe(reference);
  });

  test("the longest ECR prefix wins over a shorter one", () => {
    const rules = rulesFromRegistries({
      hub: { upstreamRegistryUrl: "registry-1.docker.io" },
      "hub/team": { upstreamRegistryUrl: "quay.io" },
    });
    expect(toUpstreamReference(`${HOST}/hub/team/x`, rules)).toBe("quay.io/x");
    expect(toUpstreamReference(`${HOST}/hub/teams/x`, rules)).toBe("docker.io/teams/x");
  });

  test.each([
    [
      "quay.io/cilium/cilium",
      /^quay.io\/cilium\/cilium is not an ECR private registry URI \(host quay.io\); expected <account>.dkr.ecr/,
    ],
    ["nginx", /^nginx is not an ECR private registry URI \(host none\)/],
    [
      `${HOST}:443/quay/x`,
      /is not an ECR private registry URI \(host 123456789012.dkr.ecr.us-east-1.amazonaws.com:443\)/,
    ],
    ["1234.dkr.ecr.us-east-1.amazonaws.com/quay/x", /is not an ECR private registry URI/],
    [`${HOST}/Quay/x`, /must be lowercase/],
  ])("%s is rejected: %s", (uri, message) => {
    expect(() => toUpstreamReference(uri, RULES)).toThrow(message);
  });

  test("a path no ECR prefix covers without a ROOT rule names the configured prefixes", () => {
    const rules = rulesFromRegistries({
      quay: { upstreamRegistryUrl: "quay.io" },
      k8s: { upstreamRegistryUrl: "registry.k8s.io" },
    });
    expect(() => toUpstreamReference(`${HOST}/ghcr/x`, rules)).toThrow(
      /no pull through cache rule has an ECR prefix that covers ghcr\/x .*configured ECR prefixes: quay, k8s/,
    );
  });

  test.each([
    [{ region: "eu-west-1" }, /is in region us-east-1, but the pull through cache rules are for region eu-west-1/],
    [
      { account: "999999999999" },
      /is in account 123456789012, but the pull through cache rules are for account 999999999999/,
    ],
  ])("a URI outside the expected %j is rejected", (expected, message) => {
    expect(() => toUpstreamReference(`${HOST}/quay/x`, RULES, expected)).toThrow(message);
  });

  test("the expected target passes when it matches", () => {
    expect(toUpstreamReference(`${HOST}/quay/x`, RULES, TARGET)).toBe("quay.io/x");
  });
});

describe("round trip: toUpstreamReference(toCacheUri(x)) is the normalized x", () => {
  test.each(NORMALIZED)("%s comes back as %s", (reference, normalized) => {
    expect(toUpstreamReference(toCacheUri(reference, RULES, TARGET), RULES, TARGET)).toBe(normalized);
  });

  const alnum = fc.stringMatching(/^[a-z0-9]{1,6}$/);
  const separator = fc.constantFrom(".", "_", "__", "-", "--");
  const component = fc
    .tuple(alnum, fc.array(fc.tuple(separator, alnum), { maxLength: 2 }))
    .map(([head, rest]) => head + rest.map(([s, a]) => s + a).join(""));
  const path = fc.array(component, { minLength: 1, maxLength: 4 }).map((c) => c.join("/"));
  const tag = fc.option(fc.stringMatching(/^\w[\w.-]{0,20}$/), { nil: undefined });
  const digest = fc.option(
    fc.stringMatching(/^[0-9a-f]{64}$/).map((hex) => `sha256:${hex}`),
    { nil: undefined },
  );
  /** A registry host as written and a path that some rule in RULES covers. */
  const covered = fc.oneof(
    // Without a host, a first component with "." would be read as a host (distribution/reference), so avoid it.
    fc.tuple(
      fc.constant(""),
      path.filter((p) => !p.includes("/") || !p.split("/")[0].includes(".")),
    ),
    fc.tuple(fc.constantFrom("docker.io/", "index.docker.io/", "registry-1.docker.io/"), path),
    fc.tuple(fc.constantFrom("quay.io/", "registry.k8s.io/", "public.ecr.aws/", "ghcr.io/", "cgr.dev/"), path),
    fc.tuple(fc.constantFrom(`${UPSTREAM_ECR}/upstream-app/`, `${UPSTREAM_ECR}/team-a/`), path),
  );
  const reference = fc
    .tuple(covered, tag, digest)
    .map(([[host, p], t, d]) => `${host}${p}${t === undefined ? "" : `:${t}`}${d === undefined ? "" : `@${d}`}`);
  /** cgr.dev under ROOT can produce paths that a named ECR prefix captures; those are errors by design. */
  const notShadowed = (x: string): boolean => {
    const first = parseReference(x).path.split("/")[0];
    return !(x.startsWith("cgr.dev/") && Object.keys(REGISTRIES).includes(first));
  };

  test("for generated references, what comes back maps to the same cache URI and comes back unchanged", () => {
    fc.assert(
      fc.property(reference, (x) => {
        fc.pre(notShadowed(x));
        const uri = toCacheUri(x, RULES, TARGET);
        const back = toUpstreamReference(uri, RULES, TARGET);
        expect(toCacheUri(back, RULES, TARGET)).toBe(uri);
        expect(toUpstreamReference(toCacheUri(back, RULES, TARGET), RULES, TARGET)).toBe(back);
        // Only the registry's spelling may change: the path's end, the tag and the digest come back as written.
        expect(back.endsWith(x.replace(/^(docker\.io|index\.docker\.io|registry-1\.docker\.io)\//, ""))).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  test("every cache URI is a valid reference on the target registry", () => {
    fc.assert(
      fc.property(reference, (x) => {
        fc.pre(notShadowed(x));
        expect(parseReference(toCacheUri(x, RULES, TARGET)).registry).toBe(HOST);
      }),
      { numRuns: 200 },
    );
  });
});

describe("runImageCli", () => {
  const dir = tempDir("image");
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  let configs = 0;

  /** Writes a config file (JSON) and returns its path. */
  function configFile(data: unknown): string {
    const file = path.join(dir, `config-${(configs += 1)}.json`);
    writeFileSync(file, JSON.stringify(data));
    return file;
  }

  /** A config in REGION with REGISTRIES (each with the credentials or role its upstream takes), and more fields. */
  function registriesConfig(extra: Record<string, unknown> = {}): string {
    const role = { upstreamRoleArn: "arn:aws:iam::123456789012:role/ecr-ptc" };
    const secret = { credentials: "managed" };
    const auth: Record<string, object> = { "docker-hub": secret, ghcr: secret, "ghcr-org": secret, ROOT: secret };
    Object.assign(auth, { "my-app": role, "team-a": role });
    const registries = Object.fromEntries(Object.entries(REGISTRIES).map(([k, r]) => [k, { ...r, ...auth[k] }]));
    return configFile({ region: REGION, registries, ...extra });
  }

  const CONFIG = registriesConfig();

  interface Run {
    code: number;
    stdout: string;
    stderr: string;
    stdinReads: number;
  }

  /**
   * Runs the command with `files` as the file system, `stdin`, and ECR_CACHE_CONFIG naming {@link CONFIG} unless
   * `env` says otherwise. The output is joined into text, one line each, as the real entry writes it.
   */
  function run(
    argv: string[],
    over: { env?: Record<string, string>; files?: Record<string, string>; stdin?: string } = {},
  ): Run {
    const out: string[] = [];
    const err: string[] = [];
    let stdinReads = 0;
    const io: FileIo = {
      stdout: (line) => out.push(`${line}\n`),
      stderr: (line) => err.push(`${line}\n`),
      env: { ECR_CACHE_CONFIG: CONFIG, ...over.env },
      readBytes: (file) => {
        if (file === "-") {
          stdinReads += 1;
          return Buffer.from(over.stdin ?? "nginx\n");
        }
        const text = over.files?.[file];
        if (text === undefined) throw new Error(`ENOENT: no such file or directory, open '${file}'`);
        return Buffer.from(text);
      },
    };
    const code = runImageCli(argv, io);
    return { code, stdout: out.join(""), stderr: err.join(""), stdinReads };
  }

  test("maps positional references in order, one output per line", () => {
    const r = run(["--account", ACCOUNT, "nginx:1.27", "quay.io/cilium/cilium:v1.16.0", "nginx:1.27"]);
    expect(r).toMatchObject({
      code: 0,
      stdout: `${HOST}/docker-hub/library/nginx:1.27\n${HOST}/quay/cilium/cilium:v1.16.0\n${HOST}/docker-hub/library/nginx:1.27\n`,
      stderr: "",
    });
  });

  test("a digest algorithm named constructor is an unsupported algorithm, not Object's constructor", () => {
    const r = run(["--account", ACCOUNT, `nginx@constructor:${SHA}`]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('digest algorithm "constructor" is not supported; use one of sha256, sha384, sha512');
    expect(r.stderr).not.toContain("native code");
  });

  test("a token pasted into a reference is masked in the error", () => {
    const token = "ghp_" + "Zx9".repeat(12);
    const r = run(["--account", ACCOUNT, `https://bob:${token}@ghcr.io/org/app`]);
    expect(r.code).toBe(1);
    expect(r.stderr).not.toBe("");
    expect(r.stderr).not.toContain(token);
  });

  test("takes the account from AWS_ACCOUNT_ID when --account is absent", () => {
    expect(run(["nginx"], { env: { AWS_ACCOUNT_ID: ACCOUNT } })).toMatchObject({
      code: 0,
      stdout: `${HOST}/docker-hub/library/nginx\n`,
      stderr: "",
    });
  });

  test("--account wins over AWS_ACCOUNT_ID", () => {
    const r = run(["--account", "210987654321", "nginx"], { env: { AWS_ACCOUNT_ID: ACCOUNT } });
    expect(r.stdout).toBe(`210987654321.dkr.ecr.${REGION}.amazonaws.com/docker-hub/library/nginx\n`);
  });

  describe("the account: --account, else the config's accountId, else AWS_ACCOUNT_ID", () => {
    const CONFIG_ACCOUNT = "555566667777";
    const FLAG_ACCOUNT = "210987654321";
    const withConfigAccount = (accountId: string) => ({ env: { ECR_CACHE_CONFIG: registriesConfig({ accountId }) } });
    const WITH_ACCOUNT = withConfigAccount(CONFIG_ACCOUNT).env.ECR_CACHE_CONFIG;
    const uri = (account: string) => `${account}.dkr.ecr.${REGION}.amazonaws.com/docker-hub/library/nginx\n`;

    test("--account wins over the config's accountId", () => {
      const r = run(["--account", FLAG_ACCOUNT, "nginx"], withConfigAccount(CONFIG_ACCOUNT));
      expect(r).toMatchObject({ code: 0, stdout: uri(FLAG_ACCOUNT), stderr: "" });
    });

    test("the config's accountId wins over AWS_ACCOUNT_ID", () => {
      const r = run(["nginx"], { env: { ECR_CACHE_CONFIG: WITH_ACCOUNT, AWS_ACCOUNT_ID: ACCOUNT } });
      expect(r).toMatchObject({ code: 0, stdout: uri(CONFIG_ACCOUNT), stderr: "" });
    });

    test("AWS_ACCOUNT_ID is used when the config has no accountId", () => {
      const r = run(["nginx"], { env: { AWS_ACCOUNT_ID: ACCOUNT } });
      expect(r).toMatchObject({ code: 0, stdout: uri(ACCOUNT), stderr: "" });
    });

    test("an invalid AWS_ACCOUNT_ID is not read when the config has an accountId", () => {
      const r = run(["nginx"], { env: { ECR_CACHE_CONFIG: WITH_ACCOUNT, AWS_ACCOUNT_ID: "abc" } });
      expect(r).toMatchObject({ code: 0, stdout: uri(CONFIG_ACCOUNT), stderr: "" });
    });

    test("an invalid accountId in the config is the loader's error, exit 1", () => {
      const file = registriesConfig({ accountId: "12345" });
      const r = run(["--config", file, "nginx"]);
      expect(r).toMatchObject({ code: 1, stdout: "" });
      expect(r.stderr).toBe(
        'error: accountId: must be a 12-digit AWS account id ("12345"); correct this value\n' +
          `${file}: 1 error(s) above; nothing was mapped. Fix them and run again.\n`,
      );
    });

    test("--reverse rejects a URI of another account than the config's accountId, naming both", () => {
      const r = run(["--reverse", `${HOST}/quay/x`], withConfigAccount(CONFIG_ACCOUNT));
      expect(r).toMatchObject({ code: 1, stdout: "" });
      expect(r.stderr).toContain(
        `is in account ${ACCOUNT}, but the pull through cache rules are for account ${CONFIG_ACCOUNT}`,
      );
    });

    test("--reverse checks --account before the config's accountId", () => {
      const r = run(["--reverse", "--account", ACCOUNT, `${HOST}/quay/x`], withConfigAccount(CONFIG_ACCOUNT));
      expect(r).toMatchObject({ code: 0, stdout: "quay.io/x\n", stderr: "" });
    });

    test("--reverse does not check URIs against AWS_ACCOUNT_ID", () => {
      const r = run(["--reverse", `${HOST}/quay/x`], { env: { AWS_ACCOUNT_ID: CONFIG_ACCOUNT } });
      expect(r).toMatchObject({ code: 0, stdout: "quay.io/x\n", stderr: "" });
    });

    test("--help names the order", () => {
      expect(run(["--help"]).stdout).toMatch(/--account <id> .*the config's accountId, else \$AWS_ACCOUNT_ID/);
    });
  });

  test("without an account, prints the placeholder and one note saying how to set it", () => {
    const r = run(["nginx", "quay.io/a/b"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(
      `<account-id>.dkr.ecr.${REGION}.amazonaws.com/docker-hub/library/nginx\n<account-id>.dkr.ecr.${REGION}.amazonaws.com/quay/a/b\n`,
    );
    expect(r.stderr).toBe(`${accountPlaceholderNote(ACCOUNT_PLACEHOLDER)}\n`);
    expect(r.stderr).toMatch(/--account .*AWS_ACCOUNT_ID/);
  });

  test.each([
    [["--account", "12345", "nginx"], {}, invalidAccountOption("12345", "--account")],
    [["--account", "1234567890123", "nginx"], {}, invalidAccountOption("1234567890123", "--account")],
    [["--account", "12345678901a", "nginx"], {}, invalidAccountOption("12345678901a", "--account")],
    [["nginx"], { AWS_ACCOUNT_ID: "abc" }, invalidAccountOption("abc", "AWS_ACCOUNT_ID")],
  ])("rejects the account in %j %j with exit 2", (argv, env, message) => {
    const r = run(argv, { env });
    expect(r).toMatchObject({ code: 2, stdout: "" });
    expect(r.stderr).toContain(message);
    expect(r.stderr).toMatch(/exactly 12 digits/);
  });

  test("an unknown flag names the flag and prints the usage with the valid ones, exit 2", () => {
    const r = run(["--acount", ACCOUNT, "nginx"]);
    expect(r).toMatchObject({ code: 2, stdout: "" });
    expect(r.stderr).toMatch(
      /^error: Unknown option '--acount'[^]*\n\nUsage: npm run --silent image -- [^]*--account <id> /,
    );
  });

  test("an unknown short flag is named too", () => {
    expect(run(["-x", "nginx"]).stderr).toMatch(/^error: Unknown option '-x'[^]*Usage: npm run --silent image -- /);
  });

  test.each([
    [["nginx", "--account"], /^error: Option '--account <value>' argument missing/],
    [["--reverse=yes", "nginx"], /^error: Option '--reverse' does not take an argument/],
    [["--account", ACCOUNT, "--account", ACCOUNT, "nginx"], /^error: Option '--account' is given more than once/],
    [["--config", CONFIG, "--config", CONFIG, "nginx"], /^error: Option '--config' is given more than once/],
  ])("%j is an argument error, exit 2", (argv, message) => {
    const r = run(argv);
    expect(r).toMatchObject({ code: 2, stdout: "" });
    expect(r.stderr).toMatch(message);
  });

  test("no references is a usage error, exit 2", () => {
    expect(run(["--account", ACCOUNT])).toMatchObject({
      code: 2,
      stdout: "",
      stderr: `error: ${noReferencesGiven()}\n`,
    });
  });

  test("--help prints usage with the output format and exit codes, exit 0, even with other arguments", () => {
    const r = run(["nginx", "--help"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Usage: npm run --silent image -- /);
    expect(r.stdout).toMatch(/one line per input, in input order/);
    expect(r.stdout).toMatch(/Exit codes: 0 .*; 1 .*\n2 invalid command line/);
    expect(r.stderr).toBe("");
  });

  test("-h is --help", () => {
    expect(run(["-h"]).stdout).toMatch(/--reverse/);
  });

  test("--config picks the config; without it ECR_CACHE_CONFIG does, else the project's default config", () => {
    const hub = configFile({
      region: REGION,
      registries: { hub: { upstreamRegistryUrl: "registry-1.docker.io", credentials: "managed" } },
    });
    expect(run(["--account", ACCOUNT, "--config", hub, "nginx"]).stdout).toBe(`${HOST}/hub/library/nginx\n`);
    expect(run(["--account", ACCOUNT, "nginx"]).stdout).toBe(`${HOST}/docker-hub/library/nginx\n`);
    // config/default.yaml: Seoul, Docker Hub under docker-hub.
    expect(run(["--account", ACCOUNT, "nginx"], { env: { ECR_CACHE_CONFIG: "" } }).stdout).toBe(
      `${ACCOUNT}.dkr.ecr.ap-northeast-2.amazonaws.com/docker-hub/library/nginx\n`,
    );
  });

  test("--file reads one reference per line, skipping blanks and comments, after positionals", () => {
    const file = [
      "# images used by the cluster",
      "",
      "  quay.io/cilium/cilium:v1.16.0  ",
      "- registry.k8s.io/pause:3.10",
      '- "grafana/grafana:11.0.0"',
      "'ghcr.io/org/app:2'  # pinned",
      "   # indented comment",
    ].join("\r\n");
    const r = run(["--account", ACCOUNT, "--file", "images.txt", "nginx"], {
      files: { "images.txt": file },
    });
    expect(r).toMatchObject({ code: 0, stderr: "" });
    expect(r.stdout.split("\n")).toEqual([
      `${HOST}/docker-hub/library/nginx`,
      `${HOST}/quay/cilium/cilium:v1.16.0`,
      `${HOST}/k8s/pause:3.10`,
      `${HOST}/docker-hub/grafana/grafana:11.0.0`,
      `${HOST}/ghcr-org/app:2`,
      "",
    ]);
  });

  test.each([
    ["nginx", "nginx"],
    ["  nginx  ", "nginx"],
    ["- nginx", "nginx"],
    ['"nginx"', "nginx"],
    ["'nginx:1.27'", "nginx:1.27"],
    ['- "nginx" # comment', "nginx"],
    ['        image: "quay.io/cilium/cilium:v1.16.0"', "quay.io/cilium/cilium:v1.16.0"],
    ["- image: nginx:1.27", "nginx:1.27"],
    ["", undefined],
    ["   ", undefined],
    ["# nginx", undefined],
    ["-", "-"],
    ['"nginx', '"nginx'],
  ])("the --file line %j holds %j", (line, reference) => {
    expect(referenceFromLine(line)).toBe(reference);
  });

  test("--file - reads stdin once, even when given twice", () => {
    const r = run(["--account", ACCOUNT, "--file", "-", "--file", "-"]);
    expect(r).toMatchObject({ code: 0, stdinReads: 1 });
    expect(r.stdout).toBe(`${HOST}/docker-hub/library/nginx\n${HOST}/docker-hub/library/nginx\n`);
  });

  test("an empty --file maps nothing and succeeds", () => {
    expect(run(["--account", ACCOUNT, "--file", "-"], { stdin: "# nothing\n\n" })).toMatchObject({
      code: 0,
      stdout: "",
      stderr: "",
    });
  });

  test("an unreadable --file is a failure naming it, exit 1", () => {
    const r = run(["--account", ACCOUNT, "--file", "missing.txt", "nginx"]);
    expect(r).toMatchObject({ code: 1, stdout: "" });
    expect(r.stderr).toMatch(/^error: cannot read --file missing.txt: ENOENT/);
  });

  test("a config that cannot be loaded is a failure: its findings, then the file, exit 1", () => {
    const file = configFile({ registries: { quay: { upstreamRegistryUrl: "quay.io" } } });
    const r = run(["--account", ACCOUNT, "--config", file, "nginx"]);
    expect(r).toMatchObject({ code: 1, stdout: "" });
    expect(r.stderr.split("\n")).toEqual([
      "error: region: required string is missing; add region",
      `${file}: 1 error(s) above; nothing was mapped. Fix them and run again.`,
      "",
    ]);
  });

  test("a config file that is missing is a failure naming it, exit 1", () => {
    const r = run(["--account", ACCOUNT, "--config", path.join(dir, "none.yaml"), "nginx"]);
    expect(r).toMatchObject({ code: 1, stdout: "" });
    expect(r.stderr).toMatch(/^error: --config: .*none\.yaml/);
  });

  test("invalid registries in the config are the loader's error, exit 1", () => {
    const r = run(["--account", ACCOUNT, "nginx"], {
      env: {
        ECR_CACHE_CONFIG: configFile({ region: REGION, registries: { hub: { upstreamRegistryUrl: "docker.io" } } }),
      },
    });
    expect(r).toMatchObject({ code: 1, stdout: "" });
    expect(r.stderr).toMatch(
      /^error: registries\.hub\.upstreamRegistryUrl: upstreamRegistryUrl is not the Docker Hub host/,
    );
  });

  test("all or nothing: every failure on stderr naming its reference, nothing on stdout, exit 1", () => {
    const r = run(["--account", ACCOUNT, "--file", "list.txt", "nginx", "Bad", "mcr.microsoft.com/dotnet/runtime"], {
      files: { "list.txt": "quay.io/ok/image\nregistry.gitlab.com/group/app\n" },
      env: {
        ECR_CACHE_CONFIG: configFile({
          region: REGION,
          registries: {
            quay: { upstreamRegistryUrl: "quay.io" },
            hub: { upstreamRegistryUrl: "registry-1.docker.io", credentials: "managed" },
          },
        }),
      },
    });
    expect(r.code).toBe(1);
    expect(r.stdout).toBe("");
    const lines = r.stderr.trimEnd().split("\n");
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(
      /^error: invalid image reference "Bad": repository path component "Bad" must be lowercase/,
    );
    expect(lines[1]).toMatch(/^error: mcr.microsoft.com is not an upstream .*\(mcr.microsoft.com\/dotnet\/runtime\)/);
    expect(lines[2]).toBe(
      'error: list.txt:2: no pull through cache rule covers registry.gitlab.com (registry.gitlab.com/group/app); add a registry with upstreamRegistryUrl "registry.gitlab.com" to the config',
    );
  });

  test("--reverse maps cache URIs back to upstream references without needing an account", () => {
    const r = run(["--reverse", `${HOST}/docker-hub/library/nginx:1.27`, `${HOST}/my-app/image1@sha256:${SHA}`]);
    expect(r).toMatchObject({
      code: 0,
      stdout: `docker.io/library/nginx:1.27\n${UPSTREAM_ECR}/upstream-app/image1@sha256:${SHA}\n`,
      stderr: "",
    });
  });

  test("--reverse reads --file too", () => {
    const r = run(["--reverse", "--file", "-"], { stdin: `${HOST}/quay/cilium/cilium:v1.16.0\n` });
    expect(r).toMatchObject({ code: 0, stdout: "quay.io/cilium/cilium:v1.16.0\n" });
  });

  test.each([
    [["--reverse", "quay.io/cilium/cilium"], /^error: quay.io\/cilium\/cilium is not an ECR private registry URI/],
    [
      ["--reverse", `${ACCOUNT}.dkr.ecr.eu-west-1.amazonaws.com/quay/x`],
      /is in region eu-west-1, but the pull through cache rules are for region us-east-1/,
    ],
    [
      ["--reverse", "--account", "999999999999", `${HOST}/quay/x`],
      /is in account 123456789012, but .* account 999999999999/,
    ],
  ])("--reverse rejects %j with exit 1", (argv, message) => {
    const r = run(argv);
    expect(r).toMatchObject({ code: 1, stdout: "" });
    expect(r.stderr).toMatch(message);
  });

  test("forward then --reverse gives back the normalized references", () => {
    const inputs = ["nginx:1.27", "index.docker.io/bitnami/redis", `quay.io/cilium/cilium:v1.16.0@sha256:${SHA}`];
    const forward = run(["--account", ACCOUNT, ...inputs])
      .stdout.trimEnd()
      .split("\n");
    expect(
      run(["--reverse", ...forward])
        .stdout.trimEnd()
        .split("\n"),
    ).toEqual([
      "docker.io/library/nginx:1.27",
      "docker.io/bitnami/redis",
      `quay.io/cilium/cilium:v1.16.0@sha256:${SHA}`,
    ]);
  });

  describe("through the real entry (npm run image)", () => {
    const image = (args: string[], input?: string) =>
      runEntry("src/cli/image-main.ts", args, { ECR_CACHE_CONFIG: CONFIG }, input);

    test("a --file that is not UTF-8 text (a binary file) is one failure naming it, not one per line, exit 1", () => {
      const binary = path.join(dir, "binary.bin");
      writeFileSync(binary, Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 131 + 7) % 256)));
      const r = image(["--account", ACCOUNT, "nginx", "--file", binary]);
      expect(r).toEqual({
        status: 1,
        stdout: "",
        stderr: `error: --file ${binary} is not UTF-8 text; give a text file with one image reference a line (saved as UTF-8), or - for stdin\n`,
      });
    });

    test("a folder given as --file is a failure naming it and the fix, exit 1", () => {
      const r = image(["--account", ACCOUNT, "--file", dir, "nginx"]);
      expect(r.status).toBe(1);
      expect(r.stdout).toBe("");
      expect(r.stderr).toMatch(
        /^error: cannot read --file .*: EISDIR.*; give a text file with one image reference a line, or - for stdin\n$/,
      );
    });

    test("positionals first, then each --file in order (a file and stdin): one line each, exit 0", () => {
      const list = path.join(dir, "images.txt");
      writeFileSync(list, "# pinned\nquay.io/cilium/cilium:v1.16.0\n- registry.k8s.io/pause:3.10\n");
      const r = image(
        ["--account", ACCOUNT, "nginx:1.27", "--file", list, "ghcr.io/org/app", "--file", "-"],
        "cgr.dev/x\n",
      );
      expect(r).toEqual({
        status: 0,
        stdout: [
          `${HOST}/docker-hub/library/nginx:1.27`,
          `${HOST}/ghcr-org/app`,
          `${HOST}/quay/cilium/cilium:v1.16.0`,
          `${HOST}/k8s/pause:3.10`,
          `${HOST}/x`,
          "",
        ].join("\n"),
        stderr: "",
      });
    });

    test("an unknown flag: exit 2, the flag and the usage on stderr, nothing on stdout", () => {
      const r = image(["--acount", ACCOUNT, "nginx"]);
      expect(r.status).toBe(2);
      expect(r.stdout).toBe("");
      expect(r.stderr).toMatch(
        /^error: Unknown option '--acount'[^]*\n\nUsage: npm run --silent image -- \[options\] <reference>\.\.\.\n/,
      );
    });

    describe("a config with targets (config/organization.yaml)", () => {
      const ORG = path.join(__dirname, "..", "config", "organization.yaml");
      const org = (args: string[]) => runEntry("src/cli/image-main.ts", ["--config", ORG, ...args], {});

      test("--target names whose cache: the spoke's account and Region, exit 0", () => {
        expect(org(["--target", "hub-us", "nginx:1.27"])).toEqual({
          status: 0,
          stdout: "111111111111.dkr.ecr.us-east-1.amazonaws.com/docker-hub/library/nginx:1.27\n",
          stderr: "",
        });
        expect(
          org(["--target", "prod", "--reverse", "222222222222.dkr.ecr.eu-west-1.amazonaws.com/quay/cilium/cilium"]),
        ).toEqual({ status: 0, stdout: "quay.io/cilium/cilium\n", stderr: "" });
      });

      test("without --target, or naming none: exit 2 with the targets to choose from", () => {
        expect(org(["nginx"])).toEqual({
          status: 2,
          stdout: "",
          stderr: "error: the config has targets; pass --target with one of: hub, hub-us, prod\n",
        });
        expect(org(["--target", "dev", "nginx"]).stderr).toBe(
          'error: --target "dev" names no target of the config; pass --target with one of: hub, hub-us, prod\n',
        );
      });

      test("--target with a config without targets: exit 2", () => {
        const r = image(["--target", "hub", "nginx"]);
        expect(r.status).toBe(2);
        expect(r.stderr).toBe(
          'error: --target "hub" given, but the config has no targets; remove --target, or pass --config with a config that lists them\n',
        );
      });
    });

    test.each([["--help"], ["-h"]])("%s: the usage on stdout, exit 0", (flag) => {
      const r = image([flag]);
      expect(r.status).toBe(0);
      expect(r.stdout).toMatch(
        /^Usage: npm run --silent image -- \[options\] <reference>\.\.\.\n[^]*\[:tag\]\[@digest\][^]*-h, --help/,
      );
      expect(r.stderr).toBe("");
    });

    test("a reference that cannot be mapped: exit 1, nothing on stdout", () => {
      const r = image(["--account", ACCOUNT, "nginx", "mcr.microsoft.com/dotnet/runtime"]);
      expect(r.status).toBe(1);
      expect(r.stdout).toBe("");
      expect(r.stderr).toMatch(/^error: mcr.microsoft.com is not an upstream/);
    });
  });
});
