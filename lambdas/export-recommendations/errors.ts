/**
 * Typed errors of the export (the warehouse library raises the Data API's). Every one fails the
 * invocation: Lambda retries it, then hands the event to the on-failure destination, whose alarm,
 * like the function's error alarm, reaches the alert fabric. The pointer is never moved by a
 * failed export.
 */
import { PermanentError, RetryableError } from '../shared/errors';

/** The input is neither the ELT's on-success record nor `{ "day": "YYYY-MM-DD" }`. */
export class InvalidExportEventError extends PermanentError {
  override readonly name = 'InvalidExportEventError';
}

/**
 * The snapshot of the day has no related products or no popular products: the ELT wrote nothing
 * for it, or computed nothing. Exporting it would replace a full night with an empty one.
 */
export class EmptySnapshotError extends PermanentError {
  override readonly name = 'EmptySnapshotError';
  constructor(
    readonly day: string,
    readonly rows: { readonly related: number; readonly popular: number },
  ) {
    super(
      `The snapshot of ${day} holds ${rows.related} related-product rows and ${rows.popular} popular-product rows; both must hold some. The pointer stays on the last full snapshot.`,
    );
  }
}

/** A SQL file of the export is missing, holds more than one statement, or binds unknown names. */
export class ExportQueryError extends PermanentError {
  override readonly name = 'ExportQueryError';
}

/** A row of the warehouse lacks a value the item needs, or has one of the wrong type. */
export class SnapshotRowError extends PermanentError {
  override readonly name = 'SnapshotRowError';
}

/**
 * The rows of one item did not come together: the query's ORDER BY was lost, and an item built
 * from part of its rows would silently replace the whole one.
 */
export class SnapshotOrderError extends PermanentError {
  override readonly name = 'SnapshotOrderError';
}

/** An item would exceed DynamoDB's 400 KB; the night is not exported rather than cut short. */
export class ItemTooLargeError extends PermanentError {
  override readonly name = 'ItemTooLargeError';
}

/** DynamoDB left items unprocessed after every attempt (throttling that did not pass). */
export class UnprocessedItemsError extends RetryableError {
  override readonly name = 'UnprocessedItemsError';
  constructor(
    readonly unprocessed: number,
    readonly attempts: number,
  ) {
    super(`${unprocessed} items were still unprocessed after ${attempts} BatchWriteItem attempts`);
  }
}
