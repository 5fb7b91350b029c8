/**
 * The transfer under test, as a Lambda container would run it: configuration read from the
 * environment by the function's own `loadTransferConfig`, the event body parsed by its own
 * parser, the Azure clients built by `createAzureClients` (shared key from Secrets Manager,
 * local only), then one `transferObject`. Metrics go to an in-memory recorder, and the S3
 * client counts the requests it sends, so the report can show that a server-side copy read no
 * bytes itself.
 */
import { S3Client } from '@aws-sdk/client-s3';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { STSClient } from '@aws-sdk/client-sts';
import { loadPlatform } from '../../../infra/platform';
import { loadLakeIdentity } from '../../../lambdas/shared/lake-buckets';
import type { AzureClients } from '../../../lambdas/s3-to-adls/adls-target';
import { createAzureClients } from '../../../lambdas/s3-to-adls/azure-clients';
import { loadTransferConfig } from '../../../lambdas/s3-to-adls/config';
import { parseS3ObjectEvent } from '../../../lambdas/s3-to-adls/event';
import { noTracing } from '../../../lambdas/s3-to-adls/tracing';
import { transferObject } from '../../../lambdas/s3-to-adls/transfer';
import type {} from '../../../lambdas/s3-to-adls/transfer-dependencies';
import type { LogPort, MetricsPort } from '../../../lambdas/shared/ports';

export interface FunctionCopyResult {
  readonly outcome: string;
  readonly modeUsed?: string;
  readonly bytes: number;
  readonly metrics: Record<string, number>;
  readonly s3Commands: Record<string, number>;
  readonly warnings: string[];
}

/** Sums every metric value by name (single metrics included). */
export function recordingMetrics(sums: Record<string, number>): MetricsPort {
  const add = (name: string, value: number) => {
    sums[name] = (sums[name] ?? 0) + value;
  };
  return {
    addMetric: (name, _unit, value) => add(name, value),
    singleMetric: () => ({
      addDimension: () => undefined,
      addMetric: (name, _unit, value) => add(name, value),
    }),
  };
}

function collectingLogger(warnings: string[]): LogPort {
  const keep = (message: unknown, ...extra: unknown[]): void => {
    warnings.push(JSON.stringify([message, ...extra]));
  };
  const ignore = (): void => undefined;
  return { debug: ignore, info: ignore, warn: keep, error: keep };
}

/**
 * An S3 client that counts the requests it puts on the wire, by command name. The counter sits
 * in the deserialize step, after signing: a presign (which stops at the signer and sends
 * nothing) is not counted, and each retry is.
 */
function countingS3Client(counts: Record<string, number>): S3Client {
  // Endpoint, region and credentials come from AWS_ENDPOINT_URL, AWS_REGION and AWS_ACCESS_KEY_ID…
  const s3 = new S3Client({ forcePathStyle: true });
  s3.middlewareStack.add(
    (next, context) => (args) => {
      const name = context.commandName ?? '(unknown)';
      counts[name] = (counts[name] ?? 0) + 1;
      return next(args);
    },
    { step: 'deserialize', name: 'benchWireRequestCounter' },
  );
  return s3;
}

export async function functionCopy(eventBody: string): Promise<FunctionCopyResult> {
  const config = loadTransferConfig(process.env);
  const metrics: Record<string, number> = {};
  const s3Commands: Record<string, number> = {};
  const warnings: string[] = [];
  let clients: Promise<AzureClients> | undefined;
  const outcome = await transferObject(parseS3ObjectEvent(eventBody), {
    platform: loadPlatform(config.platformEnv),
    lake: loadLakeIdentity(process.env),
    config,
    s3: countingS3Client(s3Commands),
    azure: () =>
      (clients ??= createAzureClients(config, {
        sts: new STSClient({}),
        secrets: new SecretsManagerClient({}),
      })),
    logger: collectingLogger(warnings),
    metrics: recordingMetrics(metrics),
    tracing: noTracing,
    now: () => new Date(),
  });
  return {
    outcome: outcome.outcome,
    ...(outcome.outcome === 'copied' && { modeUsed: outcome.mode }),
    bytes: outcome.outcome === 'copied' ? outcome.bytes : 0,
    metrics,
    s3Commands,
    warnings,
  };
}
