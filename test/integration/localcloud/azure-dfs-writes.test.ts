import { createHash } from 'node:crypto';
import { useLocalCloud } from '../../fixtures/localcloud';
import { committed, createFileSystem, failure } from './azure-dfs-fixtures';

const cloud = useLocalCloud();

const md5 = (data: Buffer | string): Buffer => createHash('md5').update(data).digest();

describe('DFS Append Data and Flush Data', () => {
  it('keeps appended data invisible until the flush commits it', async () => {
    const fileSystem = await createFileSystem(cloud());
    const file = fileSystem.getFileClient('landing/data.csv');
    await file.create();

    await file.append('id,name\n', 0, 8);
    await file.append('1,ada\n', 8, 6);
    const beforeFlush = committed(cloud(), 'landing/data.csv').toString();
    const statusBefore = await file.getAccessControl();
    const flushed = await file.flush(14, {
      close: true,
      pathHttpHeaders: { contentType: 'text/csv', contentMD5: md5('id,name\n1,ada\n') },
    });

    expect(beforeFlush).toBe('');
    expect(statusBefore.etag).not.toBe(flushed.etag);
    expect(committed(cloud(), 'landing/data.csv').toString()).toBe('id,name\n1,ada\n');
    const entry = cloud().azure.namespace.entry(
      cloud().azure.namespace.container('lake-raw', 'dfs'),
      'landing/data.csv',
    );
    expect(entry?.properties).toMatchObject({
      contentType: 'text/csv',
      contentMd5: md5('id,name\n1,ada\n').toString('base64'),
    });
  });

  it('accepts chunks appended out of order, as parallel uploads send them', async () => {
    const fileSystem = await createFileSystem(cloud());
    const file = fileSystem.getFileClient('parallel.bin');
    await file.create();

    await file.append('cccc', 8, 4);
    await file.append('aaaa', 0, 4);
    await file.append('bbbb', 4, 4);
    await file.flush(12);

    expect(committed(cloud(), 'parallel.bin').toString()).toBe('aaaabbbbcccc');
  });

  it('uploads a buffer in concurrent chunks through the SDK upload helper', async () => {
    const fileSystem = await createFileSystem(cloud());
    const file = fileSystem.getFileClient('big.bin');
    const data = Buffer.alloc(50_000, 0);
    for (let index = 0; index < data.length; index += 1) data[index] = index % 251;

    await file.upload(data, { chunkSize: 4_096, maxConcurrency: 5, singleUploadThreshold: 4_096 });

    expect(committed(cloud(), 'big.bin').equals(data)).toBe(true);
  });

  it('refuses to append over committed data (400 InvalidFlushPosition)', async () => {
    const fileSystem = await createFileSystem(cloud());
    const file = fileSystem.getFileClient('a.txt');
    await file.create();
    await file.append('hello', 0, 5);
    await file.flush(5);

    await expect(failure(file.append('X', 2, 1))).resolves.toEqual({
      statusCode: 400,
      code: 'InvalidFlushPosition',
    });
    expect(committed(cloud(), 'a.txt').toString()).toBe('hello');
  });

  it('refuses a flush at a position other than the end of contiguous data (400 InvalidFlushPosition)', async () => {
    const fileSystem = await createFileSystem(cloud());
    const file = fileSystem.getFileClient('a.txt');
    await file.create();
    await file.append('hello', 0, 5);
    await file.append('world', 10, 5);

    const beyond = failure(file.flush(15));
    const past = failure(file.flush(6));
    await file.flush(5);

    await expect(beyond).resolves.toEqual({ statusCode: 400, code: 'InvalidFlushPosition' });
    await expect(past).resolves.toEqual({ statusCode: 400, code: 'InvalidFlushPosition' });
    expect(committed(cloud(), 'a.txt').toString()).toBe('hello');
  });

  it('drops uncommitted data past the flush position unless retainUncommittedData', async () => {
    const fileSystem = await createFileSystem(cloud());
    const file = fileSystem.getFileClient('a.txt');
    await file.create();
    await file.append('abc', 0, 3);
    await file.append('def', 3, 3);

    await file.flush(3, { retainUncommittedData: true });
    await file.flush(6);
    await file.append('ghi', 6, 3);
    await file.flush(6);

    expect(committed(cloud(), 'a.txt').toString()).toBe('abcdef');
    await expect(failure(file.flush(9))).resolves.toEqual({
      statusCode: 400,
      code: 'InvalidFlushPosition',
    });
  });

  it('rejects an append whose Content-MD5 does not match the body (400 Md5Mismatch)', async () => {
    const fileSystem = await createFileSystem(cloud());
    const file = fileSystem.getFileClient('a.txt');
    await file.create();

    const mismatch = failure(
      file.append('hello', 0, 5, {
        transactionalContentMD5: md5('other'),
        pathHttpHeaders: {},
      } as Parameters<typeof file.append>[3]),
    );
    await file.append('hello', 0, 5, {
      transactionalContentMD5: md5('hello'),
      pathHttpHeaders: {},
    } as Parameters<typeof file.append>[3]);
    await file.flush(5);

    await expect(mismatch).resolves.toEqual({ statusCode: 400, code: 'Md5Mismatch' });
    expect(committed(cloud(), 'a.txt').toString()).toBe('hello');
  });

  it('appends and flushes in one call with flush=true', async () => {
    const fileSystem = await createFileSystem(cloud());
    const file = fileSystem.getFileClient('a.txt');
    await file.create();

    await file.append('one', 0, 3, { flush: true });

    expect(committed(cloud(), 'a.txt').toString()).toBe('one');
  });

  it('honours If-Match on flush (412 ConditionNotMet)', async () => {
    const fileSystem = await createFileSystem(cloud());
    const file = fileSystem.getFileClient('a.txt');
    const { etag } = await file.create();
    await file.append('abc', 0, 3);

    const stale = failure(file.flush(3, { conditions: { ifMatch: '"0x8D1"' } }));
    const current = await file.flush(3, { conditions: { ifMatch: etag } });

    await expect(stale).resolves.toEqual({ statusCode: 412, code: 'ConditionNotMet' });
    expect(current.etag).not.toBe(etag);
  });

  it('answers 404 PathNotFound for a missing file and 409 ResourceTypeMismatch for a directory', async () => {
    const fileSystem = await createFileSystem(cloud());
    await fileSystem.getDirectoryClient('dir').create();

    await expect(failure(fileSystem.getFileClient('missing').append('x', 0, 1))).resolves.toEqual({
      statusCode: 404,
      code: 'PathNotFound',
    });
    await expect(failure(fileSystem.getFileClient('dir').append('x', 0, 1))).resolves.toEqual({
      statusCode: 409,
      code: 'ResourceTypeMismatch',
    });
    await expect(failure(fileSystem.getFileClient('dir').flush(0))).resolves.toEqual({
      statusCode: 409,
      code: 'ResourceTypeMismatch',
    });
  });
});

describe('DFS reads through the Blob API', () => {
  it('reads flushed content and properties with the Data Lake client', async () => {
    const fileSystem = await createFileSystem(cloud());
    const file = fileSystem.getFileClient('read.txt');
    await file.create();
    await file.append('committed', 0, 9);
    await file.flush(9, { pathHttpHeaders: { contentMD5: md5('committed') } });
    await file.append('pending', 9, 7);

    const content = await file.readToBuffer();
    const properties = await file.getProperties();

    expect(content.toString()).toBe('committed');
    expect(properties.contentLength).toBe(9);
    expect(Buffer.from(properties.contentMD5 ?? new Uint8Array()).equals(md5('committed'))).toBe(
      true,
    );
  });
});
