/**
 * Glue's NextToken is opaque. Here it names the last item returned, so a page resumes after
 * it even when items were added or removed in between, and sorted order keeps pages stable.
 */
import { invalidInput } from './errors';

export interface Page<T> {
  readonly items: T[];
  readonly nextToken?: string;
}

export function paginate<T>(
  sorted: readonly T[],
  keyOf: (item: T) => string,
  maxResults: number,
  nextToken: string | undefined,
): Page<T> {
  const after = nextToken === undefined ? undefined : decodeToken(nextToken);
  const start = after === undefined ? 0 : sorted.findIndex((item) => keyOf(item) > after);
  const remaining = start === -1 ? [] : sorted.slice(start);
  const items = remaining.slice(0, maxResults);
  const last = items[items.length - 1];
  return remaining.length > maxResults && last !== undefined
    ? { items, nextToken: Buffer.from(JSON.stringify({ after: keyOf(last) })).toString('base64') }
    : { items };
}

function decodeToken(token: string): string {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(token, 'base64').toString('utf8'));
    if (
      parsed &&
      typeof parsed === 'object' &&
      'after' in parsed &&
      typeof parsed.after === 'string'
    )
      return parsed.after;
  } catch {
    // Falls through to the error below.
  }
  throw invalidInput('Invalid pagination token.');
}
