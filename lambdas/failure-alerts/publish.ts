/** One notification → one SNS Publish on the alert topic. */
import { PublishCommand, type SNSClient } from '@aws-sdk/client-sns';
import { messageAttributes, messageOf, subjectOf, type Notification } from './message';

export type Publish = (notification: Notification) => Promise<string | undefined>;

/** A publisher for the topic; resolves to the SNS message id. */
export function snsPublisher(sns: SNSClient, topicArn: string): Publish {
  return async (notification) => {
    const { MessageId } = await sns.send(
      new PublishCommand({
        TopicArn: topicArn,
        Subject: subjectOf(notification),
        Message: messageOf(notification),
        MessageAttributes: messageAttributes(notification.alert),
      }),
    );
    return MessageId;
  };
}
