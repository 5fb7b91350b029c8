/**
 * A narrow tracing interface for the core: one subsegment per S3/ADLS call. The handler backs it
 * with the Powertools Tracer; tests and the local runner can pass `noTracing`.
 */
import type { Tracer } from '@aws-lambda-powertools/tracer';

export interface Tracing {
  span<T>(name: string, work: () => Promise<T>): Promise<T>;
}

export const noTracing: Tracing = { span: (_name, work) => work() };

/**
 * Subsegments under the invocation's segment. The current segment is not switched, because
 * blocks run concurrently and a shared "current" would nest them under each other.
 */
export function powertoolsTracing(tracer: Tracer): Tracing {
  return {
    async span(name, work) {
      const parent = tracer.isTracingEnabled() ? tracer.getSegment() : undefined;
      if (!parent) return work();
      const subsegment = parent.addNewSubsegment(name);
      try {
        return await work();
      } catch (error) {
        subsegment.addError(error as Error);
        throw error;
      } finally {
        subsegment.close();
      }
    },
  };
}
