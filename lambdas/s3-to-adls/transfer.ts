/**
 * The transfer core: one S3 object event in, the ADLS mirror brought up to date (or a counted
 * no-op) out. Every step that can be repeated is idempotent, so SQS redelivery is the retry:
 * route → validate path → read target (idempotency) → HEAD source → copy into a temporary path →
 * verify → conditional atomic rename. Deletes are mirrored only when configured.
 */
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { readTarget, renameIntoPlace, tempPathFor } from './adls-target';
import { copyToTemp, type CopyMode } from './copy-to-temp';
import { mirrorDelete } from './delete-mirror';
import { ConcurrentWriterError } from './errors';
import type { S3ObjectEvent } from './event';
import { assertValidHnsPath } from './hns-path';
import { decideCreated } from './idempotency';
import { targetMetadata } from './metadata';
import { routeObject, type SkipReason } from './routing';
import { headSource, s3Presigner } from './source';
import type { TransferDependencies } from './transfer-dependencies';

export type TransferOutcome =
  | { readonly outcome: 'copied'; readonly mode: CopyMode; readonly bytes: number }
  | { readonly outcome: 'skipped'; readonly reason: SkipReason | 'deletes-not-mirrored' }
  | { readonly outcome: 'duplicate' | 'older' | 'superseded' | 'source-gone' }
  | { readonly outcome: 'deleted' }
  | { readonly outcome: 'delete-ignored'; readonly reason: 'absent' | 'newer-copy' | 'unordered' };

/** Which delivery of the event this is: SQS's receive count, 1 for the first. */
export interface Delivery {
  readonly attempt: number;
}

const FIRST_DELIVERY: Delivery = { attempt: 1 };

/** How often a rename that lost a race is re-decided within one attempt. */
const RENAME_ATTEMPTS = 3;

export async function transferObject(
  event: S3ObjectEvent,
  deps: TransferDependencies,
  delivery: Delivery = FIRST_DELIVERY,
): Promise<TransferOutcome> {
  const started = deps.now().getTime();
  const route = routeObject(deps.platform, event.bucket, event.key);
  const context = { bucket: event.bucket, key: event.key, kind: event.kind };
  if (route.action === 'skip') {
    deps.logger.info('Object is not mirrored; skipped', { ...context, reason: route.reason });
    deps.metrics.addMetric('Skipped', MetricUnit.Count, 1);
    return { outcome: 'skipped', reason: route.reason };
  }
  assertValidHnsPath(route.path);

  const outcome =
    event.kind === 'deleted'
      ? await mirrorDelete(event, route, deps)
      : await mirrorCreated(event, route, deps, delivery);

  deps.metrics.addMetric('DurationMs', MetricUnit.Milliseconds, deps.now().getTime() - started);
  deps.metrics.addMetric(
    'LagSeconds',
    MetricUnit.Seconds,
    Math.max(0, (deps.now().getTime() - event.time.getTime()) / 1000),
  );
  deps.logger.info('Object event handled', { ...context, ...outcome });
  return outcome;
}

async function mirrorCreated(
  event: S3ObjectEvent,
  route: { readonly fileSystem: string; readonly path: string },
  deps: TransferDependencies,
  delivery: Delivery,
): Promise<TransferOutcome> {
  const clients = await deps.azure();
  const { fileSystem, path } = route;
  // The HEAD does not depend on the idempotency read: sent side by side they cost one round
  // trip, and the HEAD is wasted only on a duplicate. Its failure counts only for a copy.
  const head = deps.tracing.span('S3 HeadObject', () =>
    headSource(deps.s3, event.bucket, event.key, event.versionId),
  );
  head.catch(() => undefined);
  let target = await deps.tracing.span('ADLS GetProperties (final)', () =>
    readTarget(clients, fileSystem, path),
  );
  const decision = decideCreated(event, target);
  if (decision !== 'copy') return noOp(decision, deps);

  const source = await head;
  if (source === undefined) {
    // Deleted before we got to it; its "Object Deleted" event carries what happens next.
    deps.logger.warn('Source no longer exists; nothing to copy', { key: event.key });
    return noOp('source-gone', deps);
  }
  if (event.versionId === undefined && event.etag !== undefined && source.etag !== event.etag) {
    // Unversioned and overwritten since: the newer write has its own event, with a newer sequencer.
    return noOp('superseded', deps);
  }

  const tempPath = tempPathFor(path, source);
  assertValidHnsPath(tempPath);
  const metadata = targetMetadata({
    bucket: event.bucket,
    etag: source.etag,
    ...(source.versionId !== undefined && { versionId: source.versionId }),
    ...(event.sequencer !== undefined && { sequencer: event.sequencer }),
    userMetadata: source.userMetadata,
  });
  const temp = await copyToTemp(
    {
      clients,
      fileSystem,
      tempPath,
      source,
      metadata,
      presign: deps.presign ?? s3Presigner(deps.s3),
      // An unreadable receive count counts as a redelivery: looking costs one request.
      resume: !(delivery.attempt <= 1),
    },
    deps,
  );

  for (let attempt = 1; ; attempt += 1) {
    try {
      await deps.tracing.span('ADLS RenamePath', () =>
        renameIntoPlace(clients, fileSystem, tempPath, temp.etag, path, target),
      );
      break;
    } catch (error) {
      if (!(error instanceof ConcurrentWriterError) || attempt >= RENAME_ATTEMPTS) throw error;
      // Someone else wrote the final path since we looked: decide again against what is there.
      target = await readTarget(clients, fileSystem, path);
      const again = decideCreated(event, target);
      deps.logger.warn('Final path changed during the copy', { key: event.key, decision: again });
      if (again !== 'copy') return noOp(again, deps);
    }
  }

  const throughFunction = temp.mode === 'streaming' ? source.size : 0;
  deps.metrics.addMetric('BytesCopied', MetricUnit.Bytes, temp.mode === 'reused' ? 0 : source.size);
  deps.metrics.addMetric('BytesThroughFunction', MetricUnit.Bytes, throughFunction);
  const modeMetric = deps.metrics.singleMetric();
  modeMetric.addDimension('CopyMode', temp.mode);
  // The metric needs its own name: EMF refuses a key that is both a dimension and a metric.
  modeMetric.addMetric('Copies', MetricUnit.Count, 1);
  deps.logger.info('Copied', {
    key: event.key,
    target: `${fileSystem}/${path}`,
    mode: temp.mode,
    bytes: source.size,
    blocksStaged: temp.blocksStaged,
    blocksReused: temp.blocksReused,
  });
  return { outcome: 'copied', mode: temp.mode, bytes: source.size };
}

function noOp(
  outcome: 'duplicate' | 'older' | 'superseded' | 'source-gone',
  deps: TransferDependencies,
): TransferOutcome {
  deps.metrics.addMetric(outcome === 'source-gone' ? 'Skipped' : 'Duplicates', MetricUnit.Count, 1);
  return { outcome };
}
