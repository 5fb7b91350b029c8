/**
 * The OpenAPI document against two independent judges: the OpenAPI 3.0 specification's own
 * schema (a validator of the document), and Ajv validating records against the document's record
 * schemas, which must accept and refuse exactly what the ingestion function does.
 */
import { spawnSync } from 'node:child_process';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import {
  loadPlatform,
  recordProblems,
  requiredColumns,
  topicDataset,
} from '../../../../../infra/platform';
import { marketplaceOpenApi } from '../../../../../infra/aws/marketplace-api/openapi';
import { INTERACTION, TRANSACTION } from '../../../../fixtures/marketplace-records';

const platform = loadPlatform('prod');
const document = marketplaceOpenApi(platform) as {
  components: { schemas: Record<string, object> };
  paths: Record<string, unknown>;
};

// The validator is an ES module, which this CommonJS test run cannot load: a Node process can.
const VALIDATE = `
import { Validator } from '@seriousme/openapi-schema-validator';
let text = '';
for await (const chunk of process.stdin) text += chunk;
const result = await new Validator().validate(JSON.parse(text));
process.stdout.write(JSON.stringify(result));
`;

it('is a valid OpenAPI 3.0 document', () => {
  const run = spawnSync(process.execPath, ['--input-type=module', '-e', VALIDATE], {
    input: JSON.stringify(document),
    encoding: 'utf8',
  });
  expect(run.stderr).toBe('');
  expect(JSON.parse(run.stdout)).toEqual({ valid: true });
});

it('is refused by the same validator when broken, so the check can fail', () => {
  const broken = { ...document, paths: { 'v1/no-leading-slash': {} } };
  const run = spawnSync(process.execPath, ['--input-type=module', '-e', VALIDATE], {
    input: JSON.stringify(broken),
    encoding: 'utf8',
  });
  expect(JSON.parse(run.stdout)).toMatchObject({ valid: false });
});

it('has a path per ingestion resource, the recommendations and the document itself', () => {
  expect(Object.keys(document.paths).sort()).toEqual([
    '/v1/openapi.json',
    '/v1/recommendations/{user_id}',
    '/v1/transactions',
    '/v1/user-interactions',
  ]);
});

const mutations: [string, (record: Record<string, unknown>) => Record<string, unknown>][] = [
  ['as sent', (record) => record],
  ['an extra field', (record) => ({ ...record, coupon: 'X' })],
  ['a number as a string', (record) => ({ ...record, quantity: '2' })],
  ['a fraction where an int goes', (record) => ({ ...record, quantity: 1.5 })],
  ['an int beyond 32 bits', (record) => ({ ...record, quantity: 2 ** 31 })],
  ['a decimal as a number', (record) => ({ ...record, unit_price: 14.99 })],
  ['a decimal with three places', (record) => ({ ...record, unit_price: '14.999' })],
  [
    'a timestamp with an offset',
    (record) => ({ ...record, transaction_time: '2026-03-07T10:15:01+01:00' }),
  ],
  [
    'a timestamp without a zone',
    (record) => ({ ...record, interaction_time: '2026-03-07T10:15:01' }),
  ],
  ['null in a required column', (record) => ({ ...record, currency: null, session_id: null })],
  ['an empty required string', (record) => ({ ...record, order_id: '', page_url: '' })],
  [
    'null in an optional column',
    (record) => ({ ...record, product_category: null, product_id: null }),
  ],
  [
    'no record id',
    (record) => {
      const copy = { ...record };
      delete copy.transaction_id;
      delete copy.interaction_id;
      return copy;
    },
  ],
  [
    'no event time',
    (record) => {
      const copy = { ...record };
      delete copy.transaction_time;
      delete copy.interaction_time;
      return copy;
    },
  ],
];

describe.each([
  ['transactions', 'TransactionsRecord', TRANSACTION],
  ['user-interactions', 'UserInteractionsRecord', INTERACTION],
])('the %s record schema', (resource, schemaName, base) => {
  const route = platform.marketplaceApi.ingestion.find(
    (candidate) => candidate.resource === resource,
  )!;
  const topic = platform.topics.find((candidate) => candidate.name === route.topic)!;
  const dataset = topicDataset(platform, topic);
  const required = requiredColumns(dataset, topic);
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats(ajv);
  const validate = ajv.compile(document.components.schemas[schemaName]!);

  it.each(mutations)('agrees with the function on a record with %s', (_, mutate) => {
    const record = mutate(base);
    const functionAccepts = recordProblems(dataset, record, { required }).length === 0;
    expect(validate(record)).toBe(functionAccepts);
  });
});
