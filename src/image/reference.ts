/**
 * Parses container image references with the distribution/reference grammar
 * (`[host[:port]/]path[:tag][@digest]`) and normalizes Docker Hub names.
 */
import { DOCKER_HUB_REGISTRY } from "../aws/ecr";
import {
  emptyPathComponent,
  emptyReference,
  invalidDigestHex,
  invalidPathComponent,
  invalidRegistryHost,
  invalidRegistryPort,
  invalidTag,
  malformedDigest,
  nameTooLong,
  referenceHasWhitespace,
  tooManyDigestSeparators,
  unsupportedDigestAlgorithm,
  uppercasePathComponent,
} from "./reference.messages";

/** The host Docker Hub references are written with when normalized. */
export const DOCKER_HUB_DOMAIN = "docker.io";

/**
 * Hosts a reference may name Docker Hub with: the two distribution/reference normalizes (`docker.io`,
 * `index.docker.io`) and the registry URL ECR rules use. Deliberately not `DOCKER_HUB_ALIASES` of ecr-rules, which
 * also lists `hub.docker.com` (the website, not a registry) and `registry.hub.docker.com`.
 */
export const DOCKER_HUB_HOSTS: readonly string[] = [DOCKER_HUB_DOMAIN, "index.docker.io", DOCKER_HUB_REGISTRY];

/** Longest `host/path` the grammar accepts (distribution/reference NameTotalLengthMax). */
export const NAME_MAX_LENGTH = 255;

/** Digest algorithms accepted, with the hex length each requires (the ones go-digest registers). */
export const DIGEST_HEX_LENGTHS: ReadonlyMap<string, number> = new Map([
  ["sha256", 64],
  ["sha384", 96],
  ["sha512", 128],
]);

/** A parsed, Docker-Hub-normalized image reference. */
export interface ParsedReference {
  /** The reference exactly as given. */
  readonly input: string;
  /**
   * The registry, lower-cased, with `:port` when one was written. Docker Hub (no host, `docker.io`,
   * `index.docker.io`, `registry-1.docker.io`) is always `registry-1.docker.io`, the URL ECR rules use.
   */
  readonly registry: string;
  /** `registry` without the port. */
  readonly hostname: string;
  /**
   * The port written after the host.
   * @default - none written
   */
  readonly port?: number;
  /** True when the reference is on Docker Hub, written with or without a host. */
  readonly dockerHub: boolean;
  /** True when the reference had no registry host and Docker Hub was implied. */
  readonly implicitRegistry: boolean;
  /** The repository path, `/`-separated; single-component Docker Hub paths get `library/`. */
  readonly path: string;
  /**
   * The tag. No tag is added when none was written (`latest` stays implied).
   * @default - none
   */
  readonly tag?: string;
  /**
   * The digest, `algorithm:hex`.
   * @default - none
   */
  readonly digest?: string;
}

const DOMAIN_LABEL = "(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])";
const HOST_RE = new RegExp(`^(?:(${DOMAIN_LABEL}(?:\\.${DOMAIN_LABEL})*)|(\\[[a-fA-F0-9:.]+\\]))(?::([0-9]+))?$`);
const PATH_COMPONENT_RE = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
const TAG_RE = /^\w[\w.-]{0,127}$/;
const DIGEST_RE = /^([A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*):([0-9a-fA-F]+)$/;

/** True when the first `/`-separated component names a registry host: it has `.` or `:`, or is `localhost`. */
export function looksLikeHost(component: string): boolean {
  return component.includes(".") || component.includes(":") || component === "localhost";
}

/** Splits `name[:tag][@digest]` into its three texts; tag and digest are undefined when absent. */
function splitReference(text: string): { name: string; tag?: string; digest?: string } {
  const at = text.indexOf("@");
  if (at !== -1 && text.indexOf("@", at + 1) !== -1) throw tooManyDigestSeparators(text);
  const beforeDigest = at === -1 ? text : text.slice(0, at);
  const digest = at === -1 ? undefined : text.slice(at + 1);
  const colon = beforeDigest.lastIndexOf(":");
  const hasTag = colon > beforeDigest.lastIndexOf("/");
  return {
    name: hasTag ? beforeDigest.slice(0, colon) : beforeDigest,
    tag: hasTag ? beforeDigest.slice(colon + 1) : undefined,
    digest,
  };
}

/** Validates `host[:port]` and returns its lower-cased hostname and port. */
function parseHost(reference: string, host: string): { hostname: string; port?: number } {
  const match = HOST_RE.exec(host);
  if (!match) throw invalidRegistryHost(reference, host);
  const hostname = (match[1] ?? match[2] ?? "").toLowerCase();
  if (match[3] === undefined) return { hostname };
  const port = Number(match[3]);
  if (port < 1 || port > 65535) throw invalidRegistryPort(reference, host);
  return { hostname, port };
}

/** Validates every path component; throws on the first bad one. */
function validatePath(reference: string, components: readonly string[]): void {
  for (const component of components) {
    if (component === "") throw emptyPathComponent(reference);
    if (PATH_COMPONENT_RE.test(component)) continue;
    if (PATH_COMPONENT_RE.test(component.toLowerCase())) throw uppercasePathComponent(reference, component);
    throw invalidPathComponent(reference, component);
  }
}

/** Validates `algorithm:hex`, requiring the exact lowercase hex length of a supported algorithm. */
function validateDigest(reference: string, digest: string): void {
  const match = DIGEST_RE.exec(digest);
  if (!match) throw malformedDigest(reference, digest);
  const algorithm = match[1];
  const hex = match[2];
  // A Map, not a plain object: an algorithm named "constructor" or "__proto__" must not find Object's members.
  const length = DIGEST_HEX_LENGTHS.get(algorithm);
  if (length === undefined) throw unsupportedDigestAlgorithm(reference, algorithm, [...DIGEST_HEX_LENGTHS.keys()]);
  if (hex.length !== length || hex !== hex.toLowerCase()) throw invalidDigestHex(reference, digest, algorithm, length);
}

/**
 * Parses an image reference, `[host[:port]/]path[:tag][@digest]`, following distribution/reference:
 * the first component is a host only when it has `.` or `:` or is `localhost`; Docker Hub (no host, `docker.io`,
 * `index.docker.io`, `registry-1.docker.io`) becomes `registry-1.docker.io` and a one-component path gets `library/`.
 *
 * @param text the reference, without surrounding whitespace
 * @returns the parsed, normalized reference
 * @throws ImageReferenceError naming the reference and what is wrong with it
 */
export function parseReference(text: string): ParsedReference {
  if (text === "") throw emptyReference(text);
  if (/\s/.test(text)) throw referenceHasWhitespace(text);
  const { name, tag, digest } = splitReference(text);
  const components = name.split("/");
  const hasHost = components.length > 1 && looksLikeHost(components[0]);
  const host = hasHost ? components[0] : undefined;
  const pathComponents = hasHost ? components.slice(1) : components;
  const { hostname, port } =
    host === undefined ? { hostname: DOCKER_HUB_DOMAIN, port: undefined } : parseHost(text, host);
  validatePath(text, pathComponents);
  if (name.length > NAME_MAX_LENGTH) throw nameTooLong(text, name.length, NAME_MAX_LENGTH);
  if (tag !== undefined && !TAG_RE.test(tag)) throw invalidTag(text, tag);
  if (digest !== undefined) validateDigest(text, digest);

  const dockerHub = port === undefined && DOCKER_HUB_HOSTS.includes(hostname);
  const path = dockerHub && pathComponents.length === 1 ? `library/${pathComponents[0]}` : pathComponents.join("/");
  const registryHost = dockerHub ? DOCKER_HUB_REGISTRY : hostname;
  return {
    input: text,
    registry: port === undefined ? registryHost : `${registryHost}:${port}`,
    hostname: registryHost,
    ...(port === undefined ? {} : { port }),
    dockerHub,
    implicitRegistry: host === undefined,
    path,
    ...(tag === undefined ? {} : { tag }),
    ...(digest === undefined ? {} : { digest }),
  };
}

/** Appends `:tag` and `@digest` when present. */
export function withTagAndDigest(name: string, ref: { readonly tag?: string; readonly digest?: string }): string {
  return `${name}${ref.tag === undefined ? "" : `:${ref.tag}`}${ref.digest === undefined ? "" : `@${ref.digest}`}`;
}
