/**
 * User metadata (`x-ms-meta-<name>: <value>`). Names must be valid C# identifiers, as the
 * reference requires, because the service exposes them as such in its client libraries.
 */
import { AzureError } from '../azure-error';
import type { AzureRequest } from '../azure-request';
import type { PathEntry } from '../namespace';

const PREFIX = 'x-ms-meta-';
const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;
/** What marks a directory when it is seen through the Blob API of an HNS account. */
export const FOLDER_MARKER = 'hdi_isfolder';

function invalidMetadata(): AzureError {
  return new AzureError(
    'InvalidMetadata',
    'The metadata specified is invalid. It has characters that are not permitted.',
    400,
  );
}

/**
 * Reads and validates the request's metadata. Node lower-cases header names, so names are kept
 * lower-case; the same name sent twice arrives joined and cannot be told apart from one value.
 */
export function readMetadata(request: AzureRequest): Record<string, string> {
  const metadata: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers)) {
    if (!name.startsWith(PREFIX) || value === undefined) continue;
    const key = name.slice(PREFIX.length);
    if (!IDENTIFIER.test(key)) throw invalidMetadata();
    metadata[key] = Array.isArray(value) ? value.join(',') : value;
  }
  return metadata;
}

/** Metadata as the Blob API shows it: directories carry `hdi_isfolder=true`. */
export function visibleMetadata(entry: PathEntry): Record<string, string> {
  return entry.kind === 'directory'
    ? { ...entry.metadata, [FOLDER_MARKER]: 'true' }
    : { ...entry.metadata };
}

export function metadataHeaders(
  metadata: Readonly<Record<string, string>>,
): Record<string, string> {
  return Object.fromEntries(
    Object.entries(metadata).map(([name, value]) => [`${PREFIX}${name}`, value]),
  );
}

/** Whether a write asks for a directory the way Blob clients of HNS accounts do. */
export function marksFolder(metadata: Readonly<Record<string, string>>): boolean {
  return metadata[FOLDER_MARKER]?.toLowerCase() === 'true';
}

/** The stored metadata of a directory never keeps the marker: it is implied by the kind. */
export function withoutFolderMarker(metadata: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(metadata).filter(([name]) => name !== FOLDER_MARKER));
}
