import { useLocalCloud } from '../../fixtures/localcloud';
import { blobService, failureOf } from './azure-blob-fixtures';

const cloud = useLocalCloud();

describe('Azure Blob containers', () => {
  it('creates a container with metadata and reads its properties back', async () => {
    const container = blobService(cloud()).getContainerClient('raw');

    const created = await container.create({ metadata: { owner: 'ingest' } });
    const properties = await container.getProperties();

    expect(created.etag).toMatch(/^"0x8D[0-9A-F]+"$/);
    expect(properties.etag).toBe(created.etag);
    expect(properties.metadata).toEqual({ owner: 'ingest' });
    expect(properties.leaseState).toBe('available');
    expect(properties.hasImmutabilityPolicy).toBe(false);
  });

  it('refuses a second container of the same name: 409 ContainerAlreadyExists', async () => {
    await blobService(cloud()).getContainerClient('raw').create();

    const error = await failureOf(blobService(cloud()).getContainerClient('raw').create());

    expect(error.statusCode).toBe(409);
    expect(error.code).toBe('ContainerAlreadyExists');
  });

  it.each([
    ['Upper', 'InvalidResourceName'],
    ['double--dash', 'InvalidResourceName'],
    ['-leading', 'InvalidResourceName'],
    ['under_score', 'InvalidResourceName'],
    ['ab', 'OutOfRangeInput'],
    ['a'.repeat(64), 'OutOfRangeInput'],
  ])('refuses the container name %s: 400 %s', async (name, code) => {
    const error = await failureOf(blobService(cloud()).getContainerClient(name).create());

    expect(error.statusCode).toBe(400);
    expect(error.code).toBe(code);
  });

  it('replaces container metadata and changes the ETag', async () => {
    const container = blobService(cloud()).getContainerClient('raw');
    const created = await container.create({ metadata: { a: '1' } });

    const updated = await container.setMetadata({ b: '2' });
    const properties = await container.getProperties();

    expect(updated.etag).not.toBe(created.etag);
    expect(properties.metadata).toEqual({ b: '2' });
  });

  it('deletes a container, then answers 404 ContainerNotFound', async () => {
    const container = blobService(cloud()).getContainerClient('raw');
    await container.create();

    const deleted = await container.delete();
    const error = await failureOf(container.delete());

    expect(deleted._response.status).toBe(202);
    expect(error.statusCode).toBe(404);
    expect(error.code).toBe('ContainerNotFound');
  });

  it('answers 404 ContainerNotFound for the properties of a missing container', async () => {
    const error = await failureOf(
      blobService(cloud()).getContainerClient('missing').getProperties(),
    );

    expect(error.statusCode).toBe(404);
    expect(error.code).toBe('ContainerNotFound');
  });

  it('refuses to delete a container modified after If-Unmodified-Since: 412 ConditionNotMet', async () => {
    const container = blobService(cloud()).getContainerClient('raw');
    await container.create();

    const error = await failureOf(
      container.delete({ conditions: { ifUnmodifiedSince: new Date(Date.now() - 60_000) } }),
    );

    expect(error.statusCode).toBe(412);
    expect(error.code).toBe('ConditionNotMet');
  });

  it('lists containers by prefix, page by page, with metadata', async () => {
    const service = blobService(cloud());
    for (const name of ['logs-a', 'raw-b', 'raw-a', 'raw-c']) {
      await service.getContainerClient(name).create({ metadata: { name: name.replace('-', '_') } });
    }

    const pages = [];
    for await (const page of service
      .listContainers({ prefix: 'raw-', includeMetadata: true })
      .byPage({ maxPageSize: 2 })) {
      pages.push(page);
    }

    expect(pages.map((page) => page.containerItems.map((item) => item.name))).toEqual([
      ['raw-a', 'raw-b'],
      ['raw-c'],
    ]);
    expect(pages[0]?.continuationToken).toBe('raw-c');
    expect(pages[1]?.containerItems[0]?.metadata).toEqual({ name: 'raw_c' });
  });
});
