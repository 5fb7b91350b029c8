import { accessLogLine } from '../../../../../scripts/local-platform/rest-api/access-log';
import { preflightAnswerer } from '../../../../../scripts/local-platform/rest-api/cors';
import { RestApiConfigurationError } from '../../../../../scripts/local-platform/rest-api/errors';
import { authFailureResponse } from '../../../../../scripts/local-platform/rest-api/gateway-responses';
import { ResourceTree } from '../../../../../scripts/local-platform/rest-api/routes';
import { StageThrottle } from '../../../../../scripts/local-platform/rest-api/throttle';
import type { RestApiRoute } from '../../../../../scripts/local-platform/rest-api/types';

const route = (method: RestApiRoute['method'], resourcePath: string): RestApiRoute => ({
  method,
  resourcePath,
  functionName: 'f',
  authorization: 'NONE',
});

describe('ResourceTree', () => {
  const tree = new ResourceTree(
    [
      route('POST', '/v1/transactions'),
      route('GET', '/v1/recommendations/{user_id}'),
      route('GET', '/v1/recommendations/popular'),
    ],
    'abc123defg',
  );

  it('prefers a literal child to a path parameter, and knows the intermediate resources', () => {
    expect(tree.match(['v1', 'recommendations', 'popular'])).toMatchObject({
      resource: { path: '/v1/recommendations/popular' },
      pathParameters: null,
    });
    expect(tree.match(['v1', 'recommendations', 'u-1'])?.pathParameters).toEqual({
      user_id: 'u-1',
    });
    expect(tree.match(['v1'])?.resource.methods.size).toBe(0);
    expect(tree.match([])?.resource.path).toBe('/');
    expect(tree.match(['v2'])).toBeUndefined();
    expect(tree.match(['v1', 'recommendations', 'u-1', 'more'])).toBeUndefined();
  });

  it('gives each resource a stable id', () => {
    const again = new ResourceTree([route('POST', '/v1/transactions')], 'abc123defg');
    const id = tree.match(['v1', 'transactions'])!.resource.id;
    expect(id).toMatch(/^[a-z0-9]{6}$/);
    expect(again.match(['v1', 'transactions'])!.resource.id).toBe(id);
  });

  it.each([
    [[route('GET', 'v1/x')], /must start with one/],
    [[route('GET', '/v1/x'), route('GET', '/v1/x')], /defined twice/],
    [[route('GET', '/v1/{a}'), route('GET', '/v1/{b}/c')], /one path parameter per level/],
    [[route('GET', '/v1/{proxy+}')], /greedy/],
  ])('refuses what API Gateway would not create (%#)', (routes, message) => {
    expect(() => new ResourceTree(routes, 'x')).toThrow(RestApiConfigurationError);
    expect(() => new ResourceTree(routes, 'x')).toThrow(message);
  });
});

describe('StageThrottle', () => {
  it('lets a burst through, then refills at the rate, per method', () => {
    const throttle = new StageThrottle({ rateLimit: 10, burstLimit: 3 });
    const at = 1_000_000;
    expect([1, 2, 3, 4].map(() => throttle.admit('POST /v1/transactions', at))).toEqual([
      true,
      true,
      true,
      false,
    ]);
    expect(throttle.admit('GET /v1/recommendations/{user_id}', at)).toBe(true);
    expect(throttle.admit('POST /v1/transactions', at + 50)).toBe(false);
    expect(throttle.admit('POST /v1/transactions', at + 100)).toBe(true);
  });
});

describe('preflightAnswerer', () => {
  it("answers a CDK preflight: the first origin static, with Vary, whatever the request's origin", () => {
    const answer = preflightAnswerer({ allowOrigins: ['https://app.example'] });
    const right = answer('https://app.example');
    expect(right.status).toBe(204);
    expect(right.headers).toMatchObject({
      'Access-Control-Allow-Origin': 'https://app.example',
      Vary: 'Origin',
      'Access-Control-Allow-Methods': 'OPTIONS,GET,PUT,POST,DELETE,PATCH,HEAD',
      'Access-Control-Allow-Headers':
        'Authorization,Content-Type,X-Amz-Date,X-Amz-Security-Token,Idempotency-Key',
    });
    expect(answer('https://evil.example').headers['Access-Control-Allow-Origin']).toBe(
      'https://app.example',
    );
  });

  it('echoes a further allowed origin only when the request names it', () => {
    const answer = preflightAnswerer({ allowOrigins: ['https://a.example', 'https://b.example'] });
    expect(answer('https://b.example').headers['Access-Control-Allow-Origin']).toBe(
      'https://b.example',
    );
    expect(answer('https://c.example').headers['Access-Control-Allow-Origin']).toBe(
      'https://a.example',
    );
  });

  it('refuses what the CDK refuses', () => {
    expect(() => preflightAnswerer({ allowOrigins: [] })).toThrow(RestApiConfigurationError);
    expect(() => preflightAnswerer({ allowOrigins: ['*', 'https://a.example'] })).toThrow(
      RestApiConfigurationError,
    );
  });
});

describe('accessLogLine', () => {
  it("writes jsonWithStandardFields' fields, in its order, as strings, '-' when empty", () => {
    const line = accessLogLine({
      requestId: 'id-1',
      ip: '127.0.0.1',
      user: null,
      caller: null,
      requestTime: '08/Mar/2026:17:30:00 +0000',
      httpMethod: 'GET',
      resourcePath: null,
      status: 403,
      protocol: 'HTTP/1.1',
      responseLength: 42,
    });
    expect(line.endsWith('\n')).toBe(true);
    expect(Object.entries(JSON.parse(line) as Record<string, string>)).toEqual([
      ['requestId', 'id-1'],
      ['ip', '127.0.0.1'],
      ['user', '-'],
      ['caller', '-'],
      ['requestTime', '08/Mar/2026:17:30:00 +0000'],
      ['httpMethod', 'GET'],
      ['resourcePath', '-'],
      ['status', '403'],
      ['protocol', 'HTTP/1.1'],
      ['responseLength', '42'],
    ]);
  });
});

describe('authFailureResponse', () => {
  const now = new Date('2026-03-08T17:30:00.000Z');

  it.each([
    [
      { kind: 'missing' } as const,
      'MissingAuthenticationTokenException',
      /^Missing Authentication Token$/,
    ],
    [
      { kind: 'unknown-key', accessKeyId: 'AKIA' } as const,
      'UnrecognizedClientException',
      /^The security token included in the request is invalid\.$/,
    ],
    [
      {
        kind: 'bad-signature',
        canonicalRequest: 'GET\n/api/x',
        stringToSign: 'AWS4-HMAC-SHA256\n…',
      } as const,
      'InvalidSignatureException',
      /^The request signature we calculated does not match the signature you provided\..*\n\nThe Canonical String for this request should have been\n'GET\n\/api\/x'\n\nThe String-to-Sign should have been\n'AWS4-HMAC-SHA256\n…'\n$/s,
    ],
    [
      { kind: 'skewed', signedAt: new Date('2026-03-08T17:00:00.000Z'), now } as const,
      'InvalidSignatureException',
      /^Signature expired: 20260308T170000Z is now earlier than 20260308T172500Z \(20260308T173000Z - 5 min\.\)$/,
    ],
  ])('answers 403 for %j', (failure, errorType, message) => {
    const answer = authFailureResponse(failure);
    expect(answer.status).toBe(403);
    expect(answer.errorType).toBe(errorType);
    expect((JSON.parse(answer.body) as { message: string }).message).toMatch(message);
  });

  it('names a header that is not SigV4 by its hash, not its value', () => {
    const answer = authFailureResponse(
      { kind: 'malformed', presigned: false, message: 'Unsupported Authorization Type' },
      'Bearer secret-token',
    );
    expect(answer.errorType).toBe('IncompleteSignatureException');
    expect(answer.body).toMatch(
      /Invalid key=value pair \(missing equal-sign\) in Authorization header/,
    );
    expect(answer.body).not.toContain('secret-token');
  });
});
