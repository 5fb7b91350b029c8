/**
 * The marketplace API's contract, in the definition because the API Gateway stack, the ingestion
 * function, the OpenAPI document and the local API all read it: which resources put records on
 * which topics, how large a request may be, and how hard one client may push.
 */
import { z } from 'zod';

/** `POST /v1/<resource>`: lower-case kebab-case, as the marketplace spells its paths. */
const resourceName = z.string().regex(/^[a-z][a-z0-9-]{0,62}$/, 'must be lower-case kebab-case');

export const ingestionRouteSchema = z.strictObject({
  /** The path segment after `/v1/`. */
  resource: resourceName,
  /** The topic the records go to; its dataset's columns are the records' schema. */
  topic: z.string(),
  /** One sentence for the API document. */
  summary: z.string().min(1),
});
export type IngestionRoute = z.infer<typeof ingestionRouteSchema>;

/**
 * `GET /v1/<resource>/{user_id}`: recommendations blended from the user's recent activity (the
 * consumer of `activityTopics`) and the warehouse's nightly affinities and popular products.
 */
export const recommendationsSchema = z.strictObject({
  /** The path segment after `/v1/`. */
  resource: resourceName,
  /** One sentence for the API document. */
  summary: z.string().min(1),
  /** Topics whose records become a user's recent activity (their datasets name the customer). */
  activityTopics: z.array(z.string()).min(1),
  /** Recommendations when the caller gives no `limit`, and the most it may ask for. */
  defaultLimit: z.number().int().min(1).max(100),
  maxLimit: z.number().int().min(1).max(100),
  /** Days a user's activity is kept (DynamoDB TTL from the event's time) and read back. */
  recentActivityDays: z.number().int().min(1).max(365),
  /** The newest activity items one request reads for a user. */
  recentActivityPerUser: z.number().int().min(1).max(1_000),
  /** Days within which a bought product is never recommended to its buyer. */
  justBoughtDays: z.number().int().min(1).max(365),
  /** Products of a customer's latest orders the nightly export keeps in their profile. */
  profileProducts: z.number().int().min(1).max(200),
  /** Days a nightly snapshot stays readable after it is written (TTL), for a rollback. */
  snapshotKeepDays: z.number().int().min(1).max(30),
});
export type Recommendations = z.infer<typeof recommendationsSchema>;

export const marketplaceApiSchema = z.strictObject({
  ingestion: z.array(ingestionRouteSchema).min(1),
  recommendations: recommendationsSchema,
  /** Records one request may carry; a batch over it is refused whole with 413. */
  maxRecordsPerRequest: z.number().int().min(1).max(10_000),
  /**
   * Bytes of one request body; more is refused with 413. API Gateway's own limit is 10 MB; a
   * record must also fit the topic's `maxMessageBytes`.
   */
  maxRequestBytes: z.number().int().min(1_024).max(10_485_760),
  /** Stage throttling: steady requests per second and the burst above it, for all clients. */
  throttling: z.strictObject({
    rateLimit: z.number().int().positive(),
    burstLimit: z.number().int().positive(),
  }),
  /**
   * The WAF rate-based rule: requests one source address may send in 5 minutes before the
   * firewall blocks it (AWS WAF takes 10 to 2,000,000,000).
   */
  wafRequestsPerFiveMinutesPerIp: z.number().int().min(10).max(2_000_000_000),
  /** Days an Idempotency-Key is remembered: a retry within them is answered, not produced again. */
  idempotencyKeyDays: z.number().int().min(1).max(30),
});
export type MarketplaceApi = z.infer<typeof marketplaceApiSchema>;

/** What differs per environment: the marketplace's web origin, the one CORS admits. */
export const marketplaceApiEnvironmentSchema = z.strictObject({
  /**
   * `https://host[:port]`, no path: browsers send exactly this as `Origin`.
   * @default undefined (no browser may call the API; server-to-server calls are unaffected)
   */
  allowedOrigin: z
    .string()
    .regex(
      /^https:\/\/[a-z0-9.-]+(:\d{1,5})?$/,
      'must be an https origin such as https://shop.example.com',
    )
    .optional(),
});
export type MarketplaceApiEnvironment = z.infer<typeof marketplaceApiEnvironmentSchema>;
