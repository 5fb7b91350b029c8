// The integration tests that also run on LocalStack (community, pinned in docker-compose.yml) and
// Azurite instead of localcloud: `HYBRID_LAKE_EMULATORS=docker jest -c jest.emulators.config.js`
// after `docker compose up -d --wait`. See docs/emulators.md.
//
// A file is listed only when every test in it uses nothing but endpoints, region, account,
// credentials, env and the Azurite development account (test/fixtures/external-emulators.ts),
// and only services the community image and Azurite serve. The others stay on localcloud:
//   - fault injection, the movable clock, request counts, in-process service state or emitted
//     service events (faults, advanceClock, requests, services, emitServiceEvent): the rest of
//     test/integration/localcloud/**, failure-alerts dedupe-window and faults,
//     s3-to-adls faults and idempotency, register-partitions registration, warehouse elt;
//   - Glue Data Catalog and the Redshift Data API, which LocalStack serves only in its licensed
//     image: localcloud glue-* and redshift-data*, register-partitions, warehouse/**, sql/**;
//   - ADLS Gen2 (DFS API, hierarchical namespace), which no Azurite release serves: the whole
//     S3→ADLS transfer (lambdas/s3-to-adls/**, which renames through DFS), localcloud azure-dfs-*,
//     azure-blob-listing and azure-blob-objects (directories as blobs), reconcile.test.ts (writes
//     through DFS);
//   - identity: STS GetWebIdentityToken, the local Entra ID token endpoint, SAS and refusing
//     Shared Key (localcloud azure-identity-*, azure-shared-key, sts, s3-to-adls federated and
//     service-principal);
//   - assertions on details where Azurite differs from Azure and localcloud follows Azure:
//     azure-blob-containers checks the `0x8D…` shape of container ETags and the NextMarker of a
//     container listing (Azurite 3.37.0 answers `0x1F…` and the last name of the page);
//   - tests that are not about emulated services (infra/aws/cdk-cli, produce-events).
const files = [
  'localcloud/s3-objects.test.ts',
  'localcloud/event-routing.test.ts',
  'localcloud/dynamodb-expressions.test.ts',
  'lambdas/failure-alerts/alerts.test.ts',
  'lambdas/failure-alerts/handler.test.ts',
  'scripts/reconcile/cli.test.ts',
];

// A renamed or deleted file must not silently shrink what this run covers.
const { existsSync } = require('node:fs');
const { join } = require('node:path');
const missing = files.filter((file) => !existsSync(join(__dirname, 'test/integration', file)));
if (missing.length > 0) {
  throw new Error(`jest.emulators.config.js lists files that do not exist: ${missing.join(', ')}`);
}

// These tests only mean something against the Docker emulators; never let them fall back to
// localcloud because the variable was forgotten. Jest's workers inherit it.
process.env.HYBRID_LAKE_EMULATORS ??= 'docker';
if (process.env.HYBRID_LAKE_EMULATORS !== 'docker') {
  throw new Error(
    `jest.emulators.config.js runs on LocalStack and Azurite: HYBRID_LAKE_EMULATORS must be "docker" (got "${process.env.HYBRID_LAKE_EMULATORS}")`,
  );
}

/** @type {import('jest').Config} */
module.exports = {
  displayName: 'emulators',
  testEnvironment: 'node',
  roots: ['<rootDir>/test/integration'],
  testMatch: files.map((file) => `**/test/integration/${file}`),
  // The transform of jest.config.js's tiers (test/setup/esbuild-transformer.js).
  transform: { '^.+\\.ts$': '<rootDir>/test/setup/esbuild-transformer.js' },
  globals: { tierTimeoutMs: 120_000 },
  setupFiles: ['<rootDir>/scripts/shared/aws-sdk-node-notice.ts'],
  setupFilesAfterEnv: ['<rootDir>/test/setup/tier-timeout.ts'],
  // One file at a time: every file wipes the same two emulators before each of its tests.
  maxWorkers: 1,
};
