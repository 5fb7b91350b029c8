/**
 * What an AWS SDK v3 error says beyond its name and message, for logs. A failed HEAD has no
 * body, so the SDK names every such failure `Unknown` with the message `UnknownError`: only the
 * HTTP status tells a 503 SlowDown from a 403 AccessDenied, and only the request ids let AWS
 * Support find the request.
 */

export interface AwsErrorDetails {
  /** The service's error code, when the response carried one (`Code` in the body). */
  readonly code?: string;
  /** `$metadata.httpStatusCode` */
  readonly statusCode?: number;
  /** `$metadata.requestId` (S3: `x-amz-request-id`) */
  readonly requestId?: string;
  /** `$metadata.extendedRequestId` (S3: `x-amz-id-2`), which AWS Support asks for with the request id. */
  readonly extendedRequestId?: string;
}

interface SdkErrorShape {
  readonly Code?: unknown;
  readonly $metadata?: {
    readonly httpStatusCode?: unknown;
    readonly requestId?: unknown;
    readonly extendedRequestId?: unknown;
  };
}

/** The fields an AWS SDK v3 error carries; empty for anything else. */
export function awsErrorDetails(error: unknown): AwsErrorDetails {
  if (typeof error !== 'object' || error === null) return {};
  const { Code: code, $metadata: metadata } = error as SdkErrorShape;
  const text = (value: unknown) => (typeof value === 'string' && value !== '' ? value : undefined);
  const serviceCode = text(code);
  const statusCode = metadata?.httpStatusCode;
  const requestId = text(metadata?.requestId);
  const extendedRequestId = text(metadata?.extendedRequestId);
  return {
    ...(serviceCode !== undefined && { code: serviceCode }),
    ...(typeof statusCode === 'number' && { statusCode }),
    ...(requestId !== undefined && { requestId }),
    ...(extendedRequestId !== undefined && { extendedRequestId }),
  };
}
