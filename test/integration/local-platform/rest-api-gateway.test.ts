/**
 * What the local REST API answers itself, over real HTTP: IAM authorisation (signed by the SDK's
 * signer and by curl), unknown resources and stages, CORS preflights, the body limit and the
 * stage throttle.
 */
import {
  startLocalFunctions,
  type LocalFunctions,
} from '../../../scripts/local-platform/lambda-runtime';
import {
  MAX_REQUEST_BODY_BYTES,
  restApiIamOf,
  startLocalRestApi,
  type LocalRestApi,
} from '../../../scripts/local-platform/rest-api';
import { useLocalCloud } from '../../fixtures/localcloud';
import { directFunction, logDirectory } from './lambda-runtime-fixtures';
import {
  call,
  curlCall,
  messageOf,
  platformRoutes,
  signedCall,
  STAGE,
  type Signer,
} from './rest-api-fixtures';

const ORIGIN = 'https://app.example';
const cloud = useLocalCloud();
let functions: LocalFunctions;
let api: LocalRestApi;
let signer: Signer;

beforeAll(async () => {
  functions = await startLocalFunctions(cloud(), [directFunction('api-proxy', 'api-proxy')], {
    logDirectory: logDirectory(),
  });
  api = await startLocalRestApi({
    functions,
    routes: platformRoutes('api-proxy'),
    stage: STAGE,
    region: cloud().region,
    accountId: cloud().accountId,
    iam: restApiIamOf(cloud()),
    cors: { allowOrigins: [ORIGIN] },
  });
  const { accessKeyId, secretAccessKey } = cloud().clientConfig.credentials;
  signer = { region: cloud().region, accessKeyId, secretAccessKey };
});

afterAll(async () => {
  await api?.stop();
  await functions?.stop();
});

describe('IAM authorisation', () => {
  it('refuses an unsigned request with Missing Authentication Token', async () => {
    const answer = await call(api.port, { path: `/${STAGE}/v1/recommendations/u-1` });
    expect(answer.status).toBe(403);
    expect(messageOf(answer)).toBe('Missing Authentication Token');
    expect(answer.headers['x-amzn-errortype']).toBe('MissingAuthenticationTokenException');
  });

  it('refuses a wrong signature, naming the canonical request it expected', async () => {
    const answer = await signedCall(
      api.port,
      { ...signer, secretAccessKey: 'not-the-secret' },
      { path: `/${STAGE}/v1/recommendations/a%20b` },
    );
    expect(answer.status).toBe(403);
    expect(answer.headers['x-amzn-errortype']).toBe('InvalidSignatureException');
    const message = messageOf(answer);
    expect(message).toMatch(
      /^The request signature we calculated does not match the signature you provided\./,
    );
    expect(message).toContain(`\n'GET\n/${STAGE}/v1/recommendations/a%2520b\n`);
  });

  it('refuses a key it does not know, and a header that is not SigV4', async () => {
    const unknown = await signedCall(
      api.port,
      { ...signer, accessKeyId: 'AKIAUNKNOWN' },
      { path: `/${STAGE}/v1/recommendations/u-1` },
    );
    expect(unknown.status).toBe(403);
    expect(messageOf(unknown)).toBe('The security token included in the request is invalid.');
    expect(unknown.headers['x-amzn-errortype']).toBe('UnrecognizedClientException');

    const bearer = await call(api.port, {
      path: `/${STAGE}/v1/recommendations/u-1`,
      headers: { Authorization: 'Bearer a-token' },
    });
    expect(bearer.status).toBe(403);
    expect(bearer.headers['x-amzn-errortype']).toBe('IncompleteSignatureException');
  });

  it('accepts what curl --aws-sigv4 signs, an independent SigV4 implementation', async () => {
    // curl 7.88 signs the path and the query as sent, without encoding or sorting them: the
    // requests keep both canonical so its signature is the one API Gateway computes.
    const posted = await curlCall(api.port, signer, {
      method: 'POST',
      path: `/${STAGE}/v1/user-interactions`,
      headers: { 'Content-Type': 'application/json' },
      body: '{"userId":"u-1","action":"view"}',
    });
    expect(posted.status).toBe(200);
    const { event } = JSON.parse(posted.body) as { event: { body: string; resource: string } };
    expect(event).toMatchObject({
      resource: '/v1/user-interactions',
      body: '{"userId":"u-1","action":"view"}',
    });

    const got = await curlCall(api.port, signer, {
      path: `/${STAGE}/v1/recommendations/u-1?limit=5&tag=a&tag=b`,
    });
    expect(got.status).toBe(200);
    const fetched = JSON.parse(got.body) as {
      event: { multiValueQueryStringParameters: Record<string, string[]> };
    };
    expect(fetched.event.multiValueQueryStringParameters).toEqual({
      limit: ['5'],
      tag: ['a', 'b'],
    });

    const wrong = await curlCall(
      api.port,
      { ...signer, secretAccessKey: 'not-the-secret' },
      { path: `/${STAGE}/v1/recommendations/u-1` },
    );
    expect(wrong.status).toBe(403);
    expect(wrong.headers['x-amzn-errortype']).toBe('InvalidSignatureException');
  });
});

describe('resources, methods and stages the API does not have', () => {
  it.each([
    ['GET', `/${STAGE}/v1/nowhere`],
    ['GET', `/${STAGE}/v1/transactions`],
    ['DELETE', `/${STAGE}/v1/recommendations/u-1`],
    ['GET', `/${STAGE}`],
  ])('answers %s %s with Missing Authentication Token', async (method, path) => {
    const answer = await signedCall(api.port, signer, { method, path });
    expect(answer.status).toBe(403);
    expect(messageOf(answer)).toBe('Missing Authentication Token');
  });

  it('answers another stage with Forbidden', async () => {
    const answer = await call(api.port, { path: '/prod/v1/recommendations/u-1' });
    expect(answer.status).toBe(403);
    expect(messageOf(answer)).toBe('Forbidden');
  });
});

describe('CORS', () => {
  const preflight = (origin: string, path = `/${STAGE}/v1/transactions`) =>
    call(api.port, {
      method: 'OPTIONS',
      path,
      headers: {
        Origin: origin,
        'Access-Control-Request-Method': 'POST',
        'Access-Control-Request-Headers': 'authorization,content-type,idempotency-key',
      },
    });

  it('answers the preflight of every resource without authorisation', async () => {
    for (const path of [
      `/${STAGE}/v1/transactions`,
      `/${STAGE}/v1/recommendations/u-1`,
      `/${STAGE}/v1`,
    ]) {
      const answer = await preflight(ORIGIN, path);
      expect(answer.status).toBe(204);
      expect(answer.headers).toMatchObject({
        'access-control-allow-origin': ORIGIN,
        'access-control-allow-methods': 'OPTIONS,GET,PUT,POST,DELETE,PATCH,HEAD',
        'access-control-allow-headers':
          'Authorization,Content-Type,X-Amz-Date,X-Amz-Security-Token,Idempotency-Key',
        vary: 'Origin',
      });
    }
  });

  it("never allows another origin: the header names the configured one, not the caller's", async () => {
    const answer = await preflight('https://evil.example');
    expect(answer.status).toBe(204);
    expect(answer.headers['access-control-allow-origin']).not.toBe('https://evil.example');
    expect(answer.headers['access-control-allow-origin']).toBe(ORIGIN);
  });
});

describe('limits', () => {
  it('answers 413 for a body over 10 MiB, declared or chunked', async () => {
    const body = Buffer.alloc(MAX_REQUEST_BODY_BYTES + 1, 'a');
    const declared = await call(api.port, {
      method: 'POST',
      path: `/${STAGE}/v1/transactions`,
      body,
    });
    expect(declared.status).toBe(413);
    expect(declared.body).toBe(`HTTP content length exceeded ${MAX_REQUEST_BODY_BYTES} bytes.`);

    const chunked = await call(api.port, {
      method: 'POST',
      path: `/${STAGE}/v1/transactions`,
      headers: { 'Transfer-Encoding': 'chunked' },
      body,
    });
    expect(chunked.status).toBe(413);
  });

  it('throttles a method past its burst with 429 Too Many Requests', async () => {
    const throttled = await startLocalRestApi({
      functions,
      routes: [
        { method: 'GET', resourcePath: '/ping', functionName: 'api-proxy', authorization: 'NONE' },
      ],
      stage: STAGE,
      region: cloud().region,
      accountId: cloud().accountId,
      iam: restApiIamOf(cloud()),
      throttle: { rateLimit: 0.5, burstLimit: 2 },
    });
    try {
      const statuses: number[] = [];
      for (let index = 0; index < 3; index += 1)
        statuses.push((await call(throttled.port, { path: `/${STAGE}/ping` })).status);
      expect(statuses).toEqual([200, 200, 429]);
      const refused = await call(throttled.port, { path: `/${STAGE}/ping` });
      expect(messageOf(refused)).toBe('Too Many Requests');
    } finally {
      await throttled.stop();
    }
  });
});
