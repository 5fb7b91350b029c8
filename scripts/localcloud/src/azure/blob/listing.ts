/** What List Containers and List Blobs share: paging parameters and the XML envelope. */
import { escapeXml, toXml, type XmlObject } from '../../core/xml';
import { header, type AzureRequest } from '../azure-request';
import { invalidQueryParameter } from './errors';

export const MAX_RESULTS = 5000;

export interface Paging {
  readonly prefix: string;
  readonly marker: string;
  readonly maxResults: number;
  readonly include: readonly string[];
}

/** maxresults must be a positive integer; above 5000 the service still returns 5000. */
export function pagingOf(request: AzureRequest): Paging {
  const raw = request.query.get('maxresults');
  let maxResults = MAX_RESULTS;
  if (raw !== undefined) {
    const parsed = Number(raw);
    if (!/^\d+$/.test(raw) || parsed < 1) {
      throw invalidQueryParameter('maxresults', raw, 'must be a positive integer');
    }
    maxResults = Math.min(parsed, MAX_RESULTS);
  }
  return {
    prefix: request.query.get('prefix') ?? '',
    marker: request.query.get('marker') ?? '',
    maxResults,
    include: (request.query.get('include') ?? '')
      .split(',')
      .map((item) => item.trim().toLowerCase())
      .filter((item) => item !== ''),
  };
}

export function serviceEndpoint(request: AzureRequest): string {
  return `http://${header(request, 'host') ?? '127.0.0.1'}/${request.account}/`;
}

/** `<EnumerationResults …>` with the echo of the request's paging parameters. */
export function enumerationResults(
  attributes: Readonly<Record<string, string>>,
  request: AzureRequest,
  paging: Paging,
  children: XmlObject,
): string {
  const attributeText = Object.entries(attributes)
    .map(([name, value]) => ` ${name}="${escapeXml(value)}"`)
    .join('');
  const echo: XmlObject = {
    Prefix: request.query.has('prefix') ? paging.prefix : undefined,
    Marker: request.query.has('marker') ? paging.marker : undefined,
    MaxResults: request.query.has('maxresults') ? paging.maxResults : undefined,
    Delimiter: request.query.get('delimiter'),
  };
  const body = [...Object.entries(echo), ...Object.entries(children)]
    .map(([name, value]) => toXml(name, value))
    .join('');
  return `<?xml version="1.0" encoding="utf-8"?><EnumerationResults${attributeText}>${body}</EnumerationResults>`;
}

export function xmlResponse(body: string): {
  status: number;
  headers: Record<string, string>;
  body: string;
} {
  return { status: 200, headers: { 'content-type': 'application/xml' }, body };
}
