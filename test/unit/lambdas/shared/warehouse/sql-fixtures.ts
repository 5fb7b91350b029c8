import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/**
 * A temporary folder of SQL files for one test file, removed afterwards:
 *   const sql = useSqlFolder();
 *   sql().write({ 'loads/01_a.sql': 'SELECT 1;' });
 */
export function useSqlFolder(): () => { root: string; write(files: Record<string, string>): void } {
  let root = '';
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'warehouse-sql-'));
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));
  return () => ({
    root,
    write(files) {
      for (const [path, text] of Object.entries(files)) {
        mkdirSync(dirname(join(root, path)), { recursive: true });
        writeFileSync(join(root, path), text);
      }
    },
  });
}
