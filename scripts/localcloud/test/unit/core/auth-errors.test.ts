import { authError } from '../../../src/core/auth-errors';
import type { AuthFailure } from '../../../src/core/sigv4';

const now = new Date('2026-03-08T17:30:00.000Z');
const FAILURES: Record<AuthFailure['kind'], AuthFailure> = {
  missing: { kind: 'missing' },
  malformed: { kind: 'malformed', presigned: false, message: 'Credential is incomplete' },
  'unknown-key': { kind: 'unknown-key', accessKeyId: 'AKIANOTKNOWN' },
  'wrong-service': { kind: 'wrong-service', expected: 'glue', actual: 'sqs' },
  'wrong-region': { kind: 'wrong-region', expected: 'us-east-1', actual: 'eu-west-1' },
  expired: {
    kind: 'expired',
    expiredAt: new Date('2026-03-08T17:00:00.000Z'),
    now,
    expiresInSeconds: 60,
  },
  skewed: { kind: 'skewed', signedAt: new Date('2026-03-08T17:00:00.000Z'), now },
  'bad-signature': { kind: 'bad-signature', canonicalRequest: 'GET\n/', stringToSign: 'AWS4' },
};

const SIGNATURE_EXPIRED =
  'Signature expired: 20260308T170000Z is now earlier than 20260308T171500Z (20260308T173000Z - 15 min.)';
const MISMATCH = /^The request signature we calculated does not match/;

describe('authError for the JSON and Query families', () => {
  it.each<[AuthFailure['kind'], string, number, string, number, string | RegExp]>([
    [
      'missing',
      'MissingAuthenticationTokenException',
      400,
      'MissingAuthenticationToken',
      403,
      'Request is missing Authentication Token',
    ],
    [
      'malformed',
      'IncompleteSignatureException',
      400,
      'IncompleteSignature',
      400,
      'Credential is incomplete',
    ],
    [
      'unknown-key',
      'UnrecognizedClientException',
      400,
      'InvalidClientTokenId',
      403,
      'The security token included in the request is invalid.',
    ],
    [
      'wrong-service',
      'InvalidSignatureException',
      400,
      'SignatureDoesNotMatch',
      403,
      "Credential should be scoped to correct service: 'glue'.",
    ],
    [
      'wrong-region',
      'InvalidSignatureException',
      400,
      'SignatureDoesNotMatch',
      403,
      "Credential should be scoped to a valid region, not 'eu-west-1'.",
    ],
    ['expired', 'InvalidSignatureException', 400, 'SignatureDoesNotMatch', 403, SIGNATURE_EXPIRED],
    ['skewed', 'InvalidSignatureException', 400, 'SignatureDoesNotMatch', 403, SIGNATURE_EXPIRED],
    ['bad-signature', 'InvalidSignatureException', 400, 'SignatureDoesNotMatch', 403, MISMATCH],
  ])(
    '%s: JSON %s (%i), Query %s (%i)',
    (kind, jsonCode, jsonStatus, queryCode, queryStatus, message) => {
      const json = authError(FAILURES[kind], 'json');
      const query = authError(FAILURES[kind], 'query');

      expect([json.code, json.status]).toEqual([jsonCode, jsonStatus]);
      expect([query.code, query.status]).toEqual([queryCode, queryStatus]);
      for (const error of [json, query])
        if (typeof message === 'string') expect(error.message).toBe(message);
        else expect(error.message).toMatch(message);
    },
  );
});

describe('authError for S3', () => {
  it('answers a missing signature with AccessDenied 403 and an unknown key with its id', () => {
    expect(authError(FAILURES.missing, 's3')).toMatchObject({ code: 'AccessDenied', status: 403 });
    expect(authError(FAILURES['unknown-key'], 's3')).toMatchObject({
      code: 'InvalidAccessKeyId',
      status: 403,
      options: { fields: { AWSAccessKeyId: 'AKIANOTKNOWN' } },
    });
  });
});
