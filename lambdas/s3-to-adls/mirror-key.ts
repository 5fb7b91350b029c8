/**
 * Brings the mirror of one key to S3's current state. An event says only that the key changed:
 * the final path is read first, then S3's current object (HEAD without a version id), so S3's
 * answer is at least as new as what the target showed, and `idempotency.ts` compares the two. A
 * copy is staged under a temporary name and published by a conditional rename; a delete is
 * conditional on the ETag seen. A condition that fails means another writer got there first,
 * and the key is decided again. With deletes mirrored, a published copy is checked against S3
 * once more: a delete handled while the copy ran found nothing to delete and left no trace, so
 * the copy itself must notice it.
 */
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import {
  deleteIfUnchanged,
  discardEarlierStaging,
  discardTemp,
  readTarget,
  renameIntoPlace,
  tempPathFor,
  type TargetState,
} from './adls-target';
import { copyToTemp, type TempCopy } from './copy-to-temp';
import { ConcurrentWriterError } from './errors';
import type { S3ObjectEvent } from './event';
import {
  decideDeletedKey,
  decidePresentKey,
  decideByLastVersion,
  decideRetained,
  type DeletedKeyDecision,
  type PresentKeyDecision,
  type RetainedDecision,
} from './idempotency';
import { targetMetadata } from './metadata';
import { summarizeError } from './redaction';
import { headSource, s3Presigner, type SourceObject } from './source';
import type { TransferDependencies } from './transfer-dependencies';
import { lastLiveVersion } from './version-order';
import { isPermanentError } from '../shared/errors';
import type { Delivery, TransferOutcome } from './transfer-outcome';

/** How often the key is decided again within one delivery after another writer won a race. */
const DECISION_ATTEMPTS = 3;

interface Route {
  readonly fileSystem: string;
  readonly path: string;
  /** Whether S3 deleting the key deletes the copy (`deletesMirrored`). */
  readonly mirrorDeletes: boolean;
}

/** A verified copy in the temporary path, not yet published. */
interface StagedCopy extends TempCopy {
  readonly source: SourceObject;
  readonly tempPath: string;
}

type NextStep =
  | { readonly action: 'copy'; readonly source: SourceObject; readonly ofEvent: boolean }
  | { readonly action: 'delete'; readonly etag: string }
  | { readonly action: 'none'; readonly outcome: TransferOutcome };

export async function mirrorKey(
  event: S3ObjectEvent,
  route: Route,
  deps: TransferDependencies,
  delivery: Delivery,
): Promise<TransferOutcome> {
  const clients = await deps.azure();
  const { fileSystem, path } = route;
  let staged: StagedCopy | undefined;
  // Whatever ends the work, a staged copy that was not published is of no further use, except
  // after a retryable failure: the redelivery reuses it (or resumes its blocks).
  const discardStaged = async (): Promise<void> => {
    if (!staged) return;
    const failure = await discardTemp(clients, fileSystem, staged.tempPath, staged.etag);
    if (failure !== undefined)
      deps.logger.warn('Unused temporary copy not removed; the lifecycle policy will', {
        tempPath: staged.tempPath,
        error: summarizeError(failure),
      });
    staged = undefined;
  };

  // A redelivery that publishes nothing: an earlier delivery may have staged the event's version
  // and failed before its rename, keeping the copy for this one (`discardStaged` above).
  const discardEarlierAttempt = async (): Promise<void> => {
    if (delivery.attempt <= 1 || event.kind !== 'created' || event.etag === undefined) return;
    const tempPath = tempPathFor(path, {
      ...(event.versionId !== undefined && { versionId: event.versionId }),
      etag: event.etag,
    });
    const failure = await discardEarlierStaging(clients, fileSystem, tempPath);
    if (failure !== undefined)
      deps.logger.warn('Unused temporary copy not removed; the lifecycle policy will', {
        tempPath,
        error: summarizeError(failure),
      });
  };

  let lastConflict: ConcurrentWriterError | undefined;
  try {
    for (let attempt = 1; attempt <= DECISION_ATTEMPTS; attempt += 1) {
      const target = await deps.tracing.span('ADLS GetProperties (final)', () =>
        readTarget(clients, fileSystem, path),
      );
      const step = await nextStep(event, target, route.mirrorDeletes, deps);
      if (step.action === 'none') {
        await discardStaged();
        await discardEarlierAttempt();
        return noOp(step.outcome, event, deps);
      }
      try {
        if (step.action === 'delete') {
          await discardStaged();
          await discardEarlierAttempt();
          await deps.tracing.span('ADLS DeletePath', () =>
            deleteIfUnchanged(clients, fileSystem, path, step.etag),
          );
          return { outcome: 'deleted' };
        }
        if (staged && !sameVersion(staged.source, step.source)) await discardStaged();
        staged ??= await stageCopy(event, step, route, deps, delivery);
        const { tempPath, etag } = staged;
        await deps.tracing.span('ADLS RenamePath', () =>
          renameIntoPlace(clients, fileSystem, tempPath, etag, path, target),
        );
        const published = staged;
        staged = undefined;
        if (route.mirrorDeletes && (await currentObject(event, deps)) === undefined) {
          deps.logger.warn('Source deleted while it was copied; deciding again', {
            key: event.key,
          });
          continue;
        }
        return copied(published, route, deps);
      } catch (error) {
        if (!(error instanceof ConcurrentWriterError)) throw error;
        lastConflict = error;
        deps.logger.warn('Final path changed since it was read; deciding again', {
          key: event.key,
          attempt,
        });
      }
    }
  } catch (error) {
    if (isPermanentError(error)) await discardStaged();
    throw error;
  }
  throw new ConcurrentWriterError(
    `${fileSystem}/${path} kept changing for ${DECISION_ATTEMPTS} attempts`,
    { cause: lastConflict },
  );
}

/** Decides, and reads from S3 what a copy needs. */
async function nextStep(
  event: S3ObjectEvent,
  target: TargetState,
  mirrorDeletes: boolean,
  deps: TransferDependencies,
): Promise<NextStep> {
  const current = await currentObject(event, deps);
  if (current !== undefined) {
    const decision = decidePresentKey(event, target, current);
    // A created event copies its own object; a delete copies whatever the key holds now.
    if (decision === 'copy')
      return { action: 'copy', source: current, ofEvent: event.kind === 'created' };
    return none(decision);
  }
  const decision = decideDeletedKey(event, target, mirrorDeletes);
  if (decision === 'keep-event-version') return keepEventVersion(event, target, deps);
  if (decision === 'delete')
    return target.exists ? { action: 'delete', etag: target.etag } : none('absent');
  return none(decision);
}

/** S3's current object of the key (HEAD without a version id); undefined when deleted. */
function currentObject(
  event: S3ObjectEvent,
  deps: TransferDependencies,
): Promise<SourceObject | undefined> {
  return deps.tracing.span('S3 HeadObject (current)', () =>
    headSource(deps.s3, event.bucket, event.key, undefined),
  );
}

/** Deletes are not mirrored and S3 deleted the key: the mirror keeps the event's version. */
async function keepEventVersion(
  event: S3ObjectEvent,
  target: TargetState,
  deps: TransferDependencies,
): Promise<NextStep> {
  if (event.kind !== 'created' || event.versionId === undefined) return none('source-gone');
  const { versionId } = event;
  const version = await deps.tracing.span('S3 HeadObject (version)', () =>
    headSource(deps.s3, event.bucket, event.key, versionId),
  );
  if (version === undefined) return none('source-gone');
  const last = await deps.tracing.span('S3 ListObjectVersions', () =>
    lastLiveVersion(deps.s3, event.bucket, event.key),
  );
  const decision =
    last === undefined ? decideRetained(event, target) : decideByLastVersion(event, target, last);
  return decision === 'copy' ? { action: 'copy', source: version, ofEvent: true } : none(decision);
}

type NoOpDecision =
  | Exclude<PresentKeyDecision, 'copy'>
  | Exclude<DeletedKeyDecision, 'keep-event-version' | 'delete'>
  | Exclude<RetainedDecision, 'copy'>;

function none(decision: NoOpDecision): NextStep {
  switch (decision) {
    case 'absent':
    case 'newer-copy':
    case 'foreign-file':
      return { action: 'none', outcome: { outcome: 'delete-ignored', reason: decision } };
    default:
      return { action: 'none', outcome: { outcome: decision } };
  }
}

function sameVersion(a: SourceObject, b: SourceObject): boolean {
  return a.versionId === b.versionId && a.etag === b.etag;
}

/** Copies the source into its temporary path, with what the target records about it. */
async function stageCopy(
  event: S3ObjectEvent,
  step: Extract<NextStep, { action: 'copy' }>,
  route: Route,
  deps: TransferDependencies,
  delivery: Delivery,
): Promise<StagedCopy> {
  const { source } = step;
  const tempPath = tempPathFor(route.path, source);
  const metadata = targetMetadata({
    bucket: event.bucket,
    etag: source.etag,
    ...(source.versionId !== undefined && { versionId: source.versionId }),
    // The event's sequencer belongs to the event's object only.
    ...(step.ofEvent && event.sequencer !== undefined && { sequencer: event.sequencer }),
    userMetadata: source.userMetadata,
  });
  const temp = await copyToTemp(
    {
      clients: await deps.azure(),
      fileSystem: route.fileSystem,
      tempPath,
      source,
      metadata,
      presign: deps.presign ?? s3Presigner(deps.s3),
      // An unreadable receive count counts as a redelivery: looking costs one request.
      resume: !(delivery.attempt <= 1),
    },
    deps,
  );
  return { ...temp, source, tempPath };
}

function copied(published: StagedCopy, route: Route, deps: TransferDependencies): TransferOutcome {
  const { source, mode } = published;
  deps.metrics.addMetric('BytesCopied', MetricUnit.Bytes, mode === 'reused' ? 0 : source.size);
  deps.metrics.addMetric(
    'BytesThroughFunction',
    MetricUnit.Bytes,
    mode === 'streaming' ? source.size : 0,
  );
  const modeMetric = deps.metrics.singleMetric();
  modeMetric.addDimension('CopyMode', mode);
  // The metric needs its own name: EMF refuses a key that is both a dimension and a metric.
  modeMetric.addMetric('Copies', MetricUnit.Count, 1);
  deps.logger.info('Copied', {
    key: source.key,
    target: `${route.fileSystem}/${route.path}`,
    mode,
    bytes: source.size,
    blocksStaged: published.blocksStaged,
    blocksReused: published.blocksReused,
  });
  return { outcome: 'copied', mode, bytes: source.size };
}

function noOp(
  outcome: TransferOutcome,
  event: S3ObjectEvent,
  deps: TransferDependencies,
): TransferOutcome {
  const gone = outcome.outcome === 'source-gone';
  deps.metrics.addMetric(gone ? 'Skipped' : 'Duplicates', MetricUnit.Count, 1);
  if (gone) deps.logger.warn('Source no longer exists; nothing to copy', { key: event.key });
  return outcome;
}
