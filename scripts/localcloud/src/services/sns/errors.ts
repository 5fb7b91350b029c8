import { AwsError } from '../../core/aws-error';

/** SNS's error codes as they travel on the wire (the SDK names them `<Code>Exception`). */
export const invalidParameter = (message: string): AwsError =>
  new AwsError('InvalidParameter', message);

export const parameterValueInvalid = (message: string): AwsError =>
  new AwsError('ParameterValueInvalid', message);

export const topicNotFound = (): AwsError => new AwsError('NotFound', 'Topic does not exist', 404);

export const subscriptionNotFound = (): AwsError =>
  new AwsError('NotFound', 'Subscription does not exist', 404);
