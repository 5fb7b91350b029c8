/** Opaque NextToken values: the position to resume at, bound to what is being paged. */
import { validationError } from './validation';

export function encodePageToken(scope: string, offset: number): string {
  return Buffer.from(JSON.stringify({ scope, offset })).toString('base64url');
}

/** The offset a NextToken resumes at (0 without one); ValidationException when it is not ours. */
export function decodePageToken(token: string | undefined, scope: string, total: number): number {
  if (token === undefined || token === '') return 0;
  try {
    const decoded = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as {
      scope?: unknown;
      offset?: unknown;
    };
    const { offset } = decoded;
    if (
      decoded.scope === scope &&
      typeof offset === 'number' &&
      Number.isInteger(offset) &&
      offset > 0 &&
      offset <= total
    )
      return offset;
  } catch {
    // fall through to the error below
  }
  throw validationError('Invalid NextToken: it does not belong to this request.');
}
