import { join } from 'node:path';
import { EventBridgeClient, PutRuleCommand, PutTargetsCommand } from '@aws-sdk/client-eventbridge';
import { SQSClient } from '@aws-sdk/client-sqs';
import { EventBridgeSchema } from '@aws-lambda-powertools/parser/schemas/eventbridge';
import {
  LAMBDA_DESTINATION_SOURCE,
  LAMBDA_SUCCESS_DETAIL_TYPE,
} from '../../../infra/aws/facts/functions';
import { LambdaFailureRecordSchema } from '../../../lambdas/failure-alerts/event-schemas';
import type { LocalFunctionSpec, QueueRef } from '../../../scripts/local-platform/deployment';
import { useLocalCloud } from '../../fixtures/localcloud';
import {
  createQueue,
  drain,
  HANDLERS,
  sendAll,
  useLocalFunctions,
} from './lambda-runtime-fixtures';

const cloud = useLocalCloud();
const start = useLocalFunctions(cloud);

function asyncFunction(
  handler: string,
  inbox: QueueRef,
  deadLetterQueue: QueueRef,
  maxEventAgeSeconds = 3600,
): LocalFunctionSpec {
  return {
    functionName: handler,
    service: handler,
    handlerModule: join(HANDLERS, `${handler}.ts`),
    environment: {},
    timeoutSeconds: 10,
    memoryMiB: 256,
    trigger: { kind: 'async', inbox, deadLetterQueue, retryAttempts: 2, maxEventAgeSeconds },
  };
}

const EVENT = {
  source: 'aws.glue',
  'detail-type': 'Glue Job State Change',
  detail: { state: 'FAILED' },
};

describe('asynchronous invocation', () => {
  it('invokes an event once when it succeeds and removes it from the inbox', async () => {
    const sqs = new SQSClient(cloud().clientConfig);
    const inbox = await createQueue(sqs, 'echo-inbox');
    const deadLetterQueue = await createQueue(sqs, 'echo-dlq');
    const functions = await start([asyncFunction('echo', inbox, deadLetterQueue)], {});

    await sendAll(sqs, inbox, [EVENT]);
    await functions.idle({ timeoutMs: 30_000 });

    expect(functions.invocations()).toEqual([
      expect.objectContaining({ trigger: 'async', attempt: 1, outcome: 'success' }),
    ]);
    expect(await drain(sqs, inbox)).toEqual([]);
    expect(await drain(sqs, deadLetterQueue)).toEqual([]);
  });

  it('puts the record of a success on the on-success destination bus, as Lambda does', async () => {
    const sqs = new SQSClient(cloud().clientConfig);
    const events = new EventBridgeClient(cloud().clientConfig);
    const inbox = await createQueue(sqs, 'echo-inbox');
    const deadLetterQueue = await createQueue(sqs, 'echo-dlq');
    const results = await createQueue(sqs, 'echo-results');
    const busArn = `arn:aws:events:${cloud().region}:${cloud().accountId}:event-bus/default`;
    await events.send(
      new PutRuleCommand({
        Name: 'echo-succeeded',
        EventPattern: JSON.stringify({
          source: [LAMBDA_DESTINATION_SOURCE],
          'detail-type': [LAMBDA_SUCCESS_DETAIL_TYPE],
        }),
      }),
    );
    await events.send(
      new PutTargetsCommand({
        Rule: 'echo-succeeded',
        Targets: [{ Id: 'Target0', Arn: results.arn }],
      }),
    );
    const spec = asyncFunction('echo', inbox, deadLetterQueue);
    if (spec.trigger.kind !== 'async') throw new Error('an async function');
    const functions = await start(
      [{ ...spec, trigger: { ...spec.trigger, onSuccessBusArn: busArn } }],
      {},
    );

    await sendAll(sqs, inbox, [EVENT]);
    await functions.idle({ timeoutMs: 30_000 });

    const [invocation] = functions.invocations();
    const [delivered, ...more] = await drain(sqs, results);
    expect(more).toEqual([]);
    const event = EventBridgeSchema.parse(JSON.parse(delivered!.body));
    const functionArn = `arn:aws:lambda:${cloud().region}:${cloud().accountId}:function:echo`;
    expect(event).toMatchObject({
      source: LAMBDA_DESTINATION_SOURCE,
      'detail-type': LAMBDA_SUCCESS_DETAIL_TYPE,
      resources: [busArn, `${functionArn}:$LATEST`],
      detail: {
        version: '1.0',
        requestContext: {
          requestId: invocation!.requestId,
          functionArn: `${functionArn}:$LATEST`,
          condition: 'Success',
          approximateInvokeCount: 1,
        },
        requestPayload: EVENT,
        responseContext: { statusCode: 200, executedVersion: '$LATEST' },
        // What the function returned: echo answers with the event it got.
        responsePayload: expect.objectContaining({ event: EVENT }),
      },
    });
    expect(await drain(sqs, deadLetterQueue)).toEqual([]);
  });

  it('retries a failing event, then sends the invocation record to the on-failure destination', async () => {
    const sqs = new SQSClient(cloud().clientConfig);
    const inbox = await createQueue(sqs, 'throws-inbox');
    const deadLetterQueue = await createQueue(sqs, 'throws-dlq');
    const functions = await start([asyncFunction('throws', inbox, deadLetterQueue)], {
      asyncRetryDelaysMs: [50, 100],
    });

    await sendAll(sqs, inbox, [EVENT]);
    await functions.idle({ timeoutMs: 30_000 });

    const attempts = functions.invocations();
    expect(attempts.map(({ attempt, outcome }) => ({ attempt, outcome }))).toEqual([
      { attempt: 1, outcome: 'error' },
      { attempt: 2, outcome: 'error' },
      { attempt: 3, outcome: 'error' },
    ]);
    expect(new Set(attempts.map((each) => each.requestId)).size).toBe(1);
    const [parked, ...more] = await drain(sqs, deadLetterQueue);
    expect(more).toEqual([]);
    const record = LambdaFailureRecordSchema.parse(JSON.parse(parked!.body));
    expect(record).toMatchObject({
      requestContext: {
        requestId: attempts[0]!.requestId,
        functionArn: `arn:aws:lambda:${cloud().region}:${cloud().accountId}:function:throws:$LATEST`,
        condition: 'RetriesExhausted',
        approximateInvokeCount: 3,
      },
      requestPayload: EVENT,
      responseContext: { functionError: 'Unhandled' },
      responsePayload: {
        errorType: 'DependencyUnavailableError',
        errorMessage: 'the downstream service did not answer',
      },
    });
    expect(await drain(sqs, inbox)).toEqual([]);
  });

  it('gives up on an event older than the maximum event age', async () => {
    const sqs = new SQSClient(cloud().clientConfig);
    const inbox = await createQueue(sqs, 'throws-inbox');
    const deadLetterQueue = await createQueue(sqs, 'throws-dlq');
    const functions = await start(
      [asyncFunction('throws', inbox, deadLetterQueue, 1)],
      // The retry waits past the event's one-second age.
      { asyncRetryDelaysMs: [1500] },
    );

    await sendAll(sqs, inbox, [EVENT]);
    await functions.idle({ timeoutMs: 30_000 });

    expect(functions.invocations()).toHaveLength(1);
    const [parked] = await drain(sqs, deadLetterQueue);
    expect(LambdaFailureRecordSchema.parse(JSON.parse(parked!.body)).requestContext).toMatchObject({
      condition: 'EventAgeExceeded',
      approximateInvokeCount: 1,
    });
  });
});
