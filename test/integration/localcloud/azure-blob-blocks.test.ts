import { createHash } from 'node:crypto';
import {
  CreateBucketCommand,
  PutObjectCommand,
  S3Client,
  GetObjectCommand,
} from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import type { ContainerClient } from '@azure/storage-blob';
import { useLocalCloud } from '../../fixtures/localcloud';
import {
  blobService,
  failureOf,
  serveBytes,
  startSource,
  type SourceServer,
} from './azure-blob-fixtures';

const cloud = useLocalCloud();
const SOURCE = Buffer.from('alpha-beta-gamma-delta');
let sources: SourceServer[] = [];

afterEach(async () => {
  await Promise.all(sources.map((source) => source.close()));
  sources = [];
});

async function rawContainer(maxTries = 1): Promise<ContainerClient> {
  const container = blobService(cloud(), maxTries).getContainerClient('raw');
  await container.create();
  return container;
}

async function source(content = SOURCE): Promise<SourceServer> {
  const server = await startSource(serveBytes(content, 'text/csv'));
  sources.push(server);
  return server;
}

/** Block ids the way the transfer makes them: fixed width, so all have the same length. */
function blockId(index: number): string {
  return Buffer.from(`block-${String(index).padStart(6, '0')}`).toString('base64');
}

function md5(content: Buffer): Uint8Array {
  return createHash('md5').update(content).digest();
}

describe('Azure Blob staged blocks', () => {
  it('keeps staged blocks invisible until Put Block List commits them', async () => {
    const container = await rawContainer();
    const blob = container.getBlockBlobClient('staged.bin');
    await blob.stageBlock(blockId(0), 'hello ', 6);
    await blob.stageBlock(blockId(1), 'world', 5);

    const beforeCommit = await failureOf(blob.download());
    const listedBefore = [];
    for await (const item of container.listBlobsFlat()) listedBefore.push(item.name);
    const uncommitted = await blob.getBlockList('uncommitted');
    await blob.commitBlockList([blockId(0), blockId(1)], {
      blobHTTPHeaders: { blobContentType: 'text/plain' },
      metadata: { parts: '2' },
    });
    const committed = await blob.getBlockList('all');

    expect(beforeCommit.statusCode).toBe(404);
    expect(beforeCommit.code).toBe('BlobNotFound');
    expect(listedBefore).toEqual([]);
    expect(uncommitted.uncommittedBlocks?.map((block) => block.size)).toEqual([6, 5]);
    expect((await blob.downloadToBuffer()).toString()).toBe('hello world');
    expect((await blob.getProperties()).metadata).toEqual({ parts: '2' });
    expect(committed.committedBlocks?.map((block) => block.name)).toEqual([blockId(0), blockId(1)]);
    expect(committed.uncommittedBlocks).toEqual([]);
  });

  it('refuses a block id of another length for the same blob: 400 InvalidBlobOrBlock', async () => {
    const container = await rawContainer();
    const blob = container.getBlockBlobClient('ids.bin');
    await blob.stageBlock(blockId(0), 'a', 1);

    const error = await failureOf(blob.stageBlock(Buffer.from('x').toString('base64'), 'b', 1));

    expect(error.statusCode).toBe(400);
    expect(error.code).toBe('InvalidBlobOrBlock');
  });

  it('refuses a block list naming an unknown block: 400 InvalidBlockList', async () => {
    const container = await rawContainer();
    const blob = container.getBlockBlobClient('unknown.bin');
    await blob.stageBlock(blockId(0), 'a', 1);

    const error = await failureOf(blob.commitBlockList([blockId(0), blockId(9)]));

    expect(error.statusCode).toBe(400);
    expect(error.code).toBe('InvalidBlockList');
  });

  it('refuses a block whose Content-MD5 does not match: 400 Md5Mismatch', async () => {
    const container = await rawContainer();

    const error = await failureOf(
      container
        .getBlockBlobClient('md5.bin')
        .stageBlock(blockId(0), 'data', 4, { transactionalContentMD5: md5(Buffer.from('other')) }),
    );

    expect(error.statusCode).toBe(400);
    expect(error.code).toBe('Md5Mismatch');
  });

  it('reuses committed blocks in a new block list', async () => {
    const container = await rawContainer();
    const blob = container.getBlockBlobClient('reuse.bin');
    await blob.stageBlock(blockId(0), 'one-', 4);
    await blob.stageBlock(blockId(1), 'two', 3);
    await blob.commitBlockList([blockId(0), blockId(1)]);
    await blob.stageBlock(blockId(2), 'three-', 6);

    await blob.commitBlockList([blockId(2), blockId(1)]);

    expect((await blob.downloadToBuffer()).toString()).toBe('three-two');
  });
});

describe('Azure Blob copies from a URL', () => {
  it('Put Blob From URL copies bytes and the source content type', async () => {
    const container = await rawContainer();
    const server = await source();
    const blob = container.getBlockBlobClient('copied.csv');

    const result = await blob.syncUploadFromURL(`${server.url}/data.csv`, {
      sourceContentMD5: md5(SOURCE),
      metadata: { origin: 's3' },
    });
    const properties = await blob.getProperties();

    expect(result._response.status).toBe(201);
    expect((await blob.downloadToBuffer()).equals(SOURCE)).toBe(true);
    expect(properties.contentType).toBe('text/csv');
    expect(properties.metadata).toEqual({ origin: 's3' });
  });

  it('takes properties from the request with x-ms-copy-source-blob-properties: false', async () => {
    const container = await rawContainer();
    const server = await source();
    const blob = container.getBlockBlobClient('props.csv');

    await blob.syncUploadFromURL(`${server.url}/data.csv`, {
      copySourceBlobProperties: false,
      blobHTTPHeaders: { blobContentLanguage: 'en' },
    });
    const properties = await blob.getProperties();

    expect(properties.contentType).toBe('application/octet-stream');
    expect(properties.contentLanguage).toBe('en');
  });

  it('refuses a source whose MD5 differs from x-ms-source-content-md5: 400 Md5Mismatch', async () => {
    const container = await rawContainer();
    const server = await source();
    const blob = container.getBlockBlobClient('md5.csv');

    const error = await failureOf(
      blob.syncUploadFromURL(`${server.url}/data.csv`, { sourceContentMD5: md5(Buffer.from('x')) }),
    );

    expect(error.statusCode).toBe(400);
    expect(error.code).toBe('Md5Mismatch');
    expect(await blob.exists()).toBe(false);
  });

  it('answers a failing source with CannotVerifyCopySource and its status; nothing is written', async () => {
    const container = await rawContainer();
    const server = await startSource((_request, response) => {
      response.writeHead(404, { 'content-type': 'application/xml' });
      response.end(
        '<Error><Code>NoSuchKey</Code><Message>The specified key does not exist.</Message></Error>',
      );
    });
    sources.push(server);
    const blob = container.getBlockBlobClient('missing-source.csv');

    const error = await failureOf(blob.syncUploadFromURL(`${server.url}/gone.csv`));

    expect(error.statusCode).toBe(404);
    expect(error.code).toBe('CannotVerifyCopySource');
    expect(error.response?.headers.get('x-ms-copy-source-status-code')).toBe('404');
    expect(error.response?.headers.get('x-ms-copy-source-error-code')).toBe('NoSuchKey');
    expect(await blob.exists()).toBe(false);
  });

  it('refuses a source whose ETag fails x-ms-source-if-match: 412 SourceConditionNotMet', async () => {
    const container = await rawContainer();
    const server = await source();

    const error = await failureOf(
      container
        .getBlockBlobClient('cond.csv')
        .syncUploadFromURL(`${server.url}/data.csv`, { sourceConditions: { ifMatch: '"other"' } }),
    );

    expect(error.statusCode).toBe(412);
    expect(error.code).toBe('SourceConditionNotMet');
  });

  it('assembles a blob from three source ranges with Put Block From URL', async () => {
    const container = await rawContainer();
    const server = await source();
    const blob = container.getBlockBlobClient('assembled.csv');
    const url = `${server.url}/data.csv`;

    await Promise.all([
      blob.stageBlockFromURL(blockId(0), url, 0, 6, {
        sourceContentMD5: md5(SOURCE.subarray(0, 6)),
      }),
      blob.stageBlockFromURL(blockId(1), url, 6, 5),
      blob.stageBlockFromURL(blockId(2), url, 11),
    ]);
    await blob.commitBlockList([blockId(0), blockId(1), blockId(2)]);

    expect((await blob.downloadToBuffer()).equals(SOURCE)).toBe(true);
    expect(server.requests.map((request) => request.range).sort()).toEqual([
      'bytes=0-5',
      'bytes=11-',
      'bytes=6-10',
    ]);
  });

  it('assembles a blob from an S3 presigned URL of the emulator, as the transfer does', async () => {
    const s3 = new S3Client(cloud().clientConfig);
    const payload = Buffer.from('id,value\n1,one\n2,two\n3,three\n');
    await s3.send(new CreateBucketCommand({ Bucket: 'landing' }));
    await s3.send(
      new PutObjectCommand({ Bucket: 'landing', Key: 'in/data file.csv', Body: payload }),
    );
    const url = await getSignedUrl(
      s3,
      new GetObjectCommand({ Bucket: 'landing', Key: 'in/data file.csv' }),
      {
        expiresIn: 300,
      },
    );
    const container = await rawContainer();
    const blocks = container.getBlockBlobClient('_tmp/data file.csv');
    const whole = container.getBlockBlobClient('whole/data file.csv');

    await blocks.stageBlockFromURL(blockId(0), url, 0, 10);
    await blocks.stageBlockFromURL(blockId(1), url, 10, 10);
    await blocks.stageBlockFromURL(blockId(2), url, 20);
    await blocks.commitBlockList([blockId(0), blockId(1), blockId(2)]);
    await whole.syncUploadFromURL(url, { sourceContentMD5: md5(payload) });

    expect((await blocks.downloadToBuffer()).equals(payload)).toBe(true);
    expect((await whole.downloadToBuffer()).equals(payload)).toBe(true);
  });
});

describe('Azure Blob injected faults', () => {
  it('lets the SDK retry a PutBlobFromURL that failed once with 503 ServerBusy', async () => {
    const container = await rawContainer(3);
    const server = await source();
    cloud().faults.inject({
      service: 'azure',
      operation: 'PutBlobFromURL',
      times: 1,
      error: { code: 'ServerBusy', status: 503 },
    });

    await container.getBlockBlobClient('retried.csv').syncUploadFromURL(`${server.url}/data.csv`);

    expect(cloud().faults.triggered).toEqual([{ service: 'azure', operation: 'PutBlobFromURL' }]);
    expect(server.requests).toHaveLength(1);
  });

  it('surfaces 503 ServerBusy when the SDK may try only once', async () => {
    const container = await rawContainer(1);
    const server = await source();
    cloud().faults.inject({
      service: 'azure',
      operation: 'PutBlobFromURL',
      error: { code: 'ServerBusy', status: 503 },
    });

    const error = await failureOf(
      container.getBlockBlobClient('busy.csv').syncUploadFromURL(`${server.url}/data.csv`),
    );

    expect(error.statusCode).toBe(503);
    expect(error.code).toBe('ServerBusy');
  });

  it('surfaces a dropped connection as a network error', async () => {
    const container = await rawContainer(1);
    cloud().faults.inject({ service: 'azure', operation: 'PutBlock', dropConnection: true });

    const failure = await container
      .getBlockBlobClient('dropped.bin')
      .stageBlock(blockId(0), 'a', 1)
      .then(
        () => undefined,
        (error: unknown) => error as { code?: string; statusCode?: number },
      );

    expect(failure?.statusCode).toBeUndefined();
    expect(failure?.code).toBe('ECONNRESET');
  });

  it('delays a GetBlob by delayMs', async () => {
    const container = await rawContainer(1);
    const blob = container.getBlockBlobClient('slow.txt');
    await blob.upload('slow', 4);
    cloud().faults.inject({ service: 'azure', operation: 'GetBlob', delayMs: 300 });

    const started = Date.now();
    const content = await blob.downloadToBuffer();

    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
    expect(content.toString()).toBe('slow');
  });
});
