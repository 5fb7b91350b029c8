/**
 * `GET /v1/recommendations/{user_id}` as the local deployment serves it: the unmodified
 * recommender in the local Lambda service, behind the local API Gateway, reading localcloud's
 * DynamoDB. The tables are filled here with the SDK, as the activity consumer and the nightly
 * export fill them; the API is called with two independent SigV4 clients (the AWS SDK's signer
 * and curl).
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import { loadPlatform } from '../../../infra/platform';
import type { RecommendationsAnswer } from '../../../infra/aws/facts/recommendations';
import { deployContext } from '../../../scripts/local-platform/deploy/context';
import {
  deployMarketplaceApi,
  serveMarketplaceApi,
} from '../../../scripts/local-platform/deploy/marketplace-api';
import type { LocalMarketplaceApi } from '../../../scripts/local-platform/deployment';
import {
  startLocalFunctions,
  type LocalFunctions,
} from '../../../scripts/local-platform/lambda-runtime';
import type { LocalRestApi } from '../../../scripts/local-platform/rest-api';
import { useLocalCloud } from '../../fixtures/localcloud';
import {
  activity,
  pointer,
  popular,
  profile,
  purchase,
  related,
} from '../../fixtures/recommendation-items';
import {
  call,
  curlCall,
  messageOf,
  signedCall,
  type Answer,
  type Signer,
} from './rest-api-fixtures';

jest.setTimeout(120_000);

const cloud = useLocalCloud({}, { resetBeforeEach: false });
const platform = loadPlatform('dev');
const ORIGIN = platform.environment.marketplaceApi.allowedOrigin;
let deployed: LocalMarketplaceApi;
let functions: LocalFunctions | undefined;
let api: LocalRestApi | undefined;
let signer: Signer;

/** An ISO time `hours` before the real clock: the function recommends at the real time. */
const ago = (hours: number) => new Date(Date.now() - hours * 3_600_000).toISOString();
/** The snapshot the export wrote last night. */
const AS_OF_DATE = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);

/** Starts the recommender in fresh containers (an empty pointer cache) behind the local API. */
async function serve(): Promise<void> {
  await api?.stop();
  await functions?.stop();
  functions = await startLocalFunctions(cloud(), [deployed.recommend], {
    logDirectory: mkdtempSync(join(tmpdir(), 'recommendations-api-')),
  });
  api = await serveMarketplaceApi(cloud(), functions, deployed);
}

async function put(tableName: string, items: readonly object[]): Promise<void> {
  const documents = DynamoDBDocumentClient.from(new DynamoDBClient(cloud().clientConfig));
  try {
    for (const item of items)
      await documents.send(new PutCommand({ TableName: tableName, Item: item }));
  } finally {
    documents.destroy();
  }
}

const answerOf = (answer: Answer) => JSON.parse(answer.body) as RecommendationsAnswer;
const productsOf = (answer: Answer) =>
  answerOf(answer).recommendations.map((recommendation) => recommendation.product_id);

beforeAll(async () => {
  deployed = await deployMarketplaceApi(deployContext(cloud(), { platform }));
  const { accessKeyId, secretAccessKey } = cloud().clientConfig.credentials;
  signer = { region: cloud().region, accessKeyId, secretAccessKey };
  await serve();
});
afterAll(async () => {
  await api?.stop();
  await functions?.stop();
});

it('answers an empty list with no model date before the first nightly export', async () => {
  const answer = await signedCall(api!.port, signer, { path: '/api/v1/recommendations/C0000042' });

  expect(answer.status).toBe(200);
  expect(answerOf(answer)).toMatchObject({
    user_id: 'C0000042',
    strategy: 'popular',
    model_date: null,
    recommendations: [],
  });
});

describe('once the tables are filled', () => {
  beforeAll(async () => {
    const { recentActivityTableName, modelTableName } = deployed.recommendationTables;
    await put(recentActivityTableName, [
      activity('C0000042', 'P1', 'view', ago(1)),
      purchase('C0000042', 'P3', ago(48), 'FR'),
      activity('C0000099', 'P7', 'view', ago(2)),
    ]);
    await put(modelTableName, [
      related(
        'P1',
        [
          ['P2', 0.9],
          ['P3', 0.4],
        ],
        AS_OF_DATE,
      ),
      related('P7', [['P8', 0.6]], AS_OF_DATE),
      popular(
        'DE',
        [
          ['P2', 900],
          ['P5', 450],
          ['P6', 300],
        ],
        AS_OF_DATE,
      ),
      popular(
        '*',
        [
          ['P9', 5000],
          ['P5', 4000],
        ],
        AS_OF_DATE,
      ),
      profile('C0000042', 'DE', [['P7', ago(24 * 60)]], AS_OF_DATE),
      // Flipped last, as the export does.
      pointer(AS_OF_DATE),
    ]);
    // New containers: a running one would keep "no snapshot yet" for its cache's minute.
    await serve();
  });

  it("blends the user's activity, profile and country, signed by the SDK's signer", async () => {
    const answer = await signedCall(api!.port, signer, {
      path: '/api/v1/recommendations/C0000042?limit=4',
    });

    expect(answer.status).toBe(200);
    expect(answer.headers).toMatchObject({
      'content-type': 'application/json',
      'cache-control': 'private, max-age=30',
      'access-control-allow-origin': ORIGIN,
    });
    // P3 was just bought; P1, viewed an hour ago, outweighs P7, bought 60 days ago; DE fills up.
    expect(answerOf(answer)).toMatchObject({
      user_id: 'C0000042',
      strategy: 'personalised',
      model_date: AS_OF_DATE,
      recommendations: [
        { product_id: 'P2', rank: 1, reason: 'related', because_of: 'P1' },
        { product_id: 'P8', rank: 2, reason: 'related', because_of: 'P7' },
        { product_id: 'P5', rank: 3, reason: 'popular' },
        { product_id: 'P6', rank: 4, reason: 'popular' },
      ],
    });
  });

  it("answers a user it does not know with everywhere's best sellers, signed by curl", async () => {
    const answer = await curlCall(api!.port, signer, {
      path: '/api/v1/recommendations/NOBODY?limit=2',
    });

    expect(answer.status).toBe(200);
    expect(answerOf(answer)).toMatchObject({ user_id: 'NOBODY', strategy: 'popular' });
    expect(productsOf(answer)).toEqual(['P9', 'P5']);
  });

  it('takes the user id API Gateway has percent-decoded', async () => {
    // `%43` is `C`, `%3A` a colon: the function sees the decoded id and reads that user's items.
    const answer = await signedCall(api!.port, signer, {
      path: '/api/v1/recommendations/%430000099?limit=1',
    });
    const colon = await signedCall(api!.port, signer, { path: '/api/v1/recommendations/shop%3A7' });

    expect(answerOf(answer)).toMatchObject({ user_id: 'C0000099', strategy: 'personalised' });
    expect(productsOf(answer)).toEqual(['P8']);
    expect(answerOf(colon).user_id).toBe('shop:7');
  });

  it.each([
    ['a space', 'C%200042'],
    ['a raw plus, which stays a plus', 'C+0042'],
    ['a percent sign', 'C%250042'],
    ['an encoded slash', 'C%2F0042'],
    ['non-ASCII letters', 'caf%C3%A9'],
  ])('refuses a user id with %s, naming user_id', async (_what, raw) => {
    const answer = await signedCall(api!.port, signer, { path: `/api/v1/recommendations/${raw}` });

    expect(answer.status).toBe(400);
    expect(answer.headers['content-type']).toBe('application/problem+json');
    expect(JSON.parse(answer.body)).toMatchObject({
      status: 400,
      errors: [{ in: 'path', parameter: 'user_id' }],
    });
  });

  it('refuses a bad limit and an unknown parameter, naming each', async () => {
    const answer = await curlCall(api!.port, signer, {
      path: '/api/v1/recommendations/C0000042?limit=0&page=2',
    });

    expect(answer.status).toBe(400);
    expect(JSON.parse(answer.body)).toMatchObject({
      errors: [
        { in: 'query', parameter: 'page' },
        { in: 'query', parameter: 'limit' },
      ],
    });
  });

  it('refuses an unsigned request at the gateway, before the function', async () => {
    const answer = await call(api!.port, { path: '/api/v1/recommendations/C0000042' });

    expect(answer.status).toBe(403);
    expect(messageOf(answer)).toBe('Missing Authentication Token');
  });
});
