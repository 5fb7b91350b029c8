/**
 * The environment of one container: what the CDK sets (`spec.environment`), localcloud's endpoint
 * and test credentials, and the variables the Lambda service itself sets, which a function cannot
 * override. Nothing else of the parent's environment leaks in (no jest variables, no developer
 * credentials), so a handler sees what it would see in Lambda.
 */
import { randomBytes } from 'node:crypto';
import { AWS_SDK_NODE_NOTICE_SWITCH } from '../../shared/aws-sdk-node-notice';
import type { LocalFunctionSpec } from '../deployment';

export interface ContainerIdentity {
  readonly region: string;
  readonly accountId: string;
}

/** `arn:aws:lambda:<region>:<account>:function:<name>`, the unqualified function ARN. */
export function functionArn(functionName: string, identity: ContainerIdentity): string {
  return `arn:aws:lambda:${identity.region}:${identity.accountId}:function:${functionName}`;
}

export function logGroupName(functionName: string): string {
  return `/aws/lambda/${functionName}`;
}

/** Lambda's stream naming: `YYYY/MM/DD/[$LATEST]<32 hex digits>`, one stream per container. */
export function newLogStreamName(now: Date, random: () => Buffer = () => randomBytes(16)): string {
  const day = now.toISOString().slice(0, 10).replaceAll('-', '/');
  return `${day}/[$LATEST]${random().toString('hex')}`;
}

export interface ContainerEnvironmentInput {
  readonly spec: LocalFunctionSpec;
  /** `cloud.env`: AWS_ENDPOINT_URL, AWS_REGION, test credentials, the Azure connection string. */
  readonly cloudEnv: Readonly<Record<string, string>>;
  readonly identity: ContainerIdentity;
  readonly logStreamName: string;
  /** Where the code lives (the repository root locally, `/var/task` in Lambda). */
  readonly taskRoot: string;
  /** The parent's PATH, so child tools resolve as in a shell. */
  readonly path: string | undefined;
}

export function containerEnvironment(input: ContainerEnvironmentInput): Record<string, string> {
  const { spec, identity } = input;
  return {
    ...(input.path !== undefined && { PATH: input.path }),
    LANG: 'en_US.UTF-8',
    ...spec.environment,
    // No X-Ray daemon runs locally: with tracing on, the Tracer's SDK middleware would look for a
    // segment that no facade creates and log "missing context" on every AWS call. Off, the
    // Tracer's methods are no-ops and captureAWSv3Client returns the client unchanged.
    POWERTOOLS_TRACE_ENABLED: 'false',
    // The deployed function runs on Node.js 22, where the AWS SDK has no Node.js support notice to
    // print; a container on the developer's Node.js 20 would print it into every cold start's log.
    [AWS_SDK_NODE_NOTICE_SWITCH]: 'true',
    ...input.cloudEnv,
    // Reserved: Lambda sets these and refuses them in a function's configuration.
    AWS_REGION: identity.region,
    AWS_DEFAULT_REGION: identity.region,
    AWS_LAMBDA_FUNCTION_NAME: spec.functionName,
    AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(spec.memoryMiB),
    AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
    AWS_LAMBDA_INITIALIZATION_TYPE: 'on-demand',
    AWS_LAMBDA_LOG_GROUP_NAME: logGroupName(spec.functionName),
    AWS_LAMBDA_LOG_STREAM_NAME: input.logStreamName,
    AWS_EXECUTION_ENV: `AWS_Lambda_nodejs${process.versions.node.split('.')[0] ?? ''}.x`,
    LAMBDA_TASK_ROOT: input.taskRoot,
    LAMBDA_RUNTIME_DIR: input.taskRoot,
    _HANDLER: 'handler.handler',
    TZ: 'UTC',
  };
}
