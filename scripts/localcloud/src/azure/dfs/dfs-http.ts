/**
 * Request parsing and response headers shared by the DFS operations: query flags, the
 * `x-ms-properties` encoding, path content headers, and the headers every path answer carries.
 */
import { AzureError } from '../azure-error';
import { header, httpDate, type AzureRequest } from '../azure-request';
import type { Container, ContentProperties, PathEntry } from '../namespace';
import type { AzureCall } from '../operation';

/** A `true`/`false` query parameter; undefined when absent. */
export function queryFlag(request: AzureRequest, name: string): boolean | undefined {
  const value = request.query.get(name);
  if (value === undefined) return undefined;
  if (value === 'true') return true;
  if (value === 'false') return false;
  throw invalidQueryValue(name, value);
}

/** A non-negative integer query parameter; undefined when absent. */
export function queryInteger(request: AzureRequest, name: string): number | undefined {
  const value = request.query.get(name);
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(Number(value))) {
    throw invalidQueryValue(name, value);
  }
  return Number(value);
}

export function invalidQueryValue(name: string, value: string): AzureError {
  return new AzureError(
    'InvalidQueryParameterValue',
    `Value for one of the query parameters specified in the request URI is invalid. (${name}=${value})`,
    400,
  );
}

export function missingQueryParameter(name: string): AzureError {
  return new AzureError(
    'MissingRequiredQueryParameter',
    `A query parameter that's mandatory for this request is not specified. (${name})`,
    400,
  );
}

export function invalidHeaderValue(name: string): AzureError {
  return new AzureError(
    'InvalidHeaderValue',
    `The value for one of the HTTP headers is not in the correct format. (${name})`,
    400,
  );
}

/**
 * `x-ms-properties`: comma-separated `name=base64(value)` pairs, the DFS way of sending user
 * metadata (values are base64 so they may hold any byte, names are ASCII).
 */
export function parseProperties(request: AzureRequest): Record<string, string> | undefined {
  const raw = header(request, 'x-ms-properties');
  if (raw === undefined) return undefined;
  const properties: Record<string, string> = {};
  if (raw.trim() === '') return properties;
  for (const pair of raw.split(',')) {
    const equals = pair.indexOf('=');
    const name = (equals === -1 ? pair : pair.slice(0, equals)).trim();
    const value = equals === -1 ? '' : pair.slice(equals + 1).trim();
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) {
      throw new AzureError(
        'InvalidPropertyName',
        'The property name contains invalid characters.',
        400,
      );
    }
    if (!/^[A-Za-z0-9+/]*={0,2}$/.test(value) || value.length % 4 !== 0) {
      throw invalidHeaderValue('x-ms-properties');
    }
    properties[name] = Buffer.from(value, 'base64').toString('utf8');
  }
  return properties;
}

export function formatProperties(metadata: Record<string, string>): string {
  return Object.entries(metadata)
    .map(([name, value]) => `${name}=${Buffer.from(value, 'utf8').toString('base64')}`)
    .join(',');
}

/** The `x-ms-content-*` / `x-ms-cache-control` headers of Create Path, Flush Data, Set Properties. */
export function contentHeaders(request: AzureRequest): ContentProperties {
  const properties: ContentProperties = {};
  const set = (key: keyof ContentProperties, name: string): void => {
    const value = header(request, name);
    if (value !== undefined) properties[key] = value;
  };
  set('contentType', 'x-ms-content-type');
  set('contentEncoding', 'x-ms-content-encoding');
  set('contentLanguage', 'x-ms-content-language');
  set('contentDisposition', 'x-ms-content-disposition');
  set('cacheControl', 'x-ms-cache-control');
  return properties;
}

/** The file system a path request addresses (404 FilesystemNotFound otherwise). */
export function fileSystemOf(call: AzureCall): Container {
  return call.namespace.container(call.request.container, 'dfs');
}

/** ETag and Last-Modified, the answer to every write on a path. */
export function versionHeaders(entry: {
  etag: string;
  lastModified: Date;
}): Record<string, string> {
  return { etag: entry.etag, 'last-modified': httpDate(entry.lastModified) };
}

/** A path's size as readers see it (committed bytes only). */
export function committedLength(entry: PathEntry): number {
  return entry.kind === 'file' ? entry.content.length : 0;
}
