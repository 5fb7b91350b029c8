/**
 * `npm run reconcile`: resolves the zone's bucket and file system, merges the two listings and
 * prints the drift. Exit codes: 0 no drift, 1 drift, 2 usage or configuration error, 3 the check
 * could not finish (a listing failed or broke the key order), so no verdict.
 */
import type { S3Client } from '@aws-sdk/client-s3';
import { GetCallerIdentityCommand, type STSClient } from '@aws-sdk/client-sts';
import type { BlobServiceClient } from '@azure/storage-blob';
import { loadPlatform, PlatformDefinitionError } from '../../infra/platform';
import { listAdlsFiles } from './adls-listing';
import { parseReconcileArgs, USAGE, type ReconcileArgs } from './args';
import { defaultAwsClients, defaultBlobService } from './clients';
import { ListingOrderError, ReconcileConfigError } from './errors';
import { hasDrift, reconcileListings } from './reconcile';
import { formatHumanReport, toJsonReport } from './report';
import { listS3Objects } from './s3-listing';
import { resolveTarget } from './targets';
import { PROCESS_OUTPUT, runCli } from '../shared/cli-main';

export const EXIT = { noDrift: 0, drift: 1, usage: 2, failed: 3 } as const;

/** Everything from outside; tests inject clients and capture the output. */
export interface ReconcileDependencies {
  readonly env: NodeJS.ProcessEnv;
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  /** Inject both or neither. */
  readonly s3?: S3Client;
  readonly sts?: STSClient;
  readonly blobService?: BlobServiceClient;
}

const processDependencies: ReconcileDependencies = { env: process.env, ...PROCESS_OUTPUT };

export function main(
  argv: readonly string[],
  dependencies: ReconcileDependencies = processDependencies,
): Promise<number> {
  return runCli(
    {
      name: 'reconcile',
      usage: USAGE,
      usageExitCode: EXIT.usage,
      parse: parseReconcileArgs,
      run: (args) => reconcileZone(args, dependencies),
      failure: classify,
    },
    argv,
    dependencies,
  );
}

async function reconcileZone(
  args: ReconcileArgs,
  dependencies: ReconcileDependencies,
): Promise<number> {
  const { env } = dependencies;
  const platform = loadPlatform(args.env);
  const accountUrl = args.accountUrl ?? (env.ADLS_ACCOUNT_URL || undefined);
  // Both AWS clients are injected together (tests) or both built from the environment.
  const { s3, sts } =
    dependencies.s3 && dependencies.sts
      ? { s3: dependencies.s3, sts: dependencies.sts }
      : defaultAwsClients(env);
  const target = await resolveTarget(
    platform,
    args.zone,
    args.prefix,
    args.bucket !== undefined
      ? { bucket: args.bucket }
      : {
          account: async () => {
            const identity = await sts.send(new GetCallerIdentityCommand({}));
            if (!identity.Account) throw new ReconcileConfigError('STS returned no account id');
            return identity.Account;
          },
          region: () =>
            s3.config.region().catch((error: unknown) => {
              throw new ReconcileConfigError('no AWS region: set AWS_REGION or pass --bucket', {
                cause: error,
              });
            }),
        },
  );
  const blobService = dependencies.blobService ?? defaultBlobService(accountUrl, env);
  const container = blobService.getContainerClient(target.fileSystem);

  const summary = await reconcileListings(
    listS3Objects(s3, target.bucket, target.s3Prefixes, {
      ...(args.pageSize !== undefined && { pageSize: Math.min(args.pageSize, 1000) }),
    }),
    listAdlsFiles(container, target.adlsPrefix, {
      ...(args.pageSize !== undefined && { pageSize: args.pageSize }),
    }),
    { limit: args.limit, s3EtagIsMd5: args.s3EtagIsMd5 },
  );
  dependencies.stdout(
    args.json
      ? JSON.stringify(toJsonReport(target, summary), null, 2)
      : formatHumanReport(target, summary),
  );
  return hasDrift(summary) ? EXIT.drift : EXIT.noDrift;
}

/** AWS and Azure error codes that mean "wrong bucket, account or credentials", not a glitch. */
const CONFIGURATION_CODES = new Set([
  'NoSuchBucket',
  'ContainerNotFound',
  'InvalidAccessKeyId',
  'SignatureDoesNotMatch',
  'ExpiredToken',
  'AccessDenied',
  'AuthenticationFailed',
  'AuthorizationFailure',
  'AuthorizationPermissionMismatch',
  'NoAuthenticationInformation',
  'KeyBasedAuthenticationNotPermitted',
  'CredentialsProviderError',
  'CredentialUnavailableError',
]);

function classify(error: unknown): { code: number; message: string } {
  const message = error instanceof Error ? error.message : String(error);
  if (error instanceof ReconcileConfigError || error instanceof PlatformDefinitionError) {
    return { code: EXIT.usage, message };
  }
  if (error instanceof ListingOrderError) return { code: EXIT.failed, message };
  const codeOf = (value: unknown): string | undefined => {
    if (typeof value !== 'object' || value === null) return undefined;
    const record = value as { code?: unknown; name?: unknown };
    return typeof record.code === 'string'
      ? record.code
      : typeof record.name === 'string'
        ? record.name
        : undefined;
  };
  const errorCode = codeOf(error);
  if (errorCode !== undefined && CONFIGURATION_CODES.has(errorCode)) {
    return { code: EXIT.usage, message: `${errorCode}: ${message}` };
  }
  return { code: EXIT.failed, message: `could not finish, no verdict: ${message}` };
}
