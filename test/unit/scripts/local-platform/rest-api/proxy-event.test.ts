import { APIGatewayProxyEventSchema } from '@aws-lambda-powertools/parser/schemas/api-gateway';
import type { APIGatewayProxyEvent } from 'aws-lambda';
import {
  headerMaps,
  proxyEvent,
  queryParameters,
  requestTime,
  type ProxyEventContext,
  type ProxyRequest,
} from '../../../../../scripts/local-platform/rest-api/proxy-event';
import { ResourceTree } from '../../../../../scripts/local-platform/rest-api/routes';

const REQUEST: ProxyRequest = {
  method: 'GET',
  path: '/v1/recommendations/caf%C3%A9%20au%2Blait',
  rawQuery: 'limit=5&tag=a&tag=b',
  rawHeaders: [
    'Host',
    'abc123defg.execute-api.eu-west-1.amazonaws.com',
    'User-Agent',
    'test-agent/1.0',
    'Authorization',
    'AWS4-HMAC-SHA256 Credential=test/20260308/eu-west-1/execute-api/aws4_request, SignedHeaders=host;x-amz-date, Signature=00',
    'X-Amz-Date',
    '20260308T173000Z',
    'Accept',
    'application/json',
    'Accept',
    'text/plain',
    'Connection',
    'keep-alive',
  ],
  body: Buffer.alloc(0),
  sourceIp: '127.0.0.1',
  protocol: 'HTTP/1.1',
  port: 4567,
};

const CONTEXT: ProxyEventContext = {
  stage: 'api',
  apiId: 'abc123defg',
  accountId: '000000000000',
  resourcePath: '/v1/recommendations/{user_id}',
  resourceId: 'r4nd0m',
  pathParameters: { user_id: 'café au+lait' },
  requestId: 'c6af9ac6-7b61-11e6-9a41-93e8deadbeef',
  extendedRequestId: 'BQGojGeLIAMF_xA=',
  requestTimeEpoch: Date.UTC(2026, 2, 8, 17, 30, 0, 123),
  traceId: 'Root=1-69adb1e8-0123456789abcdef01234567',
  identity: {
    accessKey: 'test',
    accountId: '000000000000',
    caller: 'AIDAEXAMPLE',
    user: 'AIDAEXAMPLE',
    userArn: 'arn:aws:iam::000000000000:user/alice',
  },
};

describe('proxyEvent (REST API, payload format 1.0)', () => {
  const event: APIGatewayProxyEvent = proxyEvent(REQUEST, CONTEXT);

  it("passes Powertools' APIGatewayProxyEventSchema", () => {
    const parsed = APIGatewayProxyEventSchema.safeParse(JSON.parse(JSON.stringify(event)));
    expect(parsed.error).toBeUndefined();
  });

  it('carries the resource, the encoded path without the stage and the decoded parameters', () => {
    expect(event).toMatchObject({
      resource: '/v1/recommendations/{user_id}',
      path: '/v1/recommendations/caf%C3%A9%20au%2Blait',
      httpMethod: 'GET',
      pathParameters: { user_id: 'café au+lait' },
      stageVariables: null,
      body: null,
      isBase64Encoded: false,
    });
    expect(event.requestContext).toMatchObject({
      path: '/api/v1/recommendations/caf%C3%A9%20au%2Blait',
      resourcePath: '/v1/recommendations/{user_id}',
      resourceId: 'r4nd0m',
      stage: 'api',
      apiId: 'abc123defg',
      accountId: '000000000000',
      protocol: 'HTTP/1.1',
      requestTime: '08/Mar/2026:17:30:00 +0000',
      requestTimeEpoch: CONTEXT.requestTimeEpoch,
      domainName: 'abc123defg.execute-api.eu-west-1.amazonaws.com',
      domainPrefix: 'abc123defg',
    });
  });

  it('names the IAM caller as API Gateway does, and leaves the Cognito fields null', () => {
    expect(event.requestContext.identity).toMatchObject({
      accessKey: 'test',
      accountId: '000000000000',
      caller: 'AIDAEXAMPLE',
      user: 'AIDAEXAMPLE',
      userArn: 'arn:aws:iam::000000000000:user/alice',
      sourceIp: '127.0.0.1',
      userAgent: 'test-agent/1.0',
      cognitoIdentityId: null,
      cognitoIdentityPoolId: null,
    });
    const anonymous = proxyEvent(REQUEST, { ...CONTEXT, identity: undefined });
    expect(anonymous.requestContext.identity).toMatchObject({
      accessKey: null,
      caller: null,
      user: null,
      userArn: null,
    });
  });

  it('keeps header names as sent, the last of a repeated header, and adds the forwarding headers', () => {
    expect(event.headers.Accept).toBe('text/plain');
    expect(event.multiValueHeaders.Accept).toEqual(['application/json', 'text/plain']);
    expect(event.headers['X-Amz-Date']).toBe('20260308T173000Z');
    expect(event.headers).toMatchObject({
      'X-Forwarded-For': '127.0.0.1',
      'X-Forwarded-Port': '4567',
      'X-Forwarded-Proto': 'http',
      'X-Amzn-Trace-Id': CONTEXT.traceId,
    });
    // A SigV4 Authorization header and hop-by-hop headers do not reach the integration.
    expect(event.headers.Authorization).toBeUndefined();
    expect(event.headers.Connection).toBeUndefined();
  });

  it('appends the caller to an X-Forwarded-For it sent, and keeps its trace id', () => {
    const { headers } = headerMaps(
      {
        ...REQUEST,
        rawHeaders: ['x-forwarded-for', '203.0.113.7', 'X-Amzn-Trace-Id', 'Root=1-mine'],
      },
      CONTEXT.traceId,
    );
    expect(headers['x-forwarded-for']).toBe('203.0.113.7, 127.0.0.1');
    expect(headers['X-Amzn-Trace-Id']).toBe('Root=1-mine');
  });

  it('gives the body as text, or null when there is none', () => {
    const posted = proxyEvent({ ...REQUEST, body: Buffer.from('{"amount":"12.50"}') }, CONTEXT);
    expect(posted.body).toBe('{"amount":"12.50"}');
    expect(posted.isBase64Encoded).toBe(false);
  });
});

describe('queryParameters', () => {
  it('is null for no query, as the event has it', () => {
    expect(queryParameters('')).toBeNull();
    expect(queryParameters('&')).toBeNull();
  });

  it('keeps every value of a repeated key in the multi-value map and the last in the other', () => {
    expect(queryParameters('tag=a&tag=b&limit=5')).toEqual({
      single: { tag: 'b', limit: '5' },
      multi: { tag: ['a', 'b'], limit: ['5'] },
    });
  });

  it('decodes as a form does: + is a space, %2B a plus, and ; splits as & does', () => {
    expect(queryParameters('q=a+b&r=c%2Bd&s=%C3%A9;t=1&flag')?.single).toEqual({
      q: 'a b',
      r: 'c+d',
      s: 'é',
      t: '1',
      flag: '',
    });
  });

  it('keeps a malformed escape as sent', () => {
    expect(queryParameters('q=100%')?.single).toEqual({ q: '100%' });
  });
});

describe('path parameters', () => {
  const tree = new ResourceTree(
    [
      {
        method: 'GET',
        resourcePath: '/v1/recommendations/{user_id}',
        functionName: 'f',
        authorization: 'AWS_IAM',
      },
    ],
    'abc123defg',
  );

  it.each([
    ['a%20b', 'a b'],
    ['a+b', 'a+b'],
    ['a%2Bb', 'a+b'],
    ['a%2Fb', 'a/b'],
    ['%E2%98%83%20snow', '☃ snow'],
  ])('decodes %s to %s', (segment, value) => {
    expect(tree.match(['v1', 'recommendations', segment])?.pathParameters).toEqual({
      user_id: value,
    });
  });
});

describe('requestTime', () => {
  it('is CLF in UTC', () => {
    expect(requestTime(Date.UTC(2026, 0, 5, 3, 4, 5))).toBe('05/Jan/2026:03:04:05 +0000');
  });
});
