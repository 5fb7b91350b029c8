// Type-aware lint: the rules that catch real bugs in async AWS code (floating promises,
// misused promises, unsafe any) need type information, so the whole tree is linted with it.
import { dirname, relative, resolve, sep } from 'node:path';
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import tseslint from 'typescript-eslint';

/**
 * The tree's layers, checked on every relative import (and export … from): `inside` keeps a
 * folder's imports within it; `notInto` lists folders a file may not import from. Paths are
 * relative to the repository root.
 */
const layers = {
  rules: {
    boundaries: {
      meta: {
        type: 'problem',
        schema: [
          {
            type: 'object',
            properties: {
              inside: { type: 'string' },
              notInto: { type: 'array', items: { type: 'string' } },
              why: { type: 'string' },
            },
            additionalProperties: false,
          },
        ],
      },
      create(context) {
        const [{ inside, notInto = [], why = '' }] = context.options;
        const root = import.meta.dirname;
        const within = (path, folder) => {
          const rest = relative(resolve(root, folder), path);
          return rest === '' || (!rest.startsWith('..') && !rest.startsWith(sep));
        };
        const check = (source) => {
          if (!source || typeof source.value !== 'string' || !source.value.startsWith('.')) return;
          const target = resolve(dirname(context.filename), source.value);
          const forbidden = notInto.find((folder) => within(target, folder));
          const problem =
            inside !== undefined && !within(target, inside)
              ? `${inside} imports only from itself`
              : forbidden && `may not import from ${forbidden}`;
          if (problem)
            context.report({ node: source, message: `${source.value}: ${problem}. ${why}`.trim() });
        };
        return {
          ImportDeclaration: (node) => check(node.source),
          ExportNamedDeclaration: (node) => check(node.source),
          ExportAllDeclaration: (node) => check(node.source),
          ImportExpression: (node) => check(node.source),
        };
      },
    },
  },
};

const NO_CDK = {
  paths: [
    { name: 'aws-cdk-lib', message: 'no CDK here: read the deployment facts (infra/aws/facts)' },
    { name: 'constructs', message: 'no CDK here: read the deployment facts (infra/aws/facts)' },
  ],
  patterns: [{ group: ['aws-cdk-lib/*'], message: 'no CDK here' }],
};

/** localcloud is a package: the rest of the tree sees only its public entry point. */
const LOCALCLOUD_ENTRY_ONLY = {
  patterns: [
    {
      group: ['@hybrid-lake/localcloud/*'],
      message:
        'import @hybrid-lake/localcloud (scripts/localcloud/src/index.ts) and nothing past it',
    },
  ],
};

/** What is deployed never depends on the emulator. */
const NO_LOCALCLOUD = {
  paths: [{ name: '@hybrid-lake/localcloud', message: 'deployed code never loads the emulator' }],
};

/** `no-restricted-imports` takes one option object per file: restriction sets are merged here. */
const restricted = (...sets) => [
  'error',
  {
    paths: sets.flatMap((set) => set.paths ?? []),
    patterns: sets.flatMap((set) => set.patterns ?? []),
  },
];

export default tseslint.config(
  { ignores: ['node_modules/', 'cdk.out/', 'coverage/', 'reports/', '**/*.js', '**/*.mjs'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      'no-console': 'off',
    },
  },
  {
    // CloudFormation templates are untyped JSON; tests read them with Template/Match and plain
    // property access, and jest's asymmetric matchers are typed `any`.
    files: ['test/**/*.ts', 'scripts/localcloud/test/**/*.ts'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      // The esbuild transform (test/setup/esbuild-transformer.js) does not hoist jest.mock above
      // the imports, so a module mock would silently not apply: inject dependencies instead.
      'no-restricted-properties': [
        'error',
        { object: 'jest', property: 'mock', message: 'not hoisted by the esbuild transform' },
      ],
    },
  },
  {
    // Emulated services read request payloads that are untyped JSON/XML on the wire; each
    // operation validates the fields it uses and answers bad input with the service's error.
    files: ['scripts/localcloud/src/services/**/*.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
    },
  },
  // The layers (docs/architecture.md, "Layout"), enforced here rather than by convention.
  { plugins: { layers } },
  {
    // Outside the package, localcloud is reached through its entry point only.
    files: ['**/*.ts'],
    ignores: ['scripts/localcloud/**'],
    rules: {
      'no-restricted-imports': restricted(LOCALCLOUD_ENTRY_ONLY),
      'layers/boundaries': [
        'error',
        { notInto: ['scripts/localcloud'], why: 'Import @hybrid-lake/localcloud instead.' },
      ],
    },
  },
  {
    // What is deployed never reaches into the local runtime or the emulator.
    files: ['lambdas/**/*.ts', 'infra/**/*.ts'],
    rules: {
      'no-restricted-imports': restricted(LOCALCLOUD_ENTRY_ONLY, NO_LOCALCLOUD),
      'layers/boundaries': [
        'error',
        { notInto: ['scripts'], why: 'Deployed code stays deployable.' },
      ],
    },
  },
  {
    // The deployment facts are plain data, read by the constructs and the local deployment.
    files: ['infra/aws/facts/**/*.ts'],
    rules: {
      'no-restricted-imports': restricted(NO_CDK, LOCALCLOUD_ENTRY_ONLY, NO_LOCALCLOUD),
      'layers/boundaries': [
        'error',
        {
          notInto: ['scripts', 'infra/aws/constructs', 'infra/aws/stacks'],
          why: 'Facts load no CDK.',
        },
      ],
    },
  },
  {
    // The local runtime deploys from the facts, as the stacks do, not from the CDK constructs.
    files: ['scripts/local-platform/**/*.ts', 'scripts/local-run/**/*.ts'],
    rules: {
      'no-restricted-imports': restricted(NO_CDK, LOCALCLOUD_ENTRY_ONLY),
      'layers/boundaries': [
        'error',
        {
          notInto: ['infra/aws/constructs', 'infra/aws/stacks', 'scripts/localcloud'],
          why: 'Read infra/aws/facts; reach localcloud through @hybrid-lake/localcloud.',
        },
      ],
    },
  },
  {
    // The emulator is a package of its own: it knows nothing of the platform it serves. Its
    // bare imports must be its own dependencies (scripts/lint/package-dependencies.ts).
    files: ['scripts/localcloud/**/*.ts'],
    rules: {
      'layers/boundaries': [
        'error',
        { inside: 'scripts/localcloud', why: 'localcloud is standalone.' },
      ],
    },
  },
  prettier,
);
