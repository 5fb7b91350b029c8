/**
 * The marketplace API as the local deployment serves it: the unmodified ingestion function in
 * the local Lambda service, behind the local API Gateway, producing over MSK IAM (TLS + a signed
 * token) to localcloud's Kafka. Called with two independent SigV4 clients (the AWS SDK's signer
 * and curl), and read back with a Kafka consumer.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadPlatform } from '../../../infra/platform';
import { marketplaceOpenApi } from '../../../infra/aws/marketplace-api/openapi';
import { deployContext } from '../../../scripts/local-platform/deploy/context';
import {
  deployMarketplaceApi,
  serveMarketplaceApi,
} from '../../../scripts/local-platform/deploy/marketplace-api';
import { deployLocalTopics } from '../../../scripts/local-platform/deploy/streaming';
import {
  startLocalFunctions,
  type LocalFunctions,
} from '../../../scripts/local-platform/lambda-runtime';
import type { LocalRestApi } from '../../../scripts/local-platform/rest-api';
import { readTopic } from '../../../scripts/shared/kafka-topic-reader';
import { useLocalCloud } from '../../fixtures/localcloud';
import { INTERACTION, TRANSACTION } from '../../fixtures/marketplace-records';
import { call, curlCall, signedCall, type Signer } from './rest-api-fixtures';

jest.setTimeout(120_000);

const cloud = useLocalCloud({ kafkaIam: true }, { resetBeforeEach: false });
const platform = loadPlatform('dev');
let functions: LocalFunctions;
let api: LocalRestApi;
let signer: Signer;

beforeAll(async () => {
  const context = deployContext(cloud(), { platform });
  deployLocalTopics(cloud(), platform);
  const deployed = await deployMarketplaceApi(context);
  expect(deployed.ingest.environment).toMatchObject({ KAFKA_AUTH: 'iam' });
  functions = await startLocalFunctions(cloud(), [deployed.ingest], {
    logDirectory: mkdtempSync(join(tmpdir(), 'marketplace-api-')),
  });
  api = await serveMarketplaceApi(cloud(), functions, deployed);
  const { accessKeyId, secretAccessKey } = cloud().clientConfig.credentials;
  signer = { region: cloud().region, accessKeyId, secretAccessKey };
});
afterAll(async () => {
  await api?.stop();
  await functions?.stop();
});

const json = { 'Content-Type': 'application/json' };

it('puts a signed purchase on Kafka through the unmodified function (SDK signer)', async () => {
  const answer = await signedCall(api.port, signer, {
    method: 'POST',
    path: '/api/v1/transactions',
    headers: { ...json, 'Idempotency-Key': 'sdk-1' },
    body: JSON.stringify(TRANSACTION),
  });

  expect(answer.status).toBe(202);
  expect(JSON.parse(answer.body)).toEqual({ accepted: 1, ids: [TRANSACTION.transaction_id] });
  expect(answer.headers['access-control-allow-origin']).toBe(
    platform.environment.marketplaceApi.allowedOrigin,
  );
  const records = await readTopic(cloud().kafka.bootstrapServers, 'purchases');
  expect(records.map((record) => JSON.parse(record.value) as unknown)).toContainEqual(TRANSACTION);
});

it('takes a batch signed by curl, and answers its retry without producing again', async () => {
  const batch = [
    INTERACTION,
    { ...INTERACTION, interaction_id: 'c5f3e4d6-7081-4c9d-8ebf-2a3b4c5d6e7f' },
  ];
  const target = {
    method: 'POST',
    path: '/api/v1/user-interactions',
    headers: { ...json, 'Idempotency-Key': 'curl-batch-1' },
    body: JSON.stringify(batch),
  };

  const first = await curlCall(api.port, signer, target);
  const retry = await curlCall(api.port, signer, target);

  expect(first.status).toBe(202);
  expect(retry).toMatchObject({ status: 202, body: first.body });
  expect(await readTopic(cloud().kafka.bootstrapServers, 'interactions')).toHaveLength(2);
});

it('refuses an unsigned request at the gateway, before the function', async () => {
  const answer = await call(api.port, {
    method: 'POST',
    path: '/api/v1/transactions',
    headers: json,
    body: JSON.stringify(TRANSACTION),
  });
  expect(answer.status).toBe(403);
});

it('names every bad field of a refused batch', async () => {
  const answer = await signedCall(api.port, signer, {
    method: 'POST',
    path: '/api/v1/transactions',
    headers: json,
    body: JSON.stringify([TRANSACTION, { ...TRANSACTION, unit_price: '14,99' }]),
  });
  expect(answer.status).toBe(400);
  expect(JSON.parse(answer.body)).toMatchObject({
    errors: [
      { path: '/1/unit_price', message: expect.stringContaining('decimal(12,2)') as string },
    ],
  });
});

it('serves the OpenAPI document generated from the definition', async () => {
  const answer = await signedCall(api.port, signer, { path: '/api/v1/openapi.json' });
  expect(answer.status).toBe(200);
  expect(JSON.parse(answer.body)).toEqual(marketplaceOpenApi(platform));
});
