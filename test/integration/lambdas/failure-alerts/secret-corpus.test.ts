/**
 * The secret corpus through the deployed function: every secret shape, carried by every input
 * the function accepts or refuses, through handler.ts itself (clients, Powertools Logger and
 * configuration as Lambda builds them) against localcloud's SNS and DynamoDB. Nothing the
 * function writes may show any part of a planted value: the SNS notification (subject, message,
 * attributes, as the subscribed queue receives it), the dedupe item, the log, and the error a
 * failed invocation hands to Lambda (which logs it and keeps it with the dead-lettered event).
 * One invocation per input carries the whole corpus; the unit tier
 * (test/unit/lambdas/failure-alerts/secret-corpus.test.ts) sends each sample on its own.
 */
import { GetItemCommand } from '@aws-sdk/client-dynamodb';
import { captureOutput } from '../../../fixtures/captured-output';
import { TEXT_CARRIERS, type TextCarrier } from '../../../fixtures/events/failure-alerts/carrying';
import { useLocalCloud } from '../../../fixtures/localcloud';
import { SECRET_SAMPLES, leaksIn } from '../../../fixtures/secret-corpus';
import {
  LAMBDA_CONTEXT,
  loadAlertHandler,
  receiveNotifications,
  setUpAlerting,
  type AlertLambdaHandler,
  type Alerting,
  type ReceivedNotification,
} from './alert-fixtures';

const cloud = useLocalCloud();
let alerting: Alerting;
const savedEnv = { ...process.env };
beforeEach(async () => {
  alerting = await setUpAlerting(cloud());
});
afterEach(() => {
  process.env = { ...savedEnv };
});

interface Invocation {
  /** `published`, or the name of the error the invocation failed with. */
  readonly result: string;
  readonly notifications: readonly ReceivedNotification[];
  /** What the function wrote, by where it wrote it. */
  readonly sinks: Readonly<Record<string, string>>;
}

/** Every log level, so a secret cannot hide in a level the test does not print. */
function loadVerboseHandler(): AlertLambdaHandler {
  return loadAlertHandler(cloud(), alerting, { POWERTOOLS_LOG_LEVEL: 'DEBUG' });
}

async function invoke(handler: AlertLambdaHandler, event: unknown): Promise<Invocation> {
  const output = captureOutput();
  let outcome: unknown;
  let failure: Error | undefined;
  try {
    outcome = await handler(event, LAMBDA_CONTEXT);
  } catch (error) {
    failure = error as Error;
  } finally {
    output.stop();
  }
  const notifications = await receiveNotifications(alerting);
  const { fingerprint } = (outcome ?? {}) as { fingerprint?: string };
  const { Item } = fingerprint
    ? await alerting.dynamodb.send(
        new GetItemCommand({
          TableName: alerting.tableName,
          Key: { fingerprint: { S: fingerprint } },
          ConsistentRead: true,
        }),
      )
    : { Item: undefined };
  return {
    result: failure ? failure.name : ((outcome as { outcome?: string }).outcome ?? 'nothing'),
    notifications,
    sinks: {
      'SNS subject': notifications.map((each) => each.subject).join('\n'),
      'SNS message': notifications.map((each) => each.message).join('\n'),
      'SNS message attributes': JSON.stringify(notifications.map((each) => each.attributes)),
      'DynamoDB item': JSON.stringify(Item ?? {}),
      log: output.text(),
      'error handed to Lambda': failure ? `${failure.message}\n${failure.stack ?? ''}` : '',
    },
  };
}

/** Every sample in one text, each on its own line: one invocation per input carries them all. */
const EVERY_SAMPLE = SECRET_SAMPLES.map((sample) => sample.text).join('\n');

describe.each(TEXT_CARRIERS.map((carrier, n) => [carrier.input, carrier, n] as const))(
  'the whole corpus carried by %s',
  (_input, carrier: TextCarrier, n: number) => {
    it(`appears nowhere the function writes (expected: ${carrier.expected})`, async () => {
      const handler = loadVerboseHandler();

      const invocation = await invoke(handler, carrier.carrying(EVERY_SAMPLE, n));

      expect(invocation.result).toBe(carrier.expected);
      expect(invocation.notifications).toHaveLength(carrier.expected === 'published' ? 1 : 0);
      expect(leaksIn(invocation.sinks, SECRET_SAMPLES)).toEqual([]);
    });
  },
);
