/**
 * Azure REST failures that mean something to the transfer, mapped to typed errors. Everything
 * else passes through unchanged (and is retried by SQS).
 */
import { SourceChangedError, SourceUnreachableError, VerificationError } from './errors';

export function azureErrorCode(error: unknown): string | undefined {
  if (!(error instanceof Error)) return undefined;
  const withCode = error as Error & { code?: unknown; details?: { errorCode?: unknown } };
  if (typeof withCode.details?.errorCode === 'string') return withCode.details.errorCode;
  return typeof withCode.code === 'string' ? withCode.code : undefined;
}

export function azureStatus(error: unknown): number | undefined {
  const status = (error as { statusCode?: unknown } | undefined)?.statusCode;
  return typeof status === 'number' ? status : undefined;
}

function copySourceStatus(error: unknown): number | undefined {
  const response = (error as { response?: { headers?: { get(name: string): string | undefined } } })
    .response;
  const value = response?.headers?.get('x-ms-copy-source-status-code');
  return value === undefined ? undefined : Number(value);
}

/**
 * Failures of Put Blob / Put Block From URL: the source's own answer decides. 404/412 mean the
 * version or ETag is gone (retry re-reads the source); anything else (no answer, 403 from a
 * bucket policy or network rule, 5xx) means Azure cannot reach S3 and streaming must be used.
 */
export function mapFromUrlError(error: unknown, key: string): unknown {
  const code = azureErrorCode(error);
  if (code === 'SourceConditionNotMet')
    return new SourceChangedError(`Source ${key} changed during the copy`, { cause: error });
  if (code === 'Md5Mismatch')
    return new VerificationError(`Azure read bytes of ${key} that do not match its MD5`, {
      cause: error,
    });
  if (code === 'CannotVerifyCopySource') {
    const status = copySourceStatus(error) ?? azureStatus(error);
    if (status === 404 || status === 412 || status === 304)
      return new SourceChangedError(`Source ${key} is gone or changed (S3 answered ${status})`, {
        cause: error,
      });
    return new SourceUnreachableError(
      `Azure could not read the presigned source of ${key} (status ${status ?? 'none'})`,
      { cause: error },
    );
  }
  return error;
}
