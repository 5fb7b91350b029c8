import { ConcurrencyLimit, forEachInWindow } from '../../../../lambdas/shared/concurrency';

/** A promise the test settles by hand. */
function deferred(): { promise: Promise<void>; resolve: () => void; reject: (e: Error) => void } {
  let resolve!: () => void;
  let reject!: (e: Error) => void;
  const promise = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/** Lets every settled promise run its continuations. */
const settle = () => new Promise((resolve) => setImmediate(resolve));

function controlledTasks(count: number) {
  const gates = Array.from({ length: count }, deferred);
  const started: number[] = [];
  const task = (_item: string, index: number) => {
    started.push(index);
    return gates[index]!.promise;
  };
  return { gates, started, task, items: Array.from({ length: count }, (_, i) => `item-${i}`) };
}

describe('forEachInWindow', () => {
  it('starts items in order, at most `window` at once, none further ahead of the earliest unfinished', async () => {
    const { gates, started, task, items } = controlledTasks(6);

    const all = forEachInWindow(items, 3, task);
    await settle();
    const first = [...started];
    gates[1]!.resolve();
    await settle();
    const afterSecondFinished = [...started];
    gates[0]!.resolve();
    await settle();
    const afterFirstFinished = [...started];
    for (const gate of gates) gate.resolve();
    await all;

    expect(first).toEqual([0, 1, 2]);
    // Item 3 would be three ahead of item 0, still running.
    expect(afterSecondFinished).toEqual([0, 1, 2]);
    expect(afterFirstFinished).toEqual([0, 1, 2, 3, 4]);
    expect(started).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it('starts nothing more after a failure, and throws it once the running items have settled', async () => {
    const { gates, started, task, items } = controlledTasks(5);
    const failure = new Error('append failed');
    let outcome: unknown = 'pending';

    const all = forEachInWindow(items, 2, task).catch((error: unknown) => (outcome = error));
    await settle();
    gates[0]!.reject(failure);
    await settle();
    const whileSecondRuns = outcome;
    gates[1]!.resolve();
    await all;

    expect(whileSecondRuns).toBe('pending');
    expect(outcome).toBe(failure);
    expect(started).toEqual([0, 1]);
  });

  it('starts nothing more after a failure even when another item finishes first in the same turn', async () => {
    const { gates, started, task, items } = controlledTasks(5);
    const failure = new Error('range failed');

    const all = forEachInWindow(items, 3, task).catch((error: unknown) => error);
    await settle();
    gates[0]!.resolve(); // would let item 3 start
    gates[1]!.reject(failure);
    await settle();
    gates[2]!.resolve();

    expect(await all).toBe(failure);
    expect(started).toEqual([0, 1, 2]);
  });

  it('runs one at a time with a window of 1 (or less), and nothing for no items', async () => {
    const running: number[] = [];
    let most = 0;
    const task = async (_item: number, index: number) => {
      running.push(index);
      most = Math.max(most, running.length);
      await settle();
      running.splice(running.indexOf(index), 1);
    };

    await forEachInWindow([1, 2, 3], 0, task);
    await forEachInWindow([], 4, task);

    expect(most).toBe(1);
  });
});

describe('ConcurrencyLimit', () => {
  it('runs at most `limit` tasks at once, the rest in the order they came, and passes failures on', async () => {
    const limit = new ConcurrencyLimit(2);
    let running = 0;
    let most = 0;
    const started: number[] = [];
    const task = (id: number) => () => {
      started.push(id);
      running += 1;
      most = Math.max(most, running);
      return new Promise<number>((resolve, reject) =>
        setImmediate(() => {
          running -= 1;
          if (id === 3) reject(new Error('task 3 failed'));
          else resolve(id);
        }),
      );
    };
    const results = await Promise.allSettled([1, 2, 3, 4, 5].map((id) => limit.run(task(id))));
    expect(most).toBe(2);
    expect(started).toEqual([1, 2, 3, 4, 5]);
    expect(results.map((result) => result.status)).toEqual([
      'fulfilled',
      'fulfilled',
      'rejected',
      'fulfilled',
      'fulfilled',
    ]);
  });
});

describe('ConcurrencyLimit.acquire', () => {
  /** Lets every pending promise callback run. */
  const settle = () => new Promise((resolve) => setImmediate(resolve));

  /** Acquires a slot, recording when it was granted. */
  function acquiring(limit: ConcurrencyLimit, id: number, granted: number[]) {
    return limit.acquire().then((release) => {
      granted.push(id);
      return release;
    });
  }

  it('holds a slot until it is released, then gives it to the callers waiting, in the order they came', async () => {
    const limit = new ConcurrencyLimit(2);
    const granted: number[] = [];

    const first = acquiring(limit, 1, granted);
    const second = acquiring(limit, 2, granted);
    const third = acquiring(limit, 3, granted);
    const fourth = acquiring(limit, 4, granted);
    await settle();
    expect(granted).toEqual([1, 2]);

    (await second)();
    await settle();
    expect(granted).toEqual([1, 2, 3]);

    (await first)();
    await settle();
    expect(granted).toEqual([1, 2, 3, 4]);
    (await third)();
    (await fourth)();
  });

  it('frees a slot once however often its release is called', async () => {
    const limit = new ConcurrencyLimit(1);
    const granted: number[] = [];

    const release = await acquiring(limit, 1, granted);
    const second = acquiring(limit, 2, granted);
    void acquiring(limit, 3, granted);
    release();
    release();
    await settle();

    expect(granted).toEqual([1, 2]);
    (await second)();
    await settle();
    expect(granted).toEqual([1, 2, 3]);
  });

  it('shares its slots with run', async () => {
    const limit = new ConcurrencyLimit(1);
    const release = await limit.acquire();
    let ran = false;

    const running = limit.run(() => {
      ran = true;
      return Promise.resolve();
    });
    await settle();
    expect(ran).toBe(false);

    release();
    await running;
    expect(ran).toBe(true);
  });
});
