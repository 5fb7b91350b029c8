/** GetPartitions: the partitions of a table, filtered by a predicate, in pages of up to 1000. */
import type { LocalCloudContext } from '../../core/context';
import type { JsonOperation, WireJson } from '../../core/json-protocol';
import { readTableTarget } from './catalog-scope';
import { partitionKeyOf, type GlueCatalog } from './catalog-state';
import { invalidInput } from './errors';
import { paginate } from './paging';
import { PartitionExpressionError } from './partition-expression/errors';
import { partitionFilter, type PartitionFilter } from './partition-expression/filter';
import { RequestValidator } from './validation';
import { partitionKeysOf, partitionView } from './views';

export const MAX_PARTITIONS_PAGE = 1000;

export function getPartitionsOperation(
  catalog: GlueCatalog,
  context: LocalCloudContext,
): Record<string, JsonOperation> {
  return {
    GetPartitions(input) {
      const check = new RequestValidator(input);
      const resolve = readTableTarget(check, catalog, context);
      const expression = check.optionalString('Expression', { max: 2048 });
      const nextToken = check.optionalString('NextToken', {});
      const maxResults = check.optionalInteger('MaxResults', 1, MAX_PARTITIONS_PAGE);
      const segment = readSegment(input.Segment);
      check.done();
      const { table, catalogId } = resolve('GetPartitions');
      const matches = compileFilter(expression, partitionKeysOf(table.record));
      const sorted = [...table.partitions.values()].sort((a, b) =>
        partitionKeyOf(a.values) < partitionKeyOf(b.values) ? -1 : 1,
      );
      const selected = sorted.filter(
        (partition, index) => index % segment.total === segment.number && matches(partition.values),
      );
      const page = paginate(
        selected,
        (partition) => partitionKeyOf(partition.values),
        maxResults ?? MAX_PARTITIONS_PAGE,
        nextToken,
      );
      const excludeColumnSchema = input.ExcludeColumnSchema === true;
      return {
        Partitions: page.items.map((partition) =>
          partitionView(partition, table.record, catalogId, { excludeColumnSchema }),
        ),
        NextToken: page.nextToken,
      } satisfies WireJson;
    },
  };
}

function compileFilter(
  expression: string | undefined,
  keys: readonly { Name: string; Type: string }[],
): PartitionFilter {
  if (expression === undefined || expression.trim() === '') return () => true;
  try {
    return partitionFilter(expression, keys);
  } catch (error) {
    if (error instanceof PartitionExpressionError) throw invalidInput(error.message);
    throw error;
  }
}

/**
 * Segments split a table's partitions into disjoint sets that together hold them all, so
 * readers can scan in parallel; which partition lands in which segment is Glue's business.
 */
function readSegment(value: unknown): { number: number; total: number } {
  if (value === undefined || value === null) return { number: 0, total: 1 };
  const segment = new RequestValidator(value);
  const number = segment.optionalInteger('SegmentNumber', 0, Number.MAX_SAFE_INTEGER) ?? 0;
  const total = segment.optionalInteger('TotalSegments', 1, 10) ?? 1;
  segment.done();
  if (number >= total)
    throw invalidInput(`SegmentNumber ${number} must be less than TotalSegments ${total}.`);
  return { number, total };
}
