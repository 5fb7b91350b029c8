import { SqlSyntaxError, tokenize } from '../../../../src/services/redshift-data/sql/tokenizer';

const significant = (sql: string) =>
  tokenize(sql)
    .filter((token) => token.kind !== 'whitespace')
    .map((token) => [token.kind, token.text]);

describe('tokenize', () => {
  it('keeps literals, quoted identifiers, comments and dollar quotes whole', () => {
    expect(
      significant(
        `SELECT 'it''s -- no', E'a\\'b', "Mixed ""Case""", $tag$ ; 'x' $tag$ /* a /* nested */ c */ -- end`,
      ),
    ).toEqual([
      ['word', 'SELECT'],
      ['string', "'it''s -- no'"],
      ['punct', ','],
      ['string', "E'a\\'b'"],
      ['punct', ','],
      ['quoted', '"Mixed ""Case"""'],
      ['punct', ','],
      ['dollar', "$tag$ ; 'x' $tag$"],
      ['comment', '/* a /* nested */ c */'],
      ['comment', '-- end'],
    ]);
  });

  it('tells named parameters from casts and keeps positional parameters as words', () => {
    expect(significant('SELECT :name, a::text, $1, 1.5e3')).toEqual([
      ['word', 'SELECT'],
      ['parameter', ':name'],
      ['punct', ','],
      ['word', 'a'],
      ['punct', '::'],
      ['word', 'text'],
      ['punct', ','],
      ['word', '$1'],
      ['punct', ','],
      ['number', '1.5e3'],
    ]);
  });

  it('records each token offset so the source can be rebuilt exactly', () => {
    const sql = "SELECT  a /* c */ FROM t WHERE b = 'x'\n";
    const tokens = tokenize(sql);
    expect(tokens.map((token) => token.text).join('')).toBe(sql);
    expect(tokens.find((token) => token.text === 'FROM')?.start).toBe(sql.indexOf('FROM'));
  });

  it.each([
    ["SELECT 'open", 7, 'unterminated quoted string'],
    ['SELECT "open', 7, 'unterminated quoted identifier'],
    ['SELECT /* open', 7, 'unterminated /* comment'],
    ['SELECT $x$ open', 7, 'unterminated dollar-quoted string'],
  ])('rejects %s at its opening position', (sql, position, message) => {
    expect(() => tokenize(sql)).toThrow(new SqlSyntaxError(message, position));
    try {
      tokenize(sql);
    } catch (error) {
      expect((error as SqlSyntaxError).position).toBe(position);
    }
  });
});
