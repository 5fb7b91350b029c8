import type { AzureResponse } from './azure-request';

/**
 * An Azure Storage error: a code from the REST reference's error tables, its message and HTTP
 * status. Blob endpoints answer XML `<Error>`, DFS endpoints JSON `{"error":{…}}`; both send the
 * code in `x-ms-error-code`, and HEAD responses carry only that header.
 */
export class AzureError extends Error {
  override readonly name = 'AzureError';

  constructor(
    readonly code: string,
    message: string,
    readonly status: number,
    readonly options: {
      /** Extra XML elements (Blob), e.g. `AuthenticationErrorDetail`. */
      readonly details?: Readonly<Record<string, string>>;
      readonly headers?: Readonly<Record<string, string>>;
    } = {},
  ) {
    super(message);
  }
}

export type ErrorFormat = 'xml' | 'json';

export function renderAzureError(
  error: AzureError,
  format: ErrorFormat,
  requestId: string,
  now: Date,
  method: string,
): AzureResponse {
  const message = `${error.message}\nRequestId:${requestId}\nTime:${now.toISOString().replace(/Z$/, '0000Z')}`;
  const headers = { 'x-ms-error-code': error.code, ...error.options.headers };
  if (method === 'HEAD') return { status: error.status, headers };
  if (format === 'json') {
    return {
      status: error.status,
      headers: { ...headers, 'content-type': 'application/json;charset=utf-8' },
      body: JSON.stringify({ error: { code: error.code, message } }),
    };
  }
  const details = Object.entries(error.options.details ?? {})
    .map(([name, value]) => `<${name}>${escapeXml(value)}</${name}>`)
    .join('');
  return {
    status: error.status,
    headers: { ...headers, 'content-type': 'application/xml' },
    body: `<?xml version="1.0" encoding="utf-8"?><Error><Code>${error.code}</Code><Message>${escapeXml(message)}</Message>${details}</Error>`,
  };
}

function escapeXml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}
