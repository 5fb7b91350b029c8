/** ProjectionExpression: a comma-separated list of document paths. */
import type { DocumentPath } from './ast';
import { parsePath } from './paths';
import type { Placeholders } from './placeholders';
import { TokenStream, tokenize } from './tokenizer';
import { describePath } from './ast';

export function parseProjection(source: string, placeholders: Placeholders): DocumentPath[] {
  const stream = new TokenStream(
    source,
    tokenize(source, 'ProjectionExpression'),
    'ProjectionExpression',
  );
  const paths = [parsePath(stream, placeholders)];
  while (stream.accept(',')) paths.push(parsePath(stream, placeholders));
  stream.expectEnd();
  paths.forEach((first, i) => {
    for (const second of paths.slice(i + 1)) {
      const shared = Math.min(first.length, second.length);
      if (first.slice(0, shared).every((element, at) => element === second[at])) {
        throw stream.error(
          `Two document paths overlap with each other; must remove or rewrite one of these paths; path one: ${describePath(first)}, path two: ${describePath(second)}`,
        );
      }
    }
  });
  return paths;
}
