/**
 * What the mirror of a key must do, from what the final path records about the source it was
 * copied from and what S3 holds now. Pure: the caller reads both, this decides.
 *
 * S3's current object (HEAD without a version id) is the truth, not the event: events arrive in
 * any order, a sequencer may not increase (LocalStack sends a constant one) or may be forged, and
 * neither can bring back a deleted key or hold back a genuine new version. Sequencers only order
 * versions the mirror keeps after S3 deleted the key (deletes not mirrored).
 */
import type { TargetState } from './adls-target';
import type { S3ObjectEventKind } from './event';
import { compareSequencers } from './sequencer';

export interface EventIdentity {
  readonly versionId?: string;
  readonly etag?: string;
  readonly sequencer?: string;
}

/** The object S3 serves for the key now (HEAD without a version id). */
export interface CurrentObject {
  readonly versionId?: string;
  readonly etag: string;
}

export interface MirrorEvent extends EventIdentity {
  readonly kind: S3ObjectEventKind;
}

/**
 * The key exists in S3. copy: copy the current object; no-ops: duplicate (the event's object is
 * there), older (a newer object is there), superseded (the event's object is no longer current,
 * and the current one has its own event), newer-copy (a delete, but the key exists again and the
 * mirror holds it).
 */
export type PresentKeyDecision = 'copy' | 'duplicate' | 'older' | 'superseded' | 'newer-copy';

export function decidePresentKey(
  event: MirrorEvent,
  target: TargetState,
  current: CurrentObject,
): PresentKeyDecision {
  if (holdsObject(target, current)) {
    if (event.kind === 'deleted') return 'newer-copy';
    return isEventObject(event, current) ? 'duplicate' : 'older';
  }
  // A delete that finds the key present again (re-created, or an older version restored by a
  // permanent delete, which has no created event of its own) brings the mirror to it.
  if (event.kind === 'deleted' || isEventObject(event, current)) return 'copy';
  return 'superseded';
}

/**
 * S3 has deleted the key. keep-event-version: deletes are not mirrored, so the mirror keeps the
 * event's version (see `decideRetained`); delete: remove the mirror's copy; no-ops: source-gone
 * (a created event, nothing there), absent (a delete, nothing there), foreign-file (a file the
 * transfer did not write, which a delete leaves alone).
 */
export type DeletedKeyDecision =
  'keep-event-version' | 'delete' | 'source-gone' | 'absent' | 'foreign-file';

export function decideDeletedKey(
  event: MirrorEvent,
  target: TargetState,
  mirrorDeletes: boolean,
): DeletedKeyDecision {
  if (!mirrorDeletes) return 'keep-event-version';
  if (!target.exists) return event.kind === 'created' ? 'source-gone' : 'absent';
  // Only what the transfer wrote is removed; it records the source's ETag on every copy.
  return target.recorded.etag === undefined ? 'foreign-file' : 'delete';
}

/**
 * For a key S3 has deleted while deletes are not mirrored: whether to keep the event's version.
 * The same version is a duplicate whatever the sequencers say; otherwise an older sequencer
 * loses, and an equal one (a sequencer that does not increase) orders nothing, so the version
 * is copied: copying again is the safe side.
 */
export type RetainedDecision = 'copy' | 'duplicate' | 'older';

export function decideRetained(event: EventIdentity, target: TargetState): RetainedDecision {
  if (!target.exists) return 'copy';
  const { recorded } = target;
  const version = versionOf(event.versionId);
  if (version !== undefined && versionOf(recorded.versionId) === version) return 'duplicate';
  if (version === undefined && event.etag !== undefined && recorded.etag === event.etag)
    return 'duplicate';
  if (event.sequencer !== undefined && recorded.sequencer !== undefined) {
    const order = compareSequencers(event.sequencer, recorded.sequencer);
    if (order < 0) return 'older';
    if (order === 0 && !differentObjects(event, recorded)) return 'duplicate';
  }
  return 'copy';
}

/**
 * The same question answered by S3's own version order (the key's newest version that is not a
 * delete marker), which no sequencer, forged or constant, can change: only that version is kept.
 */
export function decideByLastVersion(
  event: EventIdentity,
  target: TargetState,
  lastVersionId: string,
): RetainedDecision {
  if (versionOf(event.versionId) !== lastVersionId) return 'older';
  const held = target.exists && versionOf(target.recorded.versionId) === lastVersionId;
  return held ? 'duplicate' : 'copy';
}

/** S3 calls an unversioned object's version "null". */
function versionOf(versionId: string | undefined): string | undefined {
  return versionId === 'null' ? undefined : versionId;
}

/** Whether the final path holds exactly this object (its version, or unversioned its ETag). */
function holdsObject(target: TargetState, object: CurrentObject): boolean {
  if (!target.exists) return false;
  const recordedVersion = versionOf(target.recorded.versionId);
  const version = versionOf(object.versionId);
  if (version !== undefined) return recordedVersion === version;
  return recordedVersion === undefined && target.recorded.etag === object.etag;
}

/** Whether the event is about the object S3 serves now. An event naming neither is taken to be. */
function isEventObject(event: EventIdentity, current: CurrentObject): boolean {
  const version = versionOf(event.versionId);
  if (version !== undefined) return versionOf(current.versionId) === version;
  if (event.etag !== undefined)
    return versionOf(current.versionId) === undefined && current.etag === event.etag;
  return true;
}

/** Whether two identities certainly name different objects (by version, else by ETag). */
function differentObjects(a: EventIdentity, b: EventIdentity): boolean {
  const [versionA, versionB] = [versionOf(a.versionId), versionOf(b.versionId)];
  if (versionA !== undefined && versionB !== undefined) return versionA !== versionB;
  return a.etag !== undefined && b.etag !== undefined && a.etag !== b.etag;
}
