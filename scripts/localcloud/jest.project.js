// localcloud's own tests, as one jest project: unit tests of its parsers, signers and engines,
// and the Redshift Data API's integration tests, which reach past the public entry point into the
// engine. The repository's jest.config.js runs this project beside its own tiers and supplies
// the TypeScript transform; the tests of the other services through real clients (AWS SDK, AWS
// CLI, rclone) live in test/integration/localcloud and use the public entry point only.

const { join } = require('node:path');

/** @type {import('jest').Config & { testTimeoutMs: number }} */
module.exports = {
  displayName: 'localcloud',
  roots: [join(__dirname, 'test')],
  testMatch: ['**/*.test.ts'],
  testEnvironment: 'node',
  // Integration tests start PGlite clusters; the same allowance as the repository's integration tier.
  testTimeoutMs: 120_000,
};
