import type { ContainerClient } from '@azure/storage-blob';
import { useLocalCloud } from '../../fixtures/localcloud';
import { blobService, failureOf } from './azure-blob-fixtures';

const cloud = useLocalCloud();

async function filledContainer(): Promise<ContainerClient> {
  const container = blobService(cloud()).getContainerClient('raw');
  await container.create();
  for (const name of ['b.txt', 'a/1.csv', 'a/2.csv', 'a/sub/3.csv', 'c d.txt']) {
    await container
      .getBlockBlobClient(name)
      .upload(name, name.length, { metadata: { copy: 'yes' } });
  }
  return container;
}

describe('Azure Blob listing', () => {
  it('lists every blob and, on this HNS account, every directory as a blob', async () => {
    const container = await filledContainer();

    const items = [];
    for await (const item of container.listBlobsFlat({ includeMetadata: true })) items.push(item);

    expect(items.map((item) => item.name)).toEqual([
      'a',
      'a/1.csv',
      'a/2.csv',
      'a/sub',
      'a/sub/3.csv',
      'b.txt',
      'c d.txt',
    ]);
    expect(items[0]?.metadata).toEqual({ hdi_isfolder: 'true' });
    expect(items[0]?.properties.contentLength).toBe(0);
    expect(items[1]?.metadata).toEqual({ copy: 'yes' });
    expect(items[1]?.properties.contentLength).toBe(7);
    expect(items[1]?.properties.blobType).toBe('BlockBlob');
  });

  it('groups names under a delimiter into prefixes', async () => {
    const container = await filledContainer();

    const names = [];
    for await (const item of container.listBlobsByHierarchy('/', { prefix: 'a/' })) {
      names.push(`${item.kind}:${item.name}`);
    }

    // The SDK yields a page's prefixes before its blobs.
    expect(names).toEqual(['prefix:a/sub/', 'blob:a/1.csv', 'blob:a/2.csv', 'blob:a/sub']);
  });

  it('pages with maxresults and NextMarker without losing or repeating a name', async () => {
    const container = await filledContainer();

    const pages: string[][] = [];
    for await (const page of container.listBlobsFlat({ prefix: 'a/' }).byPage({ maxPageSize: 2 })) {
      pages.push(page.segment.blobItems.map((item) => item.name));
    }

    expect(pages).toEqual([
      ['a/1.csv', 'a/2.csv'],
      ['a/sub', 'a/sub/3.csv'],
    ]);
  });

  it('answers 404 ContainerNotFound for a missing container', async () => {
    const container = blobService(cloud()).getContainerClient('missing');

    const error = await failureOf(container.listBlobsFlat().next());

    expect(error.statusCode).toBe(404);
    expect(error.code).toBe('ContainerNotFound');
  });
});
