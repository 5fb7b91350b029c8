import { loadPlatform, sourceDatasets } from '../../../../infra/platform';
import { RecordShapeError } from '../../../../scripts/produce-events/errors';
import {
  assertRecordShape,
  recordShapeProblems,
} from '../../../../scripts/produce-events/record-shape';
import { TRANSACTION } from '../../../fixtures/marketplace-records';

const platform = loadPlatform('dev');
const transactions = sourceDatasets(platform).find((dataset) => dataset.name === 'transactions')!;
const purchases = platform.topics.find((topic) => topic.name === 'purchases')!;
const valid = TRANSACTION;

describe('recordShapeProblems', () => {
  it('accepts a record with exactly the columns and types', () => {
    expect(recordShapeProblems(transactions, valid)).toEqual([]);
  });

  it('names every missing, extra and mistyped column', () => {
    const withoutCurrency: Partial<typeof valid> = { ...valid };
    delete withoutCurrency.currency;
    expect(
      recordShapeProblems(transactions, {
        ...withoutCurrency,
        quantity: 1.5,
        unit_price: 14.99,
        coupon: 'X',
      }),
    ).toEqual([
      'quantity: expected a 32-bit integer, got 1.5',
      'unit_price: expected a decimal(12,2) as a string with 2 decimals, got 14.99',
      'currency: missing',
      'coupon: not a column of transactions',
    ]);
  });

  it('allows null except in the record-id, event-time and required columns', () => {
    expect(recordShapeProblems(transactions, { ...valid, product_category: null })).toEqual([]);
    expect(
      recordShapeProblems(transactions, { ...valid, transaction_id: null, transaction_time: null }),
    ).toEqual(['transaction_id: must not be null', 'transaction_time: must not be null']);
    expect(recordShapeProblems(transactions, { ...valid, quantity: null })).toEqual([
      'quantity: must not be null',
    ]);
  });

  it('refuses an empty message key when checked for the topic', () => {
    expect(recordShapeProblems(transactions, { ...valid, customer_id: '' }, purchases)).toEqual([
      'customer_id: must not be empty',
    ]);
  });

  it('throws a typed error from assertRecordShape', () => {
    expect(() => assertRecordShape(transactions, purchases, { ...valid, quantity: '2' })).toThrow(
      RecordShapeError,
    );
  });
});
