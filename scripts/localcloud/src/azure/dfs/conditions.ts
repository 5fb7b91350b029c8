/**
 * Conditional headers of the DFS API. Destination (or target) conditions use the standard
 * If-* headers and fail with 412 ConditionNotMet; rename source conditions use
 * `x-ms-source-if-*` and fail with 412 SourceConditionNotMet. `If-None-Match: *` on a create
 * (Create Path, the destination of Rename Path) means "only if absent": 409 PathAlreadyExists.
 */
import { AzureError } from '../azure-error';
import { header, type AzureRequest } from '../azure-request';
import type { PathEntry } from '../namespace';
import { invalidHeaderValue } from './dfs-http';

interface ConditionHeaders {
  readonly ifMatch: string;
  readonly ifNoneMatch: string;
  readonly ifModifiedSince: string;
  readonly ifUnmodifiedSince: string;
}

const TARGET: ConditionHeaders = {
  ifMatch: 'if-match',
  ifNoneMatch: 'if-none-match',
  ifModifiedSince: 'if-modified-since',
  ifUnmodifiedSince: 'if-unmodified-since',
};

const SOURCE: ConditionHeaders = {
  ifMatch: 'x-ms-source-if-match',
  ifNoneMatch: 'x-ms-source-if-none-match',
  ifModifiedSince: 'x-ms-source-if-modified-since',
  ifUnmodifiedSince: 'x-ms-source-if-unmodified-since',
};

export function conditionNotMet(): AzureError {
  return new AzureError(
    'ConditionNotMet',
    'The condition specified using HTTP conditional header(s) is not met.',
    412,
  );
}

function sourceConditionNotMet(): AzureError {
  return new AzureError(
    'SourceConditionNotMet',
    'The source condition specified using HTTP conditional header(s) is not met.',
    412,
  );
}

export function pathAlreadyExists(): AzureError {
  return new AzureError('PathAlreadyExists', 'The specified path already exists.', 409);
}

/**
 * Checks the If-* headers against the path a write targets (undefined when it does not exist
 * yet). `createLike` is true for Create Path and the rename destination, where
 * `If-None-Match: *` on an existing path is a conflict rather than a failed precondition.
 */
export function checkTargetConditions(
  request: AzureRequest,
  entry: PathEntry | undefined,
  createLike = false,
): void {
  const failure = evaluate(request, TARGET, entry);
  if (failure === 'exists' && createLike) throw pathAlreadyExists();
  if (failure !== undefined) throw conditionNotMet();
}

/** Checks `x-ms-source-if-*` against the rename source. */
export function checkSourceConditions(request: AzureRequest, entry: PathEntry): void {
  if (evaluate(request, SOURCE, entry) !== undefined) throw sourceConditionNotMet();
}

type Failure = 'exists' | 'failed' | undefined;

function evaluate(
  request: AzureRequest,
  names: ConditionHeaders,
  entry: PathEntry | undefined,
): Failure {
  const ifMatch = header(request, names.ifMatch);
  if (ifMatch !== undefined && (!entry || !etagListMatches(ifMatch, entry.etag))) return 'failed';
  const ifNoneMatch = header(request, names.ifNoneMatch);
  if (ifNoneMatch !== undefined && entry) {
    if (ifNoneMatch.trim() === '*') return 'exists';
    if (etagListMatches(ifNoneMatch, entry.etag)) return 'failed';
  }
  const modifiedSince = dateHeader(request, names.ifModifiedSince);
  if (modifiedSince !== undefined && entry && seconds(entry.lastModified) <= modifiedSince) {
    return 'failed';
  }
  const unmodifiedSince = dateHeader(request, names.ifUnmodifiedSince);
  if (unmodifiedSince !== undefined && (!entry || seconds(entry.lastModified) > unmodifiedSince)) {
    return 'failed';
  }
  return undefined;
}

/** `*` or a comma-separated list of quoted ETags (quotes optional, as clients vary). */
function etagListMatches(list: string, etag: string): boolean {
  const bare = (value: string): string => value.trim().replace(/^W\//, '').replace(/^"|"$/g, '');
  return list
    .split(',')
    .some((candidate) => candidate.trim() === '*' || bare(candidate) === bare(etag));
}

/** HTTP dates have second precision; so are comparisons against them. */
function seconds(date: Date): number {
  return Math.floor(date.getTime() / 1000);
}

function dateHeader(request: AzureRequest, name: string): number | undefined {
  const value = header(request, name);
  if (value === undefined) return undefined;
  const time = Date.parse(value);
  if (Number.isNaN(time)) throw invalidHeaderValue(name);
  return Math.floor(time / 1000);
}
