/**
 * The local run's signed client against the local REST API over real HTTP: the API's IAM check
 * accepts its POSTs and its GETs (a path parameter with odd characters, a query whose values the
 * signature covers), and the handler receives them as sent.
 */
import type { APIGatewayProxyEvent } from 'aws-lambda';
import {
  startLocalFunctions,
  type LocalFunctions,
} from '../../../../../scripts/local-platform/lambda-runtime';
import {
  restApiIamOf,
  startLocalRestApi,
  type LocalRestApi,
} from '../../../../../scripts/local-platform/rest-api';
import {
  signedPoster,
  type SignedAnswer,
  type SignedPoster,
} from '../../../../../scripts/local-run/marketplace/signed-fetch';
import { useLocalCloud } from '../../../../fixtures/localcloud';
import { directFunction, logDirectory } from '../../../local-platform/lambda-runtime-fixtures';
import { platformRoutes, STAGE } from '../../../local-platform/rest-api-fixtures';

const cloud = useLocalCloud();
let functions: LocalFunctions;
let api: LocalRestApi;
let client: SignedPoster;

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
  });
  const { accessKeyId, secretAccessKey } = cloud().clientConfig.credentials;
  client = signedPoster(api.url, { region: cloud().region, accessKeyId, secretAccessKey });
});

afterAll(async () => {
  client?.close();
  await api?.stop();
  await functions?.stop();
});

function eventOf(answer: SignedAnswer): APIGatewayProxyEvent {
  expect({ status: answer.status, body: answer.status === 200 ? '' : answer.body }).toEqual({
    status: 200,
    body: '',
  });
  return (JSON.parse(answer.body) as { event: APIGatewayProxyEvent }).event;
}

describe('signedPoster', () => {
  it('GETs a recommendations path with an encoded user id and a query, signed as the API checks', async () => {
    const userId = 'café au+lait/☃';

    const answer = await client.get(`/v1/recommendations/${encodeURIComponent(userId)}`, {
      limit: '10',
      note: "x+y (it's) *!",
    });

    expect(eventOf(answer)).toMatchObject({
      httpMethod: 'GET',
      resource: '/v1/recommendations/{user_id}',
      pathParameters: { user_id: userId },
      queryStringParameters: { limit: '10', note: "x+y (it's) *!" },
      body: null,
    });
  });

  it('GETs a path without a query', async () => {
    const answer = await client.get('/v1/recommendations/C0000001');

    expect(eventOf(answer)).toMatchObject({
      pathParameters: { user_id: 'C0000001' },
      queryStringParameters: null,
    });
  });

  it('still POSTs a body with its headers', async () => {
    const body = JSON.stringify([{ transaction_id: 't-1' }]);

    const answer = await client.post('/v1/transactions', body, {
      'Content-Type': 'application/json',
      'Idempotency-Key': 'k-1',
    });

    const event = eventOf(answer);
    expect(event).toMatchObject({ httpMethod: 'POST', body });
    expect(event.headers['Idempotency-Key']).toBe('k-1');
  });

  it('is refused when the signature does not cover what is sent', async () => {
    const forged = signedPoster(api.url, {
      region: cloud().region,
      accessKeyId: cloud().clientConfig.credentials.accessKeyId,
      secretAccessKey: 'not-the-secret',
    });
    try {
      const answer = await forged.get('/v1/recommendations/C0000001', { limit: '10' });

      expect(answer.status).toBe(403);
    } finally {
      forged.close();
    }
  });
});
