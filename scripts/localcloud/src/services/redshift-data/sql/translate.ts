/**
 * Redshift SQL → PostgreSQL, for one statement. Works on tokens, so literals, quoted
 * identifiers, comments and dollar-quoted bodies are never rewritten. Physical-design clauses
 * PostgreSQL has no use for (distribution, sort keys, compression, backup) are dropped; the
 * functions Redshift spells differently are rewritten; anything else Redshift-only is refused
 * with `UnsupportedSqlError` rather than run as something different.
 */
import { dateAddExpression, dateDiffExpression, datePartOf } from './date-parts';
import { RoleGrants } from './role-grants';
import {
  dropTableDesignClause,
  rewriteIdentity,
  TABLE_DESIGN_WORDS,
  type Rewrite,
} from './table-design';
import { TokenWalk, type TokenRange } from './token-walk';
import { keywordOf, tokenize, type Token } from './tokenizer';
import { refuse, UNSUPPORTED_CALLS, UNSUPPORTED_COMMANDS, UNSUPPORTED_WORDS } from './unsupported';

export interface Translation {
  /** PostgreSQL text with `:name` parameters replaced by `$1`, `$2`… */
  readonly sql: string;
  /** Parameter names in `$n` order. */
  readonly parameterNames: readonly string[];
}

export function translateRedshiftSql(statement: string): Translation {
  const translator = new Translator(statement);
  return { sql: translator.run(), parameterNames: translator.parameterNames };
}

class Translator {
  readonly parameterNames: string[] = [];
  private readonly walk: TokenWalk;
  private readonly tokens: readonly Token[];
  private readonly createsTable: boolean;
  private readonly roleGrants: RoleGrants | undefined;

  constructor(private readonly statement: string) {
    this.tokens = tokenize(statement);
    this.walk = new TokenWalk(this.tokens);
    this.createsTable = this.startsWithCreateTable();
    this.roleGrants = RoleGrants.of(this.walk, statement);
  }

  run(): string {
    this.refuseUnsupportedCommand();
    this.roleGrants?.refuseInexpressible();
    return this.emit({ from: 0, to: this.tokens.length });
  }

  private emit(range: TokenRange): string {
    let out = '';
    for (let index = range.from; index < range.to;) {
      const token = this.tokens[index]!;
      if (token.kind === 'parameter') {
        out += this.placeholder(token.text.slice(1));
        index += 1;
        continue;
      }
      const rewrite = token.kind === 'word' ? this.rewriteWord(index, range.to) : undefined;
      if (rewrite) {
        out += rewrite.text;
        index = rewrite.next;
      } else {
        out += token.text;
        index += 1;
      }
    }
    return out;
  }

  private placeholder(name: string): string {
    let position = this.parameterNames.indexOf(name);
    if (position === -1) position = this.parameterNames.push(name) - 1;
    return `$${position + 1}`;
  }

  private rewriteWord(index: number, limit: number): Rewrite | undefined {
    const token = this.tokens[index]!;
    const keyword = token.text.toUpperCase();
    // `t.sortkey` or `x.nvl` are names, not keywords.
    if (this.walk.isPunct(this.walk.significantBefore(index), '.')) return undefined;
    const nextIndex = this.walk.significantFrom(index + 1, limit);
    const opensCall = this.walk.isPunct(nextIndex, '(');

    if (keyword === 'ROLE' && this.roleGrants) return this.roleGrants.rewriteRole(index);

    const unsupported = UNSUPPORTED_WORDS[keyword];
    if (unsupported) refuse(keyword, token, this.statement, unsupported);
    const unsupportedCall = UNSUPPORTED_CALLS[keyword];
    if (unsupportedCall && opensCall) refuse(keyword, token, this.statement, unsupportedCall);
    if (keyword === 'TOP' && this.isSelectModifierPosition(index))
      refuse('SELECT TOP', token, this.statement, 'use LIMIT');

    if (TABLE_DESIGN_WORDS.has(keyword) || (keyword === 'ENCODE' && !opensCall)) {
      const before = this.walk.significantBefore(index);
      // At the start of a column definition the word is a column name.
      if (this.walk.isPunct(before, '(') || this.walk.isPunct(before, ',')) return undefined;
      if (this.createsTable)
        return dropTableDesignClause(this.walk, this.statement, index, nextIndex, limit);
      if (this.startsWith('ALTER'))
        refuse(
          keyword,
          token,
          this.statement,
          'table design clauses are only accepted in CREATE TABLE',
        );
      return undefined;
    }
    if (keyword === 'COMPOUND' && this.walk.keywordAt(nextIndex) === 'SORTKEY' && this.createsTable)
      return dropTableDesignClause(
        this.walk,
        this.statement,
        nextIndex,
        this.walk.significantFrom(nextIndex + 1, limit),
        limit,
      );
    if (keyword === 'IDENTITY' && opensCall) return rewriteIdentity(this.walk, index, nextIndex);
    if (keyword === 'SYSDATE' && !opensCall) return { text: 'LOCALTIMESTAMP', next: index + 1 };
    if (keyword === 'APPROXIMATE' && this.walk.keywordAt(nextIndex) === 'COUNT')
      return { text: '', next: nextIndex };
    if (!opensCall) {
      if (keyword === 'NVARCHAR') return { text: 'VARCHAR', next: index + 1 };
      if (keyword === 'NCHAR') return { text: 'CHAR', next: index + 1 };
      return undefined;
    }
    return this.rewriteCall(index, keyword, nextIndex, limit);
  }

  private rewriteCall(
    index: number,
    keyword: string,
    open: number,
    limit: number,
  ): Rewrite | undefined {
    const close = this.walk.closingParen(open, limit);
    const args = (): TokenRange[] => this.walk.splitArguments(open, close);
    switch (keyword) {
      case 'NVL':
        return { text: 'COALESCE', next: index + 1 };
      case 'LEN':
        return { text: 'LENGTH', next: index + 1 };
      case 'GETDATE':
        if (args().length !== 0)
          refuse('GETDATE with arguments', this.tokens[index]!, this.statement);
        return { text: "date_trunc('second', LOCALTIMESTAMP)", next: close + 1 };
      case 'VARCHAR':
      case 'NVARCHAR':
      case 'VARYING':
        return this.rewriteMaxLength(index, keyword, open, close);
      case 'NVL2':
        return this.rewriteNvl2(index, args(), close);
      case 'DATEADD':
      case 'DATEDIFF':
        return this.rewriteDateFunction(index, keyword, args(), close);
      case 'LISTAGG':
        return this.rewriteListagg(index, open, close, limit);
      case 'MEDIAN':
        return this.rewriteMedian(index, args(), close, limit);
      default:
        return undefined;
    }
  }

  private rewriteMaxLength(
    index: number,
    keyword: string,
    open: number,
    close: number,
  ): Rewrite | undefined {
    const inner = this.walk.significant({ from: open + 1, to: close });
    if (inner.length !== 1 || keywordOf(inner[0]) !== 'MAX') {
      return keyword === 'NVARCHAR' ? { text: 'VARCHAR', next: index + 1 } : undefined;
    }
    return { text: keyword === 'VARYING' ? 'VARYING' : 'VARCHAR', next: close + 1 };
  }

  private rewriteNvl2(index: number, args: TokenRange[], close: number): Rewrite {
    if (args.length !== 3)
      refuse('NVL2 without exactly three arguments', this.tokens[index]!, this.statement);
    const [test, whenNotNull, whenNull] = args.map((arg) => this.emit(arg).trim());
    return {
      text: `(CASE WHEN (${test}) IS NOT NULL THEN (${whenNotNull}) ELSE (${whenNull}) END)`,
      next: close + 1,
    };
  }

  private rewriteDateFunction(
    index: number,
    keyword: string,
    args: TokenRange[],
    close: number,
  ): Rewrite {
    const token = this.tokens[index]!;
    if (args.length !== 3)
      refuse(`${keyword} without exactly three arguments`, token, this.statement);
    const [partRange, firstRange, secondRange] = args as [TokenRange, TokenRange, TokenRange];
    const part = datePartOf(this.walk.text(partRange));
    if (!part) refuse(`${keyword} date part '${this.walk.text(partRange)}'`, token, this.statement);
    const first = this.emit(firstRange).trim();
    const second = this.emit(secondRange).trim();
    const text =
      keyword === 'DATEADD'
        ? dateAddExpression(part, first, second)
        : dateDiffExpression(part, first, second);
    return { text, next: close + 1 };
  }

  private rewriteListagg(index: number, open: number, close: number, limit: number): Rewrite {
    const token = this.tokens[index]!;
    const first = this.walk.significantFrom(open + 1, close);
    const distinct = this.walk.keywordAt(first) === 'DISTINCT';
    const args = this.walk.splitArguments(distinct ? first : open, close);
    if (args.length < 1 || args.length > 2)
      refuse('LISTAGG with these arguments', token, this.statement);
    const value = this.emit(args[0]!).trim();
    const delimiter = args[1] ? this.emit(args[1]).trim() : "''";
    let next = close + 1;
    let orderBy = '';
    const within = this.walk.significantFrom(next, limit);
    if (this.walk.keywordAt(within) === 'WITHIN') {
      const group = this.walk.significantFrom(within + 1, limit);
      const groupOpen = this.walk.significantFrom(group + 1, limit);
      if (this.walk.keywordAt(group) !== 'GROUP' || !this.walk.isPunct(groupOpen, '('))
        refuse('LISTAGG WITHIN', this.tokens[within]!, this.statement);
      const groupClose = this.walk.closingParen(groupOpen, limit);
      orderBy = ` ${this.emit({ from: groupOpen + 1, to: groupClose }).trim()}`;
      next = groupClose + 1;
      if (this.walk.keywordAt(this.walk.significantFrom(next, limit)) === 'OVER')
        refuse(
          'LISTAGG … WITHIN GROUP … OVER',
          token,
          this.statement,
          'PostgreSQL cannot order a window aggregate',
        );
    }
    const value_ = distinct ? `DISTINCT ${value}` : `CAST(${value} AS text)`;
    return { text: `string_agg(${value_}, ${delimiter}${orderBy})`, next };
  }

  private rewriteMedian(index: number, args: TokenRange[], close: number, limit: number): Rewrite {
    const token = this.tokens[index]!;
    if (args.length !== 1) refuse('MEDIAN without exactly one argument', token, this.statement);
    if (this.walk.keywordAt(this.walk.significantFrom(close + 1, limit)) === 'OVER')
      refuse('MEDIAN … OVER', token, this.statement, 'PostgreSQL has no windowed percentile');
    const value = this.emit(args[0]!).trim();
    return { text: `percentile_cont(0.5) WITHIN GROUP (ORDER BY ${value})`, next: close + 1 };
  }

  private startsWith(keyword: string): boolean {
    return this.walk.keywordAt(this.walk.significantFrom(0)) === keyword;
  }

  private startsWithCreateTable(): boolean {
    let at = this.walk.significantFrom(0);
    if (this.walk.keywordAt(at) !== 'CREATE') return false;
    at = this.walk.significantFrom(at + 1);
    while (['LOCAL', 'TEMP', 'TEMPORARY'].includes(this.walk.keywordAt(at) ?? ''))
      at = this.walk.significantFrom(at + 1);
    return this.walk.keywordAt(at) === 'TABLE';
  }

  private isSelectModifierPosition(index: number): boolean {
    const before = this.walk.keywordAt(this.walk.significantBefore(index));
    return before === 'SELECT' || before === 'DISTINCT' || before === 'ALL';
  }

  private refuseUnsupportedCommand(): void {
    const leading: Token[] = [];
    for (
      let at = this.walk.significantFrom(0);
      at !== -1 && leading.length < 3;
      at = this.walk.significantFrom(at + 1)
    )
      leading.push(this.tokens[at]!);
    const words = leading.map((token) => keywordOf(token) ?? '');
    for (const command of UNSUPPORTED_COMMANDS) {
      if (command.every((word, position) => words[position] === word))
        refuse(command.join(' '), leading[0]!, this.statement, 'a Redshift-only command');
    }
  }
}
