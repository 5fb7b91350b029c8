import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findImportCycles, importGraphOf } from '../../../../scripts/lint/import-cycles';

describe('findImportCycles', () => {
  it('finds every cycle, a module importing itself included, and nothing else', () => {
    const graph = new Map([
      ['a.ts', ['b.ts']],
      ['b.ts', ['c.ts', 'e.ts']],
      ['c.ts', ['a.ts']],
      ['d.ts', ['d.ts']],
      ['e.ts', ['f.ts']],
      ['f.ts', []],
      ['g.ts', ['e.ts', 'h.ts']],
      ['h.ts', ['g.ts']],
    ]);
    expect(findImportCycles(graph)).toEqual([['a.ts', 'b.ts', 'c.ts'], ['d.ts'], ['g.ts', 'h.ts']]);
  });

  it('says nothing for a graph without cycles', () => {
    expect(
      findImportCycles(
        new Map([
          ['a.ts', ['b.ts']],
          ['b.ts', []],
        ]),
      ),
    ).toEqual([]);
  });
});

describe('importGraphOf', () => {
  let root: string;
  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'import-cycles-'));
    mkdirSync(join(root, 'src', 'dir'), { recursive: true });
    const files: Record<string, string> = {
      'src/x.ts': "import type { Y } from './y';\nexport type X = Y;\n",
      'src/y.ts': "import { x } from './x';\nexport type Y = string;\nexport const y = x;\n",
      'src/z.ts':
        "import { readFileSync } from 'node:fs';\nexport { d } from './dir';\nexport const z = () => import('./y');\nexport const r = readFileSync;\n",
      'src/dir/index.ts': 'export const d = 1;\n',
    };
    for (const [file, text] of Object.entries(files)) writeFileSync(join(root, file), text);
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('follows relative imports, type-only, re-exports and dynamic ones, and ignores packages', () => {
    const graph = importGraphOf(root, ['src/x.ts', 'src/y.ts', 'src/z.ts', 'src/dir/index.ts']);
    expect(Object.fromEntries(graph)).toEqual({
      'src/x.ts': ['src/y.ts'],
      'src/y.ts': ['src/x.ts'],
      'src/z.ts': ['src/dir/index.ts', 'src/y.ts'],
      'src/dir/index.ts': [],
    });
    expect(findImportCycles(graph)).toEqual([['src/x.ts', 'src/y.ts']]);
  });
});
