/** What every dataset generator returns: one record, with columns named as in the definition. */
import type { Random } from '../random';
import type { World } from '../world';

/** A JSON value of one column; `null` when the column does not apply (see record-shape.ts). */
export type FieldValue = string | number | boolean | null;
export type GeneratedRecord = Readonly<Record<string, FieldValue>>;

export interface RecordGenerator {
  /** The next record, stamped with `now` as its event time. */
  next(now: Date): GeneratedRecord;
}

export interface DatasetGenerator {
  /** Relative share of a mixed run's traffic that goes to this dataset. */
  readonly trafficShare: number;
  readonly create: (world: World, random: Random) => RecordGenerator;
}
