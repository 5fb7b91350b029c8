import { loadPlatform, schemaVersion, topicDataset } from '../../../../infra/platform';
import {
  MAX_FIELD_ERRORS,
  ingestionTarget,
  prepareRecords,
  produceSubmission,
  submissionOf,
} from '../../../../lambdas/ingest-events/ingestion';
import type { IngestionRequest } from '../../../../lambdas/ingest-events/request';
import { MARKETPLACE_CALLER_ARN } from '../../../fixtures/events/api-gateway';
import { INTERACTION, TRANSACTION, refusalOf } from '../../../fixtures/marketplace-records';

const platform = loadPlatform('dev');
const [transactionsRoute, interactionsRoute] = platform.marketplaceApi.ingestion;
const transactions = ingestionTarget(platform, transactionsRoute!);
const interactions = ingestionTarget(platform, interactionsRoute!);

function request(
  route: typeof transactionsRoute,
  records: readonly Record<string, unknown>[],
  extra: Partial<IngestionRequest> = {},
): IngestionRequest {
  return {
    route: route!,
    records,
    batch: records.length !== 1,
    caller: MARKETPLACE_CALLER_ARN,
    ...extra,
    body: extra.body ?? JSON.stringify(records),
  };
}

describe('ingestionTarget', () => {
  it("goes to the route's topic, with its dataset's headers", () => {
    expect(transactions.topic.name).toBe('purchases');
    expect(transactions.headers).toEqual({
      dataset: 'transactions',
      'schema-version': schemaVersion(topicDataset(platform, transactions.topic)),
    });
    expect(interactions.topic.name).toBe('interactions');
  });

  it('requires the record id: the lake deduplicates by it', () => {
    expect(transactions.required.has('transaction_id')).toBe(true);
    expect(transactions.required.has('customer_id')).toBe(true);
  });
});

describe('prepareRecords', () => {
  it("keeps the client's id and keys the message by the topic's key column", () => {
    const { ids, messages } = prepareRecords(
      transactions,
      request(transactionsRoute, [TRANSACTION]),
    );
    expect(ids).toEqual([TRANSACTION.transaction_id]);
    expect(messages).toEqual([
      {
        topic: 'purchases',
        key: 'C0000042',
        value: JSON.stringify(TRANSACTION),
        headers: transactions.headers,
      },
    ]);
  });

  it('refuses a record without its id', () => {
    const error = refusalOf(() =>
      prepareRecords(
        interactions,
        request(interactionsRoute, [{ ...INTERACTION, interaction_id: null }]),
      ),
    );
    expect(error.errors).toEqual([{ path: '/interaction_id', message: 'must not be null' }]);
  });

  it('refuses the whole batch, naming every bad field by JSON Pointer', () => {
    const error = refusalOf(() =>
      prepareRecords(
        transactions,
        request(transactionsRoute, [
          TRANSACTION,
          { ...TRANSACTION, transaction_id: 'second', quantity: 1.5, 'a/b~c': 1 },
          { ...TRANSACTION, transaction_id: 'third', customer_id: '', unit_price: 14.99 },
        ]),
      ),
    );
    expect(error.status).toBe(400);
    expect(error.errors).toEqual([
      { path: '/1/quantity', message: 'expected a 32-bit integer, got 1.5' },
      { path: '/1/a~1b~0c', message: 'not a column of transactions' },
      { path: '/2/customer_id', message: 'must not be empty' },
      {
        path: '/2/unit_price',
        message: 'expected a decimal(12,2) as a string with 2 decimals, got 14.99',
      },
    ]);
    expect(error.message).toMatch(/4 fields .* nothing was accepted/);
  });

  it('names the field of a single record without an index', () => {
    const withoutTime: Partial<typeof TRANSACTION> = { ...TRANSACTION };
    delete withoutTime.transaction_time;
    const error = refusalOf(() =>
      prepareRecords(transactions, request(transactionsRoute, [withoutTime])),
    );
    expect(error.errors).toEqual([{ path: '/transaction_time', message: 'required' }]);
  });

  it('refuses an id wider than its warehouse column, so no stored answer outgrows DynamoDB', () => {
    // 500 such ids would make the idempotency record's answer over DynamoDB's 400 KB item limit.
    const error = refusalOf(() =>
      prepareRecords(
        transactions,
        request(transactionsRoute, [
          TRANSACTION,
          { ...TRANSACTION, transaction_id: 'x'.repeat(2_000) },
        ]),
      ),
    );
    expect(error.errors).toEqual([
      { path: '/1/transaction_id', message: 'longer than 128 bytes (UTF-8)' },
    ]);
  });

  it('refuses deeply nested values with a 400, never a crash', () => {
    let nested: unknown = 1;
    for (let depth = 0; depth < 50_000; depth += 1) nested = [nested];
    const error = refusalOf(() =>
      prepareRecords(
        transactions,
        request(
          transactionsRoute,
          [{ ...TRANSACTION, quantity: nested, extra: { deep: nested } }],
          { body: '(as sent)' },
        ),
      ),
    );
    expect(error.errors).toEqual([
      { path: '/quantity', message: 'expected a 32-bit integer, got an array' },
      { path: '/extra', message: 'not a column of transactions' },
    ]);
  });

  it('lists at most MAX_FIELD_ERRORS bad fields, and names long ones short', () => {
    const unknown = Object.fromEntries(
      Array.from({ length: 300 }, (_, index) => [`${'k'.repeat(100)}${index}`, 1]),
    );
    const error = refusalOf(() =>
      prepareRecords(transactions, request(transactionsRoute, [{ ...TRANSACTION, ...unknown }])),
    );
    expect(error.errors).toHaveLength(MAX_FIELD_ERRORS);
    expect(error.message).toMatch(/^300 fields .*\(the first 100 are listed\)$/);
    expect(error.errors[0]!.path.length).toBeLessThanOrEqual(65);
  });

  it('accepts a record sent twice in one request: the lake keeps one per id', () => {
    expect(
      prepareRecords(transactions, request(transactionsRoute, [TRANSACTION, TRANSACTION])).ids,
    ).toEqual([TRANSACTION.transaction_id, TRANSACTION.transaction_id]);
  });
});

describe('produceSubmission', () => {
  it('answers with the ids only after the send resolved', async () => {
    const sent: unknown[] = [];
    const prepared = prepareRecords(transactions, request(transactionsRoute, [TRANSACTION]));
    const accepted = await produceSubmission(
      submissionOf(request(transactionsRoute, [TRANSACTION]), prepared),
      (messages) => {
        sent.push(...messages);
        return Promise.resolve();
      },
    );
    expect(accepted).toEqual({ accepted: 1, ids: [TRANSACTION.transaction_id] });
    expect(sent).toEqual(prepared.messages);
  });

  it('answers nothing when the send fails', async () => {
    const prepared = prepareRecords(transactions, request(transactionsRoute, [TRANSACTION]));
    await expect(
      produceSubmission(submissionOf(request(transactionsRoute, [TRANSACTION]), prepared), () =>
        Promise.reject(new Error('broker down')),
      ),
    ).rejects.toThrow('broker down');
  });
});
