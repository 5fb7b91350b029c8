import { createHash } from 'node:crypto';
import type { ContainerClient } from '@azure/storage-blob';
import { useLocalCloud } from '../../fixtures/localcloud';
import { blobService, failureOf } from './azure-blob-fixtures';

const cloud = useLocalCloud();

async function rawContainer(): Promise<ContainerClient> {
  const container = blobService(cloud()).getContainerClient('raw');
  await container.create();
  return container;
}

function base64(bytes: Uint8Array | undefined): string {
  return Buffer.from(bytes ?? []).toString('base64');
}

function md5(text: string): Buffer {
  return createHash('md5').update(text).digest();
}

describe('Azure Blob put, get and properties', () => {
  it.each([
    'plain.txt',
    'with space.csv',
    'a+b=c.json',
    '100%/done.txt',
    'données/été 2024/ü.parquet',
  ])('uploads and downloads the blob named %s', async (name) => {
    const container = await rawContainer();
    const blob = container.getBlockBlobClient(name);

    const uploaded = await blob.upload('hello, lake', 11, {
      blobHTTPHeaders: { blobContentType: 'text/csv', blobCacheControl: 'no-cache' },
      metadata: { source: 's3', batch_id: '42' },
    });
    const downloaded = await blob.downloadToBuffer();
    const properties = await blob.getProperties();

    expect(downloaded.toString()).toBe('hello, lake');
    expect(base64(uploaded.contentMD5)).toBe(md5('hello, lake').toString('base64'));
    expect(uploaded.isServerEncrypted).toBe(true);
    expect(properties.etag).toBe(uploaded.etag);
    expect(properties.contentLength).toBe(11);
    expect(properties.contentType).toBe('text/csv');
    expect(properties.cacheControl).toBe('no-cache');
    expect(properties.blobType).toBe('BlockBlob');
    expect(properties.metadata).toEqual({ source: 's3', batch_id: '42' });
    expect(base64(properties.contentMD5)).toBe(md5('hello, lake').toString('base64'));
    expect(properties.createdOn).toBeInstanceOf(Date);
  });

  it('serves byte ranges with 206 and Content-Range', async () => {
    const container = await rawContainer();
    const blob = container.getBlockBlobClient('digits.txt');
    await blob.upload('0123456789', 10);

    const middle = await blob.download(2, 3);
    const tail = await blob.download(7);
    const withMd5 = await blob.download(0, 4, { rangeGetContentMD5: true });

    expect(middle._response.status).toBe(206);
    expect(middle.contentRange).toBe('bytes 2-4/10');
    expect(middle.contentLength).toBe(3);
    expect(await streamText(middle.readableStreamBody)).toBe('234');
    expect(tail.contentRange).toBe('bytes 7-9/10');
    expect(base64(withMd5.contentMD5)).toBe(md5('0123').toString('base64'));
  });

  it('answers a range past the end with 416 InvalidRange', async () => {
    const container = await rawContainer();
    const blob = container.getBlockBlobClient('digits.txt');
    await blob.upload('0123456789', 10);

    const error = await failureOf(blob.download(10, 5));

    expect(error.statusCode).toBe(416);
    expect(error.code).toBe('InvalidRange');
  });

  it('refuses a body whose Content-MD5 does not match: 400 Md5Mismatch, nothing written', async () => {
    const container = await rawContainer();
    const blob = container.getBlockBlobClient('bad.txt');

    const error = await failureOf(
      blob.upload('actual', 6, { transactionalContentMD5: md5('expected') }),
    );

    expect(error.statusCode).toBe(400);
    expect(error.code).toBe('Md5Mismatch');
    expect(await blob.exists()).toBe(false);
  });

  it('refuses metadata names that are not C# identifiers: 400 InvalidMetadata', async () => {
    const container = await rawContainer();

    const error = await failureOf(
      container.getBlockBlobClient('m.txt').upload('x', 1, { metadata: { 'not-valid': '1' } }),
    );

    expect(error.statusCode).toBe(400);
    expect(error.code).toBe('InvalidMetadata');
  });

  it('answers If-None-Match: * on an existing blob with 409 BlobAlreadyExists', async () => {
    const container = await rawContainer();
    const blob = container.getBlockBlobClient('once.txt');
    await blob.upload('first', 5);

    const error = await failureOf(blob.upload('second', 6, { conditions: { ifNoneMatch: '*' } }));

    expect(error.statusCode).toBe(409);
    expect(error.code).toBe('BlobAlreadyExists');
    expect((await blob.downloadToBuffer()).toString()).toBe('first');
  });

  it('answers a stale If-Match with 412 ConditionNotMet, and a current one with success', async () => {
    const container = await rawContainer();
    const blob = container.getBlockBlobClient('cas.txt');
    const first = await blob.upload('v1', 2);
    await blob.upload('v2', 2);

    const error = await failureOf(blob.upload('v3', 2, { conditions: { ifMatch: first.etag } }));
    const current = await blob.getProperties();
    const replaced = await blob.upload('v3', 2, { conditions: { ifMatch: current.etag } });

    expect(error.statusCode).toBe(412);
    expect(error.code).toBe('ConditionNotMet');
    expect(replaced.etag).not.toBe(current.etag);
  });

  it('answers a read with a matching If-None-Match with 304', async () => {
    const container = await rawContainer();
    const blob = container.getBlockBlobClient('cached.txt');
    const uploaded = await blob.upload('cached', 6);

    const error = await failureOf(
      blob.download(0, undefined, { conditions: { ifNoneMatch: uploaded.etag } }),
    );
    const stale = await failureOf(blob.getProperties({ conditions: { ifMatch: '"0x8D000"' } }));

    expect(error.statusCode).toBe(304);
    expect(stale.statusCode).toBe(412);
  });

  it('answers 404 BlobNotFound for a missing blob', async () => {
    const container = await rawContainer();

    const error = await failureOf(container.getBlockBlobClient('missing.txt').download());

    expect(error.statusCode).toBe(404);
    expect(error.code).toBe('BlobNotFound');
  });

  it('replaces metadata and HTTP properties', async () => {
    const container = await rawContainer();
    const blob = container.getBlockBlobClient('props.txt');
    await blob.upload('x', 1, {
      blobHTTPHeaders: { blobContentType: 'text/plain', blobContentLanguage: 'en' },
    });

    await blob.setMetadata({ stage: 'curated' });
    await blob.setHTTPHeaders({ blobContentType: 'application/json' });
    const properties = await blob.getProperties();

    expect(properties.metadata).toEqual({ stage: 'curated' });
    expect(properties.contentType).toBe('application/json');
    expect(properties.contentLanguage).toBeUndefined();
  });

  it('deletes a blob, then answers 404 BlobNotFound', async () => {
    const container = await rawContainer();
    const blob = container.getBlockBlobClient('gone.txt');
    await blob.upload('x', 1);

    const deleted = await blob.delete();
    const error = await failureOf(blob.delete());

    expect(deleted._response.status).toBe(202);
    expect(error.code).toBe('BlobNotFound');
  });
});

describe('Azure Blob on a hierarchical namespace', () => {
  it('implies parent directories, shown as blobs with hdi_isfolder=true', async () => {
    const container = await rawContainer();
    await container.getBlockBlobClient('year=2024/month=01/part-0.parquet').upload('p', 1);

    const directory = await container.getBlobClient('year=2024/month=01').getProperties();

    expect(directory.contentLength).toBe(0);
    expect(directory.metadata).toEqual({ hdi_isfolder: 'true' });
    expect(directory._response.headers.get('x-ms-resource-type')).toBe('directory');
  });

  it('refuses a blob under a file: 409 PathConflict', async () => {
    const container = await rawContainer();
    await container.getBlockBlobClient('report').upload('file', 4);

    const error = await failureOf(container.getBlockBlobClient('report/child.txt').upload('c', 1));

    expect(error.statusCode).toBe(409);
    expect(error.code).toBe('PathConflict');
  });

  it('refuses a blob written onto a directory: 409 PathConflict', async () => {
    const container = await rawContainer();
    await container.getBlockBlobClient('branch/child.txt').upload('c', 1);

    const error = await failureOf(container.getBlockBlobClient('branch').upload('replacement', 11));

    expect(error.statusCode).toBe(409);
    expect(error.code).toBe('PathConflict');
  });

  it('refuses to delete a non-empty directory: 409 DirectoryIsNotEmpty; an empty one goes', async () => {
    const container = await rawContainer();
    await container.getBlockBlobClient('dir/file.txt').upload('f', 1);

    const error = await failureOf(container.getBlobClient('dir').delete());
    await container.getBlobClient('dir/file.txt').delete();
    const deleted = await container.getBlobClient('dir').delete();

    expect(error.statusCode).toBe(409);
    expect(error.code).toBe('DirectoryIsNotEmpty');
    expect(deleted._response.status).toBe(202);
  });

  it('creates a directory from an empty blob marked hdi_isfolder=true', async () => {
    const container = await rawContainer();

    await container
      .getBlockBlobClient('landing')
      .upload('', 0, { metadata: { hdi_isfolder: 'true' } });
    await container.getBlockBlobClient('landing/a.txt').upload('a', 1);

    expect(cloud().azure.namespace.containers.get('raw')?.entries.get('landing')?.kind).toBe(
      'directory',
    );
  });
});

async function streamText(stream: NodeJS.ReadableStream | undefined): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream ?? []) chunks.push(Buffer.from(chunk as Buffer));
  return Buffer.concat(chunks).toString();
}
