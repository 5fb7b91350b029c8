import { z } from 'zod';
import type { Construct } from 'constructs';
import { AZURE_TARGET_PLACEHOLDERS, type AzureTarget } from '../facts/replication';

/** A `-c` value for the transfer that cannot be used; names the key and what it accepts. */
export class TransferOptionError extends Error {
  override readonly name = 'TransferOptionError';
}

const SECRET_ARN =
  /^arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:\d{12}:secret:[A-Za-z0-9/_+=.@-]+-[A-Za-z0-9]{6}$/;

const optionSchemas = {
  adlsAccountUrl: z.url({ protocol: /^https$/ }),
  azureTenantId: z.guid(),
  azureClientId: z.guid(),
  adlsAuthMode: z.enum(['federated', 'service-principal']),
  azureClientSecretArn: z.string().regex(SECRET_ARN),
  copyMode: z.enum(['server-side', 'streaming']),
  mirrorDeletes: z.enum(['true', 'false']).or(z.boolean()),
} as const;

const EXPECTED: Record<keyof typeof optionSchemas, string> = {
  adlsAccountUrl: 'an https:// URL such as https://<account>.blob.core.windows.net',
  azureTenantId: 'a GUID',
  azureClientId: 'a GUID',
  adlsAuthMode: 'federated or service-principal (shared-key is for the local emulator only)',
  azureClientSecretArn: 'a full Secrets Manager secret ARN, including its 6-character suffix',
  copyMode: 'server-side or streaming',
  mirrorDeletes: 'true or false',
};

/** The options `npm run link-clouds -- --to aws` writes per environment (from the Pulumi outputs). */
export const AZURE_TARGET_KEYS = ['adlsAccountUrl', 'azureTenantId', 'azureClientId'] as const;
export type AzureTargetKey = (typeof AZURE_TARGET_KEYS)[number];

/**
 * Context key of the per-environment Azure targets, `{ "<env>": { adlsAccountUrl, azureTenantId,
 * azureClientId } }`, kept in cdk.context.json so one file serves dev and prod; a flat `-c` value
 * wins over it.
 */
export const AZURE_TARGETS_CONTEXT_KEY = 'azureTargets';

/** Why `value` is not a valid `key`, or undefined when it is (shared with link-clouds). */
export function azureTargetProblem(key: AzureTargetKey, value: unknown): string | undefined {
  return optionSchemas[key].safeParse(value).success
    ? undefined
    : `must be ${EXPECTED[key]}, got ${JSON.stringify(value)}`;
}

/** What `-c` says about the transfer; anything not given is left to the stack's defaults. */
export interface TransferOptions {
  readonly azureTarget: AzureTarget;
  /** `-c copyMode=server-side|streaming` */
  readonly copyMode?: 'server-side' | 'streaming';
  /** `-c mirrorDeletes=true|false` */
  readonly mirrorDeletes?: boolean;
}

/**
 * Reads the transfer's deploy-time options. The Azure target comes from
 * `-c adlsAccountUrl=… -c azureTenantId=… -c azureClientId=…`, else from the `azureTargets`
 * entry of `environmentName` (see AZURE_TARGETS_CONTEXT_KEY)
 * (and `-c adlsAuthMode=service-principal -c azureClientSecretArn=…` for the fallback).
 * Missing values become placeholders so `cdk synth` works without an Azure account.
 */
export function readTransferOptions(scope: Construct, environmentName?: string): TransferOptions {
  const scoped = environmentTarget(scope, environmentName);
  const read = <K extends keyof typeof optionSchemas>(
    key: K,
  ): z.infer<(typeof optionSchemas)[K]> | undefined => {
    const flat: unknown = scope.node.tryGetContext(key);
    const fromFlat = flat !== undefined && flat !== '';
    const value = fromFlat ? flat : scoped?.values[key];
    if (value === undefined || value === '') return undefined;
    const parsed = optionSchemas[key].safeParse(value);
    if (!parsed.success) {
      const where = fromFlat ? `-c ${key}` : `${scoped?.path}.${key}`;
      throw new TransferOptionError(
        `${where} must be ${EXPECTED[key]}, got ${JSON.stringify(value)}`,
      );
    }
    return parsed.data as z.infer<(typeof optionSchemas)[K]>;
  };

  const accountUrl = read('adlsAccountUrl');
  const tenantId = read('azureTenantId');
  const clientId = read('azureClientId');
  const authMode = read('adlsAuthMode') ?? 'federated';
  const clientSecretArn = read('azureClientSecretArn');
  if (authMode === 'service-principal' && clientSecretArn === undefined) {
    throw new TransferOptionError(
      '-c adlsAuthMode=service-principal needs -c azureClientSecretArn=<secret ARN>',
    );
  }
  if (authMode === 'federated' && clientSecretArn !== undefined) {
    // A secret nobody reads is a secret nobody rotates; refuse rather than grant access to it.
    throw new TransferOptionError(
      '-c azureClientSecretArn is only used with -c adlsAuthMode=service-principal',
    );
  }
  const azureTarget: AzureTarget = {
    accountUrl: accountUrl ?? AZURE_TARGET_PLACEHOLDERS.accountUrl,
    tenantId: tenantId ?? AZURE_TARGET_PLACEHOLDERS.tenantId,
    clientId: clientId ?? AZURE_TARGET_PLACEHOLDERS.clientId,
    authMode,
    ...(clientSecretArn !== undefined && { clientSecretArn }),
    usesPlaceholders: accountUrl === undefined || tenantId === undefined || clientId === undefined,
  };
  const copyMode = read('copyMode');
  // Context is a string on the command line and JSON in cdk.json.
  const mirrorDeletes = read('mirrorDeletes');
  return {
    azureTarget,
    ...(copyMode !== undefined && { copyMode }),
    ...(mirrorDeletes !== undefined && { mirrorDeletes: String(mirrorDeletes) === 'true' }),
  };
}

/** The `azureTargets.<env>` context entry, checked for shape (its values are checked by `read`). */
function environmentTarget(
  scope: Construct,
  environmentName: string | undefined,
): { readonly path: string; readonly values: Readonly<Record<string, unknown>> } | undefined {
  if (environmentName === undefined) return undefined;
  const targets: unknown = scope.node.tryGetContext(AZURE_TARGETS_CONTEXT_KEY);
  if (targets === undefined) return undefined;
  if (!isRecord(targets)) {
    throw new TransferOptionError(
      `context ${AZURE_TARGETS_CONTEXT_KEY} must be an object of environment name → Azure target, got ${JSON.stringify(targets)}`,
    );
  }
  const path = `${AZURE_TARGETS_CONTEXT_KEY}.${environmentName}`;
  const entry = targets[environmentName];
  if (entry === undefined) return undefined;
  if (!isRecord(entry)) {
    throw new TransferOptionError(
      `context ${path} must be an object, got ${JSON.stringify(entry)}`,
    );
  }
  const unknownKeys = Object.keys(entry).filter(
    (key) => !(AZURE_TARGET_KEYS as readonly string[]).includes(key),
  );
  if (unknownKeys.length > 0) {
    throw new TransferOptionError(
      `context ${path} may only hold ${AZURE_TARGET_KEYS.join(', ')}; unknown: ${unknownKeys.join(', ')}`,
    );
  }
  return { path: `context ${path}`, values: entry };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
