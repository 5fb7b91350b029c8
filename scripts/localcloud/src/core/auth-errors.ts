/**
 * The same authentication failure is spelled differently by each protocol family; these tables
 * follow what the services return (S3's REST errors, the JSON services' coral exceptions, and
 * the Query services' `ErrorResponse` codes).
 */
import { AwsError } from './aws-error';
import type { AuthFailure } from './sigv4';

export type ProtocolFamily = 's3' | 'json' | 'query';

const SIGNATURE_MISMATCH =
  'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.';

export function authError(failure: AuthFailure, family: ProtocolFamily): AwsError {
  switch (family) {
    case 's3':
      return s3AuthError(failure);
    case 'json':
    case 'query':
      return serviceAuthError(failure, family);
  }
}

function s3AuthError(failure: AuthFailure): AwsError {
  switch (failure.kind) {
    case 'missing':
      return new AwsError('AccessDenied', 'Access Denied', 403);
    case 'malformed':
      return failure.presigned
        ? new AwsError('AuthorizationQueryParametersError', failure.message, 400)
        : new AwsError(
            'AuthorizationHeaderMalformed',
            `The authorization header is malformed; ${failure.message}`,
            400,
          );
    case 'unknown-key':
      return new AwsError(
        'InvalidAccessKeyId',
        'The AWS Access Key Id you provided does not exist in our records.',
        403,
        {
          fields: { AWSAccessKeyId: failure.accessKeyId },
        },
      );
    case 'wrong-region':
      return new AwsError(
        'AuthorizationHeaderMalformed',
        `The authorization header is malformed; the region '${failure.actual}' is wrong; expecting '${failure.expected}'`,
        400,
        { fields: { Region: failure.expected } },
      );
    case 'wrong-service':
      return new AwsError(
        'AuthorizationHeaderMalformed',
        `The authorization header is malformed; incorrect service "${failure.actual}". This endpoint belongs to "${failure.expected}".`,
        400,
      );
    case 'expired':
      return new AwsError('AccessDenied', 'Request has expired', 403, {
        fields: {
          'X-Amz-Expires': failure.expiresInSeconds,
          Expires: failure.expiredAt.toISOString(),
          ServerTime: failure.now.toISOString(),
        },
      });
    case 'skewed':
      return new AwsError(
        'RequestTimeTooSkewed',
        'The difference between the request time and the current time is too large.',
        403,
        {
          fields: {
            RequestTime: failure.signedAt.toISOString(),
            ServerTime: failure.now.toISOString(),
            MaxAllowedSkewMilliseconds: 900000,
          },
        },
      );
    case 'bad-signature':
      return new AwsError('SignatureDoesNotMatch', SIGNATURE_MISMATCH, 403, {
        fields: { StringToSign: failure.stringToSign, CanonicalRequest: failure.canonicalRequest },
      });
  }
}

type FailureKind = AuthFailure['kind'];

/**
 * Code and status per failure for the JSON and Query families. Their messages are the same
 * (`serviceAuthMessage`); only the codes and statuses differ.
 */
const SERVICE_CODES: Readonly<
  Record<'json' | 'query', Readonly<Record<FailureKind, readonly [code: string, status: number]>>>
> = {
  json: {
    missing: ['MissingAuthenticationTokenException', 400],
    malformed: ['IncompleteSignatureException', 400],
    'unknown-key': ['UnrecognizedClientException', 400],
    'wrong-service': ['InvalidSignatureException', 400],
    'wrong-region': ['InvalidSignatureException', 400],
    expired: ['InvalidSignatureException', 400],
    skewed: ['InvalidSignatureException', 400],
    'bad-signature': ['InvalidSignatureException', 400],
  },
  query: {
    missing: ['MissingAuthenticationToken', 403],
    malformed: ['IncompleteSignature', 400],
    'unknown-key': ['InvalidClientTokenId', 403],
    'wrong-service': ['SignatureDoesNotMatch', 403],
    'wrong-region': ['SignatureDoesNotMatch', 403],
    expired: ['SignatureDoesNotMatch', 403],
    skewed: ['SignatureDoesNotMatch', 403],
    'bad-signature': ['SignatureDoesNotMatch', 403],
  },
};

function serviceAuthError(failure: AuthFailure, family: 'json' | 'query'): AwsError {
  const [code, status] = SERVICE_CODES[family][failure.kind];
  return new AwsError(code, serviceAuthMessage(failure), status);
}

function serviceAuthMessage(failure: AuthFailure): string {
  switch (failure.kind) {
    case 'missing':
      return 'Request is missing Authentication Token';
    case 'malformed':
      return failure.message;
    case 'unknown-key':
      return 'The security token included in the request is invalid.';
    case 'wrong-service':
      return `Credential should be scoped to correct service: '${failure.expected}'.`;
    case 'wrong-region':
      return `Credential should be scoped to a valid region, not '${failure.actual}'.`;
    case 'expired':
    case 'skewed':
      return signatureExpired(failure);
    case 'bad-signature':
      return SIGNATURE_MISMATCH;
  }
}

function signatureExpired(failure: Extract<AuthFailure, { kind: 'expired' | 'skewed' }>): string {
  const signed = failure.kind === 'skewed' ? failure.signedAt : failure.expiredAt;
  return `Signature expired: ${compact(signed)} is now earlier than ${compact(new Date(failure.now.getTime() - 15 * 60 * 1000))} (${compact(failure.now)} - 15 min.)`;
}

function compact(date: Date): string {
  return date
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
}
