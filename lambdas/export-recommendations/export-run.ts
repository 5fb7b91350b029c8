/**
 * One export: work out the day from the trigger, refuse an empty snapshot, turn each query's rows
 * into items as they arrive and write them, then, last, move the pointer, so a reader sees the
 * previous night whole until this one is whole. Metrics and the outcome are logged; a failure is
 * thrown, so Lambda retries the event and then dead-letters it.
 */
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import type { RetryPolicy } from '../shared/backoff';
import type { LogPort, MetricsPort } from '../shared/ports';
import type { Row } from '../shared/warehouse/data-api';
import { EmptySnapshotError } from './errors';
import { parseExportTrigger, type ExportTrigger } from './event';
import {
  EVERY_COUNTRY,
  customerProfileItem,
  groupRows,
  popularProductsItem,
  relatedProductsItem,
  snapshotPointer,
  text,
  type ItemStamp,
  type ModelItem,
  type ModelItemKind,
} from './model-items';
import type { ModelTable, PointerOutcome } from './model-table';
import { ModelWriter, type ModelWriterOptions } from './model-writer';
import type { ItemQueryName, SnapshotSize, SnapshotSource } from './warehouse-snapshot';

export type ExportResult =
  | {
      readonly status: 'exported';
      readonly day: string;
      readonly trigger: Exclude<ExportTrigger['kind'], 'ignored'>;
      readonly items: Readonly<Record<ModelItemKind, number>>;
      /** `moved` to this day, or `kept-newer` when the nightly run of an older day met a later one. */
      readonly pointer: PointerOutcome;
      readonly durationMs: number;
    }
  | { readonly status: 'ignored'; readonly reason: string };

export interface ExportDependencies {
  readonly snapshot: SnapshotSource;
  readonly table: ModelTable;
  /** Days an item stays readable after it is written (`snapshotKeepDays`). */
  readonly snapshotKeepDays: number;
  /** The writer's settings; sleep and randomness are real unless given. */
  readonly writer: Omit<ModelWriterOptions, 'unprocessedRetry'> & {
    readonly unprocessedRetry: Omit<RetryPolicy, 'sleep' | 'random'> &
      Partial<Pick<RetryPolicy, 'sleep' | 'random'>>;
  };
  readonly clock: () => Date;
  readonly logger: LogPort;
  readonly metrics: MetricsPort;
  readonly publishMetrics: () => void;
}

/** Each item query: the kind it writes, the column its rows are grouped by, and the item of a group. */
const ITEM_QUERIES: readonly {
  readonly name: ItemQueryName;
  readonly kind: ModelItemKind;
  readonly keyOf: (row: Row) => string;
  readonly item: (key: string, rows: readonly Row[], stamp: ItemStamp) => ModelItem;
}[] = [
  {
    name: 'related_products',
    kind: 'related',
    keyOf: (row) => text(row, 'product_id'),
    item: relatedProductsItem,
  },
  {
    name: 'popular_products',
    kind: 'popular',
    keyOf: (row) => text(row, 'country'),
    item: popularProductsItem,
  },
  {
    name: 'popular_everywhere',
    kind: 'popular',
    keyOf: () => EVERY_COUNTRY,
    item: popularProductsItem,
  },
  {
    name: 'customer_profiles',
    kind: 'customer',
    keyOf: (row) => text(row, 'customer_id'),
    item: customerProfileItem,
  },
];

const DAY_SECONDS = 86_400;

const defaultSleep = (ms: number): Promise<void> =>
  new Promise((resolve) => setTimeout(resolve, ms));

export function createExportHandler(
  dependencies: ExportDependencies,
): (input: unknown) => Promise<ExportResult> {
  const { logger, metrics } = dependencies;
  return async (input) => {
    try {
      const trigger = parseExportTrigger(input);
      if (trigger.kind === 'ignored') {
        logger.warn('Not a run that loaded a day; nothing to export', { reason: trigger.reason });
        metrics.addMetric('ExportTriggersIgnored', MetricUnit.Count, 1);
        return { status: 'ignored', reason: trigger.reason };
      }
      return await exportSnapshot(dependencies, trigger);
    } catch (error) {
      metrics.addMetric('ExportFailures', MetricUnit.Count, 1);
      if (error instanceof EmptySnapshotError)
        metrics.addMetric('EmptySnapshots', MetricUnit.Count, 1);
      logger.error('Export failed; the pointer stays on the last full snapshot', { error });
      throw error;
    } finally {
      dependencies.publishMetrics();
    }
  };
}

async function exportSnapshot(
  dependencies: ExportDependencies,
  trigger: Extract<ExportTrigger, { kind: 'elt' | 'manual' }>,
): Promise<ExportResult> {
  const { snapshot, table, clock, logger, metrics } = dependencies;
  const { day } = trigger;
  const started = clock();
  logger.info('Exporting the snapshot', { day, trigger });

  const size = await snapshot.size(day);
  refuseEmpty(day, size);

  const stamp: ItemStamp = {
    day,
    expiresAt: Math.floor(started.getTime() / 1000) + dependencies.snapshotKeepDays * DAY_SECONDS,
  };
  const writer = new ModelWriter(table, {
    ...dependencies.writer,
    unprocessedRetry: {
      sleep: defaultSleep,
      random: Math.random,
      ...dependencies.writer.unprocessedRetry,
    },
  });
  for (const query of ITEM_QUERIES)
    for await (const group of groupRows(snapshot.pages(query.name, day), query.keyOf))
      await writer.add(query.kind, query.item(group.key, group.rows, stamp));
  await writer.flush();
  const items = writer.written;
  // The counts were read before the items: a snapshot emptied in between is refused all the same.
  refuseEmpty(day, { related: items.related, popular: items.popular });

  const pointer = await table.putPointer(snapshotPointer(day, clock()), {
    keepNewer: trigger.kind === 'elt',
  });
  const durationMs = clock().getTime() - started.getTime();
  for (const [kind, count] of Object.entries(items)) {
    const metric = metrics.singleMetric();
    metric.addDimension('kind', kind);
    metric.addMetric('ModelItemsWritten', MetricUnit.Count, count);
  }
  metrics.addMetric('ExportDuration', MetricUnit.Milliseconds, durationMs);
  metrics.addMetric('WriteBatchesRetried', MetricUnit.Count, writer.retriedBatches);
  if (pointer === 'kept-newer')
    logger.warn('A later snapshot is current; the pointer stays on it', { day });
  logger.info('Snapshot exported', { day, items, pointer, durationMs, rows: size });
  return { status: 'exported', day, trigger: trigger.kind, items, pointer, durationMs };
}

function refuseEmpty(day: string, rows: SnapshotSize): void {
  if (rows.related === 0 || rows.popular === 0) throw new EmptySnapshotError(day, rows);
}
