/**
 * Queues, function specs and an EventBridge observer for the local Lambda service's tests; the
 * functions are the tiny handlers in test/fixtures/lambda-handlers.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EventBridgeClient, PutRuleCommand, PutTargetsCommand } from '@aws-sdk/client-eventbridge';
import {
  CreateQueueCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SendMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import type { LocalFunctionSpec, QueueRef } from '../../../scripts/local-platform/deployment';
import type { LocalCloud } from '@hybrid-lake/localcloud';
import {
  startLocalFunctions,
  type LocalFunctions,
  type LocalFunctionsOptions,
} from '../../../scripts/local-platform/lambda-runtime';

export const HANDLERS = join(__dirname, '..', '..', 'fixtures', 'lambda-handlers');

export function logDirectory(): string {
  return mkdtempSync(join(tmpdir(), 'lambda-runtime-'));
}

export async function createQueue(
  sqs: SQSClient,
  name: string,
  attributes: Record<string, string> = {},
): Promise<QueueRef> {
  const { QueueUrl } = await sqs.send(
    new CreateQueueCommand({ QueueName: name, Attributes: attributes }),
  );
  const { Attributes } = await sqs.send(
    new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['QueueArn'] }),
  );
  return { name, url: QueueUrl!, arn: Attributes!.QueueArn! };
}

/** A work queue whose RedrivePolicy parks a message in its DLQ after `maxReceiveCount`. */
export async function createWorkQueue(
  sqs: SQSClient,
  name: string,
  options: { maxReceiveCount: number; visibilityTimeoutSeconds: number },
): Promise<{ queue: QueueRef; deadLetterQueue: QueueRef }> {
  const deadLetterQueue = await createQueue(sqs, `${name}-dlq`);
  const queue = await createQueue(sqs, name, {
    VisibilityTimeout: String(options.visibilityTimeoutSeconds),
    RedrivePolicy: JSON.stringify({
      deadLetterTargetArn: deadLetterQueue.arn,
      maxReceiveCount: options.maxReceiveCount,
    }),
  });
  return { queue, deadLetterQueue };
}

export function directFunction(
  name: string,
  handler: string,
  overrides: Partial<LocalFunctionSpec> = {},
): LocalFunctionSpec {
  return {
    functionName: name,
    service: name,
    handlerModule: join(HANDLERS, `${handler}.ts`),
    environment: {},
    timeoutSeconds: 10,
    memoryMiB: 256,
    trigger: { kind: 'direct' },
    ...overrides,
  };
}

export async function sendAll(sqs: SQSClient, queue: QueueRef, bodies: readonly unknown[]) {
  const ids: string[] = [];
  for (const body of bodies) {
    const { MessageId } = await sqs.send(
      new SendMessageCommand({ QueueUrl: queue.url, MessageBody: JSON.stringify(body) }),
    );
    ids.push(MessageId!);
  }
  return ids;
}

/** Every message now in a queue (received once, hidden for ten minutes). */
export async function drain(
  sqs: SQSClient,
  queue: QueueRef,
): Promise<{ id: string; body: string }[]> {
  const messages: { id: string; body: string }[] = [];
  for (;;) {
    const { Messages = [] } = await sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: queue.url,
        MaxNumberOfMessages: 10,
        VisibilityTimeout: 600,
      }),
    );
    if (Messages.length === 0) return messages;
    messages.push(...Messages.map((message) => ({ id: message.MessageId!, body: message.Body! })));
  }
}

/** A rule on the default bus sending every event of `source` to a queue the test reads. */
export async function observeEvents(cloud: LocalCloud, source: string): Promise<QueueRef> {
  const sqs = new SQSClient(cloud.clientConfig);
  const observer = await createQueue(sqs, `observed-${source.replaceAll('.', '-')}`);
  const events = new EventBridgeClient(cloud.clientConfig);
  await events.send(
    new PutRuleCommand({ Name: 'observe', EventPattern: JSON.stringify({ source: [source] }) }),
  );
  await events.send(
    new PutTargetsCommand({ Rule: 'observe', Targets: [{ Id: 'observer', Arn: observer.arn }] }),
  );
  return observer;
}

/**
 * `start(specs, options)` for a test file: the functions on the file's localcloud, each start
 * with a fresh log folder unless the options name one, stopped after each test.
 */
export function useLocalFunctions(
  cloud: () => LocalCloud,
): (
  specs: readonly LocalFunctionSpec[],
  options?: Partial<LocalFunctionsOptions>,
) => Promise<LocalFunctions> {
  let running: LocalFunctions | undefined;
  afterEach(async () => {
    await running?.stop();
    running = undefined;
  });
  return async (specs, options = {}) => {
    running = await startLocalFunctions(cloud(), specs, {
      logDirectory: logDirectory(),
      ...options,
    });
    return running;
  };
}
