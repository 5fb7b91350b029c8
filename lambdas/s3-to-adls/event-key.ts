/**
 * Which key an event is about, when its key can be read more than one way (form-decoded or as
 * sent, see `eventKeyReadings`). Only S3 can tell: the reading that names the event's object
 * wins, so an object is never judged gone while another reading names it. Events whose key has
 * one reading (no `+` or `%` in it) cost nothing here.
 */
import type { S3ObjectEvent } from './event';
import { deletesMirrored, routeObject, zoneOfLakeBucket } from './routing';
import { headSource } from './source';
import type { TransferDependencies } from './transfer-dependencies';

interface KeyDependencies extends Pick<
  TransferDependencies,
  'platform' | 'lake' | 's3' | 'logger'
> {
  readonly config: Pick<TransferDependencies['config'], 'mirrorDeletes'>;
}

/**
 * The events to handle for what was received, each with one key and no alternatives left.
 * Created: one event, on the first reading whose HEAD finds the event's version (or, unversioned,
 * its ETag), else the first that exists, else the likeliest (the transfer then finds the source
 * gone). Deleted (only looked at when its deletes are mirrored): one event per reading. Each one
 * brings its key's mirror to what S3 holds for that key, so whichever reading S3 meant, its
 * mirror converges, and a reading S3 still holds keeps (or gets) its copy: a delete can never
 * remove a file whose object exists.
 * @throws ForeignBucketError before any request, for a bucket that is not this deployment's
 */
export async function resolveEventKeys(
  event: S3ObjectEvent,
  deps: KeyDependencies,
): Promise<readonly [S3ObjectEvent, ...S3ObjectEvent[]]> {
  zoneOfLakeBucket(deps.platform, deps.lake, event.bucket);
  if (event.alternativeKeys.length === 0) return [event];
  // The dataset is the key's first segment, the same in every reading (dataset names are plain).
  if (
    event.kind === 'deleted' &&
    !deletesMirrored(
      routeObject(deps.platform, deps.lake, event.bucket, event.key),
      deps.config.mirrorDeletes,
    )
  )
    return [event];

  const readings = [event.key, ...event.alternativeKeys] as const;
  if (event.kind === 'deleted') {
    const [first, ...rest] = readings.map((key) => ({ ...event, key, alternativeKeys: [] }));
    return [first!, ...rest];
  }
  const key = await createdReading(event, readings, deps);
  if (key !== event.key) {
    deps.logger.info('Event key taken as sent, not decoded', {
      bucket: event.bucket,
      kind: event.kind,
      readings,
      key,
    });
  }
  return [{ ...event, key, alternativeKeys: [] }];
}

async function createdReading(
  event: S3ObjectEvent,
  readings: readonly string[],
  deps: KeyDependencies,
): Promise<string> {
  let firstExisting: string | undefined;
  for (const key of readings) {
    const found = await headSource(deps.s3, event.bucket, key, event.versionId);
    if (found === undefined) continue;
    // A version id is unique to its key; without one, the ETag tells the event's object apart.
    if (event.versionId !== undefined || event.etag === undefined || found.etag === event.etag)
      return key;
    firstExisting ??= key;
  }
  return firstExisting ?? readings[0]!;
}
