import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { packageNameOf, undeclaredImports } from '../../../../scripts/lint/package-dependencies';

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

  it('ignores files outside the package', () => {
    write('other.ts', "import { z } from 'zod';\n");
    expect(undeclaredImports(root, 'pkg', ['other.ts'])).toEqual([]);
  });
});
