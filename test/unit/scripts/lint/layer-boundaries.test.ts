/**
 * The layers eslint.config.mjs enforces, tried on imports that break them: only the boundary
 * rules run (no type information needed), on the config's own file patterns. ESLint's config is
 * an ES module, which jest's CommonJS registry cannot load, so a child Node.js process lints.
 */
import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';

const ROOT = resolve(__dirname, '..', '..', '..', '..');

const LINT_BOUNDARIES = `
  import { Linter } from 'eslint';
  import tseslint from 'typescript-eslint';
  import config from './eslint.config.mjs';
  const BOUNDARY_RULES = ['layers/boundaries', 'no-restricted-imports'];
  const boundariesOnly = config
    .filter((block) => block.plugins?.layers || Object.keys(block.rules ?? {}).some((rule) => BOUNDARY_RULES.includes(rule)))
    .map(({ files, ignores, plugins, rules = {} }) => ({
      ...(files && { files }), ...(ignores && { ignores }), ...(plugins && { plugins }),
      rules: Object.fromEntries(Object.entries(rules).filter(([rule]) => BOUNDARY_RULES.includes(rule))),
    }));
  const cases = JSON.parse(process.argv[1]);
  const linter = new Linter({ cwd: process.cwd() });
  const parser = { files: ['**/*.ts'], languageOptions: { parser: tseslint.parser } };
  const found = cases.map(({ file, code }) =>
    linter.verify(code, [parser, ...boundariesOnly], { filename: file }).map((m) => m.ruleId + ': ' + m.message));
  process.stdout.write(JSON.stringify(found));
`;

/** Every file and import tried below, linted in one child process. */
const CASES: readonly (readonly [file: string, code: string])[] = [
  ['lambdas/shared/probe.ts', "import { startLocalCloud } from '@hybrid-lake/localcloud';"],
  ['infra/aws/facts/probe.ts', "import { x } from '../../../scripts/local-run/steps';"],
  ['scripts/local-run/probe.ts', "import { startLocalCloud } from '@hybrid-lake/localcloud';"],
  [
    'test/fixtures/probe.ts',
    "import { FaultInjector } from '@hybrid-lake/localcloud/src/core/faults';",
  ],
  [
    'scripts/bench/probe.ts',
    "import { runSimple } from '../localcloud/src/services/redshift-data/pg-wire';",
  ],
  [
    'scripts/localcloud/src/probe.ts',
    "import { REPOSITORY_ROOT } from '../../shared/repository-root';",
  ],
  ['scripts/localcloud/src/probe.ts', "import { arn } from './core/context';"],
  ['scripts/local-platform/probe.ts', "import { Duration } from 'aws-cdk-lib';"],
  ['scripts/local-platform/probe.ts', "import { x } from '../../infra/aws/constructs/lake';"],
  ['infra/aws/facts/probe.ts', "import { Stack } from 'aws-cdk-lib';"],
];

let problems: string[][] = [];
beforeAll(() => {
  const cases = CASES.map(([file, code]) => ({ file: resolve(ROOT, file), code }));
  const output = execFileSync(
    process.execPath,
    ['--input-type=module', '-e', LINT_BOUNDARIES, JSON.stringify(cases)],
    { cwd: ROOT, encoding: 'utf8' },
  );
  problems = JSON.parse(output) as string[][];
});

function boundaryProblems(file: string, code: string): string[] {
  const index = CASES.findIndex(([caseFile, caseCode]) => caseFile === file && caseCode === code);
  if (index < 0) throw new Error(`add ${file} to CASES`);
  return problems[index]!;
}

describe('the layer boundaries in lint', () => {
  it('keep deployed code away from the emulator, by package name or by path', () => {
    expect(
      boundaryProblems(
        'lambdas/shared/probe.ts',
        "import { startLocalCloud } from '@hybrid-lake/localcloud';",
      ),
    ).toEqual([
      expect.stringMatching(/^no-restricted-imports: .*deployed code never loads the emulator/),
    ]);
    expect(
      boundaryProblems(
        'infra/aws/facts/probe.ts',
        "import { x } from '../../../scripts/local-run/steps';",
      ),
    ).toEqual([expect.stringMatching(/^layers\/boundaries: .*may not import from scripts/)]);
  });

  it('let the rest of the tree reach localcloud through its entry point only', () => {
    expect(
      boundaryProblems(
        'scripts/local-run/probe.ts',
        "import { startLocalCloud } from '@hybrid-lake/localcloud';",
      ),
    ).toEqual([]);
    expect(
      boundaryProblems(
        'test/fixtures/probe.ts',
        "import { FaultInjector } from '@hybrid-lake/localcloud/src/core/faults';",
      ),
    ).toEqual([expect.stringMatching(/^no-restricted-imports: .*nothing past it/)]);
    expect(
      boundaryProblems(
        'scripts/bench/probe.ts',
        "import { runSimple } from '../localcloud/src/services/redshift-data/pg-wire';",
      ),
    ).toEqual([
      expect.stringMatching(/^layers\/boundaries: .*may not import from scripts\/localcloud/),
    ]);
  });

  it('keep localcloud free of the project', () => {
    expect(
      boundaryProblems(
        'scripts/localcloud/src/probe.ts',
        "import { REPOSITORY_ROOT } from '../../shared/repository-root';",
      ),
    ).toEqual([expect.stringMatching(/^layers\/boundaries: .*imports only from itself/)]);
    expect(
      boundaryProblems('scripts/localcloud/src/probe.ts', "import { arn } from './core/context';"),
    ).toEqual([]);
  });

  it('keep the local runtime and the deployment facts off the CDK', () => {
    expect(
      boundaryProblems(
        'scripts/local-platform/probe.ts',
        "import { Duration } from 'aws-cdk-lib';",
      ),
    ).toEqual([expect.stringMatching(/^no-restricted-imports: /)]);
    expect(
      boundaryProblems(
        'scripts/local-platform/probe.ts',
        "import { x } from '../../infra/aws/constructs/lake';",
      ),
    ).toEqual([
      expect.stringMatching(/^layers\/boundaries: .*may not import from infra\/aws\/constructs/),
    ]);
    expect(
      boundaryProblems('infra/aws/facts/probe.ts', "import { Stack } from 'aws-cdk-lib';"),
    ).toEqual([expect.stringMatching(/^no-restricted-imports: /)]);
  });
});
