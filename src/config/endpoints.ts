/**
 * The one expansion of `vpcEndpoints`: the preset's endpoints, then the explicit ones ({@link effectiveEndpoints}),
 * and each with its defaults applied ({@link resolveEndpoint}, {@link inheritsSectionList}). The vpc-endpoints stack,
 * the validators and the cost model all read endpoints through these.
 */
import { ENDPOINT_PRESETS, PresetEndpoint } from "../policy/endpoint-presets";
import { fullServiceName, shortServiceName } from "../aws/ec2";
import { EndpointConfig, VpcEndpointsConfig } from "./schema";

/** One endpoint as the stack creates it, and where it came from (for messages). */
export interface EffectiveEndpoint {
  /** The endpoint's name: its key under `endpoints`, or in the preset. */
  readonly name: string;
  readonly endpoint: EndpointConfig;
  /** `preset`: expanded from `vpcEndpoints.preset`; `endpoints`: written under `vpcEndpoints.endpoints`. */
  readonly origin: "preset" | "endpoints";
}

/** The part of the section that decides which endpoints exist. */
export type EndpointSelection = Pick<VpcEndpointsConfig, "preset" | "endpoints">;

/**
 * The endpoints a section stands for: the preset's (if any) followed by the explicit ones. An explicit endpoint
 * replaces a preset endpoint of the same name, or of the same service and type (so `ecr_dkr_custom: { service:
 * ecr.dkr, type: Interface, ... }` replaces the preset's `ecr_dkr` instead of duplicating it).
 */
export function effectiveEndpoints(section: EndpointSelection): EffectiveEndpoint[] {
  const explicit = Object.entries(section.endpoints).map(
    ([name, endpoint]): EffectiveEndpoint => ({ name, endpoint, origin: "endpoints" }),
  );
  const key = (e: EndpointConfig) => `${e.type} ${shortServiceName(e.service)}`;
  const names = new Set(explicit.map((e) => e.name));
  const services = new Set(explicit.map((e) => key(e.endpoint)));
  const preset: Readonly<Record<string, PresetEndpoint>> =
    section.preset === undefined ? {} : ENDPOINT_PRESETS[section.preset];
  const fromPreset = Object.entries(preset)
    .map(([name, e]): EffectiveEndpoint => ({ name, endpoint: { service: e.service, type: e.type }, origin: "preset" }))
    .filter((e) => !names.has(e.name) && !services.has(key(e.endpoint)));
  return [...fromPreset, ...explicit];
}

/** The section-level lists an endpoint falls back to, and the endpoint type that takes each. */
const SECTION_LISTS = { subnetIds: "Interface", routeTableIds: "Gateway" } as const;

/**
 * Whether some endpoint falls back to the section's `subnetIds` (an Interface endpoint without its own) or
 * `routeTableIds` (a Gateway endpoint without its own): the section's list, or the input variable standing for it,
 * is then used.
 */
export function inheritsSectionList(
  endpoints: readonly EffectiveEndpoint[],
  field: keyof typeof SECTION_LISTS,
): boolean {
  return endpoints.some((e) => e.endpoint.type === SECTION_LISTS[field] && e.endpoint[field] === undefined);
}

/** What an endpoint without its own lists gets: the section's (or their variables), and the stack's security group. */
export interface EndpointFallbacks {
  readonly subnetIds?: string[];
  readonly routeTableIds?: string[];
  readonly securityGroupIds?: string[];
}

/** One endpoint as the stack creates it: every default applied, and only the fields of its type. */
export interface ResolvedEndpoint {
  /** Full service name: `com.amazonaws.<region>.<service>`. */
  readonly serviceName: string;
  readonly type: EndpointConfig["type"];
  /** Interface only: private DNS, on unless the endpoint turns it off. */
  readonly privateDnsEnabled?: boolean;
  /** Interface only. */
  readonly subnetIds?: string[];
  /** Interface only. */
  readonly securityGroupIds?: string[];
  /** Gateway only. */
  readonly routeTableIds?: string[];
  readonly policy?: EndpointConfig["policy"];
  readonly ipAddressType?: EndpointConfig["ipAddressType"];
  readonly tags?: EndpointConfig["tags"];
}

/** An endpoint with its defaults applied: the full service name, private DNS on, and the fallback lists. */
export function resolveEndpoint(
  e: EndpointConfig,
  region: string,
  fallbacks: EndpointFallbacks = {},
): ResolvedEndpoint {
  const interfaceOnly = e.type === "Interface";
  return {
    serviceName: fullServiceName(e.service, region),
    type: e.type,
    privateDnsEnabled: interfaceOnly ? (e.privateDns ?? true) : undefined,
    subnetIds: interfaceOnly ? (e.subnetIds ?? fallbacks.subnetIds) : undefined,
    securityGroupIds: interfaceOnly ? (e.securityGroupIds ?? fallbacks.securityGroupIds) : undefined,
    routeTableIds: interfaceOnly ? undefined : (e.routeTableIds ?? fallbacks.routeTableIds),
    policy: e.policy,
    ipAddressType: e.ipAddressType,
    tags: e.tags,
  };
}
