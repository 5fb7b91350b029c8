import { S3ServiceException } from '@aws-sdk/client-s3';
import { summarizeError } from '../../../../lambdas/s3-to-adls/redaction';
import { awsErrorDetails } from '../../../../lambdas/shared/aws-errors';

/** What the SDK throws for a failed HEAD: no body, so no code, and the name `Unknown`. */
function failedHead(httpStatusCode: number, requestId: string): S3ServiceException {
  return new S3ServiceException({
    name: 'Unknown',
    message: 'UnknownError',
    $fault: httpStatusCode >= 500 ? 'server' : 'client',
    $metadata: { httpStatusCode, requestId, extendedRequestId: `id2-${requestId}` },
  });
}

describe('awsErrorDetails', () => {
  it('reads the status and request ids of an SDK error', () => {
    expect(awsErrorDetails(failedHead(503, 'REQ1'))).toEqual({
      statusCode: 503,
      requestId: 'REQ1',
      extendedRequestId: 'id2-REQ1',
    });
  });

  it('reads the code an error body carried', () => {
    const error = Object.assign(failedHead(403, 'REQ2'), { Code: 'AccessDenied' });

    expect(awsErrorDetails(error)).toMatchObject({ code: 'AccessDenied', statusCode: 403 });
  });

  it.each([new Error('plain'), 'text', undefined, null, { $metadata: 'odd' }])(
    'is empty for anything else (%p)',
    (error) => {
      expect(awsErrorDetails(error)).toEqual({});
    },
  );
});

describe('summarizeError of AWS SDK errors', () => {
  it('tells a throttled HEAD from a denied one, with the request ids', () => {
    const throttled = summarizeError(failedHead(503, 'REQ1'));
    const denied = summarizeError(failedHead(403, 'REQ2'));

    expect(throttled).toEqual({
      name: 'Unknown',
      message: 'UnknownError',
      statusCode: 503,
      requestId: 'REQ1',
      extendedRequestId: 'id2-REQ1',
    });
    expect(denied).toMatchObject({ statusCode: 403, requestId: 'REQ2' });
  });

  it('keeps the details of an SDK error that is the cause', () => {
    const wrapped = new Error('copy failed', { cause: failedHead(503, 'REQ3') });

    expect(summarizeError(wrapped).cause).toMatchObject({ statusCode: 503, requestId: 'REQ3' });
  });
});
