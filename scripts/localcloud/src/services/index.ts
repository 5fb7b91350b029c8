import type { LocalCloudContext, ServiceHandler } from '../core/context';
import { createDynamoDbService } from './dynamodb';
import { createEventsService } from './events';
import { createGlueService } from './glue';
import { createRedshiftDataService } from './redshift-data';
import { createS3Service } from './s3';
import { createSecretsManagerService } from './secretsmanager';
import { createSnsService } from './sns';
import { createSqsService } from './sqs';
import { createStsService } from './sts';

/**
 * Every emulated service. Order matters only for the bus: a service that provides a bus
 * capability (SQS's sendToQueue, EventBridge's putEvent, S3's readObject) attaches it when it
 * is created, and the others call it at request time.
 */
export function createServices(context: LocalCloudContext) {
  return {
    s3: createS3Service(context),
    sqs: createSqsService(context),
    events: createEventsService(context),
    sns: createSnsService(context),
    sts: createStsService(context),
    secretsmanager: createSecretsManagerService(context),
    glue: createGlueService(context),
    dynamodb: createDynamoDbService(context),
    redshiftData: createRedshiftDataService(context),
  } satisfies Record<string, ServiceHandler>;
}

export type ServiceName = keyof ReturnType<typeof createServices>;
