/** Navigation over a token list that skips whitespace and comments. */
import { isTrivia, keywordOf, SqlSyntaxError, type Token } from './tokenizer';

/** A half-open range of token indexes. */
export interface TokenRange {
  readonly from: number;
  readonly to: number;
}

export class TokenWalk {
  constructor(readonly tokens: readonly Token[]) {}

  /** Index of the first significant token at or after `index` (before `limit`), or -1. */
  significantFrom(index: number, limit = this.tokens.length): number {
    for (let at = index; at < limit; at += 1) {
      if (!isTrivia(this.tokens[at]!)) return at;
    }
    return -1;
  }

  /** Index of the last significant token before `index`, or -1. */
  significantBefore(index: number): number {
    for (let at = index - 1; at >= 0; at -= 1) {
      if (!isTrivia(this.tokens[at]!)) return at;
    }
    return -1;
  }

  keywordAt(index: number): string | undefined {
    return index < 0 ? undefined : keywordOf(this.tokens[index]);
  }

  isPunct(index: number, text: string): boolean {
    const token = index < 0 ? undefined : this.tokens[index];
    return token?.kind === 'punct' && token.text === text;
  }

  /** Index of the `)` closing the `(` at `openIndex`. */
  closingParen(openIndex: number, limit = this.tokens.length): number {
    let depth = 0;
    for (let at = openIndex; at < limit; at += 1) {
      if (this.isPunct(at, '(')) depth += 1;
      else if (this.isPunct(at, ')')) {
        depth -= 1;
        if (depth === 0) return at;
      }
    }
    throw new SqlSyntaxError('unbalanced parenthesis', this.tokens[openIndex]!.start);
  }

  /** The comma-separated arguments between `(` at `open` and `)` at `close`. */
  splitArguments(open: number, close: number): TokenRange[] {
    const ranges: TokenRange[] = [];
    let depth = 0;
    let from = open + 1;
    for (let at = open + 1; at < close; at += 1) {
      if (this.isPunct(at, '(') || this.isPunct(at, '[')) depth += 1;
      else if (this.isPunct(at, ')') || this.isPunct(at, ']')) depth -= 1;
      else if (depth === 0 && this.isPunct(at, ',')) {
        ranges.push({ from, to: at });
        from = at + 1;
      }
    }
    if (this.significantFrom(from, close) !== -1 || ranges.length > 0)
      ranges.push({ from, to: close });
    return ranges;
  }

  /** The source text of a range, trimmed. */
  text(range: TokenRange): string {
    return this.tokens
      .slice(range.from, range.to)
      .map((token) => token.text)
      .join('')
      .trim();
  }

  /** Significant tokens of a range. */
  significant(range: TokenRange): Token[] {
    return this.tokens.slice(range.from, range.to).filter((token) => !isTrivia(token));
  }
}
