import { loadPlatform } from '../../../../infra/platform';
import { ReconcileConfigError } from '../../../../scripts/reconcile/errors';
import {
  mirroredDatasetPrefixes,
  resolveTarget,
  scopePrefixes,
} from '../../../../scripts/reconcile/targets';

const platform = loadPlatform('dev');
const fixed = {
  account: () => Promise.resolve('123456789012'),
  region: () => Promise.resolve('eu-west-1'),
};

describe('resolveTarget', () => {
  it('derives the bucket from the platform definition and names the file system after the zone', async () => {
    const target = await resolveTarget(platform, 'raw', '', fixed);
    expect(target).toEqual({
      zone: 'raw',
      bucket: 'hybrid-lake-dev-raw-123456789012-eu-west-1',
      fileSystem: 'raw',
      s3Prefixes: ['access_events/', 'customers/', 'interactions/', 'transactions/', 'web_logs/'],
      adlsPrefix: '',
    });
  });

  it('takes --bucket over the derived name', async () => {
    const target = await resolveTarget(platform, 'curated', 'sales_by_product/', {
      bucket: 'override',
    });
    expect(target.bucket).toBe('override');
    expect(target.s3Prefixes).toEqual(['sales_by_product/']);
  });

  it('reconciles the curated aggregates, not the source datasets, in curated', async () => {
    const target = await resolveTarget(platform, 'curated', '', fixed);
    expect(target.s3Prefixes).toEqual([
      'accesses_by_country_and_city/',
      'accesses_by_device_and_content_type/',
      'accesses_per_minute/',
      'churn_training/',
      'customer_features/',
      'customer_rfm/',
      'sales_by_product/',
    ]);
    expect(await resolveTarget(platform, 'curated', 'web_logs/', fixed)).toMatchObject({
      s3Prefixes: [],
    });
  });

  it.each(['landing', 'clean'] as const)(
    'refuses the non-mirrored zone %s, naming the mirrored ones',
    async (zone) => {
      await expect(resolveTarget(platform, zone, '', fixed)).rejects.toThrow(ReconcileConfigError);
      await expect(resolveTarget(platform, zone, '', fixed)).rejects.toThrow(
        `zone "${zone}" is not mirrored to Azure, so there is nothing to reconcile (mirrored zones: raw, curated)`,
      );
    },
  );
});

describe('mirroredDatasetPrefixes', () => {
  it('lists only datasets mirrored from that zone', () => {
    const withOneLocal = {
      ...platform,
      datasets: platform.datasets.map((dataset) =>
        dataset.name === 'customers' ? { ...dataset, mirroredToAzure: false } : dataset,
      ),
    };
    expect(mirroredDatasetPrefixes(withOneLocal, 'raw')).toEqual([
      'access_events/',
      'web_logs/',
      'transactions/',
      'interactions/',
    ]);
  });
});

describe('scopePrefixes', () => {
  const datasets = ['web_logs/', 'access_events/', 'web/'];

  it('keeps every dataset, sorted in byte order, for an empty prefix', () => {
    expect(scopePrefixes(datasets, '')).toEqual(['access_events/', 'web/', 'web_logs/']);
  });

  it('narrows to the prefix inside a dataset', () => {
    expect(scopePrefixes(datasets, 'access_events/year=2024/')).toEqual([
      'access_events/year=2024/',
    ]);
  });

  it('keeps whole datasets under a shorter prefix', () => {
    expect(scopePrefixes(datasets, 'web')).toEqual(['web/', 'web_logs/']);
  });

  it('keeps nothing for a prefix outside every dataset', () => {
    expect(scopePrefixes(datasets, 'other/')).toEqual([]);
  });
});
