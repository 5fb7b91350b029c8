import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Duration } from 'aws-cdk-lib';
import {
  RemovalPolicy,
  Stack,
  Validations,
  type CfnElement,
  type aws_ec2 as ec2,
  aws_iam as iam,
  aws_lambda as lambda,
  aws_lambda_nodejs as nodejs,
  aws_logs as logs,
} from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { PROJECT_ROOT } from '../facts/functions';
import { allowLogsToUseKey, platformKey } from './platform-key';

/** A function's code is not there, and this synth needs to bundle it. */
export class FunctionHandlerMissingError extends Error {
  override readonly name = 'FunctionHandlerMissingError';
}

export interface PlatformFunctionProps {
  readonly functionName: string;
  /** What the function does, shown in the console. */
  readonly description: string;
  /** The handler file, exporting `handler` (see `lambdaHandlerEntry`). */
  readonly handlerEntry: string;
  readonly memorySize: number;
  readonly timeout: Duration;
  /** @default undefined (unreserved: scales with the SQS pollers) */
  readonly reservedConcurrency?: number;
  readonly environment: Readonly<Record<string, string>>;
  readonly logRetention: logs.RetentionDays;
  /** Alias of the key that encrypts the log group. */
  readonly logKeyAlias: string;
  /** Applied to the log group and its key. @default RemovalPolicy.RETAIN */
  readonly removalPolicy?: RemovalPolicy;
  /**
   * Shell commands run around esbuild, e.g. to copy files the handler reads at run time into
   * the bundle. @default undefined (the bundle holds the handler only)
   */
  readonly commandHooks?: nodejs.ICommandHooks;
  /**
   * Runs the function's network interfaces in these subnets, in this security group.
   * @default undefined (outside any VPC, with AWS's shared and changing egress addresses)
   */
  readonly network?: FunctionNetwork;
}

/** Where a function's network interfaces go. */
export interface FunctionNetwork {
  readonly vpc: ec2.IVpc;
  readonly subnets: ec2.SubnetSelection;
  readonly securityGroup: ec2.ISecurityGroup;
}

/**
 * What Lambda does with the function's own role when the function is in a VPC: create, find and
 * delete its network interfaces. The same actions as AWS's AWSLambdaVPCAccessExecutionRole,
 * without its log permissions, which the role already holds for its own group only.
 */
export const VPC_NETWORK_INTERFACE_ACTIONS = [
  'ec2:CreateNetworkInterface',
  'ec2:DescribeNetworkInterfaces',
  'ec2:DescribeSubnets',
  'ec2:DeleteNetworkInterface',
  'ec2:AssignPrivateIpAddresses',
  'ec2:UnassignPrivateIpAddresses',
] as const;

/**
 * Why the network-interface statement's `Resource: *` is acceptable. Whoever acknowledges the
 * role's `AwsSolutions-IAM5[Resource::*]` finding includes it: one finding, one acknowledgement
 * naming every statement that needs `*`.
 */
export const VPC_NETWORK_INTERFACES_WILDCARD_REASON =
  "Lambda creates the function's VPC network interfaces with this role before their IDs exist, and the EC2 Describe actions take no resource (AWS's AWSLambdaVPCAccessExecutionRole grants the same actions on *).";

/**
 * A function of the platform: Node.js 22 on arm64, bundled by esbuild (no Docker), X-Ray active,
 * logging to its own KMS-encrypted log group through a role that has no managed policy. What the
 * function may do beyond that is granted by its stack, statement by statement.
 */
export class PlatformFunction extends Construct {
  readonly function: nodejs.NodejsFunction;
  readonly role: iam.Role;
  readonly logGroup: logs.LogGroup;
  /** Where the function's network interfaces run; undefined outside any VPC. */
  readonly network?: FunctionNetwork;

  constructor(scope: Construct, id: string, props: PlatformFunctionProps) {
    super(scope, id);
    const stack = Stack.of(this);
    const removalPolicy = props.removalPolicy ?? RemovalPolicy.RETAIN;
    this.network = props.network;

    const logGroupName = `/aws/lambda/${props.functionName}`;
    const logKey = platformKey(this, 'LogKey', {
      alias: props.logKeyAlias,
      description: `Encrypts the log group ${logGroupName}`,
      removalPolicy,
    });
    allowLogsToUseKey(logKey, { sid: 'AllowCloudWatchLogsForThisLogGroup', logGroupName });
    this.logGroup = new logs.LogGroup(this, 'LogGroup', {
      logGroupName,
      retention: props.logRetention,
      encryptionKey: logKey,
      removalPolicy,
    });

    // An own role instead of AWSLambdaBasicExecutionRole, whose log permissions cover every log group.
    this.role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: `Runs ${props.functionName}`,
    });
    this.role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        sid: 'WriteOwnLogs',
        actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        // The log group ARN ends in `:*`, which covers exactly this group's streams.
        resources: [this.logGroup.logGroupArn],
      }),
    );
    if (props.network !== undefined) {
      this.role.addToPrincipalPolicy(
        new iam.PolicyStatement({
          sid: 'ManageVpcNetworkInterfaces',
          actions: [...VPC_NETWORK_INTERFACE_ACTIONS],
          resources: ['*'],
        }),
      );
    }

    this.function = new nodejs.NodejsFunction(this, 'Function', {
      functionName: props.functionName,
      description: props.description,
      runtime: lambda.Runtime.NODEJS_22_X,
      architecture: lambda.Architecture.ARM_64,
      memorySize: props.memorySize,
      timeout: props.timeout,
      ...(props.reservedConcurrency !== undefined && {
        reservedConcurrentExecutions: props.reservedConcurrency,
      }),
      role: this.role,
      logGroup: this.logGroup,
      loggingFormat: lambda.LoggingFormat.JSON,
      tracing: lambda.Tracing.ACTIVE,
      environment: {
        ...props.environment,
        // esbuild writes a source map; Node only applies it to stack traces when asked.
        NODE_OPTIONS: '--enable-source-maps',
      },
      ...code(this, props.functionName, props.handlerEntry, props.commandHooks),
      ...(props.network !== undefined && {
        vpc: props.network.vpc,
        vpcSubnets: props.network.subnets,
        securityGroups: [props.network.securityGroup],
      }),
    });

    Validations.of(this.function).acknowledge({
      id: 'AwsSolutions-L1',
      reason:
        'Node.js 22 is the platform runtime (docs/architecture.md#lambda-functions-nodejs-22-on-arm64), in AWS support until 2027; moving every function to a newer runtime is one deliberate upgrade.',
    });
    this.acknowledgeWildcard(
      `Resource::<${stack.getLogicalId(this.logGroup.node.defaultChild as CfnElement)}.Arn>`,
      'The log group ARN ends in :* to cover its own log streams, whose names Lambda generates.',
    );
  }

  /**
   * Acknowledges one cdk-nag IAM5 finding on the role's policy by its exact ID (the resource or
   * action as the template spells it), so any other wildcard still fails synth.
   */
  acknowledgeWildcard(finding: string, reason: string): void {
    Validations.of(this.role.node.findChild('DefaultPolicy')).acknowledge({
      id: `AwsSolutions-IAM5[${finding}]`,
      reason,
    });
  }
}

/**
 * How the code gets in: esbuild bundling when the handler exists. A synth that skips bundling
 * (unit tests, `aws:cdk:bundling-stacks: []`) still works before the handler is written, with
 * a stub that throws; a synth that must bundle fails with a clear error instead.
 */
function code(
  scope: Construct,
  functionName: string,
  entry: string,
  commandHooks: nodejs.ICommandHooks | undefined,
): Partial<nodejs.NodejsFunctionProps> {
  if (!existsSync(entry)) {
    if (Stack.of(scope).bundlingRequired) {
      throw new FunctionHandlerMissingError(
        `The handler of ${functionName} is missing: ${entry} must export "handler"`,
      );
    }
    return {
      code: lambda.Code.fromInline(
        'exports.handler = async () => { throw new Error("handler not bundled"); };',
      ),
      handler: 'index.handler',
    };
  }
  return {
    entry,
    handler: 'handler',
    projectRoot: PROJECT_ROOT,
    depsLockFilePath: join(PROJECT_ROOT, 'package-lock.json'),
    bundling: {
      forceDockerBundling: false,
      minify: true,
      sourceMap: true,
      // The map only has to translate stack traces; embedding the sources would double the zip.
      sourcesContent: false,
      target: 'node22',
      // Bundle the AWS SDK v3 too (see docs/decisions.md): the exact tested clients, tree-shaken.
      externalModules: [],
      ...(commandHooks !== undefined && { commandHooks }),
    },
  };
}
