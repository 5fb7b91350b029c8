/**
 * The Glue Data Catalog and the partition-registration route deployed onto localcloud the way
 * the platform deploys them: one database per zone and one table per dataset and zone
 * (`catalogTables`), each with a storage descriptor for the dataset's columns and format; and an
 * EventBridge rule sending "Object Created" events of the datasets registered by events to the
 * registration queue. Tests, the benchmark and the local runtime start from here.
 */
import { EventBridgeClient, PutRuleCommand, PutTargetsCommand } from '@aws-sdk/client-eventbridge';
import {
  CreateDatabaseCommand,
  CreateTableCommand,
  type GlueClient,
  type TableInput,
} from '@aws-sdk/client-glue';
import { CreateQueueCommand, GetQueueAttributesCommand, SQSClient } from '@aws-sdk/client-sqs';
import {
  catalogTables,
  resourcePrefix,
  tableLocation,
  type CatalogTable,
  type Platform,
  type ZoneName,
} from '../../infra/platform';
import type { LocalCloud } from '@hybrid-lake/localcloud';
import {
  projectionParameters,
  STORAGE_FORMATS,
  registrationSources,
} from '../../infra/aws/facts/catalog';
import { objectEventDetail } from '../../infra/aws/facts/object-events';

/**
 * The CreateTable input of one catalog table, as the CatalogStack writes it
 * (`infra/aws/facts/catalog.ts`: the same formats and projection properties), in
 * the SDK's spelling.
 */
export function catalogTableInput(table: CatalogTable, bucket: string): TableInput {
  const { dataset } = table;
  const location = tableLocation(bucket, dataset);
  const format = STORAGE_FORMATS[dataset.format];
  return {
    Name: table.table,
    Description: dataset.description,
    TableType: 'EXTERNAL_TABLE',
    Parameters: {
      EXTERNAL: 'TRUE',
      classification: dataset.format,
      ...(dataset.partitionProjection && projectionParameters(dataset, location)),
    },
    PartitionKeys: dataset.partitionKeys.map((key) => ({ Name: key.name, Type: key.type })),
    StorageDescriptor: {
      Columns: dataset.columns.map((column) => ({
        Name: column.name,
        Type: column.type,
        Comment: column.description,
      })),
      Location: location,
      InputFormat: format.inputFormat,
      OutputFormat: format.outputFormat,
      SerdeInfo: {
        SerializationLibrary: format.serializationLibrary,
        Parameters: { 'serialization.format': '1' },
      },
    },
  };
}

/** Creates every zone database and every table of `catalogTables(platform)`. */
export async function createLocalCatalog(
  glue: GlueClient,
  platform: Platform,
  bucketFor: (zone: ZoneName) => string,
): Promise<CatalogTable[]> {
  const tables = catalogTables(platform);
  for (const database of new Set(tables.map((table) => table.database)))
    await glue.send(new CreateDatabaseCommand({ DatabaseInput: { Name: database } }));
  for (const table of tables)
    await glue.send(
      new CreateTableCommand({
        DatabaseName: table.database,
        TableInput: catalogTableInput(table, bucketFor(table.zone)),
      }),
    );
  return tables;
}

export interface LocalRegistrationRouteOptions {
  /** Name of the registration rule (the platform deployment passes the CDK's). @default `<prefix>-partition-registration` */
  readonly ruleName?: string;
  /** Name of the registration queue. @default `<prefix>-partition-registration` */
  readonly queueName?: string;
}

export interface LocalRegistrationRoute {
  readonly sqs: SQSClient;
  /** The queue the registration rule delivers to. */
  readonly queueUrl: string;
}

/**
 * The registration rule and queue, with the deployed rule's pattern (`registrationSources`):
 * "Object Created" in the zone buckets, only under the prefixes of datasets registered by events,
 * so a projected dataset's objects never reach the function.
 */
export async function deployLocalRegistrationRoute(
  cloud: LocalCloud,
  platform: Platform,
  options: LocalRegistrationRouteOptions = {},
): Promise<LocalRegistrationRoute> {
  const sqs = new SQSClient(cloud.clientConfig);
  const events = new EventBridgeClient(cloud.clientConfig);
  const { QueueUrl } = await sqs.send(
    new CreateQueueCommand({
      QueueName: options.queueName ?? `${resourcePrefix(platform)}-partition-registration`,
    }),
  );
  const { Attributes } = await sqs.send(
    new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['QueueArn'] }),
  );
  const ruleName = options.ruleName ?? `${resourcePrefix(platform)}-partition-registration`;
  await events.send(
    new PutRuleCommand({
      Name: ruleName,
      EventPattern: JSON.stringify({
        source: ['aws.s3'],
        'detail-type': ['Object Created'],
        detail: objectEventDetail(registrationSources(platform, cloud.accountId, cloud.region)),
      }),
    }),
  );
  await events.send(
    new PutTargetsCommand({
      Rule: ruleName,
      Targets: [{ Id: 'registration-queue', Arn: Attributes?.QueueArn }],
    }),
  );
  if (QueueUrl === undefined) throw new Error('localcloud did not return the queue URL');
  return { sqs, queueUrl: QueueUrl };
}
