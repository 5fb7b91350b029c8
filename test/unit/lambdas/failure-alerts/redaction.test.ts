import { redactAndLimit, redactSecrets } from '../../../../lambdas/failure-alerts/redaction';

describe('redactSecrets', () => {
  it.each([
    ['an access key id', 'auth failed for AKIAIOSFODNN7EXAMPLE today', 'AKIAIOSFODNN7EXAMPLE'],
    ['a temporary access key id', 'key ASIAZZZZZZZZZZZZZZZZ expired', 'ASIAZZZZZZZZZZZZZZZZ'],
    [
      'a secret access key',
      'aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
      'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
    ],
    ['password=', 'jdbc connect user=loader password=s3cr3t!x;db=dev', 's3cr3t!x'],
    [
      'a quoted JSON password',
      '{"user":"a","password":"hunter2 with spaces"}',
      'hunter2 with spaces',
    ],
    ['a bearer token', 'Authorization: Bearer abc.DEF-123_xyz~', 'abc.DEF-123_xyz~'],
    [
      'an Azure connection string key',
      'DefaultEndpointsProtocol=https;AccountName=lake;AccountKey=Zm9vYmFyYmF6cXV4==;EndpointSuffix=core.windows.net',
      'Zm9vYmFyYmF6cXV4==',
    ],
    [
      'a SharedAccessSignature',
      'BlobEndpoint=https://lake.blob.core.windows.net;SharedAccessSignature=sv=2022-11-02&sig=AbC%2Bd',
      'AbC%2Bd',
    ],
    [
      'a JWT',
      'token eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJyb2xlIn0.c2lnbmF0dXJl rejected',
      'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJyb2xlIn0.c2lnbmF0dXJl',
    ],
  ])('removes %s', (_what, text, secret) => {
    const redacted = redactSecrets(text);

    expect(redacted).not.toContain(secret);
    expect(redacted).toContain('<redacted');
  });

  it('removes a private key, whole or cut off', () => {
    const key =
      '-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA\nabc\n-----END RSA PRIVATE KEY-----';

    expect(redactSecrets(`before ${key} after`)).toBe('before <redacted private key> after');
    expect(redactSecrets('x -----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBg')).toBe(
      'x <redacted private key>',
    );
  });

  it('strips the query of a presigned S3 URL and keeps the object path', () => {
    const url =
      'https://bucket.s3.eu-west-1.amazonaws.com/raw/a.parquet?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20260308&X-Amz-Signature=abcdef0123';

    expect(redactSecrets(`copy from ${url} failed`)).toBe(
      'copy from https://bucket.s3.eu-west-1.amazonaws.com/raw/a.parquet?<redacted> failed',
    );
  });

  it('strips the query of an Azure SAS URL', () => {
    const url =
      'https://lake.blob.core.windows.net/raw/a.json?sv=2022-11-02&se=2026-03-09&sp=r&sig=Zm9v%3D';

    expect(redactSecrets(url)).toBe('https://lake.blob.core.windows.net/raw/a.json?<redacted>');
  });

  it('keeps unsigned query strings, such as console links', () => {
    const url =
      'https://eu-west-1.console.aws.amazon.com/cloudwatch/home?region=eu-west-1#alarmsV2:alarm/x';

    expect(redactSecrets(url)).toBe(url);
  });

  it('removes a signature quoted outside a URL', () => {
    expect(redactSecrets('query X-Amz-Signature=0123abcd&X-Amz-Date=1')).toBe(
      'query X-Amz-Signature=<redacted>&X-Amz-Date=1',
    );
  });

  it('leaves ordinary error text alone', () => {
    const text = 'AnalysisException: Path does not exist: s3://bucket/web_logs/year=2026';

    expect(redactSecrets(text)).toBe(text);
  });
});

describe('redactAndLimit', () => {
  it('redacts before cutting, so a cut cannot expose half a secret', () => {
    const text = `${'x'.repeat(10)} password=abcdefghijklmnop`;

    const limited = redactAndLimit(text, 25);

    expect(limited).not.toMatch(/abcdef/);
    expect(limited).toMatch(/more characters cut\]$/);
  });

  it('never splits a surrogate pair', () => {
    const limited = redactAndLimit('ab😀cd', 3);

    expect(limited.startsWith('ab…')).toBe(true);
    expect(limited).not.toMatch(/\uD83D(?!\uDE00)/);
  });
});
