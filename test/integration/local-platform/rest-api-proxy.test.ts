/**
 * The local REST API over real HTTP in front of the real local Lambda service: the event the
 * handler receives, the answer the client gets, the integration's failures and the access log.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { APIGatewayProxyEventSchema } from '@aws-lambda-powertools/parser/schemas/api-gateway';
import type { APIGatewayProxyEvent } from 'aws-lambda';
import {
  startLocalFunctions,
  type LocalFunctions,
} from '../../../scripts/local-platform/lambda-runtime';
import {
  restApiIamOf,
  startLocalRestApi,
  type LocalRestApi,
} from '../../../scripts/local-platform/rest-api';
import { useLocalCloud } from '../../fixtures/localcloud';
import { directFunction, logDirectory } from './lambda-runtime-fixtures';
import {
  call,
  messageOf,
  platformRoutes,
  signedCall,
  STAGE,
  type Answer,
  type Signer,
} from './rest-api-fixtures';

const cloud = useLocalCloud();
let functions: LocalFunctions;
let api: LocalRestApi;
let signer: Signer;
const logs = logDirectory();
const accessLogFile = join(logs, 'api-access.log');

beforeAll(async () => {
  functions = await startLocalFunctions(
    cloud(),
    [
      // A function timeout (1 s) shorter than the integration's (1.5 s), and one longer.
      directFunction('api-proxy', 'api-proxy', { timeoutSeconds: 1 }),
      directFunction('api-proxy-slow', 'api-proxy', { timeoutSeconds: 5 }),
    ],
    { logDirectory: logs },
  );
  api = await startLocalRestApi({
    functions,
    routes: [
      ...platformRoutes('api-proxy'),
      {
        method: 'GET',
        resourcePath: '/v1/slow',
        functionName: 'api-proxy-slow',
        authorization: 'NONE',
      },
    ],
    stage: STAGE,
    region: cloud().region,
    accountId: cloud().accountId,
    iam: restApiIamOf(cloud()),
    accessLogFile,
    integrationTimeoutMs: 1500,
  });
  const { accessKeyId, secretAccessKey } = cloud().clientConfig.credentials;
  signer = { region: cloud().region, accessKeyId, secretAccessKey };
});

afterAll(async () => {
  await api?.stop();
  await functions?.stop();
});

function eventOf(answer: Answer): APIGatewayProxyEvent {
  expect(answer.status).toBe(200);
  return (JSON.parse(answer.body) as { event: APIGatewayProxyEvent }).event;
}

describe('the Lambda proxy integration', () => {
  it('hands the handler the REST API event, with odd characters in the path parameter', async () => {
    cloud().services.sts.actAs(signer.accessKeyId, `arn:aws:iam::${cloud().accountId}:user/alice`);
    // A space, a raw plus, an encoded slash and non-ASCII characters, in one user id.
    const userPath = 'caf%C3%A9%20au+lait%2F%E2%98%83';
    const answer = await signedCall(api.port, signer, {
      path: `/${STAGE}/v1/recommendations/${userPath}?tag=a&tag=b&limit=5&q=x%2By`,
      headers: { 'User-Agent': 'rest-api-test/1.0' },
    });

    const event = eventOf(answer);
    expect(APIGatewayProxyEventSchema.safeParse(event).error).toBeUndefined();
    expect(event).toMatchObject({
      resource: '/v1/recommendations/{user_id}',
      path: `/v1/recommendations/${userPath}`,
      httpMethod: 'GET',
      pathParameters: { user_id: 'café au+lait/☃' },
      queryStringParameters: { tag: 'b', limit: '5', q: 'x+y' },
      multiValueQueryStringParameters: { tag: ['a', 'b'], limit: ['5'], q: ['x+y'] },
      stageVariables: null,
      body: null,
      isBase64Encoded: false,
    });
    expect(event.requestContext).toMatchObject({
      path: `/${STAGE}/v1/recommendations/${userPath}`,
      stage: STAGE,
      apiId: api.apiId,
      accountId: cloud().accountId,
      resourcePath: '/v1/recommendations/{user_id}',
      httpMethod: 'GET',
      protocol: 'HTTP/1.1',
      domainName: `127.0.0.1:${api.port}`,
    });
    const caller = cloud().services.sts.callerOf(signer.accessKeyId);
    expect(event.requestContext.identity).toMatchObject({
      accessKey: signer.accessKeyId,
      accountId: cloud().accountId,
      caller: caller.UserId,
      user: caller.UserId,
      userArn: `arn:aws:iam::${cloud().accountId}:user/alice`,
      sourceIp: '127.0.0.1',
      userAgent: 'rest-api-test/1.0',
    });
    expect(answer.headers['x-amzn-requestid']).toBe(event.requestContext.requestId);
    expect(answer.headers['x-amz-apigw-id']).toBe(event.requestContext.extendedRequestId);
  });

  it("passes the body on and the function's status, headers and multi-value headers back", async () => {
    const body = JSON.stringify({ transactionId: 't-1', amount: '12.50' });
    const answer = await signedCall(api.port, signer, {
      method: 'POST',
      path: `/${STAGE}/v1/transactions?status=201`,
      headers: { 'Content-Type': 'application/json', 'Idempotency-Key': 'k-1' },
      body,
    });

    expect(answer.status).toBe(201);
    const { event } = JSON.parse(answer.body) as { event: APIGatewayProxyEvent };
    expect(event.body).toBe(body);
    expect(event.headers['Idempotency-Key']).toBe('k-1');
    expect(event.headers.Authorization).toBeUndefined();
    expect(answer.headers['content-type']).toBe('application/json');
    expect(answer.headers['access-control-allow-origin']).toBe('https://app.example');
    expect(answer.headers['x-fixture']).toBe('one, two');
  });

  it('answers 502 Internal server error for a malformed proxy response', async () => {
    const answer = await signedCall(api.port, signer, {
      path: `/${STAGE}/v1/recommendations/u-1?behaviour=malformed`,
    });
    expect(answer.status).toBe(502);
    expect(messageOf(answer)).toBe('Internal server error');
  });

  it('answers 502 for an error the function threw', async () => {
    const answer = await signedCall(api.port, signer, {
      path: `/${STAGE}/v1/recommendations/u-1?behaviour=throws`,
    });
    expect(answer.status).toBe(502);
    expect(messageOf(answer)).toBe('Internal server error');
  });

  it('answers 502 when the function times out within the integration timeout', async () => {
    const answer = await signedCall(api.port, signer, {
      path: `/${STAGE}/v1/recommendations/u-1?behaviour=sleep&ms=3000`,
    });
    expect(answer.status).toBe(502);
    const records = functions.invocations().filter((each) => each.functionName === 'api-proxy');
    expect(records.at(-1)?.outcome).toBe('timeout');
  });

  it('answers 504 Endpoint request timed out past the integration timeout', async () => {
    const started = Date.now();
    const answer = await call(api.port, { path: `/${STAGE}/v1/slow?behaviour=sleep&ms=3000` });
    expect(answer.status).toBe(504);
    expect(messageOf(answer)).toBe('Endpoint request timed out');
    expect(Date.now() - started).toBeLessThan(2900);
  });

  it('writes one access-log line per request with the standard fields', async () => {
    const answer = await signedCall(api.port, signer, { path: `/${STAGE}/v1/recommendations/u-9` });
    const requestId = answer.headers['x-amzn-requestid'];
    await call(api.port, { path: `/${STAGE}/v1/nowhere` });
    // The stream flushes asynchronously; a short wait lets both lines reach the file.
    await new Promise((resolve) => setTimeout(resolve, 100));

    const lines = readFileSync(accessLogFile, 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, string>);
    const caller = cloud().services.sts.callerOf(signer.accessKeyId);
    expect(lines.find((line) => line.requestId === requestId)).toEqual({
      requestId,
      ip: '127.0.0.1',
      user: caller.UserId,
      caller: caller.UserId,
      requestTime: expect.stringMatching(/^\d{2}\/\w{3}\/\d{4}:\d{2}:\d{2}:\d{2} \+0000$/),
      httpMethod: 'GET',
      resourcePath: '/v1/recommendations/{user_id}',
      status: '200',
      protocol: 'HTTP/1.1',
      responseLength: String(Buffer.byteLength(answer.body)),
    });
    expect(lines.at(-1)).toMatchObject({ resourcePath: '-', status: '403', user: '-' });
  });
});
