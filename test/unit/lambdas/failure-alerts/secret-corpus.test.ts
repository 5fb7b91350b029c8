/**
 * The secret corpus, each sample on its own, through every input the function accepts or
 * refuses: the handler handler.ts wires (createAlertHandler) with the Powertools Logger and
 * Metrics it uses, and SNS and DynamoDB clients that record what they are sent. No part of a
 * planted value may appear in what the function publishes (subject, message, attributes), what
 * it stores (every DynamoDB request), what it logs, or the error a failed invocation hands to
 * Lambda. The integration tier sends the whole corpus through handler.ts on localcloud.
 */
import {
  ConditionalCheckFailedException,
  UpdateItemCommand,
  type DynamoDBClient,
} from '@aws-sdk/client-dynamodb';
import type { PublishCommandInput, SNSClient } from '@aws-sdk/client-sns';
import type { Context } from 'aws-lambda';
import { createAlertHandler } from '../../../../lambdas/failure-alerts/alert-handler';
import { loadAlertConfig } from '../../../../lambdas/failure-alerts/config';
import { dynamoDbDedupeWindows } from '../../../../lambdas/failure-alerts/dynamodb-dedupe-windows';
import { createObservability } from '../../../../lambdas/shared/observability';
import { captureOutput } from '../../../fixtures/captured-output';
import { TEXT_CARRIERS, type TextCarrier } from '../../../fixtures/events/failure-alerts/carrying';
import { SECRET_SAMPLES, leaksIn } from '../../../fixtures/secret-corpus';

const CONTEXT = { awsRequestId: '2f0a6c5e-1b7d-4e3a-9c8b-7d6e5f4a3b2c' } as Context;

interface Invocation {
  /** `published`, or the name of the error the invocation failed with. */
  readonly result: string;
  readonly published: readonly PublishCommandInput[];
  readonly log: string;
  /** What the function wrote, by where it wrote it. */
  readonly sinks: Readonly<Record<string, string>>;
}

/** The handler with recording clients: no window is ever open, so every alert is published. */
function recordingHandler() {
  const published: PublishCommandInput[] = [];
  const stored: unknown[] = [];
  const sns = {
    send: (command: { input: PublishCommandInput }) => {
      published.push(command.input);
      return Promise.resolve({ MessageId: 'message-1' });
    },
  } as unknown as SNSClient;
  const dynamodb = {
    send: (command: { input: unknown }) => {
      stored.push(command.input);
      return command instanceof UpdateItemCommand
        ? Promise.reject(
            new ConditionalCheckFailedException({ message: 'no window', $metadata: {} }),
          )
        : Promise.resolve({});
    },
  } as unknown as DynamoDBClient;
  process.env.POWERTOOLS_LOG_LEVEL = 'DEBUG';
  const { logger, metrics } = createObservability('failure-alerts');
  const config = loadAlertConfig({
    PLATFORM_ENV: 'dev',
    ALERT_TOPIC_ARN: 'arn:aws:sns:eu-west-1:123456789012:hybrid-lake-dev-alerts',
    DEDUPE_TABLE_NAME: 'hybrid-lake-dev-alert-dedupe',
    RUNBOOK_BASE_URL: 'https://github.com/example/hybrid-lake/blob/main/docs/runbooks',
  });
  const handler = createAlertHandler({
    config,
    sns,
    dedupeWindows: dynamoDbDedupeWindows(dynamodb, config.dedupeTableName),
    logger,
    metrics,
    now: () => new Date('2026-03-08T18:05:00Z'),
    publishMetrics: () => metrics.publishStoredMetrics(),
  });

  return async (event: unknown): Promise<Invocation> => {
    published.length = 0;
    stored.length = 0;
    const output = captureOutput();
    let result: string;
    let failure: Error | undefined;
    try {
      result = (await handler(event, CONTEXT)).outcome;
    } catch (error) {
      failure = error as Error;
      result = failure.name;
    } finally {
      output.stop();
    }
    return {
      result,
      published: [...published],
      log: output.text(),
      sinks: {
        'SNS subject': published.map((each) => each.Subject).join('\n'),
        'SNS message': published.map((each) => each.Message).join('\n'),
        'SNS message attributes': JSON.stringify(published.map((each) => each.MessageAttributes)),
        'DynamoDB requests': JSON.stringify(stored),
        log: output.text(),
        'error handed to Lambda': failure ? `${failure.message}\n${failure.stack ?? ''}` : '',
      },
    };
  };
}

const savedEnv = { ...process.env };
afterAll(() => {
  process.env = { ...savedEnv };
});

describe.each(TEXT_CARRIERS.map((carrier) => [carrier.input, carrier] as const))(
  'each corpus secret carried by %s',
  (_input, carrier: TextCarrier) => {
    it(`appears nowhere the function writes (expected: ${carrier.expected})`, async () => {
      const invoke = recordingHandler();
      const leaks: string[] = [];
      const unexpected: string[] = [];

      for (const [n, sample] of SECRET_SAMPLES.entries()) {
        const invocation = await invoke(carrier.carrying(sample.text, n));
        leaks.push(...leaksIn(invocation.sinks, [sample]));
        if (invocation.result !== carrier.expected)
          unexpected.push(`"${sample.name}": ${invocation.result}`);
        // The capture must see the log, or an empty log would pass for a clean one.
        if (!invocation.log.includes('"service":"failure-alerts"'))
          unexpected.push(`"${sample.name}": nothing logged`);
      }

      expect(unexpected).toEqual([]);
      expect(leaks).toEqual([]);
    });
  },
);

it('keeps each alert readable: the key names and the failure text around a secret stay', async () => {
  const [glueJob] = TEXT_CARRIERS;
  const invoke = recordingHandler();
  const lost: string[] = [];

  for (const [n, sample] of SECRET_SAMPLES.entries()) {
    const { published } = await invoke(glueJob!.carrying(sample.text, n));
    const message = published[0]?.Message ?? '';
    const alert = JSON.parse(message.slice(message.indexOf('{"kind"'))) as { error: string };
    lost.push(
      ...sample.context
        .filter((context) => !alert.error.includes(context))
        .map((context) => `"${sample.name}" lost ${JSON.stringify(context)} in: ${alert.error}`),
    );
  }

  expect(lost).toEqual([]);
});
