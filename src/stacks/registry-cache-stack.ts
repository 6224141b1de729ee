import { Construct } from "constructs";
import { PullThroughCache } from "../constructs/pull-through-cache";
import { BaseStack, BaseStackProps } from "./common";

/** Name of the stack that holds the persistent cache. */
export const REGISTRY_CACHE_STACK = "registry-cache";

/**
 * The persistent half: per configured registry a pull through cache rule, its creation template and, for managed
 * credentials, the secret. Deployed once and kept; the cache survives clusters and endpoints coming and going.
 */
export class RegistryCacheStack extends BaseStack {
  /** One construct per registry, keyed by ECR prefix. */
  readonly caches: Readonly<Record<string, PullThroughCache>>;

  constructor(scope: Construct, props: BaseStackProps) {
    super(scope, REGISTRY_CACHE_STACK, props);
    const { config } = props;
    const caches: Record<string, PullThroughCache> = {};
    for (const [prefix, registry] of Object.entries(config.registries)) {
      caches[prefix] = new PullThroughCache(this, `cache-${prefix}`, {
        prefix,
        registry,
        template: { ...config.templateDefaults, ...registry.template },
      });
    }
    this.caches = caches;
  }
}
