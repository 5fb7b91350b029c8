// Three tiers (docs/architecture.md#tests-in-three-tiers): unit tests never touch the network,
// integration tests talk to real local servers over HTTP, e2e tests drive the whole local platform.
// `npm test` runs all three.
// ts-jest only transpiles (tsconfig sets isolatedModules): type errors are caught once by `npm run typecheck`, not per test file.
const transform = { '^.+\\.ts$': ['ts-jest', { diagnostics: false }] };

const tier = (name, timeout) => ({
  displayName: name,
  testEnvironment: 'node',
  roots: [`<rootDir>/test/${name}`],
  testMatch: ['**/*.test.ts'],
  transform,
  globals: { tierTimeoutMs: timeout },
  // Tests create AWS SDK clients: without this, each test file on Node.js 20 prints the SDK's
  // Node.js support notice (scripts/shared/aws-sdk-node-notice.ts).
  setupFiles: ['<rootDir>/scripts/shared/aws-sdk-node-notice.ts'],
  setupFilesAfterEnv: ['<rootDir>/test/setup/tier-timeout.ts'],
});

/** @type {import('jest').Config} */
module.exports = {
  projects: [tier('unit', 30_000), tier('integration', 120_000), tier('e2e', 300_000)],
};
