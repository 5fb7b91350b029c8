/**
 * What API Gateway answers itself, without reaching the integration: its default gateway
 * responses (status, `{"message": …}` body, `x-amzn-ErrorType`) for the REST API cases the local
 * API meets. docs/decisions.md, "Local API Gateway", says where each status and message comes from.
 */
import { createHash } from 'node:crypto';
import type { AuthFailure } from '@hybrid-lake/localcloud';

export interface GatewayResponse {
  readonly status: number;
  /** `x-amzn-ErrorType`; absent on the integration's own failures. */
  readonly errorType?: string;
  readonly contentType: string;
  readonly body: string;
}

function json(status: number, message: string, errorType?: string): GatewayResponse {
  return {
    status,
    ...(errorType !== undefined && { errorType }),
    contentType: 'application/json',
    body: JSON.stringify({ message }),
  };
}

/** MISSING_AUTHENTICATION_TOKEN: also the answer to a resource or method the API does not have. */
export const MISSING_AUTHENTICATION_TOKEN = json(
  403,
  'Missing Authentication Token',
  'MissingAuthenticationTokenException',
);

/** A stage the API does not have (or no stage at all). */
export const FORBIDDEN = json(403, 'Forbidden', 'ForbiddenException');

/** THROTTLED */
export const TOO_MANY_REQUESTS = json(429, 'Too Many Requests', 'TooManyRequestsException');

/** The function failed (an error, a timeout within the function's own limit, a crash) or answered
 * something that is not a proxy response. */
export const INTERNAL_SERVER_ERROR = json(502, 'Internal server error');

/** INTEGRATION_TIMEOUT: no answer within the integration timeout (29 s). */
export const ENDPOINT_REQUEST_TIMED_OUT = json(504, 'Endpoint request timed out');

/** REQUEST_TOO_LARGE: answered by the front end before the API is looked at, in plain text. */
export function requestTooLarge(maxBodyBytes: number): GatewayResponse {
  return {
    status: 413,
    contentType: 'text/plain',
    body: `HTTP content length exceeded ${maxBodyBytes} bytes.`,
  };
}

const SIGNATURE_MISMATCH =
  'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.';

/** How far a signature's time may be from the clock, either way. */
export const SIGNATURE_WINDOW_MS = 5 * 60 * 1000;

/** The answer to a request an `AWS_IAM` method refuses. */
export function authFailureResponse(failure: AuthFailure, authorization?: string): GatewayResponse {
  switch (failure.kind) {
    case 'missing':
      return MISSING_AUTHENTICATION_TOKEN;
    case 'malformed':
      return json(
        403,
        malformedMessage(failure.message, authorization),
        'IncompleteSignatureException',
      );
    case 'unknown-key':
      return json(
        403,
        'The security token included in the request is invalid.',
        'UnrecognizedClientException',
      );
    case 'wrong-service':
      return invalidSignature(
        `Credential should be scoped to correct service: '${failure.expected}'. `,
      );
    case 'wrong-region':
      return invalidSignature(
        `Credential should be scoped to a valid region, not '${failure.actual}'. `,
      );
    case 'expired':
    case 'skewed':
      return signatureExpired(
        failure.kind === 'skewed' ? failure.signedAt : failure.expiredAt,
        failure.now,
      );
    case 'bad-signature':
      return invalidSignature(
        `${SIGNATURE_MISMATCH}\n\nThe Canonical String for this request should have been\n'${failure.canonicalRequest}'\n\nThe String-to-Sign should have been\n'${failure.stringToSign}'\n`,
      );
  }
}

/** A signature made further than SIGNATURE_WINDOW_MS from `now`, in the past or the future. */
export function signatureExpired(signedAt: Date, now: Date): GatewayResponse {
  const window = SIGNATURE_WINDOW_MS / 60_000;
  if (signedAt > now)
    return invalidSignature(
      `Signature not yet current: ${amzDate(signedAt)} is still later than ${amzDate(new Date(now.getTime() + SIGNATURE_WINDOW_MS))} (${amzDate(now)} + ${window} min.)`,
    );
  return invalidSignature(
    `Signature expired: ${amzDate(signedAt)} is now earlier than ${amzDate(new Date(now.getTime() - SIGNATURE_WINDOW_MS))} (${amzDate(now)} - ${window} min.)`,
  );
}

function invalidSignature(message: string): GatewayResponse {
  return json(403, message, 'InvalidSignatureException');
}

/**
 * A header that is not SigV4 at all (`Bearer …`) is read as SigV4's `key=value` list, and API
 * Gateway names the first part without an equals sign by its hash rather than echo a secret.
 */
function malformedMessage(parserMessage: string, authorization: string | undefined): string {
  if (authorization === undefined || authorization.startsWith('AWS4-HMAC-SHA256 '))
    return parserMessage;
  const hash = createHash('sha256').update(authorization).digest('base64');
  return `Invalid key=value pair (missing equal-sign) in Authorization header (hashed with SHA-256 and encoded with Base64): '${hash}'.`;
}

function amzDate(date: Date): string {
  return date
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
}
