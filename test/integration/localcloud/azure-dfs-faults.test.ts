import { useLocalCloud } from '../../fixtures/localcloud';
import { committed, createFileSystem, failure, moveTo, pathExists } from './azure-dfs-fixtures';

const cloud = useLocalCloud();

const busy = { code: 'ServerBusy', status: 503 };

describe('DFS operations under injected faults', () => {
  it.each(['CreatePath', 'AppendData', 'FlushData'] as const)(
    'the SDK retries a transient %s failure and the upload completes',
    async (operation) => {
      const fileSystem = await createFileSystem(cloud());
      cloud().faults.inject({ service: 'azure', operation, times: 1, error: busy });

      await fileSystem.getFileClient('retried.txt').upload(Buffer.from('survives'));

      expect(committed(cloud(), 'retried.txt').toString()).toBe('survives');
      expect(cloud().faults.triggered).toEqual([{ service: 'azure', operation }]);
    },
  );

  it('the SDK retries a rename whose first attempt failed, and the move happens once', async () => {
    const fileSystem = await createFileSystem(cloud());
    await fileSystem.getFileClient('_tmp/x').upload(Buffer.from('x'));
    cloud().faults.inject({ service: 'azure', operation: 'RenamePath', times: 1, error: busy });

    await moveTo(cloud(), fileSystem.getFileClient('_tmp/x'), 'x', {
      destinationConditions: { ifNoneMatch: '*' },
    });

    expect(pathExists(cloud(), '_tmp/x')).toBe(false);
    expect(committed(cloud(), 'x').toString()).toBe('x');
  });

  it('the SDK retries an append after a dropped connection', async () => {
    const fileSystem = await createFileSystem(cloud());
    const file = fileSystem.getFileClient('dropped.txt');
    await file.create();
    cloud().faults.inject({ service: 'azure', operation: 'AppendData', dropConnection: true });

    await file.append('abc', 0, 3);
    await file.flush(3);

    expect(committed(cloud(), 'dropped.txt').toString()).toBe('abc');
  });

  it('a delayed flush still commits once it answers', async () => {
    const fileSystem = await createFileSystem(cloud());
    const file = fileSystem.getFileClient('slow.txt');
    await file.create();
    await file.append('slow', 0, 4);
    cloud().faults.inject({ service: 'azure', operation: 'FlushData', delayMs: 200 });

    const started = Date.now();
    await file.flush(4);

    expect(Date.now() - started).toBeGreaterThanOrEqual(190);
    expect(committed(cloud(), 'slow.txt').toString()).toBe('slow');
  });

  it('surfaces a persistent failure after the SDK gives up', async () => {
    const fileSystem = await createFileSystem(cloud());
    cloud().faults.inject({ service: 'azure', operation: 'CreatePath', times: 5, error: busy });

    const result = await failure(fileSystem.getFileClient('never.txt').create());

    expect(result).toMatchObject({ statusCode: 503, code: 'ServerBusy' });
    expect(cloud().faults.triggered).toHaveLength(3);
    expect(pathExists(cloud(), 'never.txt')).toBe(false);
  });
});
