/**
 * Splits a data file into records, each with the 1-based line it starts on so a load error can
 * say where it happened.
 */

export class RecordFormatError extends Error {
  override readonly name = 'RecordFormatError';
  constructor(
    message: string,
    readonly line: number,
  ) {
    super(message);
  }
}

export interface JsonRecord {
  readonly line: number;
  readonly value: unknown;
}

export interface DelimitedRecord {
  readonly line: number;
  /** `quoted` tells an empty quoted field ("") from an empty one. */
  readonly fields: readonly { readonly value: string; readonly quoted: boolean }[];
}

/**
 * JSON data as Redshift reads it: a sequence of JSON values separated by whitespace, an object
 * may span lines and several may share one. Lines that each hold one whole value (JSON lines,
 * what the lake holds) are parsed line by line; from the first line that does not, the rest is
 * scanned value by value.
 */
export function parseJsonRecords(text: string): JsonRecord[] {
  const records: JsonRecord[] = [];
  let start = 0;
  let line = 1;
  while (start < text.length) {
    const newline = text.indexOf('\n', start);
    const end = newline === -1 ? text.length : newline;
    const content = text.slice(start, end);
    const first = content.trimStart()[0];
    if (first !== undefined) {
      const value = first === '{' || first === '[' ? parseWhole(content) : NOT_ONE_VALUE;
      if (value === NOT_ONE_VALUE) {
        records.push(...scanJsonRecords(text.slice(start), line));
        return records;
      }
      records.push({ line, value });
    }
    start = end + 1;
    line += 1;
  }
  return records;
}

const NOT_ONE_VALUE = Symbol('not one JSON value');

function parseWhole(content: string): unknown {
  try {
    return JSON.parse(content) as unknown;
  } catch {
    return NOT_ONE_VALUE;
  }
}

/** The general reader: value by value, by bracket depth, `firstLine` being the text's first. */
function scanJsonRecords(text: string, firstLine: number): JsonRecord[] {
  const records: JsonRecord[] = [];
  let line = firstLine;
  let index = 0;
  while (index < text.length) {
    const char = text[index]!;
    if (char === '\n') line += 1;
    if (/\s/.test(char)) {
      index += 1;
      continue;
    }
    const startLine = line;
    const end = jsonValueEnd(text, index, startLine);
    const source = text.slice(index, end);
    try {
      records.push({ line: startLine, value: JSON.parse(source) as unknown });
    } catch (error) {
      throw new RecordFormatError(`Invalid JSON: ${(error as Error).message}`, startLine);
    }
    line += countNewlines(source);
    index = end;
  }
  return records;
}

/** End of the object or array starting at `start`, by bracket depth outside strings. */
function jsonValueEnd(text: string, start: number, line: number): number {
  const open = text[start];
  if (open !== '{' && open !== '[')
    throw new RecordFormatError(`Invalid JSON: a record must start with '{' or '['`, line);
  let depth = 0;
  let inString = false;
  for (let index = start; index < text.length; index += 1) {
    const char = text[index]!;
    if (inString) {
      if (char === '\\') index += 1;
      else if (char === '"') inString = false;
    } else if (char === '"') inString = true;
    else if (char === '{' || char === '[') depth += 1;
    else if (char === '}' || char === ']') {
      depth -= 1;
      if (depth === 0) return index + 1;
    }
  }
  throw new RecordFormatError('Invalid JSON: unterminated record', line);
}

function countNewlines(text: string): number {
  let count = 0;
  for (const char of text) if (char === '\n') count += 1;
  return count;
}

/** RFC 4180 CSV with a configurable delimiter and quote; quoted fields may span lines. */
export function parseCsvRecords(text: string, delimiter: string, quote: string): DelimitedRecord[] {
  const records: DelimitedRecord[] = [];
  let fields: { value: string; quoted: boolean }[] = [];
  let value = '';
  let quoted = false;
  let inQuotes = false;
  let line = 1;
  let recordLine = 1;
  let index = 0;
  const endField = (): void => {
    fields.push({ value, quoted });
    value = '';
    quoted = false;
  };
  const endRecord = (): void => {
    endField();
    const blank = fields.length === 1 && fields[0]!.value === '' && !fields[0]!.quoted;
    if (!blank) records.push({ line: recordLine, fields });
    fields = [];
  };
  while (index < text.length) {
    const char = text[index]!;
    if (inQuotes) {
      if (char === quote && text[index + 1] === quote) {
        value += quote;
        index += 2;
        continue;
      }
      if (char === quote) inQuotes = false;
      else {
        if (char === '\n') line += 1;
        value += char;
      }
      index += 1;
    } else if (char === quote && value.trim() === '') {
      inQuotes = true;
      quoted = true;
      value = '';
      index += 1;
    } else if (text.startsWith(delimiter, index)) {
      endField();
      index += delimiter.length;
    } else if (char === '\n' || char === '\r') {
      endRecord();
      index += char === '\r' && text[index + 1] === '\n' ? 2 : 1;
      line += 1;
      recordLine = line;
    } else {
      // Spaces between a closing quote and the delimiter are ignored, as Redshift does.
      if (!(quoted && char === ' ')) value += char;
      index += 1;
    }
  }
  if (inQuotes) throw new RecordFormatError('Unterminated quoted field', recordLine);
  if (value !== '' || quoted || fields.length > 0) endRecord();
  return records;
}

/** Redshift's default text format: one record per line, fields split on the delimiter. */
export function parseTextRecords(text: string, delimiter: string): DelimitedRecord[] {
  const records: DelimitedRecord[] = [];
  text.split(/\r?\n/).forEach((content, index) => {
    if (content === '') return;
    records.push({
      line: index + 1,
      fields: content.split(delimiter).map((value) => ({ value, quoted: false })),
    });
  });
  return records;
}
