/**
 * Where ./node-environment.ts leaves objects that live once per jest worker, for the modules
 * test files load. A registered symbol is the same in every JavaScript realm, so the test
 * files' realm finds what the worker's realm put there.
 */
export const CLOUDFORMATION_VALIDATE_PER_WORKER = Symbol.for(
  'hybrid-lake.test.cloudformation-validate-per-worker',
);
