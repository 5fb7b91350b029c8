// Type-aware lint: the rules that catch real bugs in async AWS code (floating promises,
// misused promises, unsafe any) need type information, so the whole tree is linted with it.
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import tseslint from 'typescript-eslint';

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
    files: ['test/**/*.ts'],
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
    files: ['scripts/localcloud/services/**/*.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
    },
  },
  prettier,
);
