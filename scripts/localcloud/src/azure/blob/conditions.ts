/**
 * Conditional headers (If-Match, If-None-Match, If-Modified-Since, If-Unmodified-Since) as the
 * Blob service applies them: reads answer 304 or 412, writes 412, and `If-None-Match: *` on a
 * blob that exists 409 BlobAlreadyExists. HTTP dates have one-second precision, so times are
 * compared in whole seconds.
 */
import { header, type AzureRequest } from '../azure-request';
import type { PathEntry } from '../namespace';
import { blobAlreadyExists, conditionNotMet } from './errors';

interface Validators {
  readonly etag: string;
  readonly lastModified: Date;
}

interface ConditionHeaders {
  readonly ifMatch?: string;
  readonly ifNoneMatch?: string;
  readonly ifModifiedSince?: string;
  readonly ifUnmodifiedSince?: string;
}

function conditionHeaders(request: AzureRequest, prefix = ''): ConditionHeaders {
  return {
    ifMatch: header(request, `${prefix}if-match`),
    ifNoneMatch: header(request, `${prefix}if-none-match`),
    ifModifiedSince: header(request, `${prefix}if-modified-since`),
    ifUnmodifiedSince: header(request, `${prefix}if-unmodified-since`),
  };
}

function unquote(tag: string): string {
  return tag.trim().replace(/^W\//, '').replace(/^"|"$/g, '');
}

function matchesAny(list: string, etag: string): boolean {
  return list.split(',').some((tag) => tag.trim() === '*' || unquote(tag) === unquote(etag));
}

function seconds(date: Date): number {
  return Math.floor(date.getTime() / 1000);
}

function parseDate(value: string | undefined): Date | undefined {
  if (value === undefined) return undefined;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

type Outcome = 'ok' | 'not-modified' | 'failed';

function evaluate(conditions: ConditionHeaders, target: Validators): Outcome {
  if (conditions.ifMatch !== undefined && !matchesAny(conditions.ifMatch, target.etag))
    return 'failed';
  const unmodifiedSince = parseDate(conditions.ifUnmodifiedSince);
  if (unmodifiedSince && seconds(target.lastModified) > seconds(unmodifiedSince)) return 'failed';
  if (conditions.ifNoneMatch !== undefined && matchesAny(conditions.ifNoneMatch, target.etag))
    return 'not-modified';
  const modifiedSince = parseDate(conditions.ifModifiedSince);
  if (modifiedSince && seconds(target.lastModified) <= seconds(modifiedSince))
    return 'not-modified';
  return 'ok';
}

/** Get Blob / Get Blob Properties: true when the answer is 304 Not Modified; throws 412. */
export function checkReadConditions(request: AzureRequest, entry: PathEntry): boolean {
  const outcome = evaluate(conditionHeaders(request), entry);
  if (outcome === 'failed') throw conditionNotMet();
  return outcome === 'not-modified';
}

/**
 * Writes. `creates`: the write creates or replaces the blob. A blob that does not exist fails If-Match and
 * If-Unmodified-Since (there is nothing to match); `If-None-Match: *` on one that exists is 409.
 */
export function checkWriteConditions(
  request: AzureRequest,
  entry: PathEntry | undefined,
  creates = false,
): void {
  const conditions = conditionHeaders(request);
  if (!entry) {
    if (conditions.ifMatch !== undefined) throw conditionNotMet();
    return;
  }
  if (creates && conditions.ifNoneMatch?.trim() === '*') throw blobAlreadyExists();
  if (evaluate(conditions, entry) !== 'ok') throw conditionNotMet();
}

/** Put Blob From URL: `x-ms-source-if-*` against the source's answer. */
export function sourceConditionsMet(request: AzureRequest, source: Validators): boolean {
  return evaluate(conditionHeaders(request, 'x-ms-source-'), source) === 'ok';
}

/** The source conditions, to forward to the source so that it can answer them itself. */
export function sourceConditionHeaders(request: AzureRequest): Record<string, string> {
  const conditions = conditionHeaders(request, 'x-ms-source-');
  const forwarded: Record<string, string> = {};
  if (conditions.ifMatch !== undefined) forwarded['if-match'] = conditions.ifMatch;
  if (conditions.ifNoneMatch !== undefined) forwarded['if-none-match'] = conditions.ifNoneMatch;
  if (conditions.ifModifiedSince !== undefined)
    forwarded['if-modified-since'] = conditions.ifModifiedSince;
  if (conditions.ifUnmodifiedSince !== undefined)
    forwarded['if-unmodified-since'] = conditions.ifUnmodifiedSince;
  return forwarded;
}
