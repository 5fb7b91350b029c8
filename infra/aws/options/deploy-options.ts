import { Annotations, RemovalPolicy } from 'aws-cdk-lib';
import { z } from 'zod';
import type { Construct } from 'constructs';
import type { Platform } from '../../platform';

/** Choices made at deploy time with `-c key=value` (or in cdk.json), read once per app. */
export interface DeployOptions {
  /** `-c env=dev|prod`. @default 'dev' */
  readonly environmentName: string;
  /** `-c allowDestroy=true`: let stack deletion delete data stores. @default false */
  readonly allowDestroy: boolean;
  /** `-c alertEmail=ops@example.com`: overrides the environment's alert e-mail. @default undefined */
  readonly alertEmail?: string;
}

/** A context value that cannot be used; names the key and what it accepts. */
export class DeployOptionError extends Error {
  override readonly name = 'DeployOptionError';
}

export function readDeployOptions(scope: Construct): DeployOptions {
  const context = (key: string): unknown => scope.node.tryGetContext(key);
  const environmentName = context('env') ?? 'dev';
  if (typeof environmentName !== 'string') {
    throw new DeployOptionError(`-c env must be a string, got ${JSON.stringify(environmentName)}`);
  }
  const alertEmail = context('alertEmail');
  if (alertEmail !== undefined && !z.email().safeParse(alertEmail).success) {
    throw new DeployOptionError(
      `-c alertEmail must be an e-mail address, got ${JSON.stringify(alertEmail)}`,
    );
  }
  return {
    environmentName,
    allowDestroy: readBoolean(context('allowDestroy'), 'allowDestroy'),
    ...(typeof alertEmail === 'string' && { alertEmail }),
  };
}

/** Context arrives as a string from the command line and as JSON from cdk.json. */
function readBoolean(value: unknown, key: string): boolean {
  if (value === undefined || value === false || value === 'false') return false;
  if (value === true || value === 'true') return true;
  throw new DeployOptionError(`-c ${key} must be true or false, got ${JSON.stringify(value)}`);
}

/**
 * Data is retained unless the environment permits destruction AND the operator asked for it.
 * Asking for it where the environment forbids it is an error, not a silent RETAIN, so nobody
 * believes a prod teardown will clean up when it will not.
 */
export function dataRemovalPolicy(
  platform: Platform,
  options: DeployOptions,
  scope: Construct,
): RemovalPolicy {
  if (!options.allowDestroy) return RemovalPolicy.RETAIN;
  if (!platform.environment.dataMayBeDestroyed) {
    throw new DeployOptionError(
      `-c allowDestroy=true is refused: environment "${platform.environmentName}" sets dataMayBeDestroyed: false`,
    );
  }
  Annotations.of(scope).addWarningV2(
    'hybrid-lake:data-destroyable',
    `allowDestroy is on: deleting the "${platform.environmentName}" stacks DELETES every bucket, object and key they hold.`,
  );
  return RemovalPolicy.DESTROY;
}
