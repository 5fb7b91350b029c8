/**
 * Powertools Logger, Metrics and Tracer for one function, created once per container. Each
 * Lambda calls this at module scope with its service name, so logs, metrics and traces of a
 * function share one name and one metric namespace.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { Tracer } from '@aws-lambda-powertools/tracer';

export const METRIC_NAMESPACE = 'HybridLake';

export interface Observability {
  readonly logger: Logger;
  readonly metrics: Metrics;
  readonly tracer: Tracer;
}

export function createObservability(serviceName: string): Observability {
  return {
    logger: new Logger({ serviceName }),
    metrics: new Metrics({ namespace: METRIC_NAMESPACE, serviceName }),
    tracer: new Tracer({ serviceName }),
  };
}
