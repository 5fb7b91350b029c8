/**
 * One ELT invocation: work out the day from the trigger, run the loads and transforms, train the
 * customer models that are missing (all of them on the retrain weekday), log and count what
 * happened. A failure is thrown: the asynchronous invocation is retried, then handed
 * to the function's on-failure destination (and each failed statement already emitted a Data
 * API event, since statements run `WithEvent`).
 */
import type { Logger } from '@aws-lambda-powertools/logger';
import { MetricUnit, type Metrics } from '@aws-lambda-powertools/metrics';
import type { WarehouseSession } from '../shared/warehouse/data-api';
import { runElt, type EltReport, type LoadVariable } from '../shared/warehouse/elt';
import {
  planModels,
  trainModels,
  type ModelTrainingReport,
  type ModelVariable,
} from '../shared/warehouse/models';
import { MODEL_RETRAIN_WEEKDAY } from '../../infra/aws/facts/warehouse';
import { parseEltTrigger } from './event';

export type EltRunResult =
  | {
      readonly status: 'ran';
      readonly report: EltReport;
      readonly models: readonly ModelTrainingReport[];
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

export function createEltHandler(
  dependencies: EltRunDependencies,
): (input: unknown) => Promise<EltRunResult> {
  const { session, sqlDirectory, variables, modelVariables, logger, metrics } = dependencies;
  return async (input) => {
    try {
      const trigger = parseEltTrigger(input);
      if (trigger.kind === 'ignored') {
        logger.warn('Not a successful job run; nothing to load', { reason: trigger.reason });
        metrics.addMetric('EltTriggersIgnored', MetricUnit.Count, 1);
        return { status: 'ignored', reason: trigger.reason };
      }
      logger.appendKeys({ day: trigger.day, trigger: trigger.kind });
      // Checked before the day runs: a broken model file fails the run before it loads anything.
      const plan = planModels(sqlDirectory, modelVariables);
      const report = await runElt(session, { sqlDirectory, day: trigger.day, variables });
      metrics.addMetric('EltFilesRun', MetricUnit.Count, report.ran.length);
      metrics.addMetric('EltFilesSkipped', MetricUnit.Count, report.skipped.length);
      metrics.addMetric('EltRowsAffected', MetricUnit.Count, report.rowsAffected);
      logger.info('ELT finished', { ...report });
      // Trained when missing, and retrained weekly on the newest snapshot. CREATE MODEL returns
      // once the data is exported; the models train in the background.
      const retrain = new Date(`${trigger.day}T00:00:00Z`).getUTCDay() === MODEL_RETRAIN_WEEKDAY;
      const models = await trainModels(session, plan, { retrain });
      metrics.addMetric(
        'ModelsTrained',
        MetricUnit.Count,
        models.filter((model) => model.status === 'trained').length,
      );
      logger.info('Models checked', { retrain, models });
      return { status: 'ran', report, models };
    } catch (error) {
      metrics.addMetric('EltFailures', MetricUnit.Count, 1);
      logger.error('ELT failed', { error });
      throw error;
    } finally {
      dependencies.publishMetrics();
    }
  };
}
