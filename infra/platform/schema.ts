/**
 * The schema of the platform definition. Every consumer (CDK, Pulumi, Lambdas, local runtime,
 * tests) reads the definition through `loadPlatform`, which validates it against these schemas,
 * so a typo or an impossible setting fails at load time with the path of the offending field.
 *
 * Objects are strict: an unknown key is an error, because a misspelt optional field would
 * otherwise be ignored silently and its default would apply.
 */
import { z } from 'zod';
import { marketplaceApiEnvironmentSchema, marketplaceApiSchema } from './marketplace-api';

export const ZONE_NAMES = ['landing', 'raw', 'clean', 'curated'] as const;
export const zoneNameSchema = z.enum(ZONE_NAMES);
export type ZoneName = z.infer<typeof zoneNameSchema>;

export const ENVIRONMENT_NAMES = ['dev', 'prod'] as const;
export const environmentNameSchema = z.enum(ENVIRONMENT_NAMES);
export type EnvironmentName = z.infer<typeof environmentNameSchema>;

/** Lower-case snake case: Glue lower-cases identifiers, and Redshift folds them too. */
const identifier = z
  .string()
  .regex(
    /^[a-z][a-z0-9_]{0,62}$/,
    'must be lower-case snake_case, start with a letter, ≤ 63 chars',
  );

const positiveDays = z.number().int().positive();

// ─── Lifecycle ────────────────────────────────────────────────────────────────────────────────

export const STORAGE_CLASSES = [
  'STANDARD_IA',
  'ONEZONE_IA',
  'INTELLIGENT_TIERING',
  'GLACIER_IR',
  'GLACIER',
  'DEEP_ARCHIVE',
] as const;
export type StorageClassName = (typeof STORAGE_CLASSES)[number];

/** S3 rejects a lifecycle rule that moves objects to an IA class sooner than this. */
export const MIN_DAYS_BEFORE_INFREQUENT_ACCESS = 30;

export const transitionSchema = z.strictObject({
  storageClass: z.enum(STORAGE_CLASSES),
  afterDays: z.number().int().nonnegative(),
});
export type Transition = z.infer<typeof transitionSchema>;

/**
 * Transition minimum object size, set on every bucket on purpose. S3's own default since 2024 is
 * `all_storage_classes_128K`; we state it explicitly because lake zones hold many small files
 * (manifests, small partitions), and moving a sub-128 KB object costs a per-object transition
 * fee plus archive metadata overhead that exceeds any storage saving.
 */
export const TRANSITION_MINIMUM_SIZES = [
  'all_storage_classes_128K',
  'varies_by_storage_class',
] as const;

const lifecycleFields = {
  /** Storage-class transitions for current versions, in ascending `afterDays`. @default [] */
  transitions: z.array(transitionSchema).default([]),
  /** Delete current versions this many days after creation. @default undefined (kept) */
  expireAfterDays: positiveDays.optional(),
  /** Delete non-current versions this many days after they became non-current. @default 30 */
  noncurrentVersionExpireAfterDays: positiveDays.default(30),
  /** Abort multipart uploads left incomplete for this many days. @default 1 */
  abortIncompleteMultipartUploadAfterDays: positiveDays.default(1),
  /** See TRANSITION_MINIMUM_SIZES. @default 'all_storage_classes_128K' */
  transitionMinimumSize: z.enum(TRANSITION_MINIMUM_SIZES).default('all_storage_classes_128K'),
};

export const lifecycleSchema = z.strictObject(lifecycleFields).superRefine((lifecycle, ctx) => {
  lifecycle.transitions.forEach((transition, index) => {
    const isInfrequentAccess =
      transition.storageClass === 'STANDARD_IA' || transition.storageClass === 'ONEZONE_IA';
    if (isInfrequentAccess && transition.afterDays < MIN_DAYS_BEFORE_INFREQUENT_ACCESS) {
      ctx.addIssue({
        code: 'custom',
        path: ['transitions', index, 'afterDays'],
        message: `S3 needs at least ${MIN_DAYS_BEFORE_INFREQUENT_ACCESS} days before ${transition.storageClass}`,
      });
    }
    const previous = lifecycle.transitions[index - 1];
    if (previous && transition.afterDays <= previous.afterDays) {
      ctx.addIssue({
        code: 'custom',
        path: ['transitions', index, 'afterDays'],
        message: `must be later than the previous transition (${previous.afterDays} days)`,
      });
    }
  });
  const last = lifecycle.transitions.at(-1);
  if (
    last &&
    lifecycle.expireAfterDays !== undefined &&
    lifecycle.expireAfterDays <= last.afterDays
  ) {
    ctx.addIssue({
      code: 'custom',
      path: ['expireAfterDays'],
      message: `must be later than the last transition (${last.afterDays} days)`,
    });
  }
});
export type Lifecycle = z.infer<typeof lifecycleSchema>;

/** An environment's override of a zone's lifecycle: any field may be replaced. */
export const lifecycleOverrideSchema = z.strictObject({
  transitions: z.array(transitionSchema).optional(),
  expireAfterDays: positiveDays.optional(),
  noncurrentVersionExpireAfterDays: positiveDays.optional(),
  abortIncompleteMultipartUploadAfterDays: positiveDays.optional(),
  transitionMinimumSize: z.enum(TRANSITION_MINIMUM_SIZES).optional(),
});
export type LifecycleOverride = z.infer<typeof lifecycleOverrideSchema>;

// ─── Zones ────────────────────────────────────────────────────────────────────────────────────

export const zoneSchema = z.strictObject({
  name: zoneNameSchema,
  description: z.string().min(1),
  /** Objects of mirrored datasets in this zone are copied to the ADLS file system of the same name. */
  mirroredToAzure: z.boolean(),
  /** The lifecycle every environment starts from. */
  lifecycle: lifecycleSchema,
});
export type Zone = z.infer<typeof zoneSchema>;

// ─── Datasets ─────────────────────────────────────────────────────────────────────────────────

const PRIMITIVE_TYPES = [
  'string',
  'int',
  'bigint',
  'double',
  'boolean',
  'date',
  'timestamp',
] as const;
const DECIMAL_TYPE = /^decimal\((\d{1,2}),(\d{1,2})\)$/;

/** Column types in Glue/Hive spelling; `decimal(p,s)` with 1 ≤ p ≤ 38 and 0 ≤ s ≤ p. */
export const columnTypeSchema = z.string().refine(
  (type) => {
    if ((PRIMITIVE_TYPES as readonly string[]).includes(type)) return true;
    const match = DECIMAL_TYPE.exec(type);
    if (!match) return false;
    const precision = Number(match[1]);
    const scale = Number(match[2]);
    return precision >= 1 && precision <= 38 && scale <= precision;
  },
  { message: `must be one of ${PRIMITIVE_TYPES.join(', ')} or decimal(p,s) with p ≤ 38, s ≤ p` },
);

export const columnSchema = z
  .strictObject({
    name: identifier,
    type: columnTypeSchema,
    description: z.string().min(1),
    /** Personal data: masked in logs and alerts, candidates for column-level access control. @default false */
    pii: z.boolean().default(false),
    /**
     * Every record must hold a value here (not null, not an empty string): the event producer and
     * the marketplace API refuse a record without one. A dataset's record-id and event-time columns
     * and a topic's key column are required whatever this says. @default false
     */
    required: z.boolean().optional(),
    /**
     * The most bytes (UTF-8) a string value may take: the width of the column's VARCHAR in the
     * warehouse, which counts bytes and refuses the whole COPY of a longer value. The event producer
     * and the marketplace API refuse such a record; a test holds the widths to `sql/`.
     * @default undefined (no limit)
     */
    maxLength: z.number().int().min(1).max(65_535).optional(),
  })
  .refine(
    (column) =>
      column.maxLength === undefined ||
      column.type === 'string' ||
      // A type that is itself wrong is reported once, as the type.
      !columnTypeSchema.safeParse(column.type).success,
    {
      message: 'maxLength applies to string columns only',
      path: ['maxLength'],
    },
  );
export type Column = z.infer<typeof columnSchema>;

const isValidRegex = (pattern: string): boolean => {
  try {
    new RegExp(pattern);
    return true;
  } catch {
    return false;
  }
};

/**
 * How query engines compute a key's values when its table uses partition projection (Athena's
 * `projection.<key>.*` table properties): zero-padded integers in a range. Only the kinds the
 * definition uses are offered.
 */
export const keyProjectionSchema = z
  .strictObject({
    type: z.literal('integer'),
    min: z.number().int(),
    max: z.number().int(),
    /** Zero-padding width, e.g. 2 for `month=03`. @default undefined (no padding) */
    digits: z.number().int().min(1).max(10).optional(),
  })
  .refine((projection) => projection.min <= projection.max, {
    message: 'min must not exceed max',
    path: ['max'],
  });
export type KeyProjection = z.infer<typeof keyProjectionSchema>;

export const partitionKeySchema = z.strictObject({
  name: identifier,
  type: z.enum(['string', 'int', 'date']),
  /** Anchored regular expression a value must match before it is registered as a partition. */
  pattern: z.string().refine(isValidRegex, { message: 'must be a valid regular expression' }),
  /** Values for partition projection; required when the dataset projects its partitions. @default undefined */
  projection: keyProjectionSchema.optional(),
});
export type PartitionKey = z.infer<typeof partitionKeySchema>;

export const DATA_FORMATS = ['parquet', 'json'] as const;

/** Fields every dataset has, however its records arrive. */
const datasetFields = {
  /** Also the S3/ADLS prefix (`<name>/year=…/`) and the base of the Glue table name. */
  name: identifier,
  description: z.string().min(1),
  /** Zones the dataset is stored in. */
  zones: z.array(zoneNameSchema).min(1),
  format: z.enum(DATA_FORMATS),
  columns: z.array(columnSchema).min(1),
  partitionKeys: z.array(partitionKeySchema).min(1),
  /** Column whose value decides the partition a record lands in. */
  eventTimeColumn: identifier,
  /** Copy this dataset's objects to ADLS (in the zones that are mirrored). */
  mirroredToAzure: z.boolean(),
  /**
   * Query engines compute the partitions from the key projections instead of reading them
   * from the catalog; the registration function then leaves the dataset's tables alone (the
   * two exclude each other). @default false
   */
  partitionProjection: z.boolean().default(false),
};

/** A dataset whose records come from outside: a Kafka topic, or files delivered in batches. */
const sourceDatasetSchema = z.strictObject({
  ...datasetFields,
  /** How records arrive: a Kafka topic, or files delivered in batches to the landing zone. */
  arrival: z.enum(['stream', 'batch']),
  /** Column that identifies a record: the deduplication key in the clean zone. */
  recordIdColumn: identifier,
});

/**
 * A dataset the batch ETL computes from the clean zone (an aggregate or a feature table of the
 * curated zone): no producer writes it, and each run rewrites the days it covers.
 */
const derivedDatasetSchema = z.strictObject({
  ...datasetFields,
  arrival: z.literal('derived'),
  /** The datasets it is computed from: their clean tables are the job's input. */
  derivedFrom: z.array(identifier).min(1),
  /** Columns whose values identify a row (the aggregate's grouping key): no two rows share them. */
  keyColumns: z.array(identifier).min(1),
});

export const datasetSchema = z
  .discriminatedUnion('arrival', [sourceDatasetSchema, derivedDatasetSchema])
  .superRefine((dataset, ctx) => {
    const columnNames = dataset.columns.map((column) => column.name);
    reportDuplicates(columnNames, ['columns'], ctx);
    reportDuplicates(dataset.zones, ['zones'], ctx);
    reportDuplicates(
      dataset.partitionKeys.map((key) => key.name),
      ['partitionKeys'],
      ctx,
    );
    dataset.partitionKeys.forEach((key, index) => {
      if (columnNames.includes(key.name)) {
        ctx.addIssue({
          code: 'custom',
          path: ['partitionKeys', index, 'name'],
          message: `"${key.name}" is also a column; Glue rejects a partition key that repeats a column`,
        });
      }
    });
    if (dataset.partitionProjection) {
      dataset.partitionKeys.forEach((key, index) => {
        if (key.projection === undefined) {
          ctx.addIssue({
            code: 'custom',
            path: ['partitionKeys', index, 'projection'],
            message: `"${key.name}" needs a projection: ${dataset.name} uses partition projection`,
          });
        }
      });
    }
    const identifying =
      dataset.arrival === 'derived'
        ? dataset.keyColumns.map((column, index) => ({ column, path: ['keyColumns', index] }))
        : [{ column: dataset.recordIdColumn, path: ['recordIdColumn'] }];
    for (const { column, path } of identifying) {
      if (!columnNames.includes(column)) {
        ctx.addIssue({
          code: 'custom',
          path,
          message: `"${column}" is not a column of ${dataset.name}`,
        });
      }
    }
    if (dataset.arrival === 'derived') {
      reportDuplicates(dataset.keyColumns, ['keyColumns'], ctx);
      dataset.zones.forEach((zone, index) => {
        if (zone !== 'curated')
          ctx.addIssue({
            code: 'custom',
            path: ['zones', index],
            message: `a derived dataset lives in the curated zone only, not in "${zone}"`,
          });
      });
    }
    const eventTime = dataset.columns.find((column) => column.name === dataset.eventTimeColumn);
    if (!eventTime || (eventTime.type !== 'timestamp' && eventTime.type !== 'date')) {
      ctx.addIssue({
        code: 'custom',
        path: ['eventTimeColumn'],
        message: `"${dataset.eventTimeColumn}" must be a timestamp or date column of ${dataset.name}`,
      });
    }
  });
export type Dataset = z.infer<typeof datasetSchema>;
/** A dataset producers write (by stream or batch): it has a record id. */
export type SourceDataset = Extract<Dataset, { arrival: 'stream' | 'batch' }>;
/** A dataset the ETL computes from clean datasets. */
export type DerivedDataset = Extract<Dataset, { arrival: 'derived' }>;

export function isSourceDataset(dataset: Dataset): dataset is SourceDataset {
  return dataset.arrival !== 'derived';
}

function reportDuplicates(
  values: readonly string[],
  path: (string | number)[],
  ctx: z.RefinementCtx,
) {
  values.forEach((value, index) => {
    if (values.indexOf(value) !== index) {
      ctx.addIssue({ code: 'custom', path: [...path, index], message: `"${value}" appears twice` });
    }
  });
}

// ─── Kafka topics ─────────────────────────────────────────────────────────────────────────────

export const topicSchema = z.strictObject({
  /** Kafka's own limits: 1–249 chars of letters, digits, `.`, `_`, `-`. */
  name: z.string().regex(/^[A-Za-z0-9._-]{1,249}$/, 'must be a valid Kafka topic name'),
  /** The dataset whose records the topic carries (a dataset with `arrival: 'stream'`). */
  dataset: identifier,
  partitions: z.number().int().min(1).max(1000),
  retentionHours: z.number().int().positive(),
  cleanupPolicy: z.enum(['delete', 'compact', 'compact,delete']),
  /**
   * The largest record batch the topic accepts (`max.message.bytes`); a larger one is refused
   * with MESSAGE_TOO_LARGE, never truncated. Kafka's default is 1,048,588.
   */
  maxMessageBytes: z.number().int().min(1_024).max(8_388_608),
  /**
   * The column whose value keys each message: the records of one key stay in order on one
   * partition. Every record must hold a value in it.
   */
  keyColumn: identifier,
});
export type Topic = z.infer<typeof topicSchema>;

// ─── Traffic monitoring ───────────────────────────────────────────────────────────────────────

/**
 * When a minute of web requests looks like a bot attack: the traffic monitor raises its alert on
 * it, and the warehouse query `bot_suspicion` lists it, by the same rule.
 */
export const botRuleSchema = z.strictObject({
  /** A minute with more requests than this is flagged outright. */
  maxRequestsPerMinute: z.number().int().positive(),
  /** Minutes of history the normal rate is measured over; minutes without requests count as 0. */
  trailingMinutes: z.number().int().min(5).max(1440),
  /**
   * How far above the trailing rate a minute must be, in standard deviations of a Poisson count
   * after Anscombe's transform (2·√(x + 3/8)): the chance an ordinary minute of Poisson traffic
   * reaches it is about 1 − Φ(z / √(1 + 1/trailingMinutes)), some 2 in 10^6 minutes at 4.75 over
   * 15 minutes (the trailing rate is itself estimated, which widens the tail a little).
   */
  poissonZ: z.number().min(2).max(10),
  /** The fewest requests a minute flagged by the statistical rule has. */
  minRequests: z.number().int().positive(),
});
export type BotRule = z.infer<typeof botRuleSchema>;

export const trafficMonitorSchema = z.strictObject({
  botRule: botRuleSchema,
});
export type TrafficMonitor = z.infer<typeof trafficMonitorSchema>;

// ─── Kafka (MSK) ──────────────────────────────────────────────────────────────────────────────

/**
 * The oldest Kafka version whose MSK clusters accept topics through the MSK API (and so through
 * CloudFormation's `AWS::MSK::Topic`); the platform creates every topic that way.
 */
export const MIN_KAFKA_VERSION = [3, 6] as const;

/** MSK spells versions `3.6.0`, `3.9.x`, `3.7.x.kraft`. */
const KAFKA_VERSION = /^(\d+)\.(\d+)\.(\d+|x)(\.kraft)?$/;

export const kafkaVersionSchema = z.string().refine(
  (version) => {
    const match = KAFKA_VERSION.exec(version);
    if (!match) return false;
    const [major, minor] = [Number(match[1]), Number(match[2])];
    const [minMajor, minMinor] = MIN_KAFKA_VERSION;
    return major > minMajor || (major === minMajor && minor >= minMinor);
  },
  {
    message: `must be an MSK Kafka version such as 3.9.x, at least ${MIN_KAFKA_VERSION.join('.')}`,
  },
);

export const ENHANCED_MONITORING_LEVELS = [
  'DEFAULT',
  'PER_BROKER',
  'PER_TOPIC_PER_BROKER',
  'PER_TOPIC_PER_PARTITION',
] as const;

/**
 * An MSK provisioned cluster. Serverless is not offered: its topics can only be created over the
 * Kafka protocol, not through the MSK API that CloudFormation uses.
 */
export const kafkaSettingsSchema = z.strictObject({
  /** @default 3 */
  replicationFactor: z.number().int().min(1).default(3),
  /** @default 2 */
  minInSyncReplicas: z.number().int().min(1).default(2),
  /** @default '3.9.x' */
  version: kafkaVersionSchema.default('3.9.x'),
  /** MSK broker instance type. @default 'kafka.m7g.large' */
  brokerInstanceType: z
    .string()
    .regex(/^kafka\.[a-z0-9]+\.[a-z0-9]+$/, 'must be an MSK instance type such as kafka.m7g.large')
    .default('kafka.m7g.large'),
  /** Brokers in the cluster: a multiple of the subnets (AZs) they are spread over. @default 3 */
  brokerCount: z.number().int().min(2).default(3),
  /** EBS storage per broker, GiB (MSK allows 1–16384). @default 100 */
  brokerVolumeGiB: z.number().int().min(1).max(16384).default(100),
  /** CloudWatch metrics level beyond the free default. @default 'PER_BROKER' */
  enhancedMonitoring: z.enum(ENHANCED_MONITORING_LEVELS).default('PER_BROKER'),
});
export type KafkaSettings = z.infer<typeof kafkaSettingsSchema>;

// ─── Warehouse (Redshift Serverless) ──────────────────────────────────────────────────────────

/** The smallest base capacity Redshift Serverless accepts (RPUs); it serves up to 32 TB of data. */
export const MIN_WAREHOUSE_BASE_CAPACITY = 4;
/** The largest base capacity: 512 everywhere, 1024 in a few regions (eu-west-1 among them). */
export const MAX_WAREHOUSE_BASE_CAPACITY = 1024;

/**
 * Base capacities Redshift Serverless accepts: 4, then multiples of 8 up to 512, then multiples
 * of 32 up to 1024 (in the regions that offer more than 512).
 */
export function isWarehouseBaseCapacity(rpus: number): boolean {
  if (!Number.isInteger(rpus)) return false;
  if (rpus === MIN_WAREHOUSE_BASE_CAPACITY) return true;
  if (rpus >= 8 && rpus <= 512) return rpus % 8 === 0;
  return rpus > 512 && rpus <= MAX_WAREHOUSE_BASE_CAPACITY && rpus % 32 === 0;
}

/** Redshift database names: lower case, a letter first, at most 64 characters. */
const databaseName = z
  .string()
  .regex(/^[a-z][a-z0-9_]{0,63}$/, 'must be lower-case, start with a letter, ≤ 64 chars')
  .refine((name) => name !== 'dev', {
    message: '"dev" is the database every namespace already has; name the platform\'s own',
  });

/** The environment's Redshift Serverless namespace and workgroup. */
export const warehouseSettingsSchema = z
  .strictObject({
    /** The database the migrations and the ELT use (`WAREHOUSE_DATABASE`). @default 'analytics' */
    databaseName: databaseName.default('analytics'),
    /** RPUs the workgroup starts every query with (see isWarehouseBaseCapacity). @default 8 */
    baseCapacity: z
      .number()
      .refine(isWarehouseBaseCapacity, {
        message: `must be ${MIN_WAREHOUSE_BASE_CAPACITY}, a multiple of 8 up to 512, or a multiple of 32 up to ${MAX_WAREHOUSE_BASE_CAPACITY}`,
      })
      .default(8),
    /** RPUs the workgroup may scale up to, a ceiling on cost. @default undefined (no ceiling) */
    maxCapacity: z.number().int().positive().optional(),
  })
  .superRefine((warehouse, ctx) => {
    if (warehouse.maxCapacity !== undefined && warehouse.maxCapacity < warehouse.baseCapacity) {
      ctx.addIssue({
        code: 'custom',
        path: ['maxCapacity'],
        message: `cannot be below baseCapacity (${warehouse.baseCapacity})`,
      });
    }
  });
export type WarehouseSettings = z.infer<typeof warehouseSettingsSchema>;

// ─── Azure (the ADLS Gen2 mirror) ─────────────────────────────────────────────────────────────

/** Standard general-purpose v2 redundancies; ADLS Gen2 (hierarchical namespace) takes all of them. */
export const AZURE_STORAGE_REDUNDANCIES = [
  'Standard_LRS',
  'Standard_ZRS',
  'Standard_GRS',
  'Standard_RAGRS',
  'Standard_GZRS',
  'Standard_RAGZRS',
] as const;
export type AzureStorageRedundancy = (typeof AZURE_STORAGE_REDUNDANCIES)[number];

/** Azure offers no Archive tier on zone-redundant accounts; their lifecycle stops at Cold. */
export function supportsArchiveTier(redundancy: AzureStorageRedundancy): boolean {
  return !redundancy.includes('ZRS');
}

/** Azure accepts 1–365 days for blob and container soft delete. */
const softDeleteDays = z.number().int().min(1).max(365);

/** The environment's ADLS Gen2 account (Pulumi program, infra/azure). */
export const azureSettingsSchema = z.strictObject({
  /** Storage account SKU: how many copies Azure keeps, and where. @default 'Standard_ZRS' */
  redundancy: z.enum(AZURE_STORAGE_REDUNDANCIES).default('Standard_ZRS'),
  /** Days a deleted file or directory can be restored (blob soft delete). @default 14 */
  blobSoftDeleteDays: softDeleteDays.default(14),
  /** Days a deleted file system can be restored (container soft delete). @default 14 */
  containerSoftDeleteDays: softDeleteDays.default(14),
});
export type AzureSettings = z.infer<typeof azureSettingsSchema>;

// ─── Network (the transfer function's egress) ─────────────────────────────────────────────────

/**
 * How many NAT gateways (each with its own Elastic IP) carry the transfer function's traffic to
 * Azure: `per-zone` keeps the mirror running when a zone fails, `one` costs a third of it and
 * stops the mirror while its zone is down (failed events end in the dead-letter queue, to redrive).
 */
export const NAT_GATEWAY_LAYOUTS = ['per-zone', 'one'] as const;
export type NatGatewayLayout = (typeof NAT_GATEWAY_LAYOUTS)[number];

/** The environment's VPC egress (infra/aws/stacks/network.ts). */
export const networkSettingsSchema = z.strictObject({
  /** NAT gateways of the transfer function's subnets (see NAT_GATEWAY_LAYOUTS). @default 'per-zone' */
  natGateways: z.enum(NAT_GATEWAY_LAYOUTS).default('per-zone'),
});
export type NetworkSettings = z.infer<typeof networkSettingsSchema>;

// ─── Environments ─────────────────────────────────────────────────────────────────────────────

export const environmentSchema = z
  .strictObject({
    /** AWS account; when absent the CDK default account (from credentials) is used. @default undefined */
    account: z
      .string()
      .regex(/^\d{12}$/, 'must be a 12-digit AWS account id')
      .optional(),
    region: z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d$/, 'must be an AWS region such as eu-west-1'),
    /** E-mail subscribed to the alert topic; `-c alertEmail=…` overrides it. @default undefined */
    alertEmail: z.email().optional(),
    /**
     * Whether data stores of this environment may be destroyed with the stack at all. Even when
     * true, destroy still needs the explicit `-c allowDestroy=true` flag at deploy time. @default false
     */
    dataMayBeDestroyed: z.boolean().default(false),
    /** Per-zone changes to the zone lifecycles. @default {} */
    lifecycleOverrides: z.partialRecord(zoneNameSchema, lifecycleOverrideSchema).default({}),
    /** Days the S3 server access logs are kept. @default 365 */
    accessLogRetentionDays: positiveDays.default(365),
    /** The environment's MSK provisioned cluster. @default {} (every field at its default) */
    kafka: kafkaSettingsSchema.prefault({}),
    /** The environment's Redshift Serverless warehouse. @default {} (every field at its default) */
    warehouse: warehouseSettingsSchema.prefault({}),
    /** The environment's ADLS Gen2 mirror account. @default {} (every field at its default) */
    azure: azureSettingsSchema.prefault({}),
    /** The environment's VPC egress: NAT gateways and their Elastic IPs. @default {} (every field at its default) */
    network: networkSettingsSchema.prefault({}),
    /** Where the marketplace calls the API from. @default {} (every field at its default) */
    marketplaceApi: marketplaceApiEnvironmentSchema.prefault({}),
  })
  .superRefine((environment, ctx) => {
    if (environment.kafka.minInSyncReplicas > environment.kafka.replicationFactor) {
      ctx.addIssue({
        code: 'custom',
        path: ['kafka', 'minInSyncReplicas'],
        message: 'cannot exceed kafka.replicationFactor',
      });
    }
    if (environment.kafka.replicationFactor > environment.kafka.brokerCount) {
      ctx.addIssue({
        code: 'custom',
        path: ['kafka', 'replicationFactor'],
        message: `cannot exceed kafka.brokerCount (${environment.kafka.brokerCount})`,
      });
    }
  });
export type EnvironmentSettings = z.infer<typeof environmentSchema>;

// ─── The whole definition ─────────────────────────────────────────────────────────────────────

export const platformDefinitionSchema = z
  .strictObject({
    /** Prefix of every resource name. */
    project: z
      .string()
      .regex(/^[a-z][a-z0-9-]{1,20}$/, 'must be lower-case kebab-case, ≤ 21 chars'),
    zones: z.array(zoneSchema),
    datasets: z.array(datasetSchema).min(1),
    topics: z.array(topicSchema),
    trafficMonitor: trafficMonitorSchema,
    marketplaceApi: marketplaceApiSchema,
    environments: z.record(environmentNameSchema, environmentSchema),
  })
  .superRefine((definition, ctx) => {
    const zoneNames = definition.zones.map((zone) => zone.name);
    reportDuplicates(zoneNames, ['zones'], ctx);
    for (const zone of ZONE_NAMES) {
      if (!zoneNames.includes(zone)) {
        ctx.addIssue({ code: 'custom', path: ['zones'], message: `zone "${zone}" is missing` });
      }
    }
    reportDuplicates(
      definition.datasets.map((dataset) => dataset.name),
      ['datasets'],
      ctx,
    );
    reportDuplicates(
      definition.topics.map((topic) => topic.name),
      ['topics'],
      ctx,
    );
    definition.datasets.forEach((dataset, index) => {
      if (dataset.arrival !== 'derived') return;
      dataset.derivedFrom.forEach((source, sourceIndex) => {
        const found = definition.datasets.find((candidate) => candidate.name === source);
        if (!found || found.arrival === 'derived' || !found.zones.includes('clean')) {
          ctx.addIssue({
            code: 'custom',
            path: ['datasets', index, 'derivedFrom', sourceIndex],
            message: `"${source}" must name a source dataset stored in the clean zone`,
          });
        }
      });
    });
    definition.topics.forEach((topic, index) => {
      const dataset = definition.datasets.find((candidate) => candidate.name === topic.dataset);
      if (!dataset || dataset.arrival !== 'stream') {
        ctx.addIssue({
          code: 'custom',
          path: ['topics', index, 'dataset'],
          message: `"${topic.dataset}" must name a dataset with arrival "stream"`,
        });
      } else if (!dataset.columns.some((column) => column.name === topic.keyColumn)) {
        ctx.addIssue({
          code: 'custom',
          path: ['topics', index, 'keyColumn'],
          message: `"${topic.keyColumn}" is not a column of ${dataset.name}`,
        });
      }
    });
    const { recommendations } = definition.marketplaceApi;
    reportDuplicates(
      [
        ...definition.marketplaceApi.ingestion.map((route) => route.resource),
        recommendations.resource,
      ],
      ['marketplaceApi', 'ingestion'],
      ctx,
    );
    if (recommendations.defaultLimit > recommendations.maxLimit)
      ctx.addIssue({
        code: 'custom',
        path: ['marketplaceApi', 'recommendations', 'defaultLimit'],
        message: `must not exceed maxLimit (${recommendations.maxLimit})`,
      });
    recommendations.activityTopics.forEach((name, index) => {
      const topic = definition.topics.find((each) => each.name === name);
      const columns = definition.datasets
        .find((dataset) => dataset.name === topic?.dataset)
        ?.columns.map((column) => column.name);
      // An activity item is a customer, a product and a time: the consumer reads these columns.
      const missing = ['customer_id', 'product_id'].filter((column) => !columns?.includes(column));
      if (topic === undefined || missing.length > 0)
        ctx.addIssue({
          code: 'custom',
          path: ['marketplaceApi', 'recommendations', 'activityTopics', index],
          message:
            topic === undefined
              ? `"${name}" is not a topic of the definition`
              : `the dataset of "${name}" lacks ${missing.join(' and ')}`,
        });
    });
    definition.marketplaceApi.ingestion.forEach((route, index) => {
      if (!definition.topics.some((topic) => topic.name === route.topic)) {
        ctx.addIssue({
          code: 'custom',
          path: ['marketplaceApi', 'ingestion', index, 'topic'],
          message: `"${route.topic}" is not a topic of the definition`,
        });
      }
    });
  });
export type PlatformDefinition = z.input<typeof platformDefinitionSchema>;
export type ValidPlatformDefinition = z.infer<typeof platformDefinitionSchema>;
