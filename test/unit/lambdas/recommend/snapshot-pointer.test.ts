import { snapshotPointerCache } from '../../../../lambdas/recommend/snapshot-pointer';
import { fakeReads, pointer, type ModelItem } from '../../../fixtures/recommendation-items';
import { recordingLogger } from '../../../fixtures/recording-observability';

function cacheOver(model: ModelItem[]) {
  const fake = fakeReads({ activity: [], model });
  let now = 1_000_000;
  const { logger, logs } = recordingLogger();
  const cache = snapshotPointerCache({
    dynamodb: fake.reads,
    tableName: 'model',
    maxAgeMs: 60_000,
    now: () => now,
    logger,
  });
  return { cache, fake, logs, advance: (ms: number) => (now += ms) };
}

describe('snapshotPointerCache', () => {
  it('reads the pointer once a minute, and sees a flipped pointer after that', async () => {
    const model: ModelItem[] = [pointer('2026-03-05')];
    const { cache, fake, advance } = cacheOver(model);

    const [first, concurrent] = await Promise.all([cache.current(), cache.current()]);
    model[0] = pointer('2026-03-06');
    advance(59_999);
    const stillCached = await cache.current();
    advance(1);
    const refreshed = await cache.current();

    expect([first, concurrent, stillCached]).toEqual(Array(3).fill({ as_of_date: '2026-03-05' }));
    expect(refreshed).toEqual({ as_of_date: '2026-03-06' });
    expect(fake.calls.get).toHaveLength(2);
  });

  it('says there is no snapshot before the first export, and warns', async () => {
    const { cache, logs } = cacheOver([]);

    expect(await cache.current()).toBeUndefined();
    expect(logs.filter((log) => log.level === 'warn')).toHaveLength(1);
  });

  it('keeps no failure: the next request reads again', async () => {
    const { cache, fake } = cacheOver([pointer()]);
    fake.failWith = new Error('throttled');

    await expect(cache.current()).rejects.toThrow('reading snapshot current failed');
    delete fake.failWith;

    expect(await cache.current()).toEqual({ as_of_date: pointer().as_of_date });
  });
});
