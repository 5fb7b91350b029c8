/**
 * Checks a record against its dataset's columns before it leaves the producer, so a generator
 * bug stops the run with the column at fault instead of putting malformed data on a topic that
 * the streaming job would then have to quarantine. The rules are the platform's
 * (`infra/platform/record-values.ts`), the marketplace API's too; a generator states every
 * column, `null` where a value is truly absent (the customer of an anonymous visit).
 */
import {
  recordProblems,
  requiredColumns,
  type SourceDataset,
  type Topic,
} from '../../infra/platform';
import { RecordShapeError } from './errors';
import type { GeneratedRecord } from './generators';

/** Every problem of `record` as `column: problem`; empty when the record fits exactly. */
export function recordShapeProblems(
  dataset: SourceDataset,
  record: GeneratedRecord,
  topic?: Topic,
): string[] {
  return recordProblems(dataset, record, {
    required: requiredColumns(dataset, topic),
    everyColumnPresent: true,
  }).map(({ field, problem }) => `${field}: ${problem}`);
}

/** @throws RecordShapeError naming every column at fault. */
export function assertRecordShape(
  dataset: SourceDataset,
  topic: Topic,
  record: GeneratedRecord,
): void {
  const problems = recordShapeProblems(dataset, record, topic);
  if (problems.length > 0) throw new RecordShapeError(dataset.name, problems);
}
