/** What one transfer of an object event ended in, and which delivery of the event it was. */
import type { CopyMode } from './copy-to-temp';
import type { SkipReason } from './routing';

export type TransferOutcome =
  | { readonly outcome: 'copied'; readonly mode: CopyMode; readonly bytes: number }
  | { readonly outcome: 'skipped'; readonly reason: SkipReason | 'deletes-not-mirrored' }
  | { readonly outcome: 'duplicate' | 'older' | 'superseded' | 'source-gone' }
  | { readonly outcome: 'deleted' }
  | {
      readonly outcome: 'delete-ignored';
      readonly reason: 'absent' | 'newer-copy' | 'foreign-file';
    };

/** Which delivery of the event this is: SQS's receive count, 1 for the first. */
export interface Delivery {
  readonly attempt: number;
}
