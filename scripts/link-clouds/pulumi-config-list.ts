/**
 * Reads and sets a list under `config:` of a Pulumi stack file, kept as a YAML block sequence
 * (one `- item` per line, the shape `pulumi config set --path 'key[0]' …` writes). An item that
 * stays keeps its line byte for byte, its comment included; an item that goes loses its line; a
 * new item is appended after the last one, at the same indentation. A list written inline (flow
 * style, or a comma-separated string) is read too, and rewritten as a block only if it changes.
 */
import { parseConfigList } from '../../infra/azure/config';
import type { Change } from './changes';
import { LinkInputError } from './errors';
import {
  configBlock,
  findKey,
  indentOf,
  isBlank,
  openConfigFile,
  parseScalar,
  valueAfterColon,
  type FoundKey,
} from './pulumi-config-file';

export interface ListEdit {
  readonly text: string;
  readonly change: Change;
}

/** The items of `key`, or undefined when the file does not set it. */
export function readPulumiConfigList(
  original: string | undefined,
  key: string,
  source: string,
): string[] | undefined {
  const { lines, start } = openConfigFile(original, source);
  const found = findKey(lines, configBlock(lines, start), key);
  return found === undefined ? undefined : listItems(lines, found, key, source).items;
}

/**
 * Makes `key` hold exactly `items`. Items already there stay where they are (the order of the file
 * wins over the order given); the others are appended.
 */
export function setPulumiConfigList(
  original: string | undefined,
  key: string,
  items: readonly string[],
  source: string,
): ListEdit {
  const { lines, eol, start } = openConfigFile(original, source);
  const block = configBlock(lines, start);
  const found = findKey(lines, block, key);
  const keyLine = `${' '.repeat(block.indent)}${key}:`;
  const freshBlock = () =>
    items.length === 0
      ? [`${keyLine} []`]
      : [keyLine, ...itemLines(items, ' '.repeat(block.indent + 2))];

  if (found === undefined) {
    lines.splice(block.lastContent + 1, 0, ...freshBlock());
    return {
      text: lines.join(eol) + eol,
      change: { key, before: undefined, after: items.join(', ') },
    };
  }

  const existing = listItems(lines, found, key, source);
  const wanted = new Set(items);
  const kept = [...new Set(existing.items.filter((item) => wanted.has(item)))];
  const added = items.filter((item) => !kept.includes(item));
  const result = [...kept, ...added];
  const change = { key, before: existing.items.join(', '), after: result.join(', ') };
  if (change.before === change.after) return { text: original ?? '', change };

  if (existing.itemLines === undefined || result.length === 0) {
    // Inline before, or empty after: one clean block replaces the key and its value.
    lines.splice(found.line, found.end - found.line + 1, ...freshBlock());
    return { text: lines.join(eol) + eol, change };
  }
  const lastItem = existing.itemLines.at(-1)!;
  const itemIndent = ' '.repeat(indentOf(lines[lastItem.line]!));
  const seen = new Set<string>();
  const removed = existing.itemLines.filter(({ value }) => {
    const stays = wanted.has(value) && !seen.has(value);
    seen.add(value);
    return !stays;
  });
  lines.splice(lastItem.line + 1, 0, ...itemLines(added, itemIndent));
  // Bottom up, so the earlier line numbers stay valid.
  for (const { line } of removed.reverse()) lines.splice(line, 1);
  return { text: lines.join(eol) + eol, change };
}

interface ListItem {
  readonly line: number;
  readonly value: string;
}

/** The items and, for a block sequence, the line of each; refuses anything that is not a list. */
function listItems(
  lines: readonly string[],
  found: FoundKey,
  key: string,
  source: string,
): { items: string[]; itemLines?: ListItem[] } {
  const notAList = () =>
    new LinkInputError(
      `${source}: ${key} must be a list of strings, one "- item" per line; write it so, then re-run`,
    );
  const inline = valueAfterColon(lines[found.line]!);
  const inlineValue = inline.startsWith('#') ? '' : inline;
  if (found.end === found.line) {
    if (inlineValue === '') return { items: [] };
    const text = inlineValue.startsWith('[') ? flowSequence(inlineValue) : parseScalar(inlineValue);
    const items = text === undefined ? undefined : parseConfigList(text);
    if (items === undefined) throw notAList();
    return { items };
  }
  if (inlineValue !== '') throw notAList();
  const itemLines: ListItem[] = [];
  for (let index = found.line + 1; index <= found.end; index += 1) {
    const line = lines[index]!;
    if (isBlank(line)) continue;
    const item = /^\s*-[ \t]+(.*)$/.exec(line);
    const value = item === null ? undefined : parseScalar(item[1]!);
    if (value === undefined) throw notAList();
    itemLines.push({ line: index, value });
  }
  return { items: itemLines.map((item) => item.value), itemLines };
}

/** `[a, "b"]` as the JSON array `["a","b"]`, or undefined when an item is not a plain scalar. */
function flowSequence(text: string): string | undefined {
  const inner = /^\[(.*)\]\s*(#.*)?$/.exec(text)?.[1];
  if (inner === undefined) return undefined;
  if (inner.trim() === '') return '[]';
  const items = inner.split(',').map((item) => parseScalar(item.trim()));
  return items.every((item) => item !== undefined) ? JSON.stringify(items) : undefined;
}

/** Addresses and ranges are written plain, as Pulumi writes them; anything else double-quoted. */
function itemLines(items: readonly string[], indent: string): string[] {
  return items.map(
    (item) =>
      `${indent}- ${/^\d{1,3}(\.\d{1,3}){3}(\/\d{1,2})?$/.test(item) ? item : JSON.stringify(item)}`,
  );
}
