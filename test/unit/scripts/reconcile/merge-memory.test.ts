/**
 * The merge holds one entry per side however long the listings are: 200,000 synthetic keys per
 * side (a few days of a busy zone's objects), generated lazily, with drift sprinkled in. The bound
 * asserted is the merger's own buffer, which does not grow with the listing's length, so a longer
 * listing would only take longer; the heap growth is printed for the record. No timing threshold.
 */
import { SortedMerge } from '../../../../scripts/reconcile/merge';

const KEYS = 200_000;
/** Keys missing on the left (every 1,000th) and on the right (every 2,500th). */
const MISSING_LEFT = KEYS / 1000;
const MISSING_RIGHT = KEYS / 2500;

/** `access_events/year=…/part-0000123.parquet`, ascending; `skip` drops some to make drift. */
async function* syntheticKeys(skip: (index: number) => boolean): AsyncGenerator<{ key: string }> {
  for (let index = 0; index < KEYS; index++) {
    if (skip(index)) continue;
    const day = String(1 + Math.floor(index / 8_000)).padStart(2, '0');
    yield {
      key: `access_events/year=2024/month=01/day=${day}/part-${String(index).padStart(7, '0')}.parquet`,
    };
    // Yield to the event loop now and then, as real paged listings do.
    if (index % 10_000 === 0) await new Promise((resolve) => setImmediate(resolve));
  }
}

describe('SortedMerge memory', () => {
  it('merges 200,000 keys per side without accumulating', async () => {
    global.gc?.();
    const heapBefore = process.memoryUsage().heapUsed;
    let peakHeap = heapBefore;
    let maxBuffered = 0;
    const counts = { both: 0, leftOnly: 0, rightOnly: 0 };

    const merge = new SortedMerge(
      syntheticKeys((index) => index % 1000 === 7),
      syntheticKeys((index) => index % 2500 === 3),
    );
    let seen = 0;
    for await (const pair of merge) {
      maxBuffered = Math.max(maxBuffered, merge.buffered);
      if (pair.left && pair.right) counts.both++;
      else if (pair.left) counts.leftOnly++;
      else counts.rightOnly++;
      if (++seen % 50_000 === 0) peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed);
    }

    expect(counts).toEqual({
      both: KEYS - MISSING_LEFT - MISSING_RIGHT,
      leftOnly: MISSING_RIGHT,
      rightOnly: MISSING_LEFT,
    });
    expect(seen).toBe(KEYS);
    expect(maxBuffered).toBeLessThanOrEqual(2);
    console.log(
      `merge of ${KEYS.toLocaleString('en-US')} keys per side: peak heap growth ` +
        `${((peakHeap - heapBefore) / 1024 / 1024).toFixed(1)} MiB, merger buffer ≤ ${maxBuffered}`,
    );
    // The limit only stops a hang on a busy machine; it measures nothing.
  }, 60_000);
});
