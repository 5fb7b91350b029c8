import {
  PLATFORM_DEFINITION,
  PlatformDefinitionError,
  derivedDatasets,
  isMirrored,
  loadPlatform,
  sourceDatasets,
  topicDataset,
  zoneOf,
  type PlatformDefinition,
} from '../../../../infra/platform';
import { definitionWith } from '../../../fixtures/platform';

/** Loads a definition and returns the issue lines it was rejected with. */
function issuesOf(definition: PlatformDefinition, environment = 'dev'): readonly string[] {
  try {
    loadPlatform(environment, definition);
  } catch (error) {
    if (error instanceof PlatformDefinitionError) return error.issues;
    throw error;
  }
  throw new Error('the definition was accepted');
}

describe('the shipped platform definition', () => {
  it.each(['dev', 'prod'])('loads for %s', (environment) => {
    const platform = loadPlatform(environment);

    expect(platform.environmentName).toBe(environment);
    expect(platform.zones.map((zone) => zone.name)).toEqual(['landing', 'raw', 'clean', 'curated']);
    expect(platform.datasets.map((dataset) => dataset.name)).toEqual([
      'access_events',
      'web_logs',
      'transactions',
      'interactions',
      'customers',
      'accesses_per_minute',
      'accesses_by_device_and_content_type',
      'accesses_by_country_and_city',
      'sales_by_product',
      'customer_rfm',
      'customer_features',
      'churn_training',
    ]);
    expect(sourceDatasets(platform).map((dataset) => dataset.zones)).toEqual(
      Array(5).fill(['raw', 'clean']),
    );
    expect(derivedDatasets(platform).map((dataset) => dataset.zones)).toEqual(
      Array(7).fill(['curated']),
    );
  });

  it('derives every curated dataset from clean source datasets, keyed by its own columns', () => {
    const platform = loadPlatform('prod');
    const sources = new Set(sourceDatasets(platform).map((dataset) => dataset.name));

    for (const dataset of derivedDatasets(platform)) {
      expect(dataset.derivedFrom.every((name) => sources.has(name))).toBe(true);
      const columns = dataset.columns.map((column) => column.name);
      expect(columns).toEqual(expect.arrayContaining([...dataset.keyColumns]));
      expect(columns).toContain(dataset.eventTimeColumn);
    }
    expect(topicDataset(platform, platform.topics[0]!).name).toBe('access_events');
  });

  it('feeds every topic into a streaming dataset', () => {
    const platform = loadPlatform('prod');

    for (const topic of platform.topics) {
      const dataset = platform.datasets.find((candidate) => candidate.name === topic.dataset);
      expect(dataset?.arrival).toBe('stream');
    }
    expect(platform.topics.map((topic) => topic.name)).toEqual(
      expect.arrayContaining(['access-events', 'interactions', 'purchases']),
    );
  });

  it('lets each partition key pattern accept real values and reject impossible ones', () => {
    const [year, month, day, hour] = loadPlatform('prod').datasets[0]!.partitionKeys;
    const accepts = (pattern: string | undefined, value: string) =>
      new RegExp(pattern!).test(value);

    expect([accepts(year?.pattern, '2026'), accepts(year?.pattern, '26')]).toEqual([true, false]);
    expect([accepts(month?.pattern, '03'), accepts(month?.pattern, '13')]).toEqual([true, false]);
    expect([accepts(day?.pattern, '31'), accepts(day?.pattern, '00')]).toEqual([true, false]);
    expect([accepts(hour?.pattern, '23'), accepts(hour?.pattern, '24')]).toEqual([true, false]);
  });

  it('applies the environment lifecycle overrides on top of the zone defaults', () => {
    const dev = loadPlatform('dev');
    const prod = loadPlatform('prod');

    expect(zoneOf(dev, 'landing').lifecycle.expireAfterDays).toBe(3);
    expect(zoneOf(prod, 'landing').lifecycle.expireAfterDays).toBe(7);
    // An override replaces only the fields it names.
    expect(zoneOf(dev, 'landing').lifecycle.noncurrentVersionExpireAfterDays).toBe(1);
    expect(zoneOf(prod, 'raw').lifecycle.expireAfterDays).toBeUndefined();
  });

  it.each(['dev', 'prod'])(
    'keeps clean long enough in %s for the customer snapshots it feeds',
    (environment) => {
      // RFM scores recency up to 180 days (aggregates.RECENCY_BANDS) and the churn label reads
      // the month after a cut-off (features.RECENT_DAYS): 210 days of clean orders at least.
      const expiry = zoneOf(loadPlatform(environment), 'clean').lifecycle.expireAfterDays;
      expect(expiry === undefined || expiry >= 210).toBe(true);
    },
  );

  it('mirrors a dataset only in the zones that are mirrored and that hold it', () => {
    const platform = loadPlatform('prod');
    const accessEvents = platform.datasets.find((dataset) => dataset.name === 'access_events')!;

    const rfm = platform.datasets.find((dataset) => dataset.name === 'customer_rfm')!;

    expect(isMirrored(platform, 'raw', accessEvents)).toBe(true);
    expect(isMirrored(platform, 'curated', accessEvents)).toBe(false);
    expect(isMirrored(platform, 'curated', rfm)).toBe(true);
    expect(isMirrored(platform, 'raw', rfm)).toBe(false);
    expect(isMirrored(platform, 'clean', accessEvents)).toBe(false);
    expect(isMirrored(platform, 'landing', accessEvents)).toBe(false);
    expect(isMirrored(platform, 'raw', { ...accessEvents, mirroredToAzure: false })).toBe(false);
  });
});

describe('a broken platform definition', () => {
  it.each<[string, (definition: PlatformDefinition) => void, RegExp]>([
    [
      'an unknown column type',
      (d) => (d.datasets[0]!.columns[1]!.type = 'varchar'),
      /^datasets\[0\]\.columns\[1\]\.type: must be one of string, int/,
    ],
    [
      'a decimal wider than 38 digits',
      (d) => (d.datasets[2]!.columns[6]!.type = 'decimal(40,2)'),
      /^datasets\[2\]\.columns\[6\]\.type: /,
    ],
    [
      'a misspelt field',
      (d) => Object.assign(d.datasets[1]!, { mirroredToAzur: true }),
      /^datasets\[1\]: Unrecognized key: "mirroredToAzur"/,
    ],
    [
      'a column name that is not snake_case',
      (d) => (d.datasets[0]!.columns[0]!.name = 'eventId'),
      /^datasets\[0\]\.columns\[0\]\.name: must be lower-case snake_case/,
    ],
    [
      'a duplicate column',
      (d) => d.datasets[0]!.columns.push({ ...d.datasets[0]!.columns[0]! }),
      /^datasets\[0\]\.columns\[10\]: "event_id" appears twice/,
    ],
    [
      'a partition key that repeats a column',
      (d) => d.datasets[0]!.columns.push({ name: 'year', type: 'int', description: 'Year.' }),
      /^datasets\[0\]\.partitionKeys\[0\]\.name: "year" is also a column/,
    ],
    [
      'partition projection with a key that has no projection',
      (d) => {
        d.datasets[0]!.partitionProjection = true;
        d.datasets[0]!.partitionKeys[3] = { name: 'hour', type: 'string', pattern: '^\\d{2}$' };
      },
      /^datasets\[0\]\.partitionKeys\[3\]\.projection: "hour" needs a projection: access_events uses partition projection/,
    ],
    [
      'a key projection whose range is upside down',
      (d) => {
        d.datasets[0]!.partitionKeys[1] = {
          ...d.datasets[0]!.partitionKeys[1]!,
          projection: { type: 'integer', min: 12, max: 1 },
        };
      },
      /^datasets\[0\]\.partitionKeys\[1\]\.projection\.max: min must not exceed max/,
    ],
    [
      'a record id that is not a column',
      (d) => Object.assign(d.datasets[3]!, { recordIdColumn: 'id' }),
      /^datasets\[3\]\.recordIdColumn: "id" is not a column of interactions/,
    ],
    [
      'an event time that is not a timestamp',
      (d) => (d.datasets[0]!.eventTimeColumn = 'device'),
      /^datasets\[0\]\.eventTimeColumn: "device" must be a timestamp or date column/,
    ],
    [
      'an invalid partition pattern',
      (d) => (d.datasets[4]!.partitionKeys = [{ name: 'year', type: 'string', pattern: '([0-9' }]),
      /^datasets\[4\]\.partitionKeys\[0\]\.pattern: must be a valid regular expression/,
    ],
    [
      'a derived dataset keyed by a column it does not have',
      (d) => Object.assign(d.datasets[9]!, { keyColumns: ['as_of_date', 'client'] }),
      /^datasets\[9\]\.keyColumns\[1\]: "client" is not a column of customer_rfm/,
    ],
    [
      'a derived dataset outside the curated zone',
      (d) => (d.datasets[9]!.zones = ['clean', 'curated']),
      /^datasets\[9\]\.zones\[0\]: a derived dataset lives in the curated zone only, not in "clean"/,
    ],
    [
      'a derived dataset computed from another derived dataset',
      (d) => Object.assign(d.datasets[9]!, { derivedFrom: ['transactions', 'sales_by_product'] }),
      /^datasets\[9\]\.derivedFrom\[1\]: "sales_by_product" must name a source dataset stored in the clean zone/,
    ],
    [
      'a derived dataset with a record id',
      (d) => Object.assign(d.datasets[9]!, { recordIdColumn: 'customer_id' }),
      /^datasets\[9\]: Unrecognized key: "recordIdColumn"/,
    ],
    [
      'a topic keyed by a column its dataset lacks',
      (d) => (d.topics[2]!.keyColumn = 'client'),
      /^topics\[2\]\.keyColumn: "client" is not a column of transactions/,
    ],
    [
      'an API resource that names no topic',
      (d) => (d.marketplaceApi.ingestion[0]!.topic = 'orders'),
      /^marketplaceApi\.ingestion\[0\]\.topic: "orders" is not a topic of the definition/,
    ],
    [
      'two API resources of the same name',
      (d) => (d.marketplaceApi.ingestion[1]!.resource = 'transactions'),
      /^marketplaceApi\.ingestion\[1\]: "transactions" appears twice/,
    ],
    [
      'a CORS origin with a path',
      (d) => (d.environments.dev.marketplaceApi = { allowedOrigin: 'https://shop.example/app' }),
      /^environments\.dev\.marketplaceApi\.allowedOrigin: must be an https origin/,
    ],
    ['a missing zone', (d) => d.zones.splice(2, 1), /^zones: zone "clean" is missing/],
    [
      'an infrequent-access transition before 30 days',
      (d) => (d.zones[1]!.lifecycle.transitions = [{ storageClass: 'STANDARD_IA', afterDays: 10 }]),
      /^zones\[1\]\.lifecycle\.transitions\[0\]\.afterDays: S3 needs at least 30 days before STANDARD_IA/,
    ],
    [
      'transitions out of order',
      (d) =>
        (d.zones[2]!.lifecycle.transitions = [
          { storageClass: 'GLACIER_IR', afterDays: 200 },
          { storageClass: 'DEEP_ARCHIVE', afterDays: 100 },
        ]),
      /^zones\[2\]\.lifecycle\.transitions\[1\]\.afterDays: must be later than the previous transition \(200 days\)/,
    ],
    [
      'an expiry before the last transition',
      (d) => (d.zones[3]!.lifecycle.expireAfterDays = 100),
      /^zones\[3\]\.lifecycle\.expireAfterDays: must be later than the last transition \(730 days\)/,
    ],
    [
      'a topic fed by a batch dataset',
      (d) => (d.topics[0]!.dataset = 'customers'),
      /^topics\[0\]\.dataset: "customers" must name a dataset with arrival "stream"/,
    ],
    [
      'an invalid Kafka topic name',
      (d) => (d.topics[1]!.name = 'web logs'),
      /^topics\[1\]\.name: must be a valid Kafka topic name/,
    ],
    [
      'an invalid region',
      (d) => (d.environments.prod.region = 'Europe'),
      /^environments\.prod\.region: must be an AWS region/,
    ],
    [
      'an invalid account',
      (d) => (d.environments.prod.account = '1234'),
      /^environments\.prod\.account: must be a 12-digit AWS account id/,
    ],
    [
      'an invalid alert e-mail',
      (d) => (d.environments.prod.alertEmail = 'ops-at-example'),
      /^environments\.prod\.alertEmail: /,
    ],
    [
      'more in-sync replicas than replicas',
      (d) => (d.environments.prod.kafka = { replicationFactor: 2, minInSyncReplicas: 3 }),
      /^environments\.prod\.kafka\.minInSyncReplicas: cannot exceed kafka\.replicationFactor/,
    ],
  ])('rejects %s, naming the field', (_case, mutate, expected) => {
    const issues = issuesOf(definitionWith(mutate));

    expect(issues).toEqual(expect.arrayContaining([expect.stringMatching(expected)]));
  });

  it('rejects an environment override that breaks a lifecycle rule, naming the override', () => {
    const definition = definitionWith((d) => {
      d.environments.prod.lifecycleOverrides = { raw: { expireAfterDays: 60 } };
    });

    expect(issuesOf(definition, 'prod')).toEqual([
      'environments.prod.lifecycleOverrides.raw.expireAfterDays: must be later than the last transition (365 days)',
    ]);
  });

  it('rejects an unknown environment, listing the defined ones', () => {
    expect(() => loadPlatform('staging')).toThrow(
      'environments.staging: unknown environment (defined: dev, prod); pick one with -c env=<name>',
    );
  });

  it('reports every problem at once, one line each', () => {
    const definition = definitionWith((d) => {
      d.datasets[0]!.columns[1]!.type = 'varchar';
      d.topics[0]!.partitions = 0;
    });

    const error = (() => {
      try {
        loadPlatform('dev', definition);
      } catch (caught) {
        return caught as PlatformDefinitionError;
      }
      throw new Error('accepted');
    })();

    expect(error.name).toBe('PlatformDefinitionError');
    expect(error.issues).toHaveLength(2);
    expect(error.message).toMatch(
      /^Invalid platform definition:\n {2}- datasets\[0\]\.columns\[1\]\.type/,
    );
    expect(error.message).toContain('- topics[0].partitions:');
  });

  it('leaves the shipped definition untouched when a copy is broken', () => {
    definitionWith((d) => (d.project = 'BROKEN'));

    expect(PLATFORM_DEFINITION.project).toBe('hybrid-lake');
  });
});
