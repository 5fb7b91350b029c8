/**
 * The platform definition: the one place that says which zones, datasets, topics and
 * environments exist. Validated by `loadPlatform`; see `schema.ts` for every field.
 */
import type { PartitionKey, PlatformDefinition } from './schema';

type DatasetDefinition = PlatformDefinition['datasets'][number];

/** Hive-style time partitions: zero-padded strings, so `month=03` sorts and prints as written. */
const YEAR: PartitionKey = {
  name: 'year',
  type: 'string',
  pattern: '^(19|20)\\d{2}$',
  // Projection enumerates every value in range: from the platform's first data to well ahead.
  projection: { type: 'integer', min: 2020, max: 2099 },
};
const MONTH: PartitionKey = {
  name: 'month',
  type: 'string',
  pattern: '^(0[1-9]|1[0-2])$',
  projection: { type: 'integer', min: 1, max: 12, digits: 2 },
};
const DAY: PartitionKey = {
  name: 'day',
  type: 'string',
  pattern: '^(0[1-9]|[12]\\d|3[01])$',
  projection: { type: 'integer', min: 1, max: 31, digits: 2 },
};
const HOUR: PartitionKey = {
  name: 'hour',
  type: 'string',
  pattern: '^([01]\\d|2[0-3])$',
  projection: { type: 'integer', min: 0, max: 23, digits: 2 },
};

const HOURLY = [YEAR, MONTH, DAY, HOUR];
const DAILY = [YEAR, MONTH, DAY];

/** A customer's features as of a day (hybrid_lake_etl/features.py), for segmentation and churn. */
const CUSTOMER_FEATURE_COLUMNS: DatasetDefinition['columns'] = [
  { name: 'currency', type: 'string', description: "Currency of the customer's latest order." },
  { name: 'tenure_days', type: 'int', description: 'Days since the first order.' },
  { name: 'recency_days', type: 'int', description: 'Days since the last order.' },
  { name: 'orders', type: 'bigint', description: 'Orders placed.' },
  { name: 'orders_30d', type: 'bigint', description: 'Orders in the last 30 days.' },
  { name: 'orders_90d', type: 'bigint', description: 'Orders in the last 90 days.' },
  {
    name: 'mean_gap_days',
    type: 'double',
    description: 'Mean days between orders (the tenure while there is one order).',
  },
  {
    name: 'spend_pct',
    type: 'double',
    description: 'Mid-rank percentile (0–1) of the total spent, within the currency.',
  },
  {
    name: 'basket_pct',
    type: 'double',
    description: 'Mid-rank percentile (0–1) of the average order, within the currency.',
  },
  { name: 'categories', type: 'bigint', description: 'Distinct product categories bought.' },
  { name: 'sessions_30d', type: 'bigint', description: 'Visits in the last 30 days.' },
  {
    name: 'views_per_session_90d',
    type: 'double',
    description: 'Product views per visit in the last 90 days (0 without visits).',
  },
  { name: 'cart_adds_90d', type: 'bigint', description: 'Cart adds in the last 90 days.' },
  {
    name: 'mobile_share_90d',
    type: 'double',
    description: 'Share of the last 90 days of interactions made on mobile (0 without any).',
  },
];

/** Where a source dataset lives once it has arrived: as it came, then cleaned. */
const LAKE_ZONES = ['raw', 'clean'] as const;
/**
 * A dataset clean_to_curated derives: Parquet in the curated zone, one partition per day it
 * covers, mirrored to Azure for historical analysis.
 */
function curated(
  dataset: Pick<
    Extract<DatasetDefinition, { arrival: 'derived' }>,
    'name' | 'description' | 'derivedFrom' | 'keyColumns' | 'eventTimeColumn' | 'columns'
  >,
): DatasetDefinition {
  return {
    ...dataset,
    arrival: 'derived',
    zones: ['curated'],
    format: 'parquet',
    mirroredToAzure: true,
    partitionKeys: DAILY,
  };
}

export const PLATFORM_DEFINITION: PlatformDefinition = {
  project: 'hybrid-lake',

  zones: [
    {
      name: 'landing',
      description: 'Files exactly as delivered by producers; short-lived hand-over area.',
      mirroredToAzure: false,
      // Everything here has been copied to raw within minutes; a few days covers replays.
      lifecycle: { expireAfterDays: 7, noncurrentVersionExpireAfterDays: 1 },
    },
    {
      name: 'raw',
      description: 'Immutable source of truth, partitioned by event time.',
      mirroredToAzure: true,
      // Reprocessing reads recent months; Glacier IR keeps millisecond reads for the year
      // after, and Deep Archive holds the long tail. No expiry unless an environment sets a
      // retention period (data-protection law).
      lifecycle: {
        transitions: [
          { storageClass: 'STANDARD_IA', afterDays: 30 },
          { storageClass: 'GLACIER_IR', afterDays: 90 },
          { storageClass: 'DEEP_ARCHIVE', afterDays: 365 },
        ],
      },
    },
    {
      name: 'clean',
      description: 'Typed, deduplicated, validated records; the input of the warehouse loads.',
      mirroredToAzure: false,
      lifecycle: {
        transitions: [
          { storageClass: 'STANDARD_IA', afterDays: 90 },
          { storageClass: 'GLACIER_IR', afterDays: 365 },
        ],
      },
    },
    {
      name: 'curated',
      description: 'Analytics-ready aggregates and features, queried by Redshift and Azure.',
      mirroredToAzure: true,
      lifecycle: {
        transitions: [
          { storageClass: 'STANDARD_IA', afterDays: 180 },
          { storageClass: 'GLACIER_IR', afterDays: 730 },
        ],
      },
    },
  ],

  datasets: [
    {
      name: 'access_events',
      description:
        'Streaming platform access events: who watched what, when, where, on which device.',
      arrival: 'stream',
      zones: [...LAKE_ZONES],
      format: 'parquet',
      recordIdColumn: 'event_id',
      eventTimeColumn: 'event_time',
      mirroredToAzure: true,
      partitionKeys: HOURLY,
      columns: [
        {
          name: 'event_id',
          type: 'string',
          maxLength: 128,
          description: 'Producer-assigned unique id.',
        },
        {
          name: 'user_id',
          type: 'string',
          maxLength: 128,
          description: 'Subscriber id.',
          pii: true,
        },
        { name: 'event_time', type: 'timestamp', description: 'When the access happened (UTC).' },
        {
          name: 'device',
          type: 'string',
          maxLength: 64,
          description: 'mobile, tablet, desktop, smart_tv, console.',
        },
        {
          name: 'content_id',
          type: 'string',
          maxLength: 128,
          description: 'Id of the title accessed.',
        },
        {
          name: 'content_type',
          type: 'string',
          maxLength: 64,
          description: 'movie, series, documentary, live, music.',
        },
        {
          name: 'country',
          type: 'string',
          maxLength: 16,
          description: 'ISO 3166-1 alpha-2 country code.',
        },
        {
          name: 'city',
          type: 'string',
          maxLength: 256,
          description: 'City resolved from the client address.',
        },
        { name: 'session_id', type: 'string', maxLength: 128, description: 'Client session id.' },
        { name: 'duration_seconds', type: 'int', description: 'Seconds watched in this access.' },
      ],
    },
    {
      name: 'web_logs',
      description: 'Web server requests in combined or common log format, parsed.',
      arrival: 'stream',
      zones: [...LAKE_ZONES],
      format: 'parquet',
      recordIdColumn: 'request_id',
      eventTimeColumn: 'request_time',
      mirroredToAzure: true,
      // The busiest dataset: a new partition every hour in three zones. Projection spares the
      // catalog those writes, and the registration function the work.
      partitionProjection: true,
      partitionKeys: HOURLY,
      columns: [
        {
          name: 'request_id',
          type: 'string',
          maxLength: 64,
          description: 'Hash of the raw log line (dedup key).',
        },
        {
          name: 'client_ip',
          type: 'string',
          maxLength: 45,
          // Named before host names arrived; renaming would split the lake's files by name.
          description: 'Client IP address, or host name where the server logged names.',
          pii: true,
        },
        {
          name: 'request_time',
          type: 'timestamp',
          description: 'When the request was served (UTC).',
        },
        { name: 'method', type: 'string', maxLength: 16, description: 'HTTP method.' },
        { name: 'url', type: 'string', maxLength: 65535, description: 'Request path and query.' },
        { name: 'status', type: 'int', description: 'HTTP status code.' },
        { name: 'bytes_sent', type: 'bigint', description: 'Response size in bytes.' },
        { name: 'referrer', type: 'string', maxLength: 65535, description: 'Referer header.' },
        { name: 'user_agent', type: 'string', maxLength: 65535, description: 'User-Agent header.' },
      ],
    },
    {
      name: 'transactions',
      description: 'E-commerce purchases, one row per order line.',
      arrival: 'stream',
      zones: [...LAKE_ZONES],
      format: 'parquet',
      recordIdColumn: 'transaction_id',
      eventTimeColumn: 'transaction_time',
      mirroredToAzure: true,
      partitionKeys: DAILY,
      columns: [
        {
          name: 'transaction_id',
          type: 'string',
          maxLength: 128,
          description: 'Unique order line id.',
        },
        {
          name: 'order_id',
          type: 'string',
          maxLength: 128,
          required: true,
          description: 'Order the line belongs to.',
        },
        {
          name: 'customer_id',
          type: 'string',
          maxLength: 128,
          required: true,
          description: 'Buying customer.',
          pii: true,
        },
        {
          name: 'product_id',
          type: 'string',
          maxLength: 128,
          required: true,
          description: 'Product sold.',
        },
        {
          name: 'product_category',
          type: 'string',
          maxLength: 256,
          description: 'Category of the product.',
        },
        { name: 'quantity', type: 'int', required: true, description: 'Units sold.' },
        {
          name: 'unit_price',
          type: 'decimal(12,2)',
          required: true,
          description: 'Price per unit.',
        },
        {
          name: 'currency',
          type: 'string',
          maxLength: 16,
          required: true,
          description: 'ISO 4217 currency code.',
        },
        {
          name: 'transaction_time',
          type: 'timestamp',
          description: 'When the order was paid (UTC).',
        },
        {
          name: 'country',
          type: 'string',
          maxLength: 16,
          required: true,
          description: 'ISO 3166-1 alpha-2 country code.',
        },
      ],
    },
    {
      name: 'interactions',
      description:
        'Customer interactions on the shop: page views, searches, cart and wishlist actions.',
      arrival: 'stream',
      zones: [...LAKE_ZONES],
      format: 'parquet',
      recordIdColumn: 'interaction_id',
      eventTimeColumn: 'interaction_time',
      mirroredToAzure: true,
      // A day of the shop's visits is tens of thousands of records at most: hourly files would be
      // small ones, and a backfilled history takes one file a day.
      partitionKeys: DAILY,
      columns: [
        {
          name: 'interaction_id',
          type: 'string',
          maxLength: 128,
          description: 'Unique interaction id.',
        },
        {
          name: 'customer_id',
          type: 'string',
          maxLength: 128,
          description: 'Customer, when signed in.',
          pii: true,
        },
        {
          name: 'session_id',
          type: 'string',
          maxLength: 128,
          required: true,
          description: 'Browser session id.',
        },
        {
          name: 'interaction_type',
          type: 'string',
          maxLength: 64,
          required: true,
          description: 'view, search, add_to_cart, wishlist, …',
        },
        {
          name: 'page_url',
          type: 'string',
          maxLength: 65535,
          required: true,
          description: 'Page the interaction happened on.',
        },
        {
          name: 'product_id',
          type: 'string',
          maxLength: 128,
          description: 'Product involved, if any.',
        },
        {
          name: 'device',
          type: 'string',
          maxLength: 64,
          required: true,
          description: 'mobile, tablet, desktop.',
        },
        { name: 'interaction_time', type: 'timestamp', description: 'When it happened (UTC).' },
      ],
    },
    {
      name: 'customers',
      description: 'Daily snapshot of the customer register (e-mails arrive messy).',
      arrival: 'batch',
      zones: [...LAKE_ZONES],
      format: 'parquet',
      recordIdColumn: 'customer_id',
      eventTimeColumn: 'updated_at',
      mirroredToAzure: true,
      partitionKeys: DAILY,
      columns: [
        { name: 'customer_id', type: 'string', maxLength: 128, description: 'Customer id.' },
        {
          name: 'full_name',
          type: 'string',
          maxLength: 512,
          description: 'Name as entered.',
          pii: true,
        },
        {
          name: 'email',
          type: 'string',
          maxLength: 256,
          description: 'E-mail as entered; validated in clean.',
          pii: true,
        },
        {
          name: 'country',
          type: 'string',
          maxLength: 16,
          description: 'ISO 3166-1 alpha-2 country code.',
        },
        { name: 'signup_date', type: 'date', description: 'Day the account was created.' },
        { name: 'updated_at', type: 'timestamp', description: 'Last change to the record (UTC).' },
      ],
    },
    // ── Curated: what clean_to_curated derives, one daily partition per day it covers ──
    curated({
      name: 'accesses_per_minute',
      description: 'Accesses and distinct users per UTC minute.',
      derivedFrom: ['access_events'],
      keyColumns: ['minute'],
      eventTimeColumn: 'minute',
      columns: [
        { name: 'minute', type: 'timestamp', description: 'The UTC minute (its first instant).' },
        { name: 'accesses', type: 'bigint', description: 'Accesses in the minute.' },
        { name: 'unique_users', type: 'bigint', description: 'Distinct subscribers.' },
      ],
    }),
    curated({
      name: 'accesses_by_device_and_content_type',
      description: 'Accesses, users and watch time per day, device and content type.',
      derivedFrom: ['access_events'],
      keyColumns: ['event_date', 'device', 'content_type'],
      eventTimeColumn: 'event_date',
      columns: [
        { name: 'event_date', type: 'date', description: 'UTC day of the accesses.' },
        { name: 'device', type: 'string', description: 'Device of the accesses.' },
        { name: 'content_type', type: 'string', description: 'Content type watched.' },
        { name: 'accesses', type: 'bigint', description: 'Accesses.' },
        { name: 'unique_users', type: 'bigint', description: 'Distinct subscribers.' },
        { name: 'watched_seconds', type: 'bigint', description: 'Seconds watched in total.' },
      ],
    }),
    curated({
      name: 'accesses_by_country_and_city',
      description: 'Accesses and users per day, country and city.',
      derivedFrom: ['access_events'],
      keyColumns: ['event_date', 'country', 'city'],
      eventTimeColumn: 'event_date',
      columns: [
        { name: 'event_date', type: 'date', description: 'UTC day of the accesses.' },
        { name: 'country', type: 'string', description: 'ISO 3166-1 alpha-2 country code.' },
        { name: 'city', type: 'string', description: 'City of the accesses.' },
        { name: 'accesses', type: 'bigint', description: 'Accesses.' },
        { name: 'unique_users', type: 'bigint', description: 'Distinct subscribers.' },
      ],
    }),
    curated({
      name: 'sales_by_product',
      description: 'Units, revenue and orders per day, product and currency.',
      derivedFrom: ['transactions'],
      keyColumns: ['sale_date', 'product_id', 'currency'],
      eventTimeColumn: 'sale_date',
      columns: [
        { name: 'sale_date', type: 'date', description: 'UTC day of the sales.' },
        { name: 'product_id', type: 'string', description: 'Product sold.' },
        {
          name: 'currency',
          type: 'string',
          description: 'ISO 4217 code: amounts in different currencies never add up.',
        },
        { name: 'product_category', type: 'string', description: 'Category of the product.' },
        { name: 'units', type: 'bigint', description: 'Units sold.' },
        { name: 'revenue', type: 'decimal(33,2)', description: 'Quantity times unit price.' },
        { name: 'orders', type: 'bigint', description: 'Distinct orders.' },
      ],
    }),
    curated({
      name: 'customer_rfm',
      description:
        'Recency, frequency and monetary value per customer and currency: a daily snapshot.',
      derivedFrom: ['transactions'],
      keyColumns: ['as_of_date', 'currency', 'customer_id'],
      eventTimeColumn: 'as_of_date',
      columns: [
        { name: 'currency', type: 'string', description: 'ISO 4217 code of the purchases.' },
        { name: 'customer_id', type: 'string', description: 'Buying customer.', pii: true },
        { name: 'last_purchase_date', type: 'date', description: 'UTC day of the last purchase.' },
        { name: 'frequency', type: 'bigint', description: 'Distinct orders.' },
        { name: 'monetary', type: 'decimal(33,2)', description: 'Total spent.' },
        { name: 'recency_days', type: 'int', description: 'Days from the last purchase.' },
        { name: 'as_of_date', type: 'date', description: 'The day the snapshot describes.' },
        { name: 'r_score', type: 'int', description: 'Recency score, 1–5 (5 = most recent).' },
        { name: 'f_score', type: 'int', description: 'Frequency score, 1–5.' },
        { name: 'm_score', type: 'int', description: 'Monetary score, 1–5.' },
        { name: 'rfm_score', type: 'string', description: 'The three scores, e.g. "545".' },
      ],
    }),
    curated({
      name: 'customer_features',
      description:
        'What each customer who has ordered looks like as of a day: rhythm, value and behaviour, the input of segmentation and churn scoring.',
      derivedFrom: ['transactions', 'interactions'],
      keyColumns: ['as_of_date', 'customer_id'],
      eventTimeColumn: 'as_of_date',
      columns: [
        { name: 'as_of_date', type: 'date', description: 'The day the features describe.' },
        { name: 'customer_id', type: 'string', description: 'Customer.', pii: true },
        ...CUSTOMER_FEATURE_COLUMNS,
      ],
    }),
    curated({
      name: 'churn_training',
      description:
        'Churn training rows: the features of the customers active 30 days before the day, labelled with whether they ordered since.',
      derivedFrom: ['transactions', 'interactions'],
      keyColumns: ['as_of_date', 'customer_id'],
      eventTimeColumn: 'as_of_date',
      columns: [
        { name: 'as_of_date', type: 'date', description: 'The day the label looks up to.' },
        {
          name: 'cutoff_date',
          type: 'date',
          description: 'The day the features describe: 30 days before as_of_date.',
        },
        { name: 'customer_id', type: 'string', description: 'Customer.', pii: true },
        ...CUSTOMER_FEATURE_COLUMNS,
        {
          name: 'churned',
          type: 'int',
          description: '1 when the customer placed no order after the cut-off, up to as_of_date.',
        },
        {
          name: 'holdout',
          type: 'boolean',
          description: 'Kept out of training (one customer in five, by a hash of the id).',
        },
      ],
    }),
  ],

  topics: [
    {
      name: 'access-events',
      dataset: 'access_events',
      partitions: 12,
      retentionHours: 168,
      cleanupPolicy: 'delete',
      maxMessageBytes: 1_048_588,
      keyColumn: 'user_id',
    },
    {
      name: 'web-logs',
      dataset: 'web_logs',
      partitions: 12,
      retentionHours: 72,
      cleanupPolicy: 'delete',
      maxMessageBytes: 1_048_588,
      keyColumn: 'client_ip',
    },
    {
      name: 'purchases',
      dataset: 'transactions',
      partitions: 6,
      retentionHours: 168,
      cleanupPolicy: 'delete',
      maxMessageBytes: 1_048_588,
      keyColumn: 'customer_id',
    },
    {
      name: 'interactions',
      dataset: 'interactions',
      partitions: 6,
      retentionHours: 168,
      cleanupPolicy: 'delete',
      maxMessageBytes: 1_048_588,
      keyColumn: 'session_id',
    },
  ],

  trafficMonitor: {
    botRule: {
      maxRequestsPerMinute: 600,
      trailingMinutes: 15,
      poissonZ: 4.75,
      minRequests: 20,
    },
  },

  marketplaceApi: {
    ingestion: [
      {
        resource: 'transactions',
        topic: 'purchases',
        summary: 'Purchases as they are paid: one record per order line.',
      },
      {
        resource: 'user-interactions',
        topic: 'interactions',
        summary: 'Clicks, views, searches and cart actions on the shop as they happen.',
      },
    ],
    recommendations: {
      resource: 'recommendations',
      summary:
        "Products to show a customer: related to what they did lately, else their country's best sellers.",
      activityTopics: ['interactions', 'purchases'],
      defaultLimit: 10,
      maxLimit: 50,
      // A month of clicks and orders: what the next visit is most likely to follow.
      recentActivityDays: 30,
      recentActivityPerUser: 50,
      justBoughtDays: 30,
      profileProducts: 20,
      snapshotKeepDays: 3,
    },
    // A checkout of a few hundred lines, or a second of a busy shop's clicks, in one request.
    maxRecordsPerRequest: 500,
    // 500 records of a few hundred bytes each, with room: 1 MiB, also the topics' message limit.
    maxRequestBytes: 1_048_576,
    // Above the marketplace's peak (about 1,000 requests a second) with room for a burst; the
    // account's default (10,000) would let one runaway client starve the Lambda concurrency.
    throttling: { rateLimit: 2_000, burstLimit: 1_000 },
    // The marketplace calls from a few servers: 1,000 requests a second sustained per address.
    wafRequestsPerFiveMinutesPerIp: 300_000,
    // A client retries within minutes; a day covers a marketplace outage and its replay.
    idempotencyKeyDays: 1,
  },

  environments: {
    dev: {
      region: 'eu-west-1',
      dataMayBeDestroyed: true,
      accessLogRetentionDays: 30,
      // Two small brokers: the smallest provisioned cluster that still takes topics through the
      // MSK API (serverless cannot), and enough to exercise replication.
      kafka: {
        replicationFactor: 2,
        minInSyncReplicas: 1,
        brokerInstanceType: 'kafka.t3.small',
        brokerCount: 2,
        brokerVolumeGiB: 20,
      },
      // The smallest workgroup Redshift Serverless runs (4 RPUs, up to 32 TB): development
      // loads a few days of synthetic data.
      warehouse: { baseCapacity: 4 },
      // One region, one copy set: the mirror of synthetic data is cheap to rebuild from S3.
      azure: { redundancy: 'Standard_LRS', blobSoftDeleteDays: 7, containerSoftDeleteDays: 7 },
      // One NAT gateway: while its zone is down the mirror stops (events go to the dead-letter
      // queue, to redrive), which development affords.
      network: { natGateways: 'one' },
      marketplaceApi: { allowedOrigin: 'https://marketplace.dev.hybrid-lake.example' },
      // Development data is synthetic and disposable: keep it weeks, not years.
      lifecycleOverrides: {
        landing: { expireAfterDays: 3 },
        raw: { transitions: [{ storageClass: 'STANDARD_IA', afterDays: 30 }], expireAfterDays: 90 },
        // Clean keeps what the customer snapshots look back over: half a year of orders, and
        // the churn label's month on top.
        clean: { transitions: [], expireAfterDays: 240, noncurrentVersionExpireAfterDays: 7 },
        curated: { transitions: [], expireAfterDays: 90, noncurrentVersionExpireAfterDays: 7 },
      },
    },
    prod: {
      region: 'eu-west-1',
      accessLogRetentionDays: 400,
      // Three brokers over three AZs; per-topic metrics show which producer or consumer lags.
      kafka: { enhancedMonitoring: 'PER_TOPIC_PER_BROKER' },
      // 16 RPUs: the daily ELT and analysts' queries at once without waiting for a scale-up.
      warehouse: { baseCapacity: 16 },
      // Zone- and geo-redundant with a readable secondary: analysts keep reading during a zone or
      // region outage. Such accounts have no Archive tier, so the mirror's lifecycle ends at Cold.
      azure: { redundancy: 'Standard_RAGZRS', blobSoftDeleteDays: 30, containerSoftDeleteDays: 30 },
      // A NAT gateway per zone: the mirror keeps its egress (and its addresses) through a zone outage.
      network: { natGateways: 'per-zone' },
      marketplaceApi: { allowedOrigin: 'https://marketplace.hybrid-lake.example' },
    },
  },
};
