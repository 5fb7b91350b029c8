import {
  parseCsvRecords,
  parseJsonRecords,
  parseTextRecords,
  RecordFormatError,
} from '../../../../src/services/redshift-data/copy/records';

describe('parseJsonRecords', () => {
  it('reads concatenated objects, one per line or spanning lines, with their start line', () => {
    const text = '{"a": 1}\n\n{"b": "x}{"}  {"c":\n  [1, 2]\n}\n{"d": null}';
    expect(parseJsonRecords(text)).toEqual([
      { line: 1, value: { a: 1 } },
      { line: 3, value: { b: 'x}{' } },
      { line: 3, value: { c: [1, 2] } },
      { line: 6, value: { d: null } },
    ]);
  });

  it('names the line of a malformed record', () => {
    expect(() => parseJsonRecords('{"a": 1}\n{"a": tru}\n')).toThrow(RecordFormatError);
    try {
      parseJsonRecords('{"a": 1}\n{"a": tru}\n');
    } catch (error) {
      expect((error as RecordFormatError).line).toBe(2);
    }
  });
});

describe('parseCsvRecords', () => {
  it('handles quotes, doubled quotes, embedded delimiters and newlines, and CRLF', () => {
    expect(parseCsvRecords('1,"a ""b"", c"\r\n2,"line\nbreak"\n3,\n\n', ',', '"')).toEqual([
      {
        line: 1,
        fields: [
          { value: '1', quoted: false },
          { value: 'a "b", c', quoted: true },
        ],
      },
      {
        line: 2,
        fields: [
          { value: '2', quoted: false },
          { value: 'line\nbreak', quoted: true },
        ],
      },
      {
        line: 4,
        fields: [
          { value: '3', quoted: false },
          { value: '', quoted: false },
        ],
      },
    ]);
  });

  it('reports an unterminated quoted field at its record line', () => {
    expect(() => parseCsvRecords('1,ok\n2,"open\n', ',', '"')).toThrow(
      new RecordFormatError('Unterminated quoted field', 2),
    );
  });
});

describe('parseTextRecords', () => {
  it('splits lines on the delimiter and skips empty lines', () => {
    expect(parseTextRecords('1|a\n\n2|\\N\n', '|')).toEqual([
      {
        line: 1,
        fields: [
          { value: '1', quoted: false },
          { value: 'a', quoted: false },
        ],
      },
      {
        line: 3,
        fields: [
          { value: '2', quoted: false },
          { value: '\\N', quoted: false },
        ],
      },
    ]);
  });
});
