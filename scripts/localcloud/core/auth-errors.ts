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
      return jsonAuthError(failure);
    case 'query':
      return queryAuthError(failure);
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

function jsonAuthError(failure: AuthFailure): AwsError {
  switch (failure.kind) {
    case 'missing':
      return new AwsError(
        'MissingAuthenticationTokenException',
        'Request is missing Authentication Token',
        400,
      );
    case 'malformed':
      return new AwsError('IncompleteSignatureException', failure.message, 400);
    case 'unknown-key':
      return new AwsError(
        'UnrecognizedClientException',
        'The security token included in the request is invalid.',
        400,
      );
    case 'wrong-service':
      return new AwsError(
        'InvalidSignatureException',
        `Credential should be scoped to correct service: '${failure.expected}'.`,
        400,
      );
    case 'wrong-region':
      return new AwsError(
        'InvalidSignatureException',
        `Credential should be scoped to a valid region, not '${failure.actual}'.`,
        400,
      );
    case 'expired':
    case 'skewed':
      return new AwsError('InvalidSignatureException', signatureExpired(failure), 400);
    case 'bad-signature':
      return new AwsError('InvalidSignatureException', SIGNATURE_MISMATCH, 400);
  }
}

function queryAuthError(failure: AuthFailure): AwsError {
  switch (failure.kind) {
    case 'missing':
      return new AwsError(
        'MissingAuthenticationToken',
        'Request is missing Authentication Token',
        403,
      );
    case 'malformed':
      return new AwsError('IncompleteSignature', failure.message, 400);
    case 'unknown-key':
      return new AwsError(
        'InvalidClientTokenId',
        'The security token included in the request is invalid.',
        403,
      );
    case 'wrong-service':
      return new AwsError(
        'SignatureDoesNotMatch',
        `Credential should be scoped to correct service: '${failure.expected}'.`,
        403,
      );
    case 'wrong-region':
      return new AwsError(
        'SignatureDoesNotMatch',
        `Credential should be scoped to a valid region, not '${failure.actual}'.`,
        403,
      );
    case 'expired':
    case 'skewed':
      return new AwsError('SignatureDoesNotMatch', signatureExpired(failure), 403);
    case 'bad-signature':
      return new AwsError('SignatureDoesNotMatch', SIGNATURE_MISMATCH, 403);
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
