// Type-aware lint: the rules that catch real bugs in async AWS code (floating promises,
// misused promises, unsafe any) need type information, so the whole tree is linted with it.
import { dirname, relative, resolve, sep } from 'node:path';
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import tseslint from 'typescript-eslint';

/**
 * The tree's layers, checked on every way a module names another: import and export … from,
 * `import()`, `import x = require()`, `import('…')` types, and `require`, `require.resolve`,
 * `jest.requireActual` calls. For relative paths, `inside` keeps a folder's imports within it
 * and `notInto` lists folders a file may not reach (paths relative to the repository root). For
 * packages, `notPackages` lists packages a file may not load at all, and `entryOnly` packages
 * whose subpaths it may not load.
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
              notPackages: { type: 'array', items: { type: 'string' } },
              entryOnly: { type: 'array', items: { type: 'string' } },
              why: { type: 'string' },
            },
            additionalProperties: false,
          },
        ],
      },
      create(context) {
        const [{ inside, notInto = [], notPackages = [], entryOnly = [], why = '' }] =
          context.options;
        const root = import.meta.dirname;
        const within = (path, folder) => {
          const rest = relative(resolve(root, folder), path);
          return rest === '' || (!rest.startsWith('..') && !rest.startsWith(sep));
        };
        const isOrUnder = (specifier, name) =>
          specifier === name || specifier.startsWith(`${name}/`);
        const problemOf = (specifier) => {
          if (specifier.startsWith('.')) {
            const target = resolve(dirname(context.filename), specifier);
            if (inside !== undefined && !within(target, inside))
              return `${inside} imports only from itself`;
            const folder = notInto.find((forbidden) => within(target, forbidden));
            return folder && `may not import from ${folder}`;
          }
          const banned = notPackages.find((name) => isOrUnder(specifier, name));
          if (banned) return `may not load ${banned}`;
          const entry = entryOnly.find((name) => specifier.startsWith(`${name}/`));
          return entry && `${entry} is loaded through its entry point only`;
        };
        const check = (node) => {
          if (node?.type !== 'Literal' || typeof node.value !== 'string') return;
          const problem = problemOf(node.value);
          if (problem)
            context.report({ node, message: `${node.value}: ${problem}. ${why}`.trim() });
        };
        const LOADERS = ['require', 'require.resolve', 'jest.requireActual', 'jest.requireMock'];
        const calleeName = (callee) =>
          callee.type === 'Identifier'
            ? callee.name
            : callee.type === 'MemberExpression' &&
                callee.object.type === 'Identifier' &&
                callee.property.type === 'Identifier'
              ? `${callee.object.name}.${callee.property.name}`
              : undefined;
        return {
          ImportDeclaration: (node) => check(node.source),
          ExportNamedDeclaration: (node) => check(node.source),
          ExportAllDeclaration: (node) => check(node.source),
          ImportExpression: (node) => check(node.source),
          TSImportEqualsDeclaration: (node) => {
            if (node.moduleReference.type === 'TSExternalModuleReference')
              check(node.moduleReference.expression);
          },
          // typescript-eslint 8 names the specifier `source`; older versions `argument.literal`.
          TSImportType: (node) => check(node.source ?? node.argument?.literal),
          CallExpression: (node) => {
            if (LOADERS.includes(calleeName(node.callee))) check(node.arguments[0]);
          },
        };
      },
    },
  },
};

/** The CDK: loaded by the constructs and stacks only. */
const CDK_PACKAGES = ['aws-cdk-lib', 'constructs'];
const LOCALCLOUD = '@hybrid-lake/localcloud';

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
  // The layers (docs/architecture.md, "Running it locally"), enforced here rather than by
  // convention. Each block gives the whole rule for its files: a later block replaces an earlier
  // one's options, so every block states the localcloud boundary again.
  { plugins: { layers } },
  {
    // Outside the package, localcloud is reached through its entry point only.
    files: ['**/*.ts'],
    ignores: ['scripts/localcloud/**'],
    rules: {
      'layers/boundaries': [
        'error',
        {
          notInto: ['scripts/localcloud'],
          entryOnly: [LOCALCLOUD],
          why: `Import ${LOCALCLOUD} (scripts/localcloud/src/index.ts) instead.`,
        },
      ],
    },
  },
  {
    // What is deployed never reaches into the local runtime or the emulator.
    files: ['lambdas/**/*.ts', 'infra/**/*.ts'],
    rules: {
      'layers/boundaries': [
        'error',
        {
          notInto: ['scripts'],
          notPackages: [LOCALCLOUD],
          why: 'Deployed code stays deployable: it never loads the emulator.',
        },
      ],
    },
  },
  {
    // The deployment facts are plain data, read by the constructs and the local deployment.
    files: ['infra/aws/facts/**/*.ts'],
    rules: {
      'layers/boundaries': [
        'error',
        {
          notInto: ['scripts', 'infra/aws/constructs', 'infra/aws/stacks'],
          notPackages: [...CDK_PACKAGES, LOCALCLOUD],
          why: 'Facts load no CDK.',
        },
      ],
    },
  },
  {
    // The local runtime deploys from the facts, as the stacks do, not from the CDK constructs.
    files: ['scripts/local-platform/**/*.ts', 'scripts/local-run/**/*.ts'],
    rules: {
      'layers/boundaries': [
        'error',
        {
          notInto: ['infra/aws/constructs', 'infra/aws/stacks', 'scripts/localcloud'],
          notPackages: CDK_PACKAGES,
          entryOnly: [LOCALCLOUD],
          why: `Read infra/aws/facts; reach localcloud through ${LOCALCLOUD}.`,
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
