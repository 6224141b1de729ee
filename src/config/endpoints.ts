/**
 * The one expansion of `vpcEndpoints`: the preset's endpoints, then the explicit ones, with defaults applied. The
 * vpc-endpoints stack, the validators and the cost model all read endpoints through {@link effectiveEndpoints}.
 */
import { ENDPOINT_PRESETS, PresetEndpoint } from "../policy/endpoint-presets";
import { SERVICE_FULL_NAME_PATTERNS } from "../aws/ec2";
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

/** `com.amazonaws.<region>.ecr.dkr` -> `ecr.dkr`; a short name is returned as is. */
export function shortServiceName(service: string): string {
  for (const pattern of Object.values(SERVICE_FULL_NAME_PATTERNS)) {
    const match = pattern.exec(service);
    if (match) return match[2];
  }
  return service;
}
