import type { LocalFunctionSpec } from '../../../../../scripts/local-platform/deployment';
import { functionConcurrency } from '../../../../../scripts/local-platform/lambda-runtime/function-settings';
import {
  containerEnvironment,
  newLogStreamName,
} from '../../../../../scripts/local-platform/lambda-runtime/lambda-environment';

const queue = {
  name: 'q',
  url: 'http://localhost/000000000000/q',
  arn: 'arn:aws:sqs:us-east-1:000000000000:q',
};
const spec: LocalFunctionSpec = {
  functionName: 'hybrid-lake-dev-s3-to-adls',
  service: 's3-to-adls',
  handlerModule: '/repo/lambdas/s3-to-adls/handler.ts',
  environment: {
    PLATFORM_ENV: 'dev',
    AWS_REGION: 'eu-central-1',
    POWERTOOLS_TRACE_ENABLED: 'true',
  },
  timeoutSeconds: 60,
  memoryMiB: 1024,
  trigger: {
    kind: 'sqs',
    queue,
    deadLetterQueue: queue,
    batchSize: 10,
    maxBatchingWindowSeconds: 1,
    maxReceiveCount: 3,
    visibilityTimeoutSeconds: 5,
  },
};

describe('containerEnvironment', () => {
  const environment = containerEnvironment({
    spec,
    cloudEnv: { AWS_ENDPOINT_URL: 'http://127.0.0.1:4566', AWS_ACCESS_KEY_ID: 'test' },
    identity: { region: 'us-east-1', accountId: '000000000000' },
    logStreamName: '2026/03/09/[$LATEST]abc',
    taskRoot: '/repo',
    path: '/usr/bin',
  });

  it("sets the function's own configuration and localcloud's endpoint", () => {
    expect(environment).toMatchObject({
      PLATFORM_ENV: 'dev',
      AWS_ENDPOINT_URL: 'http://127.0.0.1:4566',
      AWS_ACCESS_KEY_ID: 'test',
      PATH: '/usr/bin',
    });
  });

  it('sets the variables Lambda reserves, over anything the function configures', () => {
    expect(environment).toMatchObject({
      AWS_REGION: 'us-east-1',
      AWS_LAMBDA_FUNCTION_NAME: 'hybrid-lake-dev-s3-to-adls',
      AWS_LAMBDA_FUNCTION_MEMORY_SIZE: '1024',
      AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
      AWS_LAMBDA_LOG_GROUP_NAME: '/aws/lambda/hybrid-lake-dev-s3-to-adls',
      AWS_LAMBDA_LOG_STREAM_NAME: '2026/03/09/[$LATEST]abc',
      LAMBDA_TASK_ROOT: '/repo',
      TZ: 'UTC',
    });
  });

  it('turns tracing off, since no X-Ray daemon runs locally', () => {
    expect(environment.POWERTOOLS_TRACE_ENABLED).toBe('false');
  });

  it("keeps the AWS SDK's Node.js support notice out of the logs, as on Lambda's Node.js 22", () => {
    expect(environment.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED).toBe('true');
  });

  it("passes nothing else of the parent's environment", () => {
    expect(Object.keys(environment)).not.toContain('JEST_WORKER_ID');
    expect(Object.keys(environment)).not.toContain('HOME');
  });
});

describe('newLogStreamName', () => {
  it("follows Lambda's day/[version]id naming", () => {
    const name = newLogStreamName(new Date('2026-03-09T10:00:00Z'), () => Buffer.alloc(16, 0xab));

    expect(name).toBe(`2026/03/09/[$LATEST]${'ab'.repeat(16)}`);
  });
});

describe('functionConcurrency', () => {
  it('defaults to two containers', () => {
    expect(functionConcurrency(spec)).toBe(2);
  });

  it('takes the smaller of reserved concurrency and the mapping maximum', () => {
    expect(functionConcurrency({ ...spec, reservedConcurrency: 5 })).toBe(5);
    expect(
      functionConcurrency({
        ...spec,
        reservedConcurrency: 5,
        trigger: {
          ...spec.trigger,
          kind: 'sqs',
          maxConcurrency: 3,
        } as LocalFunctionSpec['trigger'],
      }),
    ).toBe(3);
  });

  it('takes a local container count only for a function the deployment does not cap', () => {
    expect(functionConcurrency(spec, 6)).toBe(6);
    expect(functionConcurrency({ ...spec, reservedConcurrency: 3 }, 6)).toBe(3);
    expect(functionConcurrency({ ...spec, reservedConcurrency: 3 }, 1)).toBe(3);
    expect(functionConcurrency(spec, 0)).toBe(1);
  });
});
