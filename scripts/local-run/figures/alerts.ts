/**
 * The alerts the topic sent, read from its captured SQS subscription. Messages arrive in the SNS
 * envelope (raw delivery off), as an e-mail or HTTPS subscriber would get them.
 */
import { DeleteMessageCommand, ReceiveMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { z } from 'zod';
import type { AlertFigures } from '../report/figures';

const SnsEnvelopeSchema = z.object({
  Type: z.literal('Notification'),
  Subject: z.string().optional(),
  Message: z.string(),
  Timestamp: z.string().optional(),
  MessageAttributes: z
    .record(z.string(), z.object({ Type: z.string(), Value: z.string() }))
    .optional(),
});

export type CapturedAlert = AlertFigures['items'][number];

/** The source given to a message in the inbox that is not an SNS notification. */
export const UNREADABLE_ALERT_SOURCE = 'unreadable';

/**
 * Every alert waiting in the inbox, removed from it so a second read sees only new ones. A
 * message that is not an SNS notification is kept as an alert of source `unreadable` with the
 * start of its body, so that it is seen rather than lost or read again forever.
 */
export async function drainAlertInbox(sqs: SQSClient, inboxUrl: string): Promise<CapturedAlert[]> {
  const alerts: CapturedAlert[] = [];
  for (;;) {
    const { Messages = [] } = await sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: inboxUrl,
        MaxNumberOfMessages: 10,
        WaitTimeSeconds: 0,
      }),
    );
    if (Messages.length === 0) return alerts;
    for (const message of Messages) {
      alerts.push(capturedAlert(message.Body ?? ''));
      await sqs.send(
        new DeleteMessageCommand({ QueueUrl: inboxUrl, ReceiptHandle: message.ReceiptHandle }),
      );
    }
  }
}

function capturedAlert(body: string): CapturedAlert {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    parsed = undefined;
  }
  const envelope = SnsEnvelopeSchema.safeParse(parsed);
  if (!envelope.success)
    return {
      subject: '(not an SNS notification)',
      source: UNREADABLE_ALERT_SOURCE,
      summary: body.slice(0, 200),
    };
  const { Subject, Message, Timestamp, MessageAttributes } = envelope.data;
  return {
    subject: Subject ?? '(no subject)',
    source: MessageAttributes?.source?.Value ?? 'unknown',
    summary: Message.split('\n').find((line) => line.trim() !== '') ?? '',
    ...(Timestamp !== undefined && { publishedAt: Timestamp }),
  };
}
