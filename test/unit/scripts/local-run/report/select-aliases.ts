/**
 * The column names a query file returns: the aliases of its outermost SELECT list (an item
 * without AS is named by its last identifier, `segment.currency` → `currency`). Enough SQL
 * awareness for sql/queries: comments, quoted text and parentheses are skipped.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export const QUERIES_DIRECTORY = join(__dirname, '..', '..', '..', '..', '..', 'sql', 'queries');

export function selectAliasesOfQuery(name: string): string[] {
  return selectAliases(readFileSync(join(QUERIES_DIRECTORY, `${name}.sql`), 'utf8'));
}

export function selectAliases(sql: string): string[] {
  const text = sql.replace(/--[^\n]*/g, '').replace(/'(?:[^']|'')*'/g, "''");
  let depth = 0;
  let selectEnd = -1;
  let fromStart = -1;
  for (let index = 0; index < text.length; index++) {
    const character = text[index];
    if (character === '(') depth++;
    else if (character === ')') depth--;
    else if (depth === 0 && /\w/.test(character ?? '') && !/\w/.test(text[index - 1] ?? '')) {
      const word = /^\w+/.exec(text.slice(index))?.[0].toUpperCase();
      if (word === 'SELECT') {
        selectEnd = index + word.length;
        fromStart = -1;
      } else if (word === 'FROM' && selectEnd >= 0 && fromStart < 0) {
        fromStart = index;
      }
    }
  }
  if (selectEnd < 0 || fromStart < 0) throw new Error('no top-level SELECT … FROM found');
  return splitTopLevel(text.slice(selectEnd, fromStart)).map((item) => {
    const alias = /\bAS\s+(\w+)\s*$/i.exec(item)?.[1] ?? /(\w+)\s*$/.exec(item)?.[1];
    if (alias === undefined) throw new Error(`cannot name the select item "${item}"`);
    return alias;
  });
}

function splitTopLevel(list: string): string[] {
  const items: string[] = [];
  let depth = 0;
  let current = '';
  for (const character of list) {
    if (character === '(') depth++;
    if (character === ')') depth--;
    if (character === ',' && depth === 0) {
      items.push(current.trim());
      current = '';
    } else current += character;
  }
  items.push(current.trim());
  return items.filter((item) => item !== '');
}
