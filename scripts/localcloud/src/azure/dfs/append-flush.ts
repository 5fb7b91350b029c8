/**
 * Append Data and Flush Data (`PATCH ?action=append|flush&position=N`): appended bytes stay
 * uncommitted, invisible to readers, listings and Get Properties, until a flush at the exact end
 * of contiguous appended data commits them atomically.
 */
import { createHash } from 'node:crypto';
import { AzureError } from '../azure-error';
import { header, type AzureResponse } from '../azure-request';
import { newEtag, type PathEntry } from '../namespace';
import type { AzureCall } from '../operation';
import { checkTargetConditions } from './conditions';
import {
  contentHeaders,
  missingQueryParameter,
  queryFlag,
  queryInteger,
  versionHeaders,
} from './dfs-http';
import { existingPath } from './paths';
import { commitAppends, stageAppend } from './staged-appends';

/** The path of an append or flush: it must exist and be a file. */
function writableFile(call: AzureCall): PathEntry {
  const entry = existingPath(call);
  if (entry.kind !== 'file') {
    throw new AzureError(
      'ResourceTypeMismatch',
      'The resource type specified in the request does not match the type of the resource.',
      409,
    );
  }
  return entry;
}

function position(call: AzureCall): number {
  const value = queryInteger(call.request, 'position');
  if (value === undefined) throw missingQueryParameter('position');
  return value;
}

export function appendData(call: AzureCall): AzureResponse {
  const at = position(call);
  const flush = queryFlag(call.request, 'flush') ?? false;
  queryFlag(call.request, 'close');
  const entry = writableFile(call);
  const body = call.request.body;
  // A transactional MD5 is checked when the client sends one; hashing every append otherwise
  // would spend emulator CPU on a value nothing reads (appends never set the file's MD5).
  const sentMd5 = header(call.request, 'content-md5');
  const md5 = sentMd5 === undefined ? undefined : createHash('md5').update(body).digest('base64');
  if (sentMd5 !== undefined && sentMd5 !== md5) {
    throw new AzureError(
      'Md5Mismatch',
      'The MD5 value specified in the request did not match with the MD5 value calculated by the server.',
      400,
      { headers: { 'x-ms-content-md5': md5 ?? '' } },
    );
  }
  stageAppend(entry, at, body);
  const headers: Record<string, string> = {
    ...(md5 !== undefined && { 'content-md5': md5 }),
    'x-ms-request-server-encrypted': 'true',
  };
  if (!flush) return { status: 202, headers };
  // flush=true commits in the same call, up to the end of this append.
  commitAppends(entry, at + body.length, false);
  entry.properties = { ...entry.properties, contentMd5: undefined };
  entry.etag = newEtag();
  entry.lastModified = call.now();
  return { status: 202, headers: { ...headers, ...versionHeaders(entry) } };
}

export function flushData(call: AzureCall): AzureResponse {
  const at = position(call);
  const retain = queryFlag(call.request, 'retainUncommittedData') ?? false;
  // `close` only marks the end of a write stream for change notifications; nothing to store.
  queryFlag(call.request, 'close');
  if (call.request.body.length > 0) {
    throw new AzureError(
      'ContentLengthMustBeZero',
      'The Content-Length request header must be zero.',
      400,
    );
  }
  const entry = writableFile(call);
  checkTargetConditions(call.request, entry);
  const contentMd5 = header(call.request, 'x-ms-content-md5');
  if (contentMd5 !== undefined && Buffer.from(contentMd5, 'base64').length !== 16) {
    throw new AzureError(
      'InvalidHeaderValue',
      'The value for one of the HTTP headers is not in the correct format. (x-ms-content-md5)',
      400,
    );
  }
  commitAppends(entry, at, retain);
  // The stored MD5 describes the new content only when the flush supplies it.
  entry.properties = { ...entry.properties, ...contentHeaders(call.request), contentMd5 };
  entry.etag = newEtag();
  entry.lastModified = call.now();
  return {
    status: 200,
    headers: { ...versionHeaders(entry), 'x-ms-request-server-encrypted': 'true' },
  };
}
