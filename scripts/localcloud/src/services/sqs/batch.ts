/** The request-level rules every SQS batch operation shares, and its per-entry result shape. */
import { AwsError } from '../../core/aws-error';
import type { WireJson } from '../../core/json-protocol';
import {
  batchEntryIdsNotDistinct,
  emptyBatchRequest,
  invalidBatchEntryId,
  queryCodeOf,
  tooManyEntriesInBatchRequest,
} from './errors';

const ENTRY_ID = /^[A-Za-z0-9_-]{1,80}$/;
const MAX_ENTRIES = 10;

/** Checks count, id format and uniqueness; returns the entries. */
export function batchEntries(input: WireJson, entryShape: string): WireJson[] {
  const raw: unknown = input.Entries;
  const entries = Array.isArray(raw) ? (raw as WireJson[]) : [];
  if (entries.length === 0) throw emptyBatchRequest(entryShape);
  if (entries.length > MAX_ENTRIES) throw tooManyEntriesInBatchRequest(entries.length);
  const seen = new Set<string>();
  for (const entry of entries) {
    const id: unknown = entry.Id;
    if (typeof id !== 'string' || !ENTRY_ID.test(id)) throw invalidBatchEntryId();
    if (seen.has(id)) throw batchEntryIdsNotDistinct(id);
    seen.add(id);
  }
  return entries;
}

export interface BatchResult<T> {
  Successful: (T & { Id: string })[];
  Failed: { Id: string; SenderFault: boolean; Code: string; Message: string }[];
}

/** Runs `action` per entry; an AwsError becomes that entry's failure, anything else propagates. */
export function runBatch<T extends object>(
  entries: readonly WireJson[],
  action: (entry: WireJson) => T,
): BatchResult<T> {
  const result: BatchResult<T> = { Successful: [], Failed: [] };
  for (const entry of entries) {
    const Id = String(entry.Id);
    try {
      result.Successful.push({ Id, ...action(entry) });
    } catch (error) {
      if (!(error instanceof AwsError)) throw error;
      result.Failed.push({
        Id,
        SenderFault: error.fault === 'Sender',
        Code: queryCodeOf(error),
        Message: error.message,
      });
    }
  }
  return result;
}
