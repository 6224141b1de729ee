/**
 * ECR settings that exist once per registry (account and Region): the registry policy and the scanning
 * configuration. Applying either replaces what the registry had.
 */

/** Scan types and the frequencies each allows (RegistryScanningRule: BASIC scans on push only). */
export const SCAN_FREQUENCIES = {
  BASIC: ["SCAN_ON_PUSH"],
  ENHANCED: ["SCAN_ON_PUSH", "CONTINUOUS_SCAN"],
} as const;

/** A scan type. */
export type ScanType = keyof typeof SCAN_FREQUENCIES;

/** The scan types, for the schema. */
export const SCAN_TYPES = Object.keys(SCAN_FREQUENCIES) as [ScanType, ...ScanType[]];

/** Every scan frequency some type allows, for the schema. */
export const SCAN_FREQUENCY_NAMES = ["SCAN_ON_PUSH", "CONTINUOUS_SCAN"] as const;

/** Repository filters per scanning rule (RegistryScanningRule.repositoryFilters). */
export const MAX_SCAN_FILTERS_PER_RULE = 100;
