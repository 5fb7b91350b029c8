/**
 * One-pass merge of two key-ordered streams, as in the merge step of merge sort: only the head
 * of each side is held, so memory does not grow with the listings however long they are.
 */
import { ListingOrderError } from './errors';
import { compareKeys } from './keys';

export interface Keyed {
  readonly key: string;
}

/** A key and what each side has under it; at least one side is present. */
export interface MergedPair<L extends Keyed, R extends Keyed> {
  readonly key: string;
  readonly left?: L;
  readonly right?: R;
}

/**
 * Merges two streams that are each in strictly ascending `compareKeys` order. A side that
 * goes backwards (or repeats a key) raises `ListingOrderError` naming it, because neighbour
 * comparison would otherwise report false drift.
 */
export class SortedMerge<L extends Keyed, R extends Keyed> implements AsyncIterable<
  MergedPair<L, R>
> {
  private leftHead: L | undefined;
  private rightHead: R | undefined;

  constructor(
    private readonly left: AsyncIterable<L>,
    private readonly right: AsyncIterable<R>,
    private readonly names: { readonly left: string; readonly right: string } = {
      left: 'left',
      right: 'right',
    },
  ) {}

  /** Entries read from the inputs but not yet emitted; never more than one per side. */
  get buffered(): number {
    return (this.leftHead === undefined ? 0 : 1) + (this.rightHead === undefined ? 0 : 1);
  }

  async *[Symbol.asyncIterator](): AsyncIterator<MergedPair<L, R>> {
    const leftIterator = ascending(this.left, this.names.left)[Symbol.asyncIterator]();
    const rightIterator = ascending(this.right, this.names.right)[Symbol.asyncIterator]();
    const nextLeft = async () => {
      const step = await leftIterator.next();
      this.leftHead = step.done ? undefined : step.value;
    };
    const nextRight = async () => {
      const step = await rightIterator.next();
      this.rightHead = step.done ? undefined : step.value;
    };
    try {
      await Promise.all([nextLeft(), nextRight()]);
      while (this.leftHead !== undefined || this.rightHead !== undefined) {
        const order =
          this.leftHead === undefined
            ? 1
            : this.rightHead === undefined
              ? -1
              : compareKeys(this.leftHead.key, this.rightHead.key);
        if (order < 0 && this.leftHead) {
          const left = this.leftHead;
          this.leftHead = undefined;
          yield { key: left.key, left };
          await nextLeft();
        } else if (order > 0 && this.rightHead) {
          const right = this.rightHead;
          this.rightHead = undefined;
          yield { key: right.key, right };
          await nextRight();
        } else if (this.leftHead && this.rightHead) {
          const [left, right] = [this.leftHead, this.rightHead];
          this.leftHead = undefined;
          this.rightHead = undefined;
          yield { key: left.key, left, right };
          await Promise.all([nextLeft(), nextRight()]);
        }
      }
    } finally {
      // Stop both listings (and their HTTP paging) when the consumer stops early or fails.
      await Promise.allSettled([leftIterator.return(undefined), rightIterator.return(undefined)]);
    }
  }
}

/** Passes a stream through, refusing a key that is not greater than the one before it. */
export async function* ascending<T extends Keyed>(
  source: AsyncIterable<T>,
  side: string,
): AsyncGenerator<T> {
  let previous: string | undefined;
  for await (const item of source) {
    if (previous !== undefined && compareKeys(previous, item.key) >= 0) {
      throw new ListingOrderError(side, previous, item.key);
    }
    previous = item.key;
    yield item;
  }
}
