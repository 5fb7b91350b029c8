/**
 * Amazon Redshift Data API (AWS JSON 1.1, `RedshiftData.<Operation>`), executing statements on
 * an embedded PostgreSQL per database with Redshift-only syntax translated or refused.
 * See README.md in this folder for what is implemented and where it departs from AWS.
 */
import type { LocalCloudContext, ServiceHandler } from '../../core/context';
import { createJsonService } from '../../core/json-protocol';
import type { ObjectSource } from './copy/load';
import { RedshiftEndpoints, type EndpointsSnapshot } from './endpoints';
import { createOperations } from './operations';
import { StatementEngine, type EngineSnapshot } from './statement-engine';

export interface RedshiftDataService extends ServiceHandler {
  /**
   * Makes COPY read objects from `source` instead of the local S3 (through the service bus);
   * `undefined` goes back to S3. For tests that need COPY without the S3 emulator.
   */
  useObjectSource(source: ObjectSource | undefined): void;
  /** Makes a serverless workgroup exist, so statements may name it (idempotent; reset forgets it). */
  createWorkgroup(name: string): void;
  /** Makes a provisioned cluster exist, so statements may name it (idempotent; reset forgets it). */
  createCluster(identifier: string): void;
  /**
   * Starts the engine of a workgroup's database in the background (it takes seconds), so its
   * first statement does not wait for it. A failed start is reported by that first statement.
   */
  startDatabase(target: { readonly workgroupName: string; readonly database: string }): void;
}

/** What persists: the engine's statements and journals, and the clusters and workgroups. */
interface RedshiftDataSnapshot {
  readonly engine: EngineSnapshot;
  readonly endpoints?: EndpointsSnapshot;
}

/** COPY's view of the local S3, through the capabilities the S3 service puts on the bus. */
function busObjectSource(context: LocalCloudContext): ObjectSource {
  return {
    list(bucket, prefix) {
      if (!context.bus.listObjects)
        throw new Error(
          'S3 is not available on the local service bus, so COPY cannot read objects',
        );
      return context.bus.listObjects(bucket, prefix);
    },
    read(bucket, key) {
      return context.bus.readObject?.(bucket, key);
    },
  };
}

export function createRedshiftDataService(context: LocalCloudContext): RedshiftDataService {
  let objectSourceOverride: ObjectSource | undefined;
  const s3Source = busObjectSource(context);
  const engine = new StatementEngine(context, () => objectSourceOverride ?? s3Source);
  const endpoints = new RedshiftEndpoints();
  const handler = createJsonService({
    signingName: 'redshift-data',
    targetPrefix: 'RedshiftData',
    jsonVersion: '1.1',
    operations: createOperations(engine, endpoints, () => context.now()),
    context,
    reset: () => {
      engine.reset();
      endpoints.reset();
    },
    snapshot: (): RedshiftDataSnapshot => ({
      engine: engine.snapshot(),
      endpoints: endpoints.snapshot(),
    }),
    restore: (state) => {
      const saved = state as Partial<RedshiftDataSnapshot>;
      // State saved before clusters and workgroups were kept is the engine's snapshot alone.
      engine.restore(saved.engine ?? (state as EngineSnapshot));
      endpoints.restore(saved.endpoints);
    },
  });
  return {
    ...handler,
    stop: () => engine.stop(),
    useObjectSource(source) {
      objectSourceOverride = source;
    },
    createWorkgroup: (name) => endpoints.createWorkgroup(name),
    createCluster: (identifier) => endpoints.createCluster(identifier),
    startDatabase: (target) => engine.startDatabase(target),
  };
}
