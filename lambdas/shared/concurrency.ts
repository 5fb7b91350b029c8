/** Runs `task` over `items` with at most `limit` running at once; fails on the first failure. */
export async function forEachConcurrently<T>(
  items: readonly T[],
  limit: number,
  task: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  let failed = false;
  const worker = async (): Promise<void> => {
    // Stop picking up new work once one task failed: the record will be retried anyway.
    while (!failed && next < items.length) {
      const item = items[next] as T;
      next += 1;
      try {
        await task(item);
      } catch (error) {
        failed = true;
        throw error;
      }
    }
  };
  const workers = Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker);
  const results = await Promise.allSettled(workers);
  const rejected = results.find((result) => result.status === 'rejected');
  if (rejected) throw rejected.reason;
}

/**
 * Runs `task` over `items` in their order with a sliding window: item `i` starts only once every
 * item before `i - window + 1` has finished, so at most `window` run at once and none runs
 * more than `window - 1` items ahead of the earliest unfinished one (what a consumer that needs
 * the results in order has to hold back). On the first failure no item is started any more; the
 * failure is thrown once the running ones have settled, so nothing is left running.
 */
export async function forEachInWindow<T>(
  items: readonly T[],
  window: number,
  task: (item: T, index: number) => Promise<void>,
): Promise<void> {
  const width = Math.max(1, window);
  const finished: boolean[] = [];
  const running = new Set<Promise<void>>();
  let earliestUnfinished = 0;
  let next = 0;
  // Set as soon as a task fails: the race below may settle on another task's success first.
  let failed = false;
  try {
    while (next < items.length || running.size > 0) {
      while (!failed && next < items.length && next < earliestUnfinished + width) {
        const index = next;
        next += 1;
        const run: Promise<void> = task(items[index] as T, index).then(
          () => {
            running.delete(run);
            finished[index] = true;
            while (finished[earliestUnfinished]) earliestUnfinished += 1;
          },
          (error: unknown) => {
            failed = true;
            throw error;
          },
        );
        running.add(run);
      }
      await Promise.race(running);
    }
  } catch (error) {
    await Promise.allSettled(running);
    throw error;
  }
}

/** `task` over `items` as `forEachConcurrently` runs it, the results in the items' order. */
export async function mapConcurrently<T, R>(
  items: readonly T[],
  limit: number,
  task: (item: T) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  await forEachConcurrently(
    items.map((item, index) => ({ item, index })),
    limit,
    async ({ item, index }) => {
      results[index] = await task(item);
    },
  );
  return results;
}

/** Runs tasks as they come, at most `limit` at once; the others wait their turn in order. */
export class ConcurrencyLimit {
  private running = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(private readonly limit: number) {}

  async run<T>(task: () => Promise<T>): Promise<T> {
    const release = await this.acquire();
    try {
      return await task();
    } finally {
      release();
    }
  }

  /**
   * Waits for a slot and hands back its release, for a caller that must wait for room before it
   * goes on but not for the work it starts (a writer that keeps batches in flight while it
   * reads the next rows). The slot is held until the release is called; calling it again does
   * nothing, so a slot is never freed twice.
   */
  async acquire(): Promise<() => void> {
    if (this.running >= Math.max(1, this.limit)) {
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    } else {
      this.running += 1;
    }
    let released = false;
    return () => {
      if (released) return;
      released = true;
      // The slot passes straight to the next caller waiting, if any.
      const next = this.waiting.shift();
      if (next) next();
      else this.running -= 1;
    };
  }
}
