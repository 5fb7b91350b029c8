import { startLocalCloud, type LocalCloud, type LocalCloudOptions } from '../src';

/**
 * One localcloud on a free port for the whole test file, reset before each test. The
 * repository's own fixture does the same and can also target LocalStack and Azurite; the tests
 * here reach into localcloud's internals, so they only ever run against localcloud.
 */
export function useLocalCloud(options: LocalCloudOptions = {}): () => LocalCloud {
  let cloud: LocalCloud | undefined;
  beforeAll(async () => {
    cloud = await startLocalCloud({ port: 0, ...options });
  });
  beforeEach(() => cloud?.reset());
  afterAll(async () => {
    await cloud?.stop();
  });
  return () => {
    if (!cloud)
      throw new Error('localcloud is not running: call useLocalCloud() at the top of the file');
    return cloud;
  };
}
