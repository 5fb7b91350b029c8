/**
 * List Paths (`GET /<filesystem>?resource=filesystem&recursive=…`): JSON `{"paths":[…]}` in
 * name order, paged by an opaque `continuation` token answered in `x-ms-continuation`. Values
 * are strings and `isDirectory` is present only for directories, as the service answers.
 */
import { httpDate, type AzureResponse } from '../azure-request';
import { compareNames, pathNotFound, trimSlashes, type PathEntry } from '../namespace';
import type { AzureCall } from '../operation';
import { accessControlOf, permissionsString } from './access-control';
import {
  fileSystemOf,
  invalidQueryValue,
  missingQueryParameter,
  queryFlag,
  queryInteger,
} from './dfs-http';
import { invalidMaxResults } from './filesystems';

const MAX_RESULTS = 5000;
/** 100-ns ticks between 1601-01-01 (Windows file time epoch) and 1970-01-01. */
const FILETIME_EPOCH_OFFSET_MS = 11_644_473_600_000;

export function listPaths(call: AzureCall): AzureResponse {
  const container = fileSystemOf(call);
  const recursive = queryFlag(call.request, 'recursive');
  if (recursive === undefined) throw missingQueryParameter('recursive');
  const maxResults = queryInteger(call.request, 'maxResults') ?? MAX_RESULTS;
  if (maxResults < 1) throw invalidMaxResults();
  const directory = trimSlashes(call.request.query.get('directory') ?? '');
  if (directory !== '' && call.namespace.entry(container, directory)?.kind !== 'directory') {
    throw pathNotFound();
  }
  const after = continuationName(call.request.query.get('continuation'));
  const depth = directory === '' ? 0 : directory.split('/').length;
  const matching = call.namespace
    .descendants(container, directory)
    .filter((entry) => recursive || entry.name.split('/').length === depth + 1)
    .filter((entry) => after === undefined || compareNames(entry.name, after) >= 0);
  const page = matching.slice(0, Math.min(maxResults, MAX_RESULTS));
  const next = matching[page.length];
  return {
    status: 200,
    headers: {
      'content-type': 'application/json;charset=utf-8',
      ...(next !== undefined && {
        'x-ms-continuation': Buffer.from(next.name, 'utf8').toString('base64'),
      }),
    },
    body: JSON.stringify({ paths: page.map(describe) }),
  };
}

function describe(entry: PathEntry): Record<string, string> {
  const control = accessControlOf(entry);
  return {
    name: entry.name,
    ...(entry.kind === 'directory' && { isDirectory: 'true' }),
    contentLength: String(entry.kind === 'file' ? entry.content.length : 0),
    etag: entry.etag.replace(/^"|"$/g, ''),
    lastModified: httpDate(entry.lastModified),
    owner: control.owner,
    group: control.group,
    permissions: permissionsString(control),
    creationTime: String((entry.createdAt.getTime() + FILETIME_EPOCH_OFFSET_MS) * 10_000),
  };
}

/** The token is the base64 of the next name to list; anything else is refused. */
function continuationName(token: string | undefined): string | undefined {
  if (token === undefined || token === '') return undefined;
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(token)) throw invalidQueryValue('continuation', token);
  return Buffer.from(token, 'base64').toString('utf8');
}
