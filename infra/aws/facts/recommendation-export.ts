/**
 * The nightly recommendation export's facts, read by its construct, its function and the local
 * deployment alike: its settings, the rule that starts it after the warehouse ELT, the database
 * role it reads the warehouse as, and where its SQL lives. (Its name, the table it fills and the
 * items it writes are the recommendations' contract, in ./recommendations.ts.)
 */
import { resourcePrefix, type Platform } from '../../platform';
import type { EventPattern } from './alerting';
import { LAMBDA_DESTINATION_SOURCE, LAMBDA_SUCCESS_DETAIL_TYPE } from './functions';
import { EXPORT_SERVICE_NAME } from './recommendations';
import { ELT_RAN_STATUS } from './warehouse';

/**
 * The database role the export's IAM identity is granted at sign-in (created, with SELECT on
 * exactly the tables sql/exports reads, by the migration V012__recommendation_reader_role.sql).
 */
export const EXPORT_DATABASE_ROLE = 'recommendation_reader';

/** The defaults of RecommendationExportOptions. */
export const EXPORT_DEFAULTS = {
  /** Pages of rows become items as they arrive; the memory buys CPU for the JSON more than room. */
  memorySize: 512,
  /** Lambda's maximum: a night of items is written in one invocation. */
  timeoutSeconds: 900,
  retryAttempts: 2,
} as const;

/** One export at a time: two nights written at once would race for the pointer. */
export const EXPORT_RESERVED_CONCURRENCY = 1;

/** An export throttled behind another waits in Lambda's queue up to this age. */
export const EXPORT_MAX_EVENT_AGE_HOURS = 6;

/**
 * How the items are written: BatchWriteItem calls in flight at once, and how a batch's
 * unprocessed items are sent again before the export fails: `maxAttempts` calls in all, each wait
 * drawn at random below a bound of `baseDelayMs` doubling up to `maxDelayMs` (the numbers of the
 * functions' shared RetryPolicy, lambdas/shared/backoff.ts). At most 6.35 s of waiting per batch,
 * nothing beside the export's 15 minutes.
 */
export const EXPORT_WRITE_SETTINGS = {
  concurrentBatches: 4,
  unprocessedRetry: { maxAttempts: 8, baseDelayMs: 50, maxDelayMs: 5_000 },
} as const;

/** The export's SQL, under the warehouse's `sql/` folder (bundled as `sql/exports`). */
export const EXPORT_SQL_FOLDER = 'exports/recommendations';

/** `hybrid-lake-dev-export-recommendations-after-warehouse-elt` */
export function exportRuleName(platform: Platform): string {
  return `${resourcePrefix(platform)}-${EXPORT_SERVICE_NAME}-after-warehouse-elt`;
}

/**
 * What starts an export: the warehouse ELT's on-success record on the default bus, for a run that
 * loaded a day (`responsePayload.status` `ran`; an ignored trigger also ends in success). The
 * record names the function version that ran (`…:function:<name>:$LATEST`), so the ELT is matched
 * by its ARN and a colon: no other function whose name starts the same way.
 */
export function exportTriggerPattern(eltFunctionArn: string): EventPattern {
  return {
    source: [LAMBDA_DESTINATION_SOURCE],
    detailType: [LAMBDA_SUCCESS_DETAIL_TYPE],
    detail: {
      requestContext: { functionArn: [{ prefix: `${eltFunctionArn}:` }] },
      responsePayload: { status: [ELT_RAN_STATUS] },
    },
  };
}
