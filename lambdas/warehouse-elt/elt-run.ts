/**
 * One ELT invocation: work out the days from the trigger (a nightly run catches up the days of its
 * window no run loaded, and loads its own day alone if that fails), run the loads and transforms
 * over them, train the customer models that are missing or failed (all of them on the retrain
 * weekday), log and count what happened. Any other failure is thrown: the asynchronous
 * invocation is retried, then handed to the function's on-failure destination (and each failed
 * statement already emitted a Data API event, since statements run `WithEvent`, a catch-up's
 * COPYs excepted).
 */
import type { Logger } from '@aws-lambda-powertools/logger';
import { MetricUnit, type Metrics } from '@aws-lambda-powertools/metrics';
import type { WarehouseSession } from '../shared/warehouse/data-api';
import { catchUpFrom } from '../shared/warehouse/catch-up';
import {
  runElt,
  type EltOptions,
  type EltReport,
  type LoadVariable,
} from '../shared/warehouse/elt';
import { EltDeadlineError, EltStepError } from '../shared/warehouse/errors';
import {
  planModels,
  trainModels,
  type ModelTrainingReport,
  type ModelVariable,
  type PlannedModel,
} from '../shared/warehouse/models';
import {
  CATCH_UP_FAILURES_METRIC,
  ELT_NIGHT_RESERVE_SECONDS,
  ELT_RAN_STATUS,
  MODEL_FAILURES_METRIC,
  MODEL_RETRAIN_WEEKDAY,
} from '../../infra/aws/facts/warehouse';
import { parseEltTrigger } from './event';

export type EltRunResult =
  | {
      readonly status: typeof ELT_RAN_STATUS;
      readonly report: EltReport;
      /** A nightly catch-up that failed, after which the night was loaded alone. */
      readonly catchUp?: { readonly fromDay: string; readonly error: string };
      /** The model files, or the error that stopped them (the day's load stands either way). */
      readonly models: readonly ModelTrainingReport[] | { readonly error: string };
    }
  | { readonly status: 'ignored'; readonly reason: string };

export interface EltRunDependencies {
  readonly session: WarehouseSession;
  readonly sqlDirectory: string;
  readonly variables: Readonly<Record<LoadVariable, string>>;
  readonly modelVariables: Readonly<Record<ModelVariable, string>>;
  readonly logger: Logger;
  readonly metrics: Metrics;
  readonly publishMetrics: () => void;
}

/**
 * Trains the models that are missing or FAILED, and every model on the nightly run of the
 * retrain weekday (not on manual runs, so a backfill does not retrain once per Sunday it covers).
 * CREATE MODEL returns once the data is exported; the models train in the background. A model
 * found FAILED, or a model file that fails, is counted in `ModelFailures` (its alarm alerts) and
 * logged; the day's load, already done, does not fail with it, so Lambda does not run it again.
 */
async function checkModels(
  { session, logger, metrics }: EltRunDependencies,
  plan: PlannedModel[],
  trigger: { readonly kind: string; readonly day: string },
): Promise<readonly ModelTrainingReport[] | { readonly error: string }> {
  const retrain =
    trigger.kind === 'glue-job' &&
    new Date(`${trigger.day}T00:00:00Z`).getUTCDay() === MODEL_RETRAIN_WEEKDAY;
  try {
    const models = await trainModels(session, plan, { retrain });
    const failed = models.filter((model) => model.found === 'FAILED');
    metrics.addMetric(
      'ModelsTrained',
      MetricUnit.Count,
      models.filter((model) => model.status === 'trained').length,
    );
    metrics.addMetric(MODEL_FAILURES_METRIC, MetricUnit.Count, failed.length);
    if (failed.length > 0)
      logger.error('Models found FAILED; trained again', {
        models: failed.map((model) => model.model),
      });
    logger.info('Models checked', { retrain, models });
    return models;
  } catch (error) {
    metrics.addMetric(MODEL_FAILURES_METRIC, MetricUnit.Count, 1);
    logger.error('Model training failed; the day is loaded', { error });
    return { error: error instanceof Error ? `${error.name}: ${error.message}` : String(error) };
  }
}

/** What the ELT needs of the Lambda context. */
interface InvocationClock {
  getRemainingTimeInMillis(): number;
}

/**
 * A nightly catch-up, under a time budget that leaves {@link ELT_NIGHT_RESERVE_SECONDS} for the
 * night alone. When the catch-up fails on a file or runs out of time, the night is loaded alone
 * (its days stay unrecorded, so the next night tries again) and the failure is counted, which
 * alerts. One unreadable day then costs an alert every night, not every night's load.
 */
async function catchUp(
  { session, logger, metrics }: EltRunDependencies,
  options: EltOptions & { readonly fromDay: string },
  clock: InvocationClock | undefined,
): Promise<{ report: EltReport; failed?: { fromDay: string; error: string } }> {
  const deadline =
    clock === undefined
      ? undefined
      : Date.now() + clock.getRemainingTimeInMillis() - ELT_NIGHT_RESERVE_SECONDS * 1000;
  try {
    return {
      report: await runElt(session, { ...options, ...(deadline !== undefined && { deadline }) }),
    };
  } catch (error) {
    // A retryable failure (throttling, a dropped connection) is Lambda's to retry, whole.
    const fallsBack =
      error instanceof EltDeadlineError || (error instanceof EltStepError && !error.retryable);
    if (!fallsBack) throw error;
    metrics.addMetric(CATCH_UP_FAILURES_METRIC, MetricUnit.Count, 1);
    logger.error('Catch-up failed; loading the night alone', { error });
    const report = await runElt(session, { ...options, fromDay: options.day });
    return {
      report,
      failed: { fromDay: options.fromDay, error: `${error.name}: ${error.message}` },
    };
  }
}

export function createEltHandler(
  dependencies: EltRunDependencies,
): (input: unknown, context?: InvocationClock) => Promise<EltRunResult> {
  const { session, sqlDirectory, variables, modelVariables, logger, metrics } = dependencies;
  return async (input, context) => {
    try {
      const trigger = parseEltTrigger(input);
      if (trigger.kind === 'ignored') {
        logger.warn('Not a successful job run; nothing to load', { reason: trigger.reason });
        metrics.addMetric('EltTriggersIgnored', MetricUnit.Count, 1);
        return { status: 'ignored', reason: trigger.reason };
      }
      // Checked before the day runs: a broken model file fails the run before it loads anything.
      const plan = planModels(sqlDirectory, modelVariables);
      const fromDay =
        trigger.kind === 'manual' ? trigger.fromDay : await catchUpFrom(session, trigger.day);
      logger.appendKeys({ day: trigger.day, fromDay, trigger: trigger.kind });
      const options = { sqlDirectory, day: trigger.day, fromDay, variables };
      const { report, failed } =
        trigger.kind === 'glue-job' && fromDay !== trigger.day
          ? await catchUp(dependencies, options, context)
          : { report: await runElt(session, options) };
      metrics.addMetric('EltFilesRun', MetricUnit.Count, report.ran.length);
      metrics.addMetric('EltFilesSkipped', MetricUnit.Count, report.skipped.length);
      metrics.addMetric('EltRowsAffected', MetricUnit.Count, report.rowsAffected);
      logger.info('ELT finished', { ...report });
      const models = await checkModels(dependencies, plan, trigger);
      return {
        status: ELT_RAN_STATUS,
        report,
        ...(failed !== undefined && { catchUp: failed }),
        models,
      };
    } catch (error) {
      metrics.addMetric('EltFailures', MetricUnit.Count, 1);
      logger.error('ELT failed', { error });
      throw error;
    } finally {
      dependencies.publishMetrics();
    }
  };
}
