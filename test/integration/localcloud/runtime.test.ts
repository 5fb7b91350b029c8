import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CreateBucketCommand,
  GetObjectCommand,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { startLocalCloud } from '@hybrid-lake/localcloud';
import { useLocalCloud } from '../../fixtures/localcloud';

const cloud = useLocalCloud();
const root = join(__dirname, '..', '..', '..');

describe('fault injection', () => {
  beforeEach(() =>
    new S3Client(cloud().clientConfig).send(new CreateBucketCommand({ Bucket: 'faulty' })),
  );

  it('fails the next call with the injected error, which the SDK retries past', async () => {
    cloud().faults.inject({
      service: 's3',
      operation: 'PutObject',
      error: { code: 'SlowDown', message: 'Please reduce your request rate.', status: 503 },
    });

    await new S3Client(cloud().clientConfig).send(
      new PutObjectCommand({ Bucket: 'faulty', Key: 'k', Body: 'v' }),
    );

    expect(cloud().faults.triggered).toEqual([{ service: 's3', operation: 'PutObject' }]);
    const object = await new S3Client(cloud().clientConfig).send(
      new GetObjectCommand({ Bucket: 'faulty', Key: 'k' }),
    );
    expect(await object.Body!.transformToString()).toBe('v');
  });

  it('surfaces the injected error to a client that does not retry', async () => {
    cloud().faults.inject({
      service: 's3',
      operation: 'GetObject',
      times: 1,
      error: { code: 'SlowDown', status: 503 },
    });

    await expect(
      new S3Client({ ...cloud().clientConfig, maxAttempts: 1 }).send(
        new GetObjectCommand({ Bucket: 'faulty', Key: 'k' }),
      ),
    ).rejects.toMatchObject({ name: 'SlowDown', $metadata: { httpStatusCode: 503 } });
  });

  it('stalls a call for the injected delay', async () => {
    cloud().faults.inject({ service: 's3', operation: 'PutObject', delayMs: 300 });
    const started = Date.now();

    await new S3Client(cloud().clientConfig).send(
      new PutObjectCommand({ Bucket: 'faulty', Key: 'slow', Body: 'v' }),
    );

    expect(Date.now() - started).toBeGreaterThanOrEqual(300);
  });

  it('lets the call take effect before an `after` fault replaces its answer', async () => {
    cloud().faults.inject({
      service: 's3',
      operation: 'PutObject',
      when: 'after',
      error: { code: 'InternalError', status: 500 },
    });

    await expect(
      new S3Client({ ...cloud().clientConfig, maxAttempts: 1 }).send(
        new PutObjectCommand({ Bucket: 'faulty', Key: 'written', Body: 'v' }),
      ),
    ).rejects.toMatchObject({ name: 'InternalError', $metadata: { httpStatusCode: 500 } });

    expect(cloud().faults.triggered).toEqual([
      { service: 's3', operation: 'PutObject', when: 'after' },
    ]);
    const object = await new S3Client(cloud().clientConfig).send(
      new GetObjectCommand({ Bucket: 'faulty', Key: 'written' }),
    );
    expect(await object.Body!.transformToString()).toBe('v');
  });

  it('keeps an `after` fault for a call that succeeds, past one that failed by itself', async () => {
    cloud().faults.inject({
      service: 's3',
      operation: 'GetObject',
      when: 'after',
      dropConnection: true,
    });
    const once = new S3Client({ ...cloud().clientConfig, maxAttempts: 1 });

    await expect(
      once.send(new GetObjectCommand({ Bucket: 'faulty', Key: 'missing' })),
    ).rejects.toMatchObject({ name: 'NoSuchKey' });
    expect(cloud().faults.triggered).toEqual([]);

    await once.send(new PutObjectCommand({ Bucket: 'faulty', Key: 'present', Body: 'v' }));
    await expect(
      once.send(new GetObjectCommand({ Bucket: 'faulty', Key: 'present' })),
    ).rejects.toThrow();
    expect(cloud().faults.triggered).toEqual([
      { service: 's3', operation: 'GetObject', when: 'after' },
    ]);
  });
});

describe('routing', () => {
  it('answers an X-Amz-Target no service owns with UnknownOperationException', async () => {
    const response = await fetch(cloud().endpoint, {
      method: 'POST',
      headers: {
        'x-amz-target': 'NoSuchService.DoThing',
        'content-type': 'application/x-amz-json-1.1',
      },
      body: '{}',
    });

    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ __type: 'UnknownOperationException' });
  });

  it('reports its health and services without authentication', async () => {
    const response = await fetch(`${cloud().endpoint}/_localcloud/health`);

    expect(await response.json()).toEqual({
      status: 'ok',
      region: 'us-east-1',
      services: Object.keys(cloud().services),
    });
  });
});

describe('the emulator clock', () => {
  it('lets SDK clients correct their skew from the Date header after the clock moves hours ahead', async () => {
    const s3 = new S3Client(cloud().clientConfig);
    await s3.send(new CreateBucketCommand({ Bucket: 'clocked' }));
    cloud().advanceClock(2 * 60 * 60 * 1000);

    const put = await s3.send(new PutObjectCommand({ Bucket: 'clocked', Key: 'k', Body: 'v' }));

    expect(put.$metadata.attempts).toBe(2);
    expect(s3.config.systemClockOffset).toBeGreaterThan(2 * 60 * 60 * 1000 - 60_000);
  });

  it('is rewound by reset(), as its Date header shows', async () => {
    const serverTime = async () =>
      new Date(
        (await fetch(`${cloud().endpoint}/_localcloud/health`)).headers.get('date')!,
      ).getTime();
    cloud().advanceClock(60 * 60 * 1000);
    const ahead = (await serverTime()) - Date.now();

    cloud().reset();
    const afterReset = (await serverTime()) - Date.now();

    expect(ahead).toBeGreaterThan(59 * 60 * 1000);
    expect(Math.abs(afterReset)).toBeLessThan(2000);
  });
});

describe('persistence', () => {
  it('keeps objects across a restart when given a state folder', async () => {
    const stateDir = mkdtempSync(join(tmpdir(), 'localcloud-state-'));
    const first = await startLocalCloud({ port: 0, stateDir });
    const s3 = new S3Client(first.clientConfig);
    await s3.send(new CreateBucketCommand({ Bucket: 'kept' }));
    await s3.send(
      new PutObjectCommand({ Bucket: 'kept', Key: 'a/b c.json', Body: '{"kept":true}' }),
    );
    await first.stop();

    const second = await startLocalCloud({ port: 0, stateDir });
    try {
      const object = await new S3Client(second.clientConfig).send(
        new GetObjectCommand({ Bucket: 'kept', Key: 'a/b c.json' }),
      );
      expect(await object.Body!.transformToString()).toBe('{"kept":true}');
    } finally {
      await second.stop();
    }
  });
});

describe('npm run localcloud', () => {
  it('prints the endpoint and exports, serves requests, and stops on SIGINT', async () => {
    // One node process with tsx's loader, so SIGINT reaches the CLI itself (npx would not relay it).
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', 'scripts/localcloud/src/cli.ts', '--port', '0'],
      {
        cwd: root,
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const endpoint = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no endpoint printed: ${output}`)), 30_000);
      child.stdout.on('data', () => {
        const match = /listening on (http:\/\/[\d.]+:\d+)/.exec(output);
        if (match?.[1]) {
          clearTimeout(timer);
          resolve(match[1]);
        }
      });
    });

    const health = await fetch(`${endpoint}/_localcloud/health`);
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    child.kill('SIGINT');

    expect(health.status).toBe(200);
    expect(output).toContain(`export AWS_ENDPOINT_URL=${endpoint}`);
    expect(output).toContain('export AWS_ACCESS_KEY_ID=test');
    expect(output).toMatch(/Kafka \(one broker, no auto-created topics\) on 127\.0\.0\.1:\d+/);
    expect(output).toMatch(/export KAFKA_BROKERS=127\.0\.0\.1:\d+/);
    // --port 0 puts every endpoint on a free port, the IAM listener's included.
    expect(output).toMatch(/export KAFKA_IAM_BROKERS=127\.0\.0\.1:\d+/);
    expect(output).not.toMatch(/:(9092|9098|10000)\b/);
    expect(await exited).toBe(0);
  });
});

describe('request statistics', () => {
  it('counts answered requests by service and operation, on both endpoints', async () => {
    const s3 = new S3Client(cloud().clientConfig);
    await s3.send(new CreateBucketCommand({ Bucket: 'counted' }));
    await s3.send(new PutObjectCommand({ Bucket: 'counted', Key: 'a', Body: 'x' }));
    await s3.send(new PutObjectCommand({ Bucket: 'counted', Key: 'b', Body: 'y' }));
    const containerUrl = `${cloud().azure.endpoint}/counted?restype=container`;
    await fetch(containerUrl, { method: 'PUT' });

    expect(cloud().requests.byOperation()).toMatchObject({
      's3:CreateBucket': 1,
      's3:PutObject': 2,
    });
    expect(cloud().requests.total('s3')).toBe(3);
    // An unauthenticated Azure request is refused before it is routed to an operation: not counted.
    expect(cloud().requests.total('azure')).toBe(0);
  });
});
