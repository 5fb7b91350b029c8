/**
 * The narrow views of Powertools that the functions' cores depend on, so a core runs with the
 * real Logger and Metrics in Lambda and with a recording fake in tests (test/fixtures).
 */
import type { Logger } from '@aws-lambda-powertools/logger';
import type { MetricUnit } from '@aws-lambda-powertools/metrics';

/** The log levels a core writes at: a Powertools Logger, or anything shaped like it. */
export type LogPort = Pick<Logger, 'debug' | 'info' | 'warn' | 'error'>;

export type MetricUnitName = (typeof MetricUnit)[keyof typeof MetricUnit];

/** The subset of Powertools Metrics the cores use. */
export interface MetricsPort {
  addMetric(name: string, unit: MetricUnitName, value: number): void;
  /** A metric with a dimension of its own, flushed at once. */
  singleMetric(): {
    addDimension(name: string, value: string): void;
    addMetric(name: string, unit: MetricUnitName, value: number): void;
  };
}
