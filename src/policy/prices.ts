/**
 * Prices the tools print. One home per price: the cost issue replaces this file by a full per-Region table; until
 * then every figure derives from the constants here.
 */

/** Bytes in the GB that AWS storage prices are quoted per (2^30, as AWS bills storage). */
export const BYTES_PER_GB = 2 ** 30;

/**
 * ECR private repository storage, standard storage class: USD per GB-month, the list price in the Regions named.
 * Source: aws.amazon.com/ecr/pricing (the project's reference notes, anchors.md "Cost figures", gathered 2026-11-30).
 * The archive storage class is priced differently, and only secondary sources that disagree give its price, so no
 * figure for it is printed.
 */
export const ECR_STANDARD_STORAGE_PRICE = {
  usdPerGbMonth: 0.1,
  regions: ["us-east-1", "ap-northeast-2"],
  source: "aws.amazon.com/ecr/pricing",
} as const;
