import {
  type RemovalPolicy,
  Stack,
  Validations,
  type CfnElement,
  custom_resources as cr,
  aws_iam as iam,
  aws_lambda as lambda,
  type aws_logs as logs,
} from 'aws-cdk-lib';
import type { Construct, IConstruct } from 'constructs';
import { keyAlias, type Platform } from '../../platform';
import { EncryptedLogGroup } from './encrypted-log-group';
import type { PlatformFunction } from './platform-function';

export interface PlatformProviderProps {
  readonly platform: Platform;
  /** The custom resource's handler; the framework function is named `<its name>-provider`. */
  readonly onEvent: PlatformFunction;
  readonly functionName: string;
  /** The handler's service name, which names the framework log key (`<service>-provider-logs`). */
  readonly serviceName: string;
  /** What the custom resource does, in the framework log key's description. */
  readonly purpose: string;
  readonly logRetention: logs.RetentionDays;
  readonly removalPolicy: RemovalPolicy;
}

/**
 * CDK's custom-resource Provider framework for a platform function, the way the platform runs
 * every function: the framework function logs to its own KMS-encrypted log group, through its
 * own role instead of AWSLambdaBasicExecutionRole (whose log permissions cover every log group).
 * The children are created in `scope` itself (`ProviderLogs`, `ProviderRole`, `Provider`).
 */
export function platformProvider(scope: Construct, props: PlatformProviderProps): cr.Provider {
  const { platform, functionName } = props;
  const providerLogs = new EncryptedLogGroup(scope, 'ProviderLogs', {
    logGroupName: `/aws/lambda/${functionName}-provider`,
    keyAlias: keyAlias(platform, `${props.serviceName}-provider-logs`),
    description: `Encrypts the logs of the ${props.purpose} custom resource provider`,
    retention: props.logRetention,
    removalPolicy: props.removalPolicy,
  });
  // The Provider adds the invoke permission on the handler to this role.
  const frameworkRole = new iam.Role(scope, 'ProviderRole', {
    assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
    description: `Runs ${functionName}-provider`,
  });
  frameworkRole.addToPrincipalPolicy(
    new iam.PolicyStatement({
      sid: 'WriteOwnLogs',
      actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
      resources: [providerLogs.logGroup.logGroupArn],
    }),
  );
  const provider = new cr.Provider(scope, 'Provider', {
    onEventHandler: props.onEvent.function,
    providerFunctionName: `${functionName}-provider`,
    logGroup: providerLogs.logGroup,
    frameworkOnEventRole: frameworkRole,
    // FATAL by default, which would hide the framework's own failures.
    frameworkLambdaLoggingLevel: lambda.ApplicationLogLevel.ERROR,
  });
  acknowledgeFrameworkRole(frameworkRole, providerLogs, props);
  return provider;
}

/** The two wildcards of the framework role, each by its exact finding. */
function acknowledgeFrameworkRole(
  role: iam.Role,
  providerLogs: EncryptedLogGroup,
  props: PlatformProviderProps,
): void {
  const stack = Stack.of(role);
  const policy = role.node.findChild('DefaultPolicy');
  const logicalId = (element: IConstruct) =>
    stack.getLogicalId(element.node.defaultChild as CfnElement);
  Validations.of(policy).acknowledge({
    id: `AwsSolutions-IAM5[Resource::<${logicalId(providerLogs.logGroup)}.Arn>]`,
    reason:
      'The log group ARN ends in :* to cover its own log streams, whose names Lambda generates.',
  });
  Validations.of(policy).acknowledge({
    id: `AwsSolutions-IAM5[Resource::<${logicalId(props.onEvent.function)}.Arn>:*]`,
    reason: `The framework invokes the ${props.purpose} handler by qualified ARN (version or alias): \`:*\` covers the qualifiers of that one function.`,
  });
}
