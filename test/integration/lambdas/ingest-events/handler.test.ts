/**
 * The ingestion function end to end on localcloud, through its real clients: API Gateway proxy
 * events in, records on the local Kafka (read back with a consumer) and idempotency records in
 * the local DynamoDB (Powertools' own persistence layer).
 */
import { DynamoDBClient, ScanCommand } from '@aws-sdk/client-dynamodb';
import { INGEST_DEFAULTS } from '../../../../infra/aws/facts/api';
import { restApiEvent } from '../../../fixtures/events/api-gateway';
import { readTopic } from '../../../../scripts/shared/kafka-topic-reader';
import { useLocalCloud } from '../../../fixtures/localcloud';
import { INTERACTION, TRANSACTION } from '../../../fixtures/marketplace-records';
import {
  ORIGIN,
  TABLE_NAME,
  deployIngestion,
  lambdaContext,
  loadIngestHandler,
  loseProduceAnswers,
  storedTransactionIds,
  type IngestHandler,
} from './ingest-fixtures';

jest.setTimeout(60_000);

const cloud = useLocalCloud();
const saved = { ...process.env };
let handler: IngestHandler;

beforeEach(async () => {
  await deployIngestion(cloud());
  handler = loadIngestHandler(cloud());
});
afterEach(() => {
  process.env = { ...saved };
});

const post = (resource: string, body: unknown, headers: Record<string, string> = {}) =>
  restApiEvent({ resource, body: JSON.stringify(body), headers });

async function idempotencyItems(): Promise<Record<string, unknown>[]> {
  const { Items } = await new DynamoDBClient(cloud().clientConfig).send(
    new ScanCommand({ TableName: TABLE_NAME }),
  );
  return Items ?? [];
}

it('puts one purchase on its topic, keyed by customer and labelled, and answers 202 with its id', async () => {
  const response = await handler(post('/v1/transactions', TRANSACTION), lambdaContext());

  expect(response.statusCode).toBe(202);
  expect(JSON.parse(response.body)).toEqual({ accepted: 1, ids: [TRANSACTION.transaction_id] });
  expect(response.headers?.['Access-Control-Allow-Origin']).toBe(ORIGIN);
  const records = await readTopic(cloud().kafka.bootstrapServers, 'purchases');
  expect(records).toHaveLength(1);
  expect(records[0]).toMatchObject({ key: 'C0000042', headers: { dataset: 'transactions' } });
  expect(JSON.parse(records[0]!.value)).toEqual(TRANSACTION);
  // Without an Idempotency-Key nothing is remembered.
  expect(await idempotencyItems()).toHaveLength(0);
});

it('answers a retry under the same Idempotency-Key from DynamoDB, without producing again', async () => {
  const batch = [
    INTERACTION,
    { ...INTERACTION, interaction_id: 'b4e2d3c5-6f70-4b8c-9dae-1f2a3b4c5d6e', customer_id: 'C7' },
  ];
  const event = post('/v1/user-interactions', batch, { 'Idempotency-Key': 'visit-123' });

  const first = await handler(event, lambdaContext());
  const retry = await handler(event, lambdaContext());
  // A retry reaching another container, with its own producer, is answered the same way.
  const otherContainer = loadIngestHandler(cloud());
  const third = await otherContainer(event, lambdaContext());

  expect(first.statusCode).toBe(202);
  expect(retry).toMatchObject({ statusCode: 202, body: first.body });
  expect(third).toMatchObject({ statusCode: 202, body: first.body });
  const { ids } = JSON.parse(first.body) as { ids: string[] };
  const records = await readTopic(cloud().kafka.bootstrapServers, 'interactions');
  expect(
    records
      .map((record) => (JSON.parse(record.value) as { interaction_id: string }).interaction_id)
      .sort(),
  ).toEqual([...ids].sort());
  const items = await idempotencyItems();
  expect(items).toHaveLength(1);
  expect(items[0]).toMatchObject({ status: { S: 'COMPLETED' } });
  const expiresIn = Number((items[0]!.expiration as { N: string }).N) - Date.now() / 1000;
  expect(expiresIn).toBeGreaterThan(86_000);
  // Powertools rounds the expiry to the nearest second, so it may lie up to half a second past a day.
  expect(expiresIn).toBeLessThanOrEqual(86_400.5);
});

it('refuses the same key with a different body (422) and keeps the first answer', async () => {
  const first = await handler(
    post('/v1/transactions', TRANSACTION, { 'Idempotency-Key': 'order-1' }),
    lambdaContext(),
  );
  const changed = await handler(
    post('/v1/transactions', { ...TRANSACTION, quantity: 3 }, { 'Idempotency-Key': 'order-1' }),
    lambdaContext(),
  );

  expect(first.statusCode).toBe(202);
  expect(changed.statusCode).toBe(422);
  expect(await readTopic(cloud().kafka.bootstrapServers, 'purchases')).toHaveLength(1);
});

it('keeps keys of different resources apart', async () => {
  const key = { 'Idempotency-Key': 'shared-key' };
  const purchase = await handler(post('/v1/transactions', TRANSACTION, key), lambdaContext());
  const visit = await handler(post('/v1/user-interactions', INTERACTION, key), lambdaContext());
  expect([purchase.statusCode, visit.statusCode]).toEqual([202, 202]);
  expect(await readTopic(cloud().kafka.bootstrapServers, 'interactions')).toHaveLength(1);
});

it('refuses a bad batch whole: nothing on the topic, nothing remembered', async () => {
  const response = await handler(
    post('/v1/transactions', [TRANSACTION, { ...TRANSACTION, transaction_id: 'x', currency: 5 }], {
      'Idempotency-Key': 'bad-batch',
    }),
    lambdaContext(),
  );

  expect(response.statusCode).toBe(400);
  expect(JSON.parse(response.body)).toMatchObject({
    errors: [{ path: '/1/currency', message: 'expected a string, got 5' }],
  });
  expect(await readTopic(cloud().kafka.bootstrapServers, 'purchases')).toHaveLength(0);
  expect(await idempotencyItems()).toHaveLength(0);
});

it('answers 503 and forgets the key when Kafka is unreachable, so the retry produces once', async () => {
  const unreachable = loadIngestHandler(cloud(), { KAFKA_BOOTSTRAP_SERVERS: '127.0.0.1:1' });
  const event = post('/v1/transactions', TRANSACTION, { 'Idempotency-Key': 'during-outage' });

  const failed = await unreachable(event, lambdaContext());
  expect(failed.statusCode).toBe(503);
  expect(failed.headers?.['Retry-After']).toBe('1');
  expect(await idempotencyItems()).toHaveLength(0);

  const retried = await handler(event, lambdaContext());
  expect(retried.statusCode).toBe(202);
  expect(await readTopic(cloud().kafka.bootstrapServers, 'purchases')).toHaveLength(1);
});

it('answers 503 before its time runs out when the broker is slow, and the retry stores once', async () => {
  // Every Produce is appended, then its answer held 4 s; the invocation has 3 s left, so the
  // send's deadline (the time left minus the margin for the answer) passes first. (The answer is
  // held rather than the request, so the broker has it at once and no held request strikes a
  // fault of a later test.)
  cloud().faults.inject({
    service: 'kafka',
    operation: 'Produce',
    when: 'after',
    delayMs: 4_000,
    times: 5,
  });
  const event = post('/v1/transactions', TRANSACTION, { 'Idempotency-Key': 'slow-broker' });
  const started = Date.now();

  const late = await handler(event, lambdaContext(3_000));
  const answeredAfterMs = Date.now() - started;
  cloud().faults.clear();
  const retried = await handler(event, lambdaContext());

  expect(late.statusCode).toBe(503);
  expect(late.headers?.['Retry-After']).toBe('1');
  expect(answeredAfterMs).toBeLessThan(3_000);
  expect(retried.statusCode).toBe(202);
  // The held batch was stored; the retry sent it again under its first identity.
  const records = await readTopic(cloud().kafka.bootstrapServers, 'purchases');
  expect(records.map((record) => JSON.parse(record.value) as unknown)).toEqual([TRANSACTION]);
});

describe('a send stored before its answer was lost, then an outage longer than its retries', () => {
  const batch = [
    TRANSACTION,
    { ...TRANSACTION, transaction_id: 'c8d2b4f3-2a5e-4d9f-8b3c-4d5e6f7a8b9c', customer_id: 'C9' },
  ];
  const attempts = INGEST_DEFAULTS.sendRetry.retries + 1;

  /** Every attempt of the send is appended (or recognised) by the broker, and its answer lost. */
  const loseEveryAnswer = () => loseProduceAnswers(cloud(), attempts);
  const storedIds = () => storedTransactionIds(cloud());
  const unsettledItems = async () =>
    (await idempotencyItems()).filter((item) =>
      (item.id as { S: string }).S.startsWith('unsettled#'),
    );

  it('answers 503, keeps the batches, and the retry in another container stores nothing twice', async () => {
    const event = post('/v1/transactions', batch, { 'Idempotency-Key': 'lost-answer' });
    loseEveryAnswer();

    const failed = await handler(event, lambdaContext());
    expect(failed.statusCode).toBe(503);
    // The batch is on the topic although the function could not know it.
    expect(await storedIds()).toHaveLength(2);
    expect(await unsettledItems()).toHaveLength(1);

    const retried = await loadIngestHandler(cloud())(event, lambdaContext());

    expect(retried.statusCode).toBe(202);
    expect(JSON.parse(retried.body)).toEqual({
      accepted: 2,
      ids: batch.map((record) => record.transaction_id),
    });
    expect(await storedIds()).toEqual(batch.map((record) => record.transaction_id).sort());
    // Answered from now on by the stored answer; the batches are forgotten.
    expect(await unsettledItems()).toHaveLength(0);
    expect(await idempotencyItems()).toEqual([
      expect.objectContaining({ status: { S: 'COMPLETED' } }),
    ]);
  });

  it('refuses the same key with another body (422), and the true retry still stores once', async () => {
    const event = post('/v1/transactions', batch, { 'Idempotency-Key': 'lost-then-changed' });
    loseEveryAnswer();
    expect((await handler(event, lambdaContext())).statusCode).toBe(503);

    const changed = await handler(
      post('/v1/transactions', batch.slice(0, 1), { 'Idempotency-Key': 'lost-then-changed' }),
      lambdaContext(),
    );
    const retried = await handler(event, lambdaContext());

    expect(changed.statusCode).toBe(422);
    expect(retried.statusCode).toBe(202);
    expect(await storedIds()).toEqual(batch.map((record) => record.transaction_id).sort());
  });

  it('a request without a key keeps nothing: its retry is a new request', async () => {
    loseEveryAnswer();
    expect((await handler(post('/v1/transactions', batch), lambdaContext())).statusCode).toBe(503);
    expect(await idempotencyItems()).toHaveLength(0);
  });
});
