import { Match, Template } from 'aws-cdk-lib/assertions';
import { catalogTables, loadPlatform } from '../../../../../infra/platform';
import { synth } from '../../../../fixtures/synth';

type Json = Record<string, any>;

const platform = loadPlatform('prod');
const { assembly, stacks } = synth({ env: 'prod' });
const template = Template.fromJSON(
  assembly.getStackByName(stacks.catalog.stackName).template as Record<string, unknown>,
);

function only(type: string): Json {
  const resources = Object.values(template.findResources(type));
  expect(resources).toHaveLength(1);
  return resources[0]!.Properties as Json;
}

/** `<prefix><account>-eu-west-1<suffix>` as the template joins it. */
const withAccount = (prefix: string, suffix: string) => ({
  'Fn::Join': ['', [prefix, { Ref: 'AWS::AccountId' }, suffix]],
});

function tableInput(database: string, name: string): Json {
  const table = Object.values(
    template.findResources('AWS::Glue::Table', {
      Properties: { DatabaseName: database, TableInput: { Name: name } },
    }),
  );
  expect(table).toHaveLength(1);
  return table[0]!.Properties.TableInput as Json;
}

describe('CatalogStack (prod): databases and tables', () => {
  it('creates one database per zone that holds tables, retained', () => {
    const databases = Object.values(template.findResources('AWS::Glue::Database'));

    expect(databases.map((database) => database.Properties.DatabaseInput.Name as string)).toEqual([
      'hybrid_lake_prod_raw',
      'hybrid_lake_prod_clean',
      'hybrid_lake_prod_curated',
    ]);
    for (const database of databases) {
      expect(database.DeletionPolicy).toBe('Retain');
      expect(database.Properties.CatalogId).toEqual({ Ref: 'AWS::AccountId' });
    }
  });

  it('creates a table for every dataset in every zone it is stored in, retained', () => {
    const tables = Object.values(template.findResources('AWS::Glue::Table'));

    expect(
      tables.map((table) => `${table.Properties.DatabaseName}.${table.Properties.TableInput.Name}`),
    ).toEqual(catalogTables(platform).map((table) => `${table.database}.${table.table}`));
    for (const table of tables) expect(table.DeletionPolicy).toBe('Retain');
  });

  it('gives a parquet table its columns, partition keys, Hive classes, SerDe and location', () => {
    const transactions = platform.datasets.find((dataset) => dataset.name === 'transactions')!;
    const input = tableInput('hybrid_lake_prod_clean', 'transactions');

    expect(input).toEqual({
      Name: 'transactions',
      Description: transactions.description,
      TableType: 'EXTERNAL_TABLE',
      Parameters: { EXTERNAL: 'TRUE', classification: 'parquet' },
      PartitionKeys: [
        { Name: 'year', Type: 'string' },
        { Name: 'month', Type: 'string' },
        { Name: 'day', Type: 'string' },
      ],
      StorageDescriptor: {
        Location: withAccount('s3://hybrid-lake-prod-clean-', '-eu-west-1/transactions/'),
        InputFormat: 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat',
        OutputFormat: 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat',
        SerdeInfo: {
          SerializationLibrary: 'org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe',
          Parameters: { 'serialization.format': '1' },
        },
        Columns: transactions.columns.map((column) => ({
          Name: column.name,
          Type: column.type,
          Comment: column.description,
        })),
      },
    });
    expect(input.StorageDescriptor.Columns).toContainEqual({
      Name: 'unit_price',
      Type: 'decimal(12,2)',
      Comment: 'Price per unit.',
    });
  });

  it.each(['raw', 'clean'] as const)(
    'projects the partitions of web_logs in %s from the key projections',
    (zone) => {
      const input = tableInput(`hybrid_lake_prod_${zone}`, 'web_logs');

      expect(input.Parameters).toEqual({
        EXTERNAL: 'TRUE',
        classification: 'parquet',
        'projection.enabled': 'true',
        'projection.year.type': 'integer',
        'projection.year.range': '2020,2099',
        'projection.month.type': 'integer',
        'projection.month.range': '1,12',
        'projection.month.digits': '2',
        'projection.day.type': 'integer',
        'projection.day.range': '1,31',
        'projection.day.digits': '2',
        'projection.hour.type': 'integer',
        'projection.hour.range': '0,23',
        'projection.hour.digits': '2',
        'storage.location.template': withAccount(
          `s3://hybrid-lake-prod-${zone}-`,
          '-eu-west-1/web_logs/year=${year}/month=${month}/day=${day}/hour=${hour}/',
        ),
      });
    },
  );

  it('catalogs the curated aggregates, not the source datasets, in the curated database', () => {
    const rfm = platform.datasets.find((dataset) => dataset.name === 'customer_rfm')!;
    const input = tableInput('hybrid_lake_prod_curated', 'customer_rfm');

    expect(input.StorageDescriptor.Location).toEqual(
      withAccount('s3://hybrid-lake-prod-curated-', '-eu-west-1/customer_rfm/'),
    );
    expect(input.StorageDescriptor.Columns).toEqual(
      rfm.columns.map((column) => ({
        Name: column.name,
        Type: column.type,
        Comment: column.description,
      })),
    );
    const curatedTables = Object.values(template.findResources('AWS::Glue::Table'))
      .filter((table) => table.Properties.DatabaseName === 'hybrid_lake_prod_curated')
      .map((table) => table.Properties.TableInput.Name as string);
    expect(curatedTables).not.toContain('transactions');
  });

  it('sets no projection property on any other table', () => {
    const others = catalogTables(platform).filter((table) => !table.dataset.partitionProjection);
    expect(others.length).toBeGreaterThan(0);

    for (const table of others) {
      const parameters = Object.keys(tableInput(table.database, table.table).Parameters as Json);
      expect(parameters.filter((name) => /^projection\.|^storage\./.test(name))).toEqual([]);
    }
  });

  it('creates tables after their database, and databases after the catalog is encrypted', () => {
    const settingsId = Object.keys(
      template.findResources('AWS::Glue::DataCatalogEncryptionSettings'),
    )[0];
    for (const database of Object.values(template.findResources('AWS::Glue::Database')))
      expect(database.DependsOn).toEqual([settingsId]);
    for (const table of Object.values(template.findResources('AWS::Glue::Table')))
      expect(table.DependsOn).toEqual([expect.stringMatching(/^Database/)]);
  });
});

describe('CatalogStack (prod): encryption', () => {
  const catalogKey = { 'Fn::GetAtt': [Match.stringLikeRegexp('^EncryptionKey'), 'Arn'] };

  it('encrypts the catalog and connection passwords with the customer key', () => {
    expect(only('AWS::Glue::DataCatalogEncryptionSettings')).toEqual({
      CatalogId: { Ref: 'AWS::AccountId' },
      DataCatalogEncryptionSettings: {
        EncryptionAtRest: {
          CatalogEncryptionMode: 'SSE-KMS',
          SseAwsKmsKeyId: { 'Fn::GetAtt': [expect.stringMatching(/^EncryptionKey/), 'Arn'] },
        },
        ConnectionPasswordEncryption: {
          ReturnConnectionPasswordEncrypted: true,
          KmsKeyId: { 'Fn::GetAtt': [expect.stringMatching(/^EncryptionKey/), 'Arn'] },
        },
      },
    });
  });

  it('rotates the catalog key, retains it, and lets CloudWatch Logs use it for Glue logs only', () => {
    template.hasResource('AWS::KMS::Key', {
      DeletionPolicy: 'Retain',
      Properties: Match.objectLike({
        EnableKeyRotation: true,
        Description: Match.stringLikeRegexp('Glue Data Catalog'),
        KeyPolicy: {
          Statement: Match.arrayWith([
            Match.objectLike({
              Effect: 'Allow',
              Principal: { AWS: withAccount('arn:aws:iam::', ':root') },
              Action: 'kms:*',
            }),
            Match.objectLike({
              Sid: 'AllowCloudWatchLogsForGlueLogGroups',
              Principal: { Service: 'logs.eu-west-1.amazonaws.com' },
              Condition: {
                ArnLike: {
                  'kms:EncryptionContext:aws:logs:arn': withAccount(
                    'arn:aws:logs:eu-west-1:',
                    ':log-group:/aws-glue/*',
                  ),
                },
              },
            }),
          ]),
        },
      }),
    });
    template.hasResourceProperties('AWS::KMS::Alias', {
      AliasName: 'alias/hybrid-lake/prod/catalog',
      TargetKeyId: catalogKey,
    });
  });

  it.each(['raw', 'clean', 'curated'] as const)(
    'gives jobs writing %s a security configuration: its zone key for S3, the catalog key for logs and bookmarks',
    (zone) => {
      const capitalized = zone.charAt(0).toUpperCase() + zone.slice(1);
      template.hasResourceProperties('AWS::Glue::SecurityConfiguration', {
        Name: `hybrid-lake-prod-${zone}`,
        EncryptionConfiguration: {
          S3Encryptions: [
            {
              S3EncryptionMode: 'SSE-KMS',
              KmsKeyArn: {
                'Fn::ImportValue': Match.stringLikeRegexp(
                  `^hybrid-lake-prod-data-lake:.*${capitalized}ZoneKey`,
                ),
              },
            },
          ],
          CloudWatchEncryption: { CloudWatchEncryptionMode: 'SSE-KMS', KmsKeyArn: catalogKey },
          JobBookmarksEncryption: { JobBookmarksEncryptionMode: 'CSE-KMS', KmsKeyArn: catalogKey },
        },
      });
    },
  );

  it('has no security configuration for landing, where Glue writes nothing', () => {
    template.resourceCountIs('AWS::Glue::SecurityConfiguration', 3);
  });
});
