import { SourceUnreachableError } from '../../../../lambdas/s3-to-adls/errors';
import { redactUrls, summarizeError } from '../../../../lambdas/s3-to-adls/redaction';
import { SECRET_SAMPLES, leaksIn } from '../../../fixtures/secret-corpus';

const PRESIGNED =
  'https://b.s3.eu-west-1.amazonaws.com/raw/a.parquet?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIA%2F&X-Amz-Signature=abc';

describe('redactUrls', () => {
  it('cuts the query string of every URL, keeping the object path', () => {
    expect(redactUrls(`copy from ${PRESIGNED} failed`)).toBe(
      'copy from https://b.s3.eu-west-1.amazonaws.com/raw/a.parquet?<redacted> failed',
    );
  });

  it('leaves URLs without a query as they are', () => {
    expect(redactUrls('see https://example.com/a')).toBe('see https://example.com/a');
  });
});

describe('summarizeError', () => {
  it('keeps name, message, code and status of the error and its cause, redacted', () => {
    const cause = Object.assign(new Error(`GET ${PRESIGNED}`), {
      code: 'CannotVerifyCopySource',
      statusCode: 500,
      request: { headers: { 'x-ms-copy-source': PRESIGNED } },
    });
    const summary = summarizeError(new SourceUnreachableError('unreachable', { cause }));

    expect(summary).toEqual({
      name: 'SourceUnreachableError',
      message: 'unreachable',
      cause: {
        name: 'Error',
        message: 'GET https://b.s3.eu-west-1.amazonaws.com/raw/a.parquet?<redacted>',
        code: 'CannotVerifyCopySource',
        statusCode: 500,
      },
    });
    expect(JSON.stringify(summary)).not.toContain('X-Amz-Signature');
  });
});

describe('summarizeError on the secret corpus', () => {
  it.each(SECRET_SAMPLES.map((sample) => [sample.name, sample] as const))(
    'logs no part of %s quoted by an error or its cause',
    (_name, sample) => {
      const summary = summarizeError(new Error(sample.text, { cause: new Error(sample.text) }));

      expect(leaksIn({ summary: JSON.stringify(summary) }, [sample])).toEqual([]);
    },
  );
});
