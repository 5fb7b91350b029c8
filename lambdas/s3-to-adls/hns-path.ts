/**
 * Which S3 keys can exist as paths on an ADLS Gen2 (hierarchical namespace) account. S3 accepts
 * almost any UTF-8 key; HNS paths are real directory trees, so some keys have no equivalent.
 * Rules from Azure's "Naming and Referencing Containers, Blobs, and Metadata" and the HNS
 * directory semantics (a path segment is a directory or file name).
 */
import { InvalidTargetPathError } from './errors';

/** Blob names are at most 1024 characters. */
export const MAX_PATH_LENGTH = 1024;
/** A directory or file name on an HNS account is at most 255 characters. */
export const MAX_SEGMENT_LENGTH = 255;
/** Blob names may have at most 254 path segments. */
export const MAX_SEGMENTS = 254;

// C0 controls and DEL are not valid in URL paths even when percent-encoded.
// eslint-disable-next-line no-control-regex
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f]/;
// A lone surrogate cannot be encoded as UTF-8, so it cannot travel in the request URL.
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** The first rule `path` breaks, or undefined when it is a valid HNS file path. */
export function hnsPathViolation(path: string): string | undefined {
  if (path.length === 0) return 'the path is empty';
  if (path.length > MAX_PATH_LENGTH) return `longer than ${MAX_PATH_LENGTH} characters`;
  if (CONTROL_CHARACTERS.test(path)) return 'contains a control character';
  if (LONE_SURROGATE.test(path)) return 'contains an unpaired UTF-16 surrogate';
  if (path.includes('\\')) return 'contains a backslash (a path separator on HNS clients)';
  const segments = path.split('/');
  if (segments.length > MAX_SEGMENTS) return `more than ${MAX_SEGMENTS} path segments`;
  for (const segment of segments) {
    if (segment === '') return 'has an empty path segment (leading, trailing or double "/")';
    if (segment === '.' || segment === '..') return `has a "${segment}" path segment`;
    if (segment.endsWith('.')) return `the segment "${segment}" ends with a dot`;
    if (segment.length > MAX_SEGMENT_LENGTH)
      return `a path segment is longer than ${MAX_SEGMENT_LENGTH} characters`;
  }
  return undefined;
}

/** @throws InvalidTargetPathError (permanent) when the path cannot exist on the account. */
export function assertValidHnsPath(path: string): void {
  const violation = hnsPathViolation(path);
  if (violation !== undefined) throw new InvalidTargetPathError(path, violation);
}
