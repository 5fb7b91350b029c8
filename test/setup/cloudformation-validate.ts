/**
 * What `require('@aws/cloudformation-validate')` gives code under test (jest.config.js
 * moduleNameMapper): the worker's shared copy (./cloudformation-validate-per-worker.ts), put
 * there by ./node-environment.ts.
 */
import { CLOUDFORMATION_VALIDATE_PER_WORKER } from './per-worker-globals';

const perWorker = (globalThis as Record<symbol, unknown>)[CLOUDFORMATION_VALIDATE_PER_WORKER];
/** Jest runs this project with another test environment than test/setup/node-environment.ts. */
class TestEnvironmentMismatchError extends Error {
  override readonly name = 'TestEnvironmentMismatchError';
}

if (perWorker === undefined) {
  throw new TestEnvironmentMismatchError(
    '@aws/cloudformation-validate is mapped to the per-worker copy, which only ' +
      "test/setup/node-environment.ts provides: use it as the project's testEnvironment",
  );
}

export = perWorker;
