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

/** Every alert waiting in the inbox, removed from it so a second read sees only new ones. */
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
      const envelope = SnsEnvelopeSchema.parse(JSON.parse(message.Body ?? ''));
      alerts.push({
        subject: envelope.Subject ?? '(no subject)',
        source: envelope.MessageAttributes?.source?.Value ?? 'unknown',
        summary: envelope.Message.split('\n').find((line) => line.trim() !== '') ?? '',
        ...(envelope.Timestamp !== undefined && { publishedAt: envelope.Timestamp }),
      });
      await sqs.send(
        new DeleteMessageCommand({ QueueUrl: inboxUrl, ReceiptHandle: message.ReceiptHandle }),
      );
    }
  }
}
