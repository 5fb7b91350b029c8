/**
 * The layers eslint.config.mjs enforces, tried on imports that break them, in every form a module
 * can name another: only the boundary rule runs (no type information needed), on the config's own
 * file patterns. ESLint's config is an ES module, which jest's CommonJS registry cannot load, so
 * a child Node.js process lints all the cases at once.
 */
import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';

const ROOT = resolve(__dirname, '..', '..', '..', '..');

const LINT_BOUNDARIES = `
  import { Linter } from 'eslint';
  import tseslint from 'typescript-eslint';
  import config from './eslint.config.mjs';
  const RULE = 'layers/boundaries';
  const boundariesOnly = config
    .filter((block) => block.plugins?.layers || block.rules?.[RULE])
    .map(({ files, ignores, plugins, rules = {} }) => ({
      ...(files && { files }), ...(ignores && { ignores }), ...(plugins && { plugins }),
      rules: rules[RULE] ? { [RULE]: rules[RULE] } : {},
    }));
  const cases = JSON.parse(process.argv[1]);
  const linter = new Linter({ cwd: process.cwd() });
  const parser = { files: ['**/*.ts'], languageOptions: { parser: tseslint.parser } };
  const found = cases.map(({ file, code }) =>
    linter.verify(code, [parser, ...boundariesOnly], { filename: file }).map((m) => m.ruleId + ': ' + m.message));
  process.stdout.write(JSON.stringify(found));
`;

type Case = readonly [file: string, code: string, problem: RegExp | undefined];

const LAMBDA = 'lambdas/shared/probe.ts';
const TEST = 'test/unit/probe.ts';
const LOCALCLOUD_SOURCE = 'scripts/localcloud/src/probe.ts';
const LOCAL_RUNTIME = 'scripts/local-platform/probe.ts';
const FACTS = 'infra/aws/facts/probe.ts';
const INTERNAL = '../../scripts/localcloud/src/core/xml';

const CASES: readonly Case[] = [
  // Deployed code never loads the emulator, whatever the form.
  [
    LAMBDA,
    "import { startLocalCloud } from '@hybrid-lake/localcloud';",
    /may not load @hybrid-lake\/localcloud/,
  ],
  [
    LAMBDA,
    "const cloud = require('@hybrid-lake/localcloud');",
    /may not load @hybrid-lake\/localcloud/,
  ],
  [
    LAMBDA,
    "export const load = () => import('@hybrid-lake/localcloud');",
    /may not load @hybrid-lake\/localcloud/,
  ],
  [
    LAMBDA,
    "type Cloud = import('@hybrid-lake/localcloud').LocalCloud;",
    /may not load @hybrid-lake\/localcloud/,
  ],
  [FACTS, "import { x } from '../../../scripts/local-run/steps';", /may not import from scripts/],
  // Everything else reaches localcloud through its entry point, never past it.
  [LOCAL_RUNTIME, "import { startLocalCloud } from '@hybrid-lake/localcloud';", undefined],
  [TEST, "import { startLocalCloud } from '@hybrid-lake/localcloud';", undefined],
  [
    TEST,
    "import { FaultInjector } from '@hybrid-lake/localcloud/src/core/faults';",
    /through its entry point only/,
  ],
  [
    TEST,
    "export const load = () => import('@hybrid-lake/localcloud/src/core/xml');",
    /through its entry point only/,
  ],
  [TEST, `import { parseXml } from '${INTERNAL}';`, /may not import from scripts\/localcloud/],
  [TEST, `const xml = require('${INTERNAL}');`, /may not import from scripts\/localcloud/],
  [TEST, `import xml = require('${INTERNAL}');`, /may not import from scripts\/localcloud/],
  [TEST, `type Xml = import('${INTERNAL}').XmlNode;`, /may not import from scripts\/localcloud/],
  [
    TEST,
    `const xml = jest.requireActual('${INTERNAL}');`,
    /may not import from scripts\/localcloud/,
  ],
  [TEST, `const path = require.resolve('${INTERNAL}');`, /may not import from scripts\/localcloud/],
  [
    'scripts/bench/probe.ts',
    "import { runSimple } from '../localcloud/src/services/redshift-data/pg-wire';",
    /may not import from scripts\/localcloud/,
  ],
  // localcloud knows nothing of the repository.
  [
    LOCALCLOUD_SOURCE,
    "import { REPOSITORY_ROOT } from '../../shared/repository-root';",
    /imports only from itself/,
  ],
  [
    LOCALCLOUD_SOURCE,
    "const root = require('../../shared/repository-root');",
    /imports only from itself/,
  ],
  [LOCALCLOUD_SOURCE, "import { arn } from './core/context';", undefined],
  // The local runtime and the deployment facts load no CDK.
  [LOCAL_RUNTIME, "import { Duration } from 'aws-cdk-lib';", /may not load aws-cdk-lib/],
  [LOCAL_RUNTIME, "import { aws_s3 } from 'aws-cdk-lib/aws-s3';", /may not load aws-cdk-lib/],
  [
    LOCAL_RUNTIME,
    "import { x } from '../../infra/aws/constructs/lake';",
    /may not import from infra\/aws\/constructs/,
  ],
  [FACTS, "import { Stack } from 'aws-cdk-lib';", /may not load aws-cdk-lib/],
  [FACTS, "import { Construct } from 'constructs';", /may not load constructs/],
  // What is not a layer's business stays allowed.
  ['infra/aws/constructs/probe.ts', "import { Stack } from 'aws-cdk-lib';", undefined],
  [LAMBDA, "const name = require.resolve('@aws-sdk/client-s3');", undefined],
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

describe('the layer boundaries in lint', () => {
  it.each(CASES.map((testCase, index) => [index, ...testCase] as const))(
    'case %i: %s, %s',
    (index, _file, _code, problem) => {
      expect(problems[index]).toEqual(
        problem === undefined
          ? []
          : [expect.stringMatching(new RegExp(`^layers/boundaries: .*${problem.source}`))],
      );
    },
  );
});
