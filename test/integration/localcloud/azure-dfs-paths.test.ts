import { useLocalCloud } from '../../fixtures/localcloud';
import {
  FILE_SYSTEM,
  committed,
  createFileSystem,
  dataLake,
  dfsFileSystem,
  dfsService,
  failure,
  pathExists,
} from './azure-dfs-fixtures';

const cloud = useLocalCloud();

const base64 = (text: string): string => Buffer.from(text).toString('base64');

describe('DFS file systems', () => {
  it('creates a file system with properties and reads them back', async () => {
    const fileSystem = dataLake(cloud()).getFileSystemClient(FILE_SYSTEM);

    const created = await dfsFileSystem(fileSystem).create({
      properties: `owner=${base64('data team')},tier=${base64('raw')}`,
    });
    const properties = await dfsFileSystem(fileSystem).getProperties();

    expect(created.namespaceEnabled).toBe('true');
    expect(properties.etag).toBe(created.etag);
    expect(properties.properties).toBe(`owner=${base64('data team')},tier=${base64('raw')}`);
    expect(cloud().azure.namespace.container(FILE_SYSTEM, 'dfs').metadata).toEqual({
      owner: 'data team',
      tier: 'raw',
    });
  });

  it('refuses a second file system of the same name with 409 FilesystemAlreadyExists', async () => {
    const fileSystem = await createFileSystem(cloud());

    await expect(failure(dfsFileSystem(fileSystem).create())).resolves.toEqual({
      statusCode: 409,
      code: 'FilesystemAlreadyExists',
    });
  });

  it('rejects an invalid file system name with 400 InvalidResourceName', async () => {
    const fileSystem = dataLake(cloud()).getFileSystemClient('Bad--Name');

    await expect(failure(dfsFileSystem(fileSystem).create())).resolves.toEqual({
      statusCode: 400,
      code: 'InvalidResourceName',
    });
  });

  it('replaces properties, honours If-Unmodified-Since, and deletes', async () => {
    const fileSystem = await createFileSystem(cloud());
    const before = new Date(cloud().azure.namespace.container(FILE_SYSTEM, 'dfs').lastModified);

    const set = await dfsFileSystem(fileSystem).setProperties({ properties: `a=${base64('1')}` });
    cloud().advanceClock(5_000);
    await dfsFileSystem(fileSystem).setProperties({ properties: `b=${base64('2')}` });
    const stale = failure(
      dfsFileSystem(fileSystem).setProperties({
        properties: `c=${base64('3')}`,
        modifiedAccessConditions: { ifUnmodifiedSince: before },
      }),
    );

    expect(set.etag).toMatch(/^"0x8D[0-9A-F]+"$/);
    await expect(stale).resolves.toEqual({ statusCode: 412, code: 'ConditionNotMet' });
    expect(cloud().azure.namespace.container(FILE_SYSTEM, 'dfs').metadata).toEqual({ b: '2' });
    await dfsFileSystem(fileSystem).delete();
    await expect(failure(dfsFileSystem(fileSystem).getProperties())).resolves.toEqual({
      statusCode: 404,
      code: 'FilesystemNotFound',
    });
  });

  it('lists file systems by prefix, page by page', async () => {
    for (const name of ['raw-a', 'raw-b', 'raw-c', 'curated'])
      await createFileSystem(cloud(), name);
    const service = dfsService(dataLake(cloud()));

    const first = await service.listFileSystems({ prefix: 'raw-', maxResults: 2 });
    const second = await service.listFileSystems({
      prefix: 'raw-',
      maxResults: 2,
      continuation: first.continuation,
    });

    expect(first.filesystems?.map((fs) => fs.name)).toEqual(['raw-a', 'raw-b']);
    expect(first.continuation).toBeDefined();
    expect(second.filesystems?.map((fs) => fs.name)).toEqual(['raw-c']);
    expect(second.continuation).toBeUndefined();
  });
});

describe('DFS Create Path', () => {
  it('creates a file under implied parent directories, with properties and content headers', async () => {
    const fileSystem = await createFileSystem(cloud());
    const file = fileSystem.getFileClient('year=2026/month=01/data.csv');

    const response = await file.create({
      metadata: { source: 's3://bucket/key' },
      pathHttpHeaders: { contentType: 'text/csv', cacheControl: 'no-cache' },
    });

    expect(response.etag).toMatch(/^"0x8D[0-9A-F]+"$/);
    expect(response.isServerEncrypted).toBe(true);
    const namespace = cloud().azure.namespace;
    const container = namespace.container(FILE_SYSTEM, 'dfs');
    expect(namespace.entry(container, 'year=2026')?.kind).toBe('directory');
    expect(namespace.entry(container, 'year=2026/month=01')?.kind).toBe('directory');
    const entry = namespace.entry(container, 'year=2026/month=01/data.csv');
    expect(entry).toMatchObject({
      kind: 'file',
      metadata: { source: 's3://bucket/key' },
      properties: { contentType: 'text/csv', cacheControl: 'no-cache' },
    });
    expect(entry?.content.length).toBe(0);
  });

  it('answers 404 FilesystemNotFound when the file system is missing', async () => {
    const file = dataLake(cloud()).getFileSystemClient('missing-fs').getFileClient('a.txt');

    await expect(failure(file.create())).resolves.toEqual({
      statusCode: 404,
      code: 'FilesystemNotFound',
    });
  });

  it('refuses a file where a directory is, and a directory where a file is (409 PathConflict)', async () => {
    const fileSystem = await createFileSystem(cloud());
    await fileSystem.getDirectoryClient('dir').create();
    await fileSystem.getFileClient('file').create();

    const fileOverDirectory = failure(fileSystem.getFileClient('dir').create());
    const directoryOverFile = failure(fileSystem.getDirectoryClient('file').create());
    const underFile = failure(fileSystem.getFileClient('file/child').create());

    await expect(fileOverDirectory).resolves.toEqual({ statusCode: 409, code: 'PathConflict' });
    await expect(directoryOverFile).resolves.toEqual({ statusCode: 409, code: 'PathConflict' });
    await expect(underFile).resolves.toEqual({ statusCode: 409, code: 'PathConflict' });
  });

  it('honours If-None-Match: * (409 PathAlreadyExists) and If-Match (412 ConditionNotMet)', async () => {
    const fileSystem = await createFileSystem(cloud());
    const file = fileSystem.getFileClient('a.txt');
    const { etag } = await file.create();

    const ifAbsent = failure(file.create({ conditions: { ifNoneMatch: '*' } }));
    const ifStale = failure(file.create({ conditions: { ifMatch: '"0x8D000000000000"' } }));
    const createIfNotExists = await file.createIfNotExists();
    const ifCurrent = await file.create({ conditions: { ifMatch: etag } });

    await expect(ifAbsent).resolves.toEqual({ statusCode: 409, code: 'PathAlreadyExists' });
    await expect(ifStale).resolves.toEqual({ statusCode: 412, code: 'ConditionNotMet' });
    expect(createIfNotExists.succeeded).toBe(false);
    expect(ifCurrent.etag).not.toBe(etag);
  });

  it('truncates an existing file when it is created again', async () => {
    const fileSystem = await createFileSystem(cloud());
    const file = fileSystem.getFileClient('a.txt');
    await file.create();
    await file.append('hello', 0, 5);
    await file.flush(5);

    await file.create();

    expect(committed(cloud(), 'a.txt').length).toBe(0);
  });

  it('applies x-ms-permissions with x-ms-umask and reports them through getAccessControl', async () => {
    const fileSystem = await createFileSystem(cloud());
    const file = fileSystem.getFileClient('secret.txt');
    await file.create({ permissions: '0666', umask: '0077' });

    const acl = await file.getAccessControl();

    expect(acl.owner).toBe('$superuser');
    expect(acl.permissions).toMatchObject({
      owner: { read: true, write: true, execute: false },
      group: { read: false, write: false, execute: false },
      other: { read: false, write: false, execute: false },
    });
    expect(acl.acl.map((entry) => `${entry.accessControlType}:${entry.permissions.read}`)).toEqual([
      'user:true',
      'group:false',
      'other:false',
    ]);
  });
});

describe('DFS access control and system properties', () => {
  it('stores an ACL with named entries and reads it back', async () => {
    const fileSystem = await createFileSystem(cloud());
    const directory = fileSystem.getDirectoryClient('curated');
    await directory.create();

    await directory.setAccessControl([
      {
        accessControlType: 'user',
        entityId: '',
        defaultScope: false,
        permissions: { read: true, write: true, execute: true },
      },
      {
        accessControlType: 'group',
        entityId: '',
        defaultScope: false,
        permissions: { read: true, write: false, execute: true },
      },
      {
        accessControlType: 'other',
        entityId: '',
        defaultScope: false,
        permissions: { read: false, write: false, execute: false },
      },
      {
        accessControlType: 'user',
        entityId: '0000-etl',
        defaultScope: false,
        permissions: { read: true, write: false, execute: true },
      },
    ]);
    const acl = await directory.getAccessControl();
    await directory.setPermissions({
      owner: { read: true, write: true, execute: true },
      group: { read: true, write: false, execute: false },
      other: { read: false, write: false, execute: false },
      stickyBit: false,
      extendedAcls: false,
    });
    const status = await directory.getAccessControl();

    expect(acl.acl.find((entry) => entry.entityId === '0000-etl')?.permissions).toEqual({
      read: true,
      write: false,
      execute: true,
    });
    expect(acl.permissions?.extendedAcls).toBe(true);
    expect(status.permissions?.group).toEqual({ read: true, write: false, execute: false });
  });

  it('answers 404 PathNotFound for access control of a missing path', async () => {
    const fileSystem = await createFileSystem(cloud());

    await expect(failure(fileSystem.getFileClient('missing').getAccessControl())).resolves.toEqual({
      statusCode: 404,
      code: 'PathNotFound',
    });
  });
});

describe('DFS Delete Path', () => {
  it('refuses a non-empty directory without recursive (409 DirectoryNotEmpty), then deletes it all', async () => {
    const fileSystem = await createFileSystem(cloud());
    await fileSystem.getFileClient('dir/sub/a.txt').create();
    const directory = fileSystem.getDirectoryClient('dir');

    const refused = failure(directory.delete(false));
    await directory.delete(true);

    await expect(refused).resolves.toEqual({ statusCode: 409, code: 'DirectoryNotEmpty' });
    expect(pathExists(cloud(), 'dir')).toBe(false);
    expect(pathExists(cloud(), 'dir/sub')).toBe(false);
    expect(pathExists(cloud(), 'dir/sub/a.txt')).toBe(false);
  });

  it('deletes an empty directory without recursive, and honours If-Match', async () => {
    const fileSystem = await createFileSystem(cloud());
    const directory = fileSystem.getDirectoryClient('empty');
    const { etag } = await directory.create();

    const stale = failure(directory.delete(false, { conditions: { ifMatch: '"0x8D1"' } }));
    await directory.delete(false, { conditions: { ifMatch: etag } });

    await expect(stale).resolves.toEqual({ statusCode: 412, code: 'ConditionNotMet' });
    expect(pathExists(cloud(), 'empty')).toBe(false);
  });

  it('answers 404 PathNotFound for a missing path', async () => {
    const fileSystem = await createFileSystem(cloud());

    await expect(failure(fileSystem.getDirectoryClient('missing').delete(true))).resolves.toEqual({
      statusCode: 404,
      code: 'PathNotFound',
    });
  });
});

describe('DFS List Paths', () => {
  async function tree() {
    const fileSystem = await createFileSystem(cloud());
    for (const path of ['b/1.csv', 'b/2.csv', 'b/c/3.csv', 'a.txt']) {
      await fileSystem.getFileClient(path).create();
    }
    const file = fileSystem.getFileClient('a.txt');
    await file.append('12345', 0, 5);
    await file.flush(5);
    return fileSystem;
  }

  it('lists the top level, or everything with recursive', async () => {
    const fileSystem = await tree();

    const top = [];
    for await (const path of fileSystem.listPaths()) top.push(path);
    const all = [];
    for await (const path of fileSystem.listPaths({ recursive: true })) all.push(path.name);

    expect(top.map((path) => [path.name, path.isDirectory, path.contentLength])).toEqual([
      ['a.txt', false, 5],
      ['b', true, 0],
    ]);
    expect(top[0]?.owner).toBe('$superuser');
    expect(top[0]?.permissions?.owner).toEqual({ read: true, write: true, execute: false });
    expect(all).toEqual(['a.txt', 'b', 'b/1.csv', 'b/2.csv', 'b/c', 'b/c/3.csv']);
  });

  it('lists under a directory in pages joined by the continuation token', async () => {
    const fileSystem = await tree();

    const pages: string[][] = [];
    for await (const page of fileSystem
      .listPaths({ path: 'b', recursive: true })
      .byPage({ maxPageSize: 2 })) {
      pages.push(page.pathItems?.map((path) => path.name ?? '') ?? []);
    }

    expect(pages).toEqual([
      ['b/1.csv', 'b/2.csv'],
      ['b/c', 'b/c/3.csv'],
    ]);
  });

  it('answers 404 PathNotFound for a missing directory and FilesystemNotFound for a missing file system', async () => {
    const fileSystem = await tree();
    const missing = dataLake(cloud()).getFileSystemClient('missing-fs');

    await expect(failure(fileSystem.listPaths({ path: 'nope' }).next())).resolves.toEqual({
      statusCode: 404,
      code: 'PathNotFound',
    });
    await expect(failure(missing.listPaths().next())).resolves.toEqual({
      statusCode: 404,
      code: 'FilesystemNotFound',
    });
  });
});
