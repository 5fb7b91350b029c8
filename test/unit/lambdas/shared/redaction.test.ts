import {
  redactAndLimit,
  redactSecrets,
  redactStrings,
  redactUrlQueries,
} from '../../../../lambdas/shared/redaction';
import { GLUE_JOB_FAILED, LAMBDA_ASYNC_FAILURE } from '../../../fixtures/events/failure-alerts';
import { SECRET_SAMPLES, fragmentsOf, leaksIn } from '../../../fixtures/secret-corpus';

const EACH_SAMPLE = SECRET_SAMPLES.map((sample) => [sample.name, sample] as const);

describe('the secret corpus', () => {
  it('holds at least 40 shapes, each planting a value no other sample contains', () => {
    expect(SECRET_SAMPLES.length).toBeGreaterThanOrEqual(40);
    for (const sample of SECRET_SAMPLES) {
      expect(sample.text).toContain(sample.secret.split(/\s+/)[0]);
      const others = SECRET_SAMPLES.filter((other) => other !== sample).map((other) => other.text);
      expect(leaksIn({ others: others.join('\n') }, [sample])).toEqual([]);
    }
  });

  it('counts any 8 characters of a planted value in a row as a leak', () => {
    expect(fragmentsOf('abcdefghi')).toEqual(['abcdefgh', 'bcdefghi']);
    expect(
      leaksIn({ log: 'x bcdefghi y' }, [{ ...SECRET_SAMPLES[0]!, secret: 'abcdefghi' }]),
    ).toEqual([`"${SECRET_SAMPLES[0]!.name}" in log`]);
  });
});

describe.each(EACH_SAMPLE)('redactSecrets on %s', (_name, sample) => {
  const redacted = redactSecrets(sample.text);

  it('removes every part of the secret', () => {
    expect(leaksIn({ text: redacted }, [sample])).toEqual([]);
  });

  it('keeps the key name and the text around it', () => {
    for (const context of sample.context) expect(redacted).toContain(context);
  });

  it('removes it from the text quoted in JSON, and in JSON inside JSON', () => {
    const once = JSON.stringify(sample.text);
    const twice = JSON.stringify(once);

    expect(leaksIn({ once: redactSecrets(once), twice: redactSecrets(twice) }, [sample])).toEqual(
      [],
    );
  });

  it('gives the same text when run again, so redacting twice on the way does no harm', () => {
    expect(redactSecrets(redacted)).toBe(redacted);
  });
});

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
    [
      'a password behind a URL-encoded "="',
      'POST body was user=loader%26password%3DQm7vTz9xKp2 and failed',
      'Qm7vTz9xKp2',
    ],
    [
      'a password behind Gson\'s escaped "="',
      '{"message":"connect user\\u003dloader password\\u003dQm7vTz9xKp2 refused"}',
      'Qm7vTz9xKp2',
    ],
    [
      'an account key behind Gson\'s escaped "="',
      'AccountName\\u003dlake;AccountKey\\u003dZm9vYmFyYmF6cXV4Qm7v==;EndpointSuffix',
      'Zm9vYmFyYmF6cXV4Qm7v==',
    ],
  ])('removes %s', (_what, text, secret) => {
    const redacted = redactSecrets(text);

    expect(redacted).not.toContain(secret);
    expect(redacted).toContain('<redacted');
  });

  it.each([
    ['an "@"', 'postgres://app:Zq8v@N3xLr2Tw9@warehouse.internal:5432/lake'],
    ['a "#"', 'postgres://app:Zq8v#N3xLr2Tw9@warehouse.internal:5432/lake'],
    ['a "?"', 'postgres://app:Zq8v?N3xLr2Tw9@warehouse.internal:5432/lake'],
  ])('removes a URL password holding %s, and keeps the host', (_what, url) => {
    for (const redacted of [redactSecrets(`connect ${url} failed`), redactUrlQueries(url)]) {
      expect(redacted).not.toMatch(/Zq8v|N3xLr2Tw9/);
      expect(redacted).toContain('postgres://app:<redacted>@warehouse.internal:5432/lake');
    }
  });

  it('keeps a host and port, and an "@" in a path or query', () => {
    for (const url of [
      'https://api.example.com:8443/v1/users?email=ops@example.com',
      'https://medium.com/@example/post',
      'https://user:Zq8vN3xL@api.example.com/v1?email=ops@example.com',
    ]) {
      expect(redactSecrets(url)).toBe(url.replace('Zq8vN3xL', '<redacted>'));
    }
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

  it.each([
    [
      'a Spark error with an S3 path',
      'AnalysisException: Path does not exist: s3://bucket/web_logs/year=2026',
    ],
    [
      'an S3 error code and object key',
      'NoSuchKey: The specified key does not exist. Key: raw/a.json',
    ],
    ['a Python KeyError', "KeyError: 'customer_id'"],
    [
      'an access key id error code',
      'InvalidAccessKeyId: The AWS Access Key Id you provided does not exist',
    ],
    [
      'the ARN of a secret',
      'AccessDeniedException: not authorized to perform: secretsmanager:GetSecretValue on resource: arn:aws:secretsmanager:eu-west-1:123456789012:secret:prod/db-AbCdEf',
    ],
    [
      'names about a secret',
      'SharedAccessKeyName=RootManageSharedAccessKey; token_type: Bearer; KeyId=alias/lake; partition_key=dt',
    ],
    ['a failed Basic authentication', 'Basic authentication failed for user etl'],
    ['a URL with a user name only', 'ssh://git@github.com/org/repo.git'],
    [
      'a Data Quality summary',
      'Ruleset(s) customers-clean FAILED: 2 failed, 5 passed, 0 skipped. score 0.71',
    ],
    ['the Glue job fixture', GLUE_JOB_FAILED.detail.message],
    ['the S3 event a failed Lambda received', JSON.stringify(LAMBDA_ASYNC_FAILURE.requestPayload)],
  ])('leaves ordinary text alone: %s', (_what, text) => {
    expect(redactSecrets(text)).toBe(text);
  });

  it('redacts the whole value under a sensitive name when no name inside it says what is secret', () => {
    expect(redactSecrets('{"password":{"value":"hunter2hunter2"},"user":"etl"}')).toBe(
      '{"password":<redacted>,"user":"etl"}',
    );
  });

  it('keeps the structure of an object whose own names say what is secret', () => {
    expect(
      redactSecrets('{"Credentials":{"SecretAccessKey":"abc","Expiration":"2026-03-09"}}'),
    ).toBe('{"Credentials":{"SecretAccessKey":"<redacted>","Expiration":"2026-03-09"}}');
  });
});

describe('redactStrings', () => {
  it('redacts every string and key of a value, nested, and leaves the rest as it is', () => {
    const event = {
      detail: { statementName: 'load password=hunter2hunter2', rows: -1, ok: true, none: null },
      resources: ['arn:aws:redshift-serverless:eu-west-1:123456789012:workgroup/wg'],
      'api_key=abcdefgh12345678': 'key of its own',
    };

    expect(redactStrings(event)).toEqual({
      detail: { statementName: 'load password=<redacted>', rows: -1, ok: true, none: null },
      resources: ['arn:aws:redshift-serverless:eu-west-1:123456789012:workgroup/wg'],
      'api_key=<redacted>': 'key of its own',
    });
  });
});

describe('text crafted against the rules', () => {
  it('cannot make a value be searched for pairs without end', () => {
    const nested = 'key={'.repeat(10_000);

    expect(() => redactSecrets(nested)).not.toThrow();
  });

  // Each rule must cost one pass over the text: an event is at most 1 MB (a Lambda
  // asynchronous payload), and the function has 30 seconds for several passes over it.
  it.each([
    ['dashed words, each a URL scheme that never gets its "://"', '--token-'],
    ['dotted words', 'eyJaaaaa.'],
    ['long names around a sensitive word', `${'a'.repeat(59)}token${'a'.repeat(59)}.`],
    ['Oracle thin URLs with no "@"', 'jdbc:oracle:thin:a/'],
  ])('redacts 1 MB of %s in linear time', (_what, unit) => {
    const text = unit.repeat(Math.ceil(2 ** 20 / unit.length));
    const started = Date.now();

    redactSecrets(text);

    // Linear is well under a second here; the quadratic rules took 8 to 140 seconds.
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('cannot make an event be walked without end', () => {
    let deep: unknown = 'password=hunter2hunter2';
    for (let level = 0; level < 10_000; level += 1) deep = { deep };

    expect(JSON.stringify(redactStrings(deep))).not.toContain('hunter2');
  });
});

describe('redactUrlQueries', () => {
  it('cuts the query of every URL, signed or not, and redacts the rest of the text', () => {
    expect(
      redactUrlQueries('GET https://b.s3.amazonaws.com/a?partNumber=2 with password=hunter2x'),
    ).toBe('GET https://b.s3.amazonaws.com/a?<redacted> with password=<redacted>');
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
