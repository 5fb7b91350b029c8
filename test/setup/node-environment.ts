/**
 * Jest's Node.js environment, plus what a jest worker keeps for all its test files: the
 * CloudFormation validation engines (./cloudformation-validate-per-worker.ts). Jest loads a test
 * environment with Node.js's own module cache, once per worker, unlike test files.
 */
import type { EnvironmentContext, JestEnvironmentConfig } from '@jest/environment';
import { TestEnvironment } from 'jest-environment-node';
import { cloudFormationValidatePerWorker } from './cloudformation-validate-per-worker';
import { CLOUDFORMATION_VALIDATE_PER_WORKER } from './per-worker-globals';

export default class PlatformTestEnvironment extends TestEnvironment {
  constructor(config: JestEnvironmentConfig, context: EnvironmentContext) {
    super(config, context);
    Object.defineProperty(this.global, CLOUDFORMATION_VALIDATE_PER_WORKER, {
      value: cloudFormationValidatePerWorker,
    });
  }
}
