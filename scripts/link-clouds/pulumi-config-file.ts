/**
 * Sets plain string values under `config:` of a Pulumi stack file (`Pulumi.<stack>.yaml`) by
 * editing lines, not by re-serializing: every other key, list, secret and comment stays exactly
 * as written. Values are written as double-quoted scalars (JSON strings are valid YAML); plain,
 * single- and double-quoted values already there are read back, so a file last written by
 * `pulumi config set` compares equal and is left alone.
 */
import type { Change } from './changes';
import { LinkInputError } from './errors';

export interface ConfigEdit {
  readonly text: string;
  readonly changes: readonly Change[];
}

const CONFIG_BLOCK = /^config:[ \t]*(#.*)?$/;

export function setPulumiConfig(
  original: string | undefined,
  values: Readonly<Record<string, string>>,
  source: string,
): ConfigEdit {
  const { lines, eol, start } = openConfigFile(original, source);
  const changes: Change[] = [];
  for (const [key, value] of Object.entries(values)) {
    const block = configBlock(lines, start);
    const line = `${' '.repeat(block.indent)}${key}: ${JSON.stringify(value)}`;
    const found = findKey(lines, block, key);
    if (found === undefined) {
      lines.splice(block.lastContent + 1, 0, line);
      changes.push({ key, before: undefined, after: value });
      continue;
    }
    const before = scalarValue(lines, found);
    changes.push({ key, before, after: value });
    if (before !== value) lines.splice(found.line, found.end - found.line + 1, line);
  }
  return { text: lines.join(eol) + eol, changes };
}

/** The file as lines, its line ending, and the index of its `config:` line (added when missing). */
export function openConfigFile(
  original: string | undefined,
  source: string,
): { lines: string[]; eol: string; start: number } {
  const eol = original?.includes('\r\n') ? '\r\n' : '\n';
  const lines = original === undefined || original === '' ? [] : original.split(/\r?\n/);
  if (lines.at(-1) === '') lines.pop();
  let start = lines.findIndex((line) => CONFIG_BLOCK.test(line));
  if (start === -1) {
    if (lines.some((line) => /^config:/.test(line))) {
      throw new LinkInputError(
        `${source}: "config:" is written inline; put its keys on their own lines, then re-run`,
      );
    }
    lines.push('config:');
    start = lines.length - 1;
  }
  return { lines, eol, start };
}

export interface Block {
  /** The `config:` line. */
  readonly start: number;
  /** Indentation of the keys under `config:`. */
  readonly indent: number;
  /** Last line of the block that holds something; new keys go after it. */
  readonly lastContent: number;
  readonly end: number;
}

export function configBlock(lines: readonly string[], start: number): Block {
  let indent: number | undefined;
  let lastContent = start;
  let index = start + 1;
  for (; index < lines.length; index += 1) {
    const line = lines[index]!;
    if (isBlank(line)) continue;
    const lineIndent = indentOf(line);
    if (lineIndent === 0) break;
    indent ??= lineIndent;
    lastContent = index;
  }
  return { start, indent: indent ?? 2, lastContent, end: index - 1 };
}

export interface FoundKey {
  readonly line: number;
  /** Last line of its value (a nested value spans more lines). */
  readonly end: number;
}

export function findKey(lines: readonly string[], block: Block, key: string): FoundKey | undefined {
  const escaped = key.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const pattern = new RegExp(`^ {${block.indent}}(["']?)${escaped}\\1[ \\t]*:(\\s|$)`);
  for (let index = block.start + 1; index <= block.end; index += 1) {
    if (!pattern.test(lines[index]!)) continue;
    let end = index;
    for (let next = index + 1; next <= block.lastContent; next += 1) {
      const line = lines[next]!;
      // YAML lets a list under a key start at the key's own indentation (`- item`).
      const isCompactItem = indentOf(line) === block.indent && line.trimStart().startsWith('-');
      if (!isBlank(line) && indentOf(line) <= block.indent && !isCompactItem) break;
      if (!isBlank(line)) end = next;
    }
    return { line: index, end };
  }
  return undefined;
}

/** The string on the key's line, or undefined when the value is nested, a secret, or empty. */
function scalarValue(lines: readonly string[], found: FoundKey): string | undefined {
  if (found.end !== found.line) return undefined;
  return parseScalar(valueAfterColon(lines[found.line]!));
}

/** What follows the key's colon, trimmed (comment included). */
export function valueAfterColon(line: string): string {
  return line.slice(line.search(/:(\s|$)/) + 1).trim();
}

/**
 * A double-quoted, single-quoted or plain scalar (a trailing comment dropped), or undefined when
 * the text is empty or starts something that is not a scalar (a flow collection, a block, a tag).
 */
export function parseScalar(text: string): string | undefined {
  if (text.startsWith('"')) {
    const closing = text.match(/^"(?:[^"\\]|\\.)*"/);
    return closing ? (JSON.parse(closing[0]) as string) : undefined;
  }
  if (text.startsWith("'")) {
    const closing = text.match(/^'(?:[^']|'')*'/);
    return closing ? closing[0].slice(1, -1).replace(/''/g, "'") : undefined;
  }
  const plain = text.replace(/(^|\s+)#.*$/, '').trim();
  return plain === '' || /^[{[|>&*!]/.test(plain) ? undefined : plain;
}

export function indentOf(line: string): number {
  return line.length - line.trimStart().length;
}

/** Blank and comment-only lines belong to no key. */
export function isBlank(line: string): boolean {
  const trimmed = line.trim();
  return trimmed === '' || trimmed.startsWith('#');
}
