/**
 * aws-cdk-lib checks every synthesized template with CloudFormation Validate, a WebAssembly
 * engine (`@aws/cloudformation-validate`), and cdk.json makes its errors fail the synth. Building
 * the engine (compiling its rules for the resource types in the templates) costs seconds, so
 * aws-cdk-lib keeps one engine per process. Jest, though, loads every module again for each test
 * file, so each file that synthesizes paid for its own engine, most of the time of a CDK test file.
 *
 * This module is loaded once per jest worker, outside the test files' module registries (by
 * ./node-environment.ts), and stands in for the library: an engine built for one set of rules
 * serves every test file of the worker that asks for the same rules. Which rules run, on which
 * templates, and what their findings do, is decided by aws-cdk-lib exactly as before.
 */
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';

/** The part of an engine that aws-cdk-lib's CloudFormation Validate plugin calls. */
interface ValidationEngine {
  validateTemplate(template: unknown, config?: unknown): unknown;
  free(): void;
}

interface CloudFormationValidateModule {
  readonly CompositeEngine: new (config?: unknown) => ValidationEngine;
}

/** The copy aws-cdk-lib itself resolves (it depends on an exact version of its own). */
const library = createRequire(require.resolve('aws-cdk-lib'))(
  '@aws/cloudformation-validate',
) as CloudFormationValidateModule;

/** Engines by a hash of their configuration (the rule files' names and contents). */
const engines = new Map<string, ValidationEngine>();
let enginesBuilt = 0;

/**
 * Arguments come from a test file's own JavaScript realm; the engine accepts only plain objects
 * of its own realm, so they are copied here. They are JSON data (rules, ids, severities).
 */
function copyIntoThisRealm(value: unknown): unknown {
  return value === undefined ? undefined : JSON.parse(JSON.stringify(value));
}

/** Replaces the library's CompositeEngine: same constructor and calls, shared underneath. */
class WorkerSharedCompositeEngine implements ValidationEngine {
  private readonly key: string;
  private readonly engine: ValidationEngine;

  constructor(config?: unknown) {
    const copied = copyIntoThisRealm(config);
    this.key = createHash('sha256')
      .update(JSON.stringify(copied ?? null))
      .digest('hex');
    let engine = engines.get(this.key);
    if (engine === undefined) {
      engine = new library.CompositeEngine(copied);
      enginesBuilt += 1;
      engines.set(this.key, engine);
    }
    this.engine = engine;
  }

  validateTemplate(template: unknown, config?: unknown): unknown {
    try {
      return this.engine.validateTemplate(template, copyIntoThisRealm(config));
    } catch (error) {
      // A WebAssembly trap leaves the engine unusable; the next test file builds a fresh one.
      engines.delete(this.key);
      throw error;
    }
  }

  /** Kept alive for the other test files of this worker; freed when the worker exits. */
  free(): void {}
}

/** What test files get for `@aws/cloudformation-validate` (jest.config.js moduleNameMapper). */
export const cloudFormationValidatePerWorker = {
  ...library,
  CompositeEngine: WorkerSharedCompositeEngine,
  /** How many engines this worker has built: one per distinct set of rules. */
  get enginesBuilt(): number {
    return enginesBuilt;
  },
};
