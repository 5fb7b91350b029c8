/**
 * The custom resource's logic: Create and Update apply the pending migrations, Delete leaves the
 * warehouse as it is (dropping schemas with a stack would destroy data, and data is retained by
 * default: docs/architecture.md#security-baseline). A failure is thrown, so the Provider framework
 * reports FAILED and the deployment rolls back; the failed migration's transaction has already
 * rolled back.
 */
import type { Logger } from '@aws-lambda-powertools/logger';
import { MetricUnit, type Metrics } from '@aws-lambda-powertools/metrics';
import type { WarehouseSession } from '../shared/warehouse/data-api';
import { loadMigrations, migrate } from '../shared/warehouse/migrations';
import { parseMigrationsEvent } from './event';

export const PHYSICAL_RESOURCE_ID = 'warehouse-migrations';

export interface MigrationsResourceResponse {
  readonly PhysicalResourceId: string;
  readonly Data: { readonly LatestVersion: string; readonly Applied: string };
}

export interface MigrationsResourceDependencies {
  readonly session: WarehouseSession;
  /** Folder of `V###__name.sql` files. */
  readonly migrationsDirectory: string;
  readonly logger: Logger;
  readonly metrics: Metrics;
  readonly publishMetrics: () => void;
}

export function createMigrationsHandler(
  dependencies: MigrationsResourceDependencies,
): (input: unknown) => Promise<MigrationsResourceResponse> {
  const { session, migrationsDirectory, logger, metrics } = dependencies;
  return async (input) => {
    try {
      const event = parseMigrationsEvent(input);
      logger.appendKeys({ requestType: event.RequestType, stackId: event.StackId });
      if (event.RequestType === 'Delete') {
        logger.info('Delete leaves the warehouse schema in place');
        return {
          PhysicalResourceId: PHYSICAL_RESOURCE_ID,
          Data: { LatestVersion: '', Applied: '' },
        };
      }
      const report = await migrate(session, loadMigrations(migrationsDirectory));
      metrics.addMetric('MigrationsApplied', MetricUnit.Count, report.applied.length);
      logger.info('Migrations applied', { ...report });
      return {
        PhysicalResourceId: PHYSICAL_RESOURCE_ID,
        Data: { LatestVersion: report.latestVersion ?? '', Applied: report.applied.join(',') },
      };
    } catch (error) {
      metrics.addMetric('MigrationFailures', MetricUnit.Count, 1);
      logger.error('Migrations failed', { error });
      throw error;
    } finally {
      dependencies.publishMetrics();
    }
  };
}
