import { catalogTableFor } from '../../../../infra/platform';
import { loadRegistrationConfig } from '../../../../lambdas/register-partitions/config';
import {
  CatalogRetriesExhaustedError,
  CatalogTableError,
} from '../../../../lambdas/register-partitions/errors';
import {
  DEFAULT_TABLE_TTL_MS,
  TableDefinitions,
} from '../../../../lambdas/register-partitions/table-definitions';
import { ConfigurationError } from '../../../../lambdas/shared/env';
import { SdkLikeError } from './fake-catalog';
import { PLATFORM, RAW_DATABASE, registrationDependencies } from './registration-fixtures';

const ACCESS = catalogTableFor(PLATFORM, 'raw', 'access_events')!;

describe('TableDefinitions', () => {
  it('reads a table once and shares the read between concurrent callers', async () => {
    const { catalog, deps } = registrationDependencies();
    const definitions = new TableDefinitions();

    const [first, second] = await Promise.all([
      definitions.storageDescriptor(ACCESS, catalog, deps.retry),
      definitions.storageDescriptor(ACCESS, catalog, deps.retry),
    ]);
    await definitions.storageDescriptor(ACCESS, catalog, deps.retry);

    expect(first).toBe(second);
    expect(first.Location).toBe(`s3://hybrid-lake-dev-raw-123456789012-eu-west-1/access_events/`);
    expect(catalog.count('GetTable')).toBe(1);
  });

  it(`reads the table again after ${DEFAULT_TABLE_TTL_MS / 60_000} minutes by default`, async () => {
    const { catalog, deps } = registrationDependencies();
    let now = 0;
    const definitions = new TableDefinitions(() => now);
    await definitions.storageDescriptor(ACCESS, catalog, deps.retry);

    now = DEFAULT_TABLE_TTL_MS - 1;
    await definitions.storageDescriptor(ACCESS, catalog, deps.retry);
    expect(catalog.count('GetTable')).toBe(1);

    now = DEFAULT_TABLE_TTL_MS;
    await definitions.storageDescriptor(ACCESS, catalog, deps.retry);
    expect(catalog.count('GetTable')).toBe(2);
  });

  it('forgets a failed read, so the next batch asks again', async () => {
    const { catalog, deps } = registrationDependencies(undefined, { maxAttempts: 2 });
    catalog.failNext.push(
      { operation: 'GetTable', error: new SdkLikeError('ThrottlingException') },
      { operation: 'GetTable', error: new SdkLikeError('ThrottlingException') },
    );
    const definitions = new TableDefinitions();

    await expect(definitions.storageDescriptor(ACCESS, catalog, deps.retry)).rejects.toThrow(
      CatalogRetriesExhaustedError,
    );
    await expect(
      definitions.storageDescriptor(ACCESS, catalog, deps.retry),
    ).resolves.toHaveProperty('Columns');
    expect(catalog.count('GetTable')).toBe(3);
  });

  it('refuses a table without a storage descriptor', async () => {
    const { catalog, deps } = registrationDependencies();
    catalog.tables.set(`${RAW_DATABASE}.access_events`, {
      Name: 'access_events',
      PartitionKeys: ACCESS.dataset.partitionKeys.map((key) => ({
        Name: key.name,
        Type: 'string',
      })),
    });

    await expect(
      new TableDefinitions().storageDescriptor(ACCESS, catalog, deps.retry),
    ).rejects.toThrow(CatalogTableError);
  });

  it('accepts partition key names in any case (Glue stores them lower-cased)', async () => {
    const { catalog, deps } = registrationDependencies();
    const table = catalog.tables.get(`${RAW_DATABASE}.access_events`)!;
    catalog.tables.set(`${RAW_DATABASE}.access_events`, {
      ...table,
      PartitionKeys: ['YEAR', 'Month', 'day', 'hour'].map((Name) => ({ Name, Type: 'string' })),
    });

    await expect(
      new TableDefinitions().storageDescriptor(ACCESS, catalog, deps.retry),
    ).resolves.toBeDefined();
  });
});

describe('loadRegistrationConfig', () => {
  it('reads PLATFORM_ENV', () => {
    expect(loadRegistrationConfig({ PLATFORM_ENV: 'prod' })).toEqual({ platformEnv: 'prod' });
  });

  it('fails fast, naming the variable, when PLATFORM_ENV is missing', () => {
    expect(() => loadRegistrationConfig({})).toThrow(ConfigurationError);
    expect(() => loadRegistrationConfig({})).toThrow('PLATFORM_ENV');
  });
});
