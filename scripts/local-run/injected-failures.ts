/**
 * The two failures every local run injects, so the alert path is seen working:
 * - a streaming Glue job that fails (a lost worker): its "Glue Job State Change" event;
 * - a raw object corrupted at rest before its transfer: Azure's MD5 check refuses the copy, SQS
 *   redelivers it until redrive parks it in the transfer's dead-letter queue, and that queue's
 *   alarm fires. The object is then repaired by uploading it again, as a producer's replay would,
 *   so the mirror ends complete.
 */
import type { S3Client } from '@aws-sdk/client-s3';
import { ReceiveMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { eventKeyReadings, parseS3EventBridgeBody } from '../../lambdas/shared/s3-event-bridge';
import { putRawObject, type RawObject } from '../generate-data';
import type { LocalDeployment } from '../local-platform/deployment';
import { emitGlueJobStateChange } from '../local-platform/glue-jobs';
import type { InvocationRecord, LocalFunctions } from '../local-platform/lambda-runtime';
import type { LocalCloud } from '@hybrid-lake/localcloud';

/** The object the run corrupts: one in the middle of the interactions, so it shares a busy batch. */
export function pickVictim(objects: readonly RawObject[]): RawObject {
  // A streamed dataset the traffic monitor does not read: the victim reaches the raw zone
  // directly, so a web log or access event victim would be a gap in the monitor's minutes.
  const candidates = objects.filter(
    (object) => object.dataset === 'interactions' && object.history !== true,
  );
  const victim = candidates[Math.floor(candidates.length / 2)];
  if (!victim) throw new Error('the generated day has no interactions object to corrupt');
  return victim;
}

/**
 * Writes the victim with the transfer's event source paused, corrupts its stored bytes, then
 * resumes: the transfer can only ever read the corrupt bytes.
 */
export async function writeCorruptObject(
  cloud: LocalCloud,
  s3: S3Client,
  functions: LocalFunctions,
  transferFunction: string,
  bucket: string,
  victim: RawObject,
): Promise<void> {
  functions.pause(transferFunction);
  try {
    await putRawObject(s3, bucket, victim);
    if (!cloud.corruptStoredObject(bucket, victim.key))
      throw new Error(`could not corrupt s3://${bucket}/${victim.key}`);
  } finally {
    functions.resume(transferFunction);
  }
}

/** A streaming job of the deployment fails, as Glue reports it. */
export function failStreamingJob(
  cloud: LocalCloud,
  deployment: Pick<LocalDeployment, 'glueJobs'>,
  time: Date,
): string {
  const jobName = deployment.glueJobs.streaming[0];
  if (jobName === undefined) throw new Error('the deployment has no streaming Glue job');
  emitGlueJobStateChange(cloud, {
    jobName,
    state: 'FAILED',
    message: 'Lost executor 1 on 172.31.7.12: worker lost (injected by the local run)',
    time,
  });
  return jobName;
}

/**
 * Whether a message of `functionName` failed on its last allowed receive. SQS then moves it to the
 * dead-letter queue on the next receive, without delivering it again, so a repair of its object
 * can no longer save it. A repair before that would save it: the next delivery would find its
 * version superseded by the repair's and succeed.
 */
export function failedLastAllowedReceive(
  invocations: readonly InvocationRecord[],
  functionName: string,
  maxReceiveCount: number,
): boolean {
  return invocations.some(
    (invocation) =>
      invocation.functionName === functionName &&
      (invocation.records ?? []).some(
        (message) => message.failed && message.receiveCount >= maxReceiveCount,
      ),
  );
}

/**
 * Whether the transfer's dead-letter queue holds the S3 event of `key`. Its messages are looked
 * at, not taken: received with a visibility timeout of 0, they stay visible (and counted).
 */
export async function deadLetterHolds(
  sqs: SQSClient,
  queueUrl: string,
  key: string,
): Promise<boolean> {
  const { Messages = [] } = await sqs.send(
    new ReceiveMessageCommand({
      QueueUrl: queueUrl,
      MaxNumberOfMessages: 10,
      VisibilityTimeout: 0,
    }),
  );
  return Messages.some((message) => {
    const event = parseS3EventBridgeBody(message.Body ?? '', (text) => new Error(text));
    return eventKeyReadings(event.detail.object.key).includes(key);
  });
}
