import {
  DeleteMessageCommand,
  ReceiveMessageCommand,
  type Message,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import {
  UNREADABLE_ALERT_SOURCE,
  drainAlertInbox,
} from '../../../../scripts/local-run/figures/alerts';

/** An inbox holding `messages`: receives hand them out in tens, deletes remove them. */
function inbox(messages: Message[]): { sqs: SQSClient; left: () => number } {
  let waiting = [...messages];
  const sqs = {
    send: (command: unknown) => {
      if (command instanceof ReceiveMessageCommand)
        return Promise.resolve({ Messages: waiting.slice(0, 10) });
      if (command instanceof DeleteMessageCommand) {
        waiting = waiting.filter(
          (message) => message.ReceiptHandle !== command.input.ReceiptHandle,
        );
        return Promise.resolve({});
      }
      return Promise.reject(new Error('unexpected command'));
    },
  } as unknown as SQSClient;
  return { sqs, left: () => waiting.length };
}

const notification = (subject: string) =>
  JSON.stringify({
    Type: 'Notification',
    Subject: subject,
    Message: `\n${subject} happened\nmore`,
    Timestamp: '2026-12-07T10:00:00.000Z',
    MessageAttributes: { source: { Type: 'String', Value: 'bot-attack' } },
  });

describe('drainAlertInbox', () => {
  it('keeps a message that is no SNS notification as an unreadable alert, and loses none', async () => {
    const { sqs, left } = inbox([
      { ReceiptHandle: '1', Body: notification('first') },
      { ReceiptHandle: '2', Body: 'not an SNS envelope' },
      { ReceiptHandle: '3', Body: JSON.stringify({ Type: 'SubscriptionConfirmation' }) },
      { ReceiptHandle: '4', Body: notification('last') },
    ]);

    const alerts = await drainAlertInbox(sqs, 'https://queue');

    expect(alerts.map((alert) => [alert.source, alert.subject])).toEqual([
      ['bot-attack', 'first'],
      [UNREADABLE_ALERT_SOURCE, '(not an SNS notification)'],
      [UNREADABLE_ALERT_SOURCE, '(not an SNS notification)'],
      ['bot-attack', 'last'],
    ]);
    expect(alerts[0]).toMatchObject({
      summary: 'first happened',
      publishedAt: '2026-12-07T10:00:00.000Z',
    });
    expect(alerts[1]?.summary).toBe('not an SNS envelope');
    expect(left()).toBe(0);
  });
});
