import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import type { RedshiftDataClient } from '@aws-sdk/client-redshift-data';
import { WarehouseSession } from '../../../../lambdas/shared/warehouse/data-api';
import { InvalidMigrationsEventError } from '../../../../lambdas/warehouse-migrations/errors';
import { parseMigrationsEvent } from '../../../../lambdas/warehouse-migrations/event';
import { createMigrationsHandler } from '../../../../lambdas/warehouse-migrations/migrations-resource';
import { customResourceRequest } from '../../../fixtures/events/warehouse';

function handlerWithoutWarehouse() {
  const send = jest.fn(() => Promise.reject(new Error('no warehouse in unit tests')));
  const published = jest.fn();
  const handler = createMigrationsHandler({
    session: new WarehouseSession({ send } as unknown as RedshiftDataClient, {
      workgroupName: 'wg',
      database: 'dev',
    }),
    migrationsDirectory: '/nonexistent',
    logger: new Logger({ logLevel: 'SILENT' }),
    metrics: new Metrics({ namespace: 'Test', serviceName: 'test' }),
    publishMetrics: published,
  });
  return { handler, send, published };
}

describe('parseMigrationsEvent', () => {
  it.each(['Create', 'Update', 'Delete'] as const)(
    'accepts a %s request as the Provider framework forwards it',
    (type) => {
      expect(parseMigrationsEvent(customResourceRequest(type)).RequestType).toBe(type);
    },
  );

  it('refuses anything else, naming the fields', () => {
    expect(() => parseMigrationsEvent({ RequestType: 'Create' })).toThrow(
      InvalidMigrationsEventError,
    );
    expect(() => parseMigrationsEvent({ RequestType: 'Upsert' })).toThrow(/RequestType/);
  });
});

describe('createMigrationsHandler', () => {
  it('leaves the warehouse alone on Delete', async () => {
    const { handler, send, published } = handlerWithoutWarehouse();
    await expect(handler(customResourceRequest('Delete'))).resolves.toEqual({
      PhysicalResourceId: 'warehouse-migrations',
      Data: { LatestVersion: '', Applied: '' },
    });
    expect(send).not.toHaveBeenCalled();
    expect(published).toHaveBeenCalledTimes(1);
  });

  it('fails the deployment on an invalid request, without calling the warehouse', async () => {
    const { handler, send } = handlerWithoutWarehouse();
    await expect(handler({ hello: 'world' })).rejects.toBeInstanceOf(InvalidMigrationsEventError);
    expect(send).not.toHaveBeenCalled();
  });
});
