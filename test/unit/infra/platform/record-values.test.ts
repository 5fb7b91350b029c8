import {
  loadPlatform,
  recordProblems,
  requiredColumns,
  sourceDatasets,
  typeMismatch,
} from '../../../../infra/platform';
import { TRANSACTION } from '../../../fixtures/marketplace-records';

const platform = loadPlatform('dev');
const transactions = sourceDatasets(platform).find((dataset) => dataset.name === 'transactions')!;
const purchases = platform.topics.find((topic) => topic.name === 'purchases')!;
const valid = TRANSACTION;

describe('requiredColumns', () => {
  it('holds the record id, the event time, the message key and the columns marked required', () => {
    expect([...requiredColumns(transactions, purchases)].sort()).toEqual([
      'country',
      'currency',
      'customer_id',
      'order_id',
      'product_id',
      'quantity',
      'transaction_id',
      'transaction_time',
      'unit_price',
    ]);
  });
});

describe('recordProblems (as the API checks a record)', () => {
  const check = { required: requiredColumns(transactions, purchases) };

  it('reads an absent optional column as null', () => {
    const withoutCategory: Partial<typeof valid> = { ...valid };
    delete withoutCategory.product_category;
    expect(recordProblems(transactions, withoutCategory, check)).toEqual([]);
  });

  it('names every absent, null, empty, mistyped and unknown field, in column order', () => {
    const partial: Partial<typeof valid> = { ...valid };
    delete partial.currency;
    expect(
      recordProblems(
        transactions,
        { ...partial, order_id: '', quantity: null, unit_price: 14.99, coupon: { code: 'X' } },
        check,
      ),
    ).toEqual([
      { field: 'order_id', problem: 'must not be empty' },
      { field: 'quantity', problem: 'must not be null' },
      {
        field: 'unit_price',
        problem: 'expected a decimal(12,2) as a string with 2 decimals, got 14.99',
      },
      { field: 'currency', problem: 'required' },
      { field: 'coupon', problem: 'not a column of transactions' },
    ]);
  });

  it('refuses a string over its column width in UTF-8 bytes, the unit of the warehouse VARCHAR', () => {
    // product_id is VARCHAR(128): 128 ASCII characters fit, 43 three-byte characters (129 bytes) do not.
    const fits = { ...valid, product_id: 'p'.repeat(128) };
    const wide = { ...valid, product_id: '€'.repeat(43), transaction_id: 'x'.repeat(100_000) };
    expect(recordProblems(transactions, fits, check)).toEqual([]);
    expect(recordProblems(transactions, { ...valid, product_id: '€'.repeat(42) }, check)).toEqual(
      [],
    );
    expect(recordProblems(transactions, wide, check)).toEqual([
      { field: 'transaction_id', problem: 'longer than 128 bytes (UTF-8)' },
      { field: 'product_id', problem: 'longer than 128 bytes (UTF-8)' },
    ]);
  });

  it('refuses a lone surrogate, which UTF-8 would store as another character', () => {
    const record = JSON.parse(
      JSON.stringify({ ...valid, product_category: 'x' }).replace('"x"', '"\\ud800"'),
    ) as Record<string, unknown>;
    expect(record.product_category).toBe('\ud800');
    expect(recordProblems(transactions, record, check)).toEqual([
      { field: 'product_category', problem: 'not valid Unicode (a lone surrogate)' },
    ]);
    expect(recordProblems(transactions, { ...valid, product_category: '😀 ok' }, check)).toEqual(
      [],
    );
  });

  it('shows a long bad value cut short, never whole', () => {
    const [problem] = recordProblems(transactions, { ...valid, quantity: 'x'.repeat(5000) }, check);
    expect(problem!.problem.length).toBeLessThan(120);
  });
});

describe('typeMismatch', () => {
  it.each([
    ['timestamp', '2024-05-06T20:15:01Z'],
    ['timestamp', '2024-05-06T20:15:01.123Z'],
    ['date', '2024-02-29'],
    ['int', 2147483647],
    ['bigint', 2 ** 40],
    ['double', 0.5],
    ['boolean', false],
    ['decimal(12,2)', '-0.50'],
    ['decimal(5,0)', '12345'],
  ])('accepts %s %p', (type, value) => {
    expect(typeMismatch(type, value)).toBeUndefined();
  });

  it.each([
    ['timestamp', '2024-05-06 20:15:01'],
    ['timestamp', '2024-05-06T20:15:01+02:00'],
    ['timestamp', '2024-13-06T20:15:01Z'],
    ['date', '2023-02-29'],
    ['int', 2147483648],
    ['bigint', 1.5],
    ['double', Number.NaN],
    ['string', 5],
    ['decimal(12,2)', '14.9'],
    ['decimal(12,2)', '12345678901.00'],
    ['decimal(12,2)', 14.99],
  ])('rejects %s %p', (type, value) => {
    expect(typeMismatch(type, value)).toBeDefined();
  });
});
