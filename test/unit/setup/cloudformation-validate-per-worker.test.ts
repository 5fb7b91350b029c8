/**
 * The CloudFormation validation engine is built once per jest worker for a set of rules, not once
 * per test file, and still fails a synth as aws-cdk-lib decides. `jest.isolateModules` loads
 * aws-cdk-lib again, as the next test file in the same worker does.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type * as cdkLib from 'aws-cdk-lib';
import { CLOUDFORMATION_VALIDATE_PER_WORKER } from '../../setup/per-worker-globals';

type CdkLib = typeof cdkLib;

/** aws-cdk-lib as a new test file gets it: a fresh copy of every module. */
function loadCdkAsAnotherTestFile(): CdkLib {
  let cdk: CdkLib | undefined;
  jest.isolateModules(() => {
    cdk = jest.requireActual<CdkLib>('aws-cdk-lib');
  });
  return cdk!;
}

/** Synthesizes one queue with the given properties, with errors of the rules failing the synth. */
function synthQueue(cdk: CdkLib, properties: Record<string, unknown>): void {
  const app = new cdk.App({
    outdir: mkdtempSync(join(tmpdir(), 'hybrid-lake-validate-')),
    context: { '@aws-cdk/core:validateAgainstDefaultRules': true },
  });
  const stack = new cdk.Stack(app, 'Queue');
  new cdk.CfnResource(stack, 'Queue', { type: 'AWS::SQS::Queue', properties });
  app.synth();
}

/** What the worker's copy counts; undefined when test files load their own copy. */
function enginesBuilt(): number | undefined {
  const perWorker = (globalThis as Record<symbol, { enginesBuilt: number } | undefined>)[
    CLOUDFORMATION_VALIDATE_PER_WORKER
  ];
  return perWorker?.enginesBuilt;
}

/** The synth's error message, or 'synthesized'. */
function synthFailure(cdk: CdkLib, properties: Record<string, unknown>): string {
  try {
    synthQueue(cdk, properties);
    return 'synthesized';
  } catch (error) {
    return String(error);
  }
}

describe('CloudFormation Validate, once per jest worker', () => {
  it('builds one engine for the same rules, whichever test file synthesizes', () => {
    synthQueue(loadCdkAsAnotherTestFile(), { VisibilityTimeout: 30 });
    const afterFirstFile = enginesBuilt();

    synthQueue(loadCdkAsAnotherTestFile(), { VisibilityTimeout: 60, DelaySeconds: 5 });

    expect(afterFirstFile).toBeGreaterThanOrEqual(1);
    expect(enginesBuilt()).toBe(afterFirstFile);
  });

  it('still fails the synth of a template the rules reject', () => {
    const invalid = { VisibilityTimeout: 'thirty', NoSuchProperty: 1 };

    const failure = synthFailure(loadCdkAsAnotherTestFile(), invalid);

    expect(failure).toContain("VisibilityTimeout: 'thirty' is not of type 'integer'");
    expect(failure).toContain("Additional properties are not allowed ('NoSuchProperty'");
  });
});
