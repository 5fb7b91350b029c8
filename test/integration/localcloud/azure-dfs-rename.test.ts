import { useLocalCloud } from '../../fixtures/localcloud';
import { committed, createFileSystem, failure, moveTo, pathExists } from './azure-dfs-fixtures';
import type { DataLakeFileSystemClient } from '@azure/storage-file-datalake';

const cloud = useLocalCloud();

async function writeFile(fileSystem: DataLakeFileSystemClient, path: string, text: string) {
  const file = fileSystem.getFileClient(path);
  await file.create();
  if (text.length > 0) {
    await file.append(text, 0, Buffer.byteLength(text));
    return file.flush(Buffer.byteLength(text), { close: true });
  }
  return file.getAccessControl();
}

describe('DFS Rename Path', () => {
  it('moves a temporary file to its final path atomically', async () => {
    const fileSystem = await createFileSystem(cloud());
    await writeFile(fileSystem, '_tmp/part-0001', 'payload');
    await fileSystem.getDirectoryClient('final').create();

    const renamed = await moveTo(
      cloud(),
      fileSystem.getFileClient('_tmp/part-0001'),
      'final/part-0001',
      { destinationConditions: { ifNoneMatch: '*' } },
    );

    expect(renamed.etag).toMatch(/^"0x8D/);
    expect(pathExists(cloud(), '_tmp/part-0001')).toBe(false);
    expect(committed(cloud(), 'final/part-0001').toString()).toBe('payload');
  });

  it('moves a directory with all its children', async () => {
    const fileSystem = await createFileSystem(cloud());
    await writeFile(fileSystem, 'staging/a/1.csv', 'one');
    await writeFile(fileSystem, 'staging/b.csv', 'two');

    await moveTo(cloud(), fileSystem.getDirectoryClient('staging'), 'published');

    const paths = [];
    for await (const path of fileSystem.listPaths({ recursive: true })) paths.push(path.name);
    expect(paths).toEqual(['published', 'published/a', 'published/a/1.csv', 'published/b.csv']);
    expect(committed(cloud(), 'published/a/1.csv').toString()).toBe('one');
  });

  it('moves a file to another file system', async () => {
    const raw = await createFileSystem(cloud());
    await createFileSystem(cloud(), 'lake-curated');
    await writeFile(raw, 'x.csv', 'cross');

    await moveTo(cloud(), raw.getFileClient('x.csv'), 'x.csv', {}, 'lake-curated');

    expect(pathExists(cloud(), 'x.csv')).toBe(false);
    expect(committed(cloud(), 'x.csv', 'lake-curated').toString()).toBe('cross');
  });

  it('overwrites an existing destination file when no condition forbids it', async () => {
    const fileSystem = await createFileSystem(cloud());
    await writeFile(fileSystem, 'new', 'fresh');
    await writeFile(fileSystem, 'old', 'stale');

    await moveTo(cloud(), fileSystem.getFileClient('new'), 'old');

    expect(committed(cloud(), 'old').toString()).toBe('fresh');
    expect(pathExists(cloud(), 'new')).toBe(false);
  });

  it('refuses an existing destination under If-None-Match: * (409 PathAlreadyExists)', async () => {
    const fileSystem = await createFileSystem(cloud());
    await writeFile(fileSystem, 'src', 'a');
    await writeFile(fileSystem, 'dst', 'b');

    const result = failure(
      moveTo(cloud(), fileSystem.getFileClient('src'), 'dst', {
        destinationConditions: { ifNoneMatch: '*' },
      }),
    );

    await expect(result).resolves.toEqual({ statusCode: 409, code: 'PathAlreadyExists' });
    expect(committed(cloud(), 'dst').toString()).toBe('b');
    expect(pathExists(cloud(), 'src')).toBe(true);
  });

  it('checks destination If-Match and If-Unmodified-Since (412 ConditionNotMet)', async () => {
    const fileSystem = await createFileSystem(cloud());
    await writeFile(fileSystem, 'src', 'a');
    const written = await writeFile(fileSystem, 'dst', 'b');
    const before = new Date(Date.now() - 60_000);

    const wrongEtag = failure(
      moveTo(cloud(), fileSystem.getFileClient('src'), 'dst', {
        destinationConditions: { ifMatch: '"0x8D1"' },
      }),
    );
    const missingDestination = failure(
      moveTo(cloud(), fileSystem.getFileClient('src'), 'absent', {
        destinationConditions: { ifMatch: written.etag },
      }),
    );
    const modified = failure(
      moveTo(cloud(), fileSystem.getFileClient('src'), 'dst', {
        destinationConditions: { ifUnmodifiedSince: before },
      }),
    );

    await expect(wrongEtag).resolves.toEqual({ statusCode: 412, code: 'ConditionNotMet' });
    await expect(missingDestination).resolves.toEqual({ statusCode: 412, code: 'ConditionNotMet' });
    await expect(modified).resolves.toEqual({ statusCode: 412, code: 'ConditionNotMet' });
    await moveTo(cloud(), fileSystem.getFileClient('src'), 'dst', {
      destinationConditions: { ifMatch: written.etag },
    });
    expect(committed(cloud(), 'dst').toString()).toBe('a');
  });

  it('checks source conditions (412 SourceConditionNotMet)', async () => {
    const fileSystem = await createFileSystem(cloud());
    const written = await writeFile(fileSystem, 'src', 'a');
    const source = fileSystem.getFileClient('src');

    const wrongEtag = failure(
      moveTo(cloud(), source, 'dst', { conditions: { ifMatch: '"0x8D1"' } }),
    );
    const noneMatch = failure(
      moveTo(cloud(), source, 'dst', { conditions: { ifNoneMatch: written.etag } }),
    );
    const notModified = failure(
      moveTo(cloud(), source, 'dst', {
        conditions: { ifModifiedSince: new Date(Date.now() + 60_000) },
      }),
    );
    await moveTo(cloud(), source, 'dst', { conditions: { ifMatch: written.etag } });

    await expect(wrongEtag).resolves.toEqual({ statusCode: 412, code: 'SourceConditionNotMet' });
    await expect(noneMatch).resolves.toEqual({ statusCode: 412, code: 'SourceConditionNotMet' });
    await expect(notModified).resolves.toEqual({ statusCode: 412, code: 'SourceConditionNotMet' });
    expect(committed(cloud(), 'dst').toString()).toBe('a');
  });

  it('answers 404 SourcePathNotFound and 404 RenameDestinationParentPathNotFound', async () => {
    const fileSystem = await createFileSystem(cloud());
    await writeFile(fileSystem, 'src', 'a');

    const missingSource = failure(moveTo(cloud(), fileSystem.getFileClient('nope'), 'dst'));
    const missingParent = failure(
      moveTo(cloud(), fileSystem.getFileClient('src'), 'no/such/dir/dst'),
    );

    await expect(missingSource).resolves.toEqual({ statusCode: 404, code: 'SourcePathNotFound' });
    await expect(missingParent).resolves.toEqual({
      statusCode: 404,
      code: 'RenameDestinationParentPathNotFound',
    });
    expect(pathExists(cloud(), 'src')).toBe(true);
    expect(pathExists(cloud(), 'no')).toBe(false);
  });

  it('refuses to move a directory into itself (400 InvalidRenameSourcePath) or onto a file (409)', async () => {
    const fileSystem = await createFileSystem(cloud());
    await writeFile(fileSystem, 'dir/a', 'a');
    await writeFile(fileSystem, 'file', 'f');

    const intoItself = failure(moveTo(cloud(), fileSystem.getDirectoryClient('dir'), 'dir/sub'));
    const ontoFile = failure(moveTo(cloud(), fileSystem.getDirectoryClient('dir'), 'file'));

    await expect(intoItself).resolves.toEqual({ statusCode: 400, code: 'InvalidRenameSourcePath' });
    await expect(ontoFile).resolves.toEqual({
      statusCode: 409,
      code: 'InvalidSourceOrDestinationResourceType',
    });
  });

  it('lets exactly one of two racing renames of one source win (404 SourcePathNotFound)', async () => {
    const fileSystem = await createFileSystem(cloud());
    await writeFile(fileSystem, '_tmp/object', 'v1');
    const source = fileSystem.getFileClient('_tmp/object');

    const outcomes = await Promise.all([
      failure(moveTo(cloud(), source, 'first')).catch(() => 'moved'),
      failure(moveTo(cloud(), source, 'second')).catch(() => 'moved'),
    ]);

    expect(outcomes).toContain('moved');
    expect(outcomes).toContainEqual({ statusCode: 404, code: 'SourcePathNotFound' });
    expect(Number(pathExists(cloud(), 'first')) + Number(pathExists(cloud(), 'second'))).toBe(1);
  });

  it('fails a rename guarded by the source ETag once the source changed', async () => {
    const fileSystem = await createFileSystem(cloud());
    const first = await writeFile(fileSystem, '_tmp/object', 'v1');
    const writer = fileSystem.getFileClient('_tmp/object');
    await writer.append('+v2', 2, 3);
    await writer.flush(5);

    const result = failure(
      moveTo(cloud(), writer, 'final', { conditions: { ifMatch: first.etag } }),
    );

    await expect(result).resolves.toEqual({ statusCode: 412, code: 'SourceConditionNotMet' });
    expect(pathExists(cloud(), 'final')).toBe(false);
    expect(committed(cloud(), '_tmp/object').toString()).toBe('v1+v2');
  });
});
