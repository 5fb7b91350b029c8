/**
 * GetTables' Expression. The reference calls it a regular expression; Glue reads it the Hive
 * way: `|` separates alternatives, `*` is a wildcard (`sales*` finds `sales_2026`), the match
 * covers the whole name and ignores case. A `.*` written regex-style keeps its meaning.
 */
import { invalidInput } from './errors';

export function tableNameMatcher(expression: string): (name: string) => boolean {
  const alternatives = expression.split('|').map((alternative) => {
    const source = alternative.trim().replace(/(?<!\.)\*/g, '.*');
    try {
      return new RegExp(`^(?:${source})$`, 'i');
    } catch {
      throw invalidInput(`Invalid table name expression: ${expression}`);
    }
  });
  return (name) => alternatives.some((pattern) => pattern.test(name));
}
