// Three tiers (docs/architecture.md#tests-in-three-tiers): unit tests never touch the network,
// integration tests talk to real local servers over HTTP, e2e tests drive the whole local platform.
// `npm test` runs all three. What keeps the run short is in docs/architecture.md#test-suite-time.

const { availableParallelism } = require('node:os');

// esbuild only transpiles (tsconfig sets isolatedModules): type errors are caught once by
// `npm run typecheck`, not per test file.
const transform = { '^.+\\.ts$': '<rootDir>/test/setup/esbuild-transformer.js' };

const tier = (name, timeout) => ({
  displayName: name,
  // Node.js, plus the CloudFormation validation engine built once per worker instead of once per
  // test file that synthesizes (test/setup/cloudformation-validate-per-worker.ts).
  testEnvironment: '<rootDir>/test/setup/node-environment.ts',
  moduleNameMapper: {
    '^@aws/cloudformation-validate$': '<rootDir>/test/setup/cloudformation-validate.ts',
  },
  roots: [`<rootDir>/test/${name}`],
  testMatch: ['**/*.test.ts'],
  transform,
  globals: { tierTimeoutMs: timeout },
  // Tests create AWS SDK clients: without this, each test file on Node.js 20 prints the SDK's
  // Node.js support notice (scripts/shared/aws-sdk-node-notice.ts).
  setupFiles: ['<rootDir>/scripts/shared/aws-sdk-node-notice.ts'],
  setupFilesAfterEnv: ['<rootDir>/test/setup/tier-timeout.ts'],
});

// localcloud is a package of its own (scripts/localcloud): it declares its project, and runs here
// with the same transform and set-up as the tiers.
const {
  testTimeoutMs: localcloudTimeout,
  ...localcloudProject
} = require('./scripts/localcloud/jest.project.js');
const localcloud = {
  ...tier('localcloud', localcloudTimeout),
  ...localcloudProject,
};

/** @type {import('jest').Config} */
module.exports = {
  projects: [tier('unit', 30_000), tier('integration', 120_000), tier('e2e', 300_000), localcloud],
  // Jest's default, one worker fewer than the cores, runs a 2-core machine (CI's) in band: the
  // tests of one file at a time on one core while the other waits. Two workers use both cores and
  // overlap one file's waits (child processes, servers) with another's work.
  maxWorkers: Math.max(2, availableParallelism() - 1),
  // The e2e files first: they run longest (test/setup/e2e-first-sequencer.js).
  testSequencer: '<rootDir>/test/setup/e2e-first-sequencer.js',
};
