/**
 * Whether an event still has work to do, from what the final path records about the source it
 * was copied from. Pure: the caller reads the target, this decides.
 */
import type { TargetState } from './adls-target';
import { compareSequencers } from './sequencer';

export interface EventIdentity {
  readonly versionId?: string;
  readonly etag?: string;
  readonly sequencer?: string;
}

/** copy: do it; duplicate: this change is already there; older: a newer change is already there. */
export type CreatedDecision = 'copy' | 'duplicate' | 'older';

export function decideCreated(event: EventIdentity, target: TargetState): CreatedDecision {
  if (!target.exists) return 'copy';
  const { recorded } = target;
  if (event.sequencer !== undefined && recorded.sequencer !== undefined) {
    const order = compareSequencers(event.sequencer, recorded.sequencer);
    if (order < 0) return 'older';
    if (order === 0) return 'duplicate';
    return 'copy';
  }
  // Without sequencers only sameness can be told, not order: copying again is the safe side.
  if (event.versionId !== undefined && recorded.versionId === event.versionId) return 'duplicate';
  if (event.versionId === undefined && event.etag !== undefined && recorded.etag === event.etag)
    return 'duplicate';
  return 'copy';
}

/** delete: the file holds an older change than the delete; otherwise leave it. */
export type DeletedDecision = 'delete' | 'absent' | 'newer-copy' | 'unordered';

export function decideDeleted(event: EventIdentity, target: TargetState): DeletedDecision {
  if (!target.exists) return 'absent';
  const recorded = target.recorded.sequencer;
  // Data is retained unless the order is certain (DESIGN §5: retained by default).
  if (event.sequencer === undefined || recorded === undefined) return 'unordered';
  return compareSequencers(recorded, event.sequencer) < 0 ? 'delete' : 'newer-copy';
}
