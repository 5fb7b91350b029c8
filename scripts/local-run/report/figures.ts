/**
 * Everything a local run measured, in one JSON-serialisable shape: the terminal summary, the
 * HTML page and `reports/local-run.json` are three renderings of the same figures, so they can
 * never disagree.
 */
import type { Row } from '../../../lambdas/shared/warehouse/data-api';
import type { GeneratedFigures } from '../../generate-data/generated-figures';
import type { GlueJobFigures } from '../../local-platform/glue-jobs/job-figures';
import type { MarketplaceFigures } from '../marketplace/marketplace-sender';

export interface LocalRunFigures {
  /** Version of this shape, bumped when a field changes meaning. */
  readonly schemaVersion: 1;
  readonly project: string;
  readonly environment: string;
  /** The UTC day the data describes (YYYY-MM-DD). */
  readonly day: string;
  readonly seed: number;
  /** `small`, `medium`, `large` or a number of access events. */
  readonly size: string;
  /** When the run finished (ISO-8601). */
  readonly finishedAt: string;
  readonly durationSeconds: number;
  /** Wall-clock time of each step, in order. */
  readonly steps: readonly { readonly name: string; readonly seconds: number }[];
  readonly generated: GeneratedFigures;
  readonly stream: StreamFigures;
  /** The marketplace's purchases and interactions through the API, as its client saw them. */
  readonly marketplace: MarketplaceApiFigures;
  readonly trafficMonitor: TrafficMonitorFigures;
  readonly mirror: MirrorFigures;
  readonly partitions: PartitionFigures;
  readonly etl: readonly GlueJobFigures[];
  readonly functions: readonly FunctionFigures[];
  readonly alerts: AlertFigures;
  readonly analytics: AnalyticsFigures;
  readonly models: CustomerModelFigures;
  /**
   * The recommendations API against the held-out next purchases; absent from a run that did not
   * ask it.
   */
  readonly recommendations?: RecommendationFigures;
  readonly reconcile: ReconcileFigures;
}

export interface MarketplaceApiFigures extends MarketplaceFigures {
  /** The local API's stage URL. */
  readonly url: string;
}

/** The streamed datasets' way in: producer → Kafka → the streaming jobs → the raw zone. */
export interface StreamFigures {
  /** From the first record sent to the last one acknowledged by Kafka. */
  readonly streamSeconds: number;
  /** From the first record sent to the jobs having written everything (no lag left). */
  readonly drainedSeconds: number;
  readonly topics: readonly StreamTopicFigures[];
  /** From a record's production to its file being in the raw zone, over every record. */
  readonly latencyMs: { readonly p50: number; readonly p95: number; readonly max: number };
  /** Records produced and not yet written by the jobs, summed over topics, through the stream. */
  readonly lagSeries: readonly { readonly atSeconds: number; readonly records: number }[];
  readonly batches: number;
  /** Micro-batches written again from the write-ahead record after a job restarted. */
  readonly replayedBatches: number;
  /** Times the jobs' process was killed mid-stream and started again (`--kill-stream-jobs`). */
  readonly restarts: number;
}

/** The traffic monitor's answer to the day's bot burst. */
export interface TrafficMonitorFigures {
  /** Bot-attack alerts the topic delivered (one is expected: the burst). */
  readonly botAlerts: number;
  /** From the burst's first record being acknowledged by Kafka to the alert's publish. */
  readonly firstRecordToAlertSeconds: number | null;
  /**
   * From the stream passing the point where the burst's first minute can close (its end plus
   * the allowed lateness) to the alert's publish: an upper bound on the wait after the close.
   */
  readonly closableToAlertSeconds: number | null;
}

export interface StreamTopicFigures {
  readonly topic: string;
  readonly dataset: string;
  /** Records sent to the topic, the malformed ones included. */
  readonly produced: number;
  /** Records written under their event time's raw partition. */
  readonly written: number;
  /** Records the job could not place, written under `_rejected/`. */
  readonly rejected: number;
  /** Malformed records the run slipped in (not JSON, no event time). */
  readonly malformed: number;
}

export interface MirrorFigures {
  /** Objects and bytes copied to ADLS by the transfer function (every mirrored zone). */
  readonly objects: number;
  readonly bytes: number;
  readonly mibPerSecond: number;
  readonly objectsPerSecond: number;
  /** From the event reaching the transfer queue to the mirror being complete. */
  readonly lagMs: { readonly p50: number; readonly p95: number; readonly max: number };
  /** One point per mirrored object, in completion order: seconds since the run started, lag. */
  readonly lagSeries: readonly { readonly atSeconds: number; readonly lagMs: number }[];
  /** Messages parked in the transfer dead-letter queue (the injected corrupt object). */
  readonly deadLettered: number;
}

export interface PartitionFigures {
  /** Partitions the registration function created in the Glue catalog. */
  readonly registered: number;
  readonly byTable: readonly {
    readonly database: string;
    readonly table: string;
    readonly partitions: number;
  }[];
}

export interface FunctionFigures {
  readonly functionName: string;
  readonly invocations: number;
  readonly coldStarts: number;
  /** Invocations that threw or timed out. */
  readonly errors: number;
  /** SQS batches that reported some items as failed. */
  readonly partialBatches: number;
  readonly timeouts: number;
  /** Invocations that were a retry (an SQS redelivery or an async retry). */
  readonly retries: number;
  readonly p50Ms: number;
  readonly maxMs: number;
}

export interface AlertFigures {
  readonly sent: number;
  readonly items: readonly {
    readonly subject: string;
    /** What raised it, e.g. `aws.glue` or `aws.cloudwatch`. */
    readonly source: string;
    readonly summary: string;
    /** When SNS published it (ISO 8601, the envelope's `Timestamp`). */
    readonly publishedAt?: string;
  }[];
}

export interface AnalyticsFigures {
  /** The answer of every query in sql/queries, by file name without `.sql`, in file order. */
  readonly queries: readonly {
    readonly name: string;
    readonly description: string;
    readonly rows: readonly Row[];
  }[];
  /** Web requests per minute of the day (every minute, zeros included), for the chart. */
  readonly requestsPerMinute: readonly { readonly minute: string; readonly requests: number }[];
  /** The bot query's fixed ceiling (requests per minute). */
  readonly botThreshold: number;
  /** Minutes the bot query flagged (ISO-8601, UTC). */
  readonly suspectedBotMinutes: readonly string[];
}

/** The customer models measured against the generator's planted truth. */
export interface CustomerModelFigures {
  /** On the day's active customers the churn model did not train on. */
  readonly churn: {
    readonly customers: number;
    /** Of them, those planted to leave (a stop up to 30 days after the day). */
    readonly leaving: number;
    /** Area under the ROC curve of the churn risk against leaving; null without both kinds. */
    readonly auc: number | null;
    /**
     * The same, on those still buying at the day (a stop after it, or none): the prediction
     * that matters, and the one held to the target. Recency alone is the baseline.
     */
    readonly stillBuying: {
      readonly customers: number;
      readonly leaving: number;
      readonly auc: number | null;
      readonly recencyAuc: number | null;
    };
    readonly threshold: number;
    readonly confusion: {
      readonly truePositives: number;
      readonly falsePositives: number;
      readonly trueNegatives: number;
      readonly falseNegatives: number;
    };
    readonly target: number;
  };
  readonly segments: {
    readonly customers: number;
    /** Adjusted Rand index of the named segments against the planted behaviours; null under two customers. */
    readonly ari: number | null;
    readonly target: number;
  };
}

/**
 * `GET /v1/recommendations/{user_id}` judged against the generator's planted truth: each customer
 * with an order planned after the day (`next_order`, never written) was asked once, and a hit is
 * any of the first `limit` products in that order. The baseline is their country's best sellers
 * by buyers, computed from the answer key (`figures/recommendations.ts`).
 */
export interface RecommendationFigures extends RecommendationGroupFigures {
  /** Products asked of and judged for each customer: hit rate at this many. */
  readonly limit: number;
  /** The API's hits over the baseline's, on the same customers; null when the baseline hit none. */
  readonly ratio: number | null;
  /** The ratio the API is held to. */
  readonly target: number;
  /** Answers by `strategy`. */
  readonly strategies: { readonly personalised: number; readonly popular: number };
  /** Customers who ordered or visited signed in on the day (their activity streamed to the API). */
  readonly activeOnDay: RecommendationGroupFigures;
  readonly notActiveOnDay: RecommendationGroupFigures;
  /** Round trips of the GETs, as the client saw them. */
  readonly latencyMs: { readonly p50: number; readonly p99: number; readonly max: number };
  /** Every answer, in the answer key's customer order: a check recomputes the hits from them. */
  readonly answers: readonly {
    readonly customer_id: string;
    readonly strategy: 'personalised' | 'popular';
    readonly product_ids: readonly string[];
  }[];
}

/** Customers judged, and the hits of the API and of the baseline among them. */
export interface RecommendationGroupFigures {
  readonly customers: number;
  readonly api: RecommendationHitFigures;
  readonly baseline: RecommendationHitFigures;
}

export interface RecommendationHitFigures {
  readonly hits: number;
  /** Hits over customers, four decimals; null without customers. */
  readonly hitRate: number | null;
}

export interface ReconcileFigures {
  readonly zones: readonly {
    readonly zone: string;
    readonly s3Objects: number;
    readonly adlsObjects: number;
    readonly missing: number;
    readonly extra: number;
    readonly different: number;
  }[];
  readonly drift: boolean;
}
