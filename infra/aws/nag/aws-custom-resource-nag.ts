import { Validations, type Stack } from 'aws-cdk-lib';

/** The construct ID CDK gives the singleton function behind every AwsCustomResource of a stack. */
export const AWS_CUSTOM_RESOURCE_FUNCTION_ID = 'AWS679f53fac002430cb0da5b7982bd2287';

/**
 * Acknowledges the managed logging policy of CDK's shared AwsCustomResource function, once the
 * stack has one. `calls` names the API calls it makes, each granted separately.
 */
export function acknowledgeAwsCustomResourceFunction(stack: Stack, calls: string): void {
  const lookupFunction = stack.node.tryFindChild(AWS_CUSTOM_RESOURCE_FUNCTION_ID);
  if (!lookupFunction) return;
  Validations.of(lookupFunction).acknowledge({
    id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
    reason: `CDK's shared AwsCustomResource function only writes its own logs with this policy; its API calls (${calls}) are granted separately, each on its one resource.`,
  });
}
