/**
 * List prices the cost model uses, per Region, in USD, each with its source and the date it was read. Data only: one
 * home for every price. To price another Region, add an entry to PRICE_TABLE.regions below with all seven figures.
 *
 * confidence: `primary` = an AWS page, the AWS price list or a bill of the project's reference sheet
 * (shared/reference/anchors.md); `secondary` = only third-party pages, published bills or public code price tables
 * state it; `unverified` = no source stating this figure for this Region was found when the table was read: the figure
 * is the one commonly listed, printed marked, to be checked before anyone relies on it.
 */

/** How sure a figure is; the output marks every figure that is not `primary`. */
export type PriceConfidence = "primary" | "secondary" | "unverified";

/** One price with its provenance. */
export interface PriceFigure {
  readonly usd: number;
  readonly source: string;
  /** The date the source was read, ISO 8601. */
  readonly read: string;
  readonly confidence: PriceConfidence;
}

/** The seven prices the model needs in a Region. */
export interface RegionPrices {
  /** NAT gateway, per gateway-hour (partial hours bill as full hours). */
  readonly natHour: PriceFigure;
  /** NAT gateway data processing, per GB. */
  readonly natGb: PriceFigure;
  /** Interface endpoint, per endpoint per AZ-hour (partial hours bill as full hours). */
  readonly endpointAzHour: PriceFigure;
  /** Interface endpoint data processing, per GB, first tier (the first 1 PB a month in the Region). */
  readonly endpointGb: PriceFigure;
  /** ECR storage, per GB-month. */
  readonly ecrStorageGbMonth: PriceFigure;
  /** Secrets Manager, per secret-month. */
  readonly secretMonth: PriceFigure;
  /** Public IPv4 address (the NAT gateway's Elastic IP), per hour. */
  readonly publicIpv4Hour: PriceFigure;
}

/** The price kinds, for iteration. */
export type PriceKey = keyof RegionPrices;

/** The date the table was read, printed with every cost report. */
export const PRICE_TABLE_DATE = "2026-11-30";

/** Where the table lives, named in the error for a Region without prices. */
export const PRICE_TABLE_FILE = "src/cost/prices.ts";

const READ = PRICE_TABLE_DATE;
const primary = (usd: number, source: string): PriceFigure => ({ usd, source, read: READ, confidence: "primary" });
const secondary = (usd: number, source: string): PriceFigure => ({ usd, source, read: READ, confidence: "secondary" });
const unverified = (usd: number, source: string): PriceFigure => ({
  usd,
  source: `no source for this Region found; ${source}`,
  read: READ,
  confidence: "unverified",
});

// Sources used by several Regions.
const PRIVATELINK_PAGE =
  "aws.amazon.com/privatelink/pricing/: $0.01 per GB for the first 1 PB processed by all interface endpoints in a Region each month";
const ANCHORS = "shared/reference/anchors.md (project reference sheet)";
const IPV4_ALL_REGIONS =
  "AWS's public IPv4 charge since 2024-02-01, $0.005 per address-hour in all Regions, as reported by techpartner.news and haufe-akademie.de";
const ECR_GUIDES =
  "third-party guides quote the ECR pricing page's $0.10 per GB-month without naming a Region (cloudburn.io/blog/amazon-ecr-pricing, wring.co/blog/aws-ecr-pricing-guide)";
const SECRET_GUIDES = "Secrets Manager's $0.40 per secret-month as quoted for us-east-1 and Seoul in " + ANCHORS;
const PUBLISHED_BILL =
  "a published AWS bill for May 2025 (github.com/rahmat-ullah/DocParser, backend/sample_full_document.md)";
const CODE_PRICE_MAPS =
  "two independent price tables in public source code found by code search (NAT gateway hourly rates per Region)";
const ENDPOINT_HOUR_COMMON =
  "commonly listed interface endpoint rate; check aws.amazon.com/privatelink/pricing/ (Region selector)";

/** Prices per Region. */
export const PRICE_TABLE: { readonly date: string; readonly regions: Readonly<Record<string, RegionPrices>> } = {
  date: PRICE_TABLE_DATE,
  regions: {
    "us-east-1": {
      natHour: primary(0.045, `infracost nat_gateway golden test (730 h = $32.85), via ${ANCHORS}`),
      natGb: primary(0.045, `infracost nat_gateway golden test, via ${ANCHORS}`),
      endpointAzHour: primary(0.01, `infracost vpc_endpoint golden test (730 h = $7.30 for one AZ), via ${ANCHORS}`),
      endpointGb: primary(0.01, PRIVATELINK_PAGE),
      ecrStorageGbMonth: primary(0.1, ANCHORS),
      secretMonth: primary(0.4, `${ANCHORS} (+$0.05 per 10,000 API calls, not modelled)`),
      publicIpv4Hour: primary(0.005, ANCHORS),
    },
    "us-east-2": {
      natHour: primary(0.045, `${ANCHORS}; cloudburn.io/blog/aws-nat-gateway-pricing (US East Ohio)`),
      natGb: primary(0.045, `${ANCHORS}; cloudburn.io/blog/aws-nat-gateway-pricing (US East Ohio)`),
      endpointAzHour: unverified(0.01, ENDPOINT_HOUR_COMMON),
      endpointGb: primary(0.01, PRIVATELINK_PAGE),
      ecrStorageGbMonth: secondary(0.1, ECR_GUIDES),
      secretMonth: secondary(0.4, SECRET_GUIDES),
      publicIpv4Hour: secondary(0.005, IPV4_ALL_REGIONS),
    },
    "us-west-2": {
      natHour: secondary(
        0.045,
        `${CODE_PRICE_MAPS}; cloudpipelines.pages.dev NAT pricing 2026 (US West Oregon ~$0.045)`,
      ),
      natGb: secondary(
        0.045,
        "cloudpipelines.pages.dev/guides/aws-nat-gateway-pricing-2026 (US West Oregon ~$0.045/GB)",
      ),
      endpointAzHour: unverified(0.01, ENDPOINT_HOUR_COMMON),
      endpointGb: primary(0.01, PRIVATELINK_PAGE),
      ecrStorageGbMonth: secondary(0.1, `${PUBLISHED_BILL}: USW2-TimedStorage-ByteHrs at $0.10 per GB-month`),
      secretMonth: secondary(0.4, SECRET_GUIDES),
      publicIpv4Hour: secondary(0.005, IPV4_ALL_REGIONS),
    },
    "eu-west-1": {
      natHour: secondary(0.048, CODE_PRICE_MAPS),
      natGb: unverified(
        0.048,
        "taken equal to the hourly rate, as in every Region here with both figures sourced (one code table says $0.045, apparently another charge)",
      ),
      endpointAzHour: secondary(0.011, "a public source code price table (vpc_endpoint_hour eu-west-1 0.011)"),
      endpointGb: primary(0.01, PRIVATELINK_PAGE),
      ecrStorageGbMonth: secondary(0.1, ECR_GUIDES),
      secretMonth: secondary(0.4, SECRET_GUIDES),
      publicIpv4Hour: secondary(0.005, IPV4_ALL_REGIONS),
    },
    "eu-central-1": {
      natHour: secondary(0.052, `${CODE_PRICE_MAPS}; cloudpipelines.pages.dev (Europe ~$0.048-$0.052)`),
      natGb: secondary(
        0.052,
        "cloudpipelines.pages.dev/guides/aws-nat-gateway-pricing-2026 (Europe ~$0.048-$0.052/GB)",
      ),
      endpointAzHour: unverified(0.012, ENDPOINT_HOUR_COMMON),
      endpointGb: primary(0.01, PRIVATELINK_PAGE),
      ecrStorageGbMonth: secondary(0.1, ECR_GUIDES),
      secretMonth: secondary(0.4, SECRET_GUIDES),
      publicIpv4Hour: secondary(0.005, IPV4_ALL_REGIONS),
    },
    "ap-northeast-1": {
      natHour: secondary(0.062, `${ANCHORS} (marked UNCONFIRMED there); ${CODE_PRICE_MAPS}`),
      natGb: secondary(0.062, `${ANCHORS} (marked UNCONFIRMED there)`),
      endpointAzHour: unverified(0.014, ENDPOINT_HOUR_COMMON),
      endpointGb: primary(0.01, PRIVATELINK_PAGE),
      ecrStorageGbMonth: secondary(0.1, ECR_GUIDES),
      secretMonth: secondary(0.4, SECRET_GUIDES),
      publicIpv4Hour: secondary(0.005, IPV4_ALL_REGIONS),
    },
    "ap-northeast-2": {
      natHour: primary(0.059, `a Seoul bill of April 2026 (APN2-NatGateway-Hours), via ${ANCHORS}`),
      natGb: primary(0.059, `a Seoul bill of April 2026 (APN2-NatGateway-Bytes), via ${ANCHORS}`),
      endpointAzHour: secondary(
        0.013,
        `a single secondary source: a published bill (3 endpoints x 752 h = $29.34, APN2-VpcEndpoint-Hours), via ${ANCHORS}`,
      ),
      endpointGb: primary(0.01, `${PRIVATELINK_PAGE}; ${ANCHORS}`),
      ecrStorageGbMonth: primary(0.1, ANCHORS),
      secretMonth: primary(0.4, ANCHORS),
      publicIpv4Hour: primary(0.005, ANCHORS),
    },
    "ap-southeast-1": {
      natHour: primary(0.059, `${ANCHORS}; ${PUBLISHED_BILL}: $0.059 per NAT Gateway Hour`),
      natGb: primary(0.059, `${ANCHORS}; ${PUBLISHED_BILL}: $0.059 per GB processed`),
      endpointAzHour: unverified(0.013, ENDPOINT_HOUR_COMMON),
      endpointGb: primary(0.01, PRIVATELINK_PAGE),
      ecrStorageGbMonth: secondary(0.1, `${PUBLISHED_BILL}: APS1-TimedStorage-ByteHrs at $0.10 per GB-month`),
      secretMonth: secondary(0.4, `${PUBLISHED_BILL}: APS1-AWSSecretsManager-Secret at $0.40 per secret`),
      publicIpv4Hour: secondary(0.005, `${PUBLISHED_BILL}: $0.005 per in-use public IPv4 address per hour`),
    },
  },
};
