/** Document paths (`a.b[0].#c`) as every expression kind spells them. */
import type { DocumentPath } from './ast';
import type { Placeholders } from './placeholders';
import { isReservedWord } from './reserved-words';
import type { TokenStream } from './tokenizer';

const MAX_LIST_INDEX = 2 ** 31 - 1;

export function startsPath(stream: TokenStream): boolean {
  const kind = stream.peek().kind;
  return kind === 'name' || kind === 'nameRef';
}

export function parsePath(stream: TokenStream, placeholders: Placeholders): DocumentPath {
  const path: (string | number)[] = [parsePathName(stream, placeholders)];
  for (;;) {
    const token = stream.peek();
    if (token.kind === 'index') {
      stream.next();
      const index = Number(token.text);
      if (index > MAX_LIST_INDEX) throw stream.syntaxError(token);
      path.push(index);
    } else if (token.kind === 'punct' && token.text === '.') {
      stream.next();
      path.push(parsePathName(stream, placeholders));
    } else {
      return path;
    }
  }
}

function parsePathName(stream: TokenStream, placeholders: Placeholders): string {
  const token = stream.peek();
  if (token.kind === 'nameRef') {
    stream.next();
    return placeholders.name(token.text, stream);
  }
  if (token.kind === 'name') {
    stream.next();
    if (isReservedWord(token.text)) {
      throw stream.error(`Attribute name is a reserved keyword; reserved keyword: ${token.text}`);
    }
    return token.text;
  }
  throw stream.syntaxError(token);
}
