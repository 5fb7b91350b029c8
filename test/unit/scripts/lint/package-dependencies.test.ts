import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { execFileSync } from 'node:child_process';
import {
  packageNameOf,
  packageSources,
  undeclaredImports,
} from '../../../../scripts/lint/package-dependencies';

describe('packageNameOf', () => {
  it('keeps the scope of a scoped package and drops any subpath', () => {
    expect(packageNameOf('@aws-sdk/client-s3')).toBe('@aws-sdk/client-s3');
    expect(packageNameOf('@aws-sdk/client-s3/dist-types/x')).toBe('@aws-sdk/client-s3');
    expect(packageNameOf('tsx/cli')).toBe('tsx');
    expect(packageNameOf('zod')).toBe('zod');
  });
});

describe('undeclaredImports', () => {
  let root: string;
  const write = (path: string, text: string): void => {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  };
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'package-dependencies-'));
    write(
      'pkg/package.json',
      JSON.stringify({ dependencies: { 'fast-xml-parser': '1' }, devDependencies: { tsx: '1' } }),
    );
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('lets sources use dependencies and builtins, and tests devDependencies too', () => {
    write(
      'pkg/src/a.ts',
      "import { XMLParser } from 'fast-xml-parser';\nimport { join } from 'node:path';\nimport { createHash } from 'crypto';\nimport { b } from './b';\n",
    );
    write('pkg/test/a.test.ts', "import 'tsx/cli';\nimport { a } from '../src/a';\n");
    expect(undeclaredImports(root, 'pkg', ['pkg/src/a.ts', 'pkg/test/a.test.ts'])).toEqual([]);
  });

  it('names each import the manifest does not declare, and a devDependency used by a source', () => {
    write('pkg/src/a.ts', "import { z } from 'zod';\nexport { run } from 'tsx/cli';\n");
    write('pkg/test/a.test.ts', "const s3 = require('@aws-sdk/client-s3');\n");
    expect(undeclaredImports(root, 'pkg', ['pkg/src/a.ts', 'pkg/test/a.test.ts'])).toEqual([
      { file: 'pkg/src/a.ts', packageName: 'zod' },
      { file: 'pkg/src/a.ts', packageName: 'tsx' },
      { file: 'pkg/test/a.test.ts', packageName: '@aws-sdk/client-s3' },
    ]);
  });

  it('reads the JavaScript of a package too: a worker loaded by path imports packages', () => {
    write('pkg/src/worker.js', "const { PGlite } = require('@electric-sql/pglite');\n");
    write('pkg/src/a.ts', "import { XMLParser } from 'fast-xml-parser';\n");
    write('other.ts', "import { z } from 'zod';\n");
    execFileSync('git', ['init', '-q'], { cwd: root });
    const files = packageSources(root, 'pkg');
    expect(files.sort()).toEqual(['pkg/src/a.ts', 'pkg/src/worker.js']);
    expect(undeclaredImports(root, 'pkg', files)).toEqual([
      { file: 'pkg/src/worker.js', packageName: '@electric-sql/pglite' },
    ]);
  });

  it('ignores files outside the package', () => {
    write('other.ts', "import { z } from 'zod';\n");
    expect(undeclaredImports(root, 'pkg', ['other.ts'])).toEqual([]);
  });
});
