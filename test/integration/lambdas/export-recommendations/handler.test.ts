/**
 * The real export function in the local Lambda runtime, deployed as the MarketplaceApiStack
 * deploys it, over a warehouse seeded through the Data API: the ELT's on-success record goes on
 * the default bus, the export rule routes it to the export, and every item it writes is read back
 * with the DynamoDB SDK and the AWS CLI and held to what the reference computes from the seeds.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { RedshiftDataClient } from '@aws-sdk/client-redshift-data';
import { SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient, GetCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { MODEL_KEYS, exportFunctionName } from '../../../../infra/aws/facts/recommendations';
import { SQL_SOURCE_DIRECTORY } from '../../../../infra/aws/facts/warehouse';
import { loadPlatform } from '../../../../infra/platform';
import { loadSnapshotQueries } from '../../../../lambdas/export-recommendations/snapshot-queries';
import { WarehouseSession } from '../../../../lambdas/shared/warehouse/data-api';
import type { LocalDeployment } from '../../../../scripts/local-platform/deployment';
import { announceEltSuccess, deployLocalPlatform } from '../../../../scripts/local-platform/deploy';
import {
  startLocalFunctions,
  type LocalFunctions,
} from '../../../../scripts/local-platform/lambda-runtime';
import { useCliTools } from '../../../fixtures/cli-tools';
import { useLocalCloud } from '../../../fixtures/localcloud';
import { drain, logDirectory } from '../../local-platform/lambda-runtime-fixtures';
import {
  expectedPopularEverywhere,
  expectedPopularRows,
  expectedProfiles,
  expectedRelatedRows,
} from '../../sql/recommendation-export-reference';
import {
  recommendationHistory,
  seedRecommendationWarehouse,
} from '../../sql/recommendation-warehouse';

jest.setTimeout(180_000);

// The tests follow one another on one deployment: a night exported, then an empty one refused.
const cloud = useLocalCloud({}, { resetBeforeEach: false });
const tools = useCliTools(cloud, ['aws']);
const PLATFORM = loadPlatform('dev');
const DAY = '2026-03-02';
const history = recommendationHistory(11, DAY);
const queries = loadSnapshotQueries(SQL_SOURCE_DIRECTORY);
const { profileProducts, snapshotKeepDays } = PLATFORM.marketplaceApi.recommendations;
let deployment: LocalDeployment;
let functions: LocalFunctions;
let table: string;
const documents = () => DynamoDBDocumentClient.from(new DynamoDBClient(cloud().clientConfig));

beforeAll(async () => {
  deployment = await deployLocalPlatform(cloud(), { platform: PLATFORM });
  table = deployment.marketplaceApi.recommendationTables.modelTableName;
  const session = new WarehouseSession(
    new RedshiftDataClient(cloud().clientConfig),
    { workgroupName: deployment.warehouse.workgroupName, database: deployment.warehouse.database },
    { pollMs: 50 },
  );
  await seedRecommendationWarehouse(session, history);
  const spec = deployment.functions.find(
    (each) => each.functionName === exportFunctionName(PLATFORM),
  )!;
  functions = await startLocalFunctions(cloud(), [spec], {
    logDirectory: logDirectory(),
    asyncRetryDelaysMs: [50, 50],
  });
}, 180_000);
afterAll(async () => {
  await functions?.stop();
});

/** Every item of the table, by key. */
async function itemsByKey(): Promise<Map<string, Record<string, unknown>>> {
  const items = new Map<string, Record<string, unknown>>();
  let start: Record<string, unknown> | undefined;
  do {
    const page = await documents().send(
      new ScanCommand({ TableName: table, ...(start && { ExclusiveStartKey: start }) }),
    );
    for (const item of page.Items ?? []) items.set(`${String(item.pk)}|${String(item.sk)}`, item);
    start = page.LastEvaluatedKey;
  } while (start !== undefined);
  return items;
}

/** The night's items as the reference computes them, without their expiry. */
function expectedItems(): Map<string, Record<string, unknown>> {
  const items = new Map<string, Record<string, unknown>>();
  const put = (pk: string, fields: Record<string, unknown>) =>
    items.set(`${pk}|${DAY}`, { pk, sk: DAY, ...fields });
  for (const row of expectedRelatedRows(history)) {
    const pk = MODEL_KEYS.product(row.product_id);
    const related = (items.get(`${pk}|${DAY}`)?.related as unknown[] | undefined) ?? [];
    put(pk, {
      related: [...related, { product_id: row.related_product_id, score: row.score }],
    });
  }
  for (const row of expectedPopularRows(history)) {
    const pk = MODEL_KEYS.popular(row.country);
    const products = (items.get(`${pk}|${DAY}`)?.products as unknown[] | undefined) ?? [];
    put(pk, { products: [...products, { product_id: row.product_id, buyers: row.buyers }] });
  }
  put(MODEL_KEYS.popularEverywhere, {
    products: expectedPopularEverywhere(history, {
      popularityDays: Number(queries.popular_everywhere.settings.popularity_days),
      size: Number(queries.popular_everywhere.settings.popular_everywhere),
    }),
  });
  const profiles = expectedProfiles(history, {
    profileDays: Number(queries.customer_profiles.settings.profile_days),
    profileProducts,
  });
  for (const profile of profiles)
    put(MODEL_KEYS.customer(profile.customer_id), {
      country: profile.country,
      recent_purchases: profile.products,
    });
  return items;
}

describe('the recommendation export, run by the ELT’s success', () => {
  it('writes every item of the night as the reference computes it, then points readers at it', async () => {
    const startedAt = Math.floor(Date.now() / 1000);

    await announceEltSuccess(new EventBridgeClient(cloud().clientConfig), cloud(), deployment, DAY);
    await functions.idle({ timeoutMs: 120_000 });

    const endedAt = Math.ceil(Date.now() / 1000);
    expect(functions.invocations()).toEqual([
      expect.objectContaining({ trigger: 'async', outcome: 'success', attempt: 1 }),
    ]);
    const items = await itemsByKey();
    const pointer = items.get(`${MODEL_KEYS.snapshot}|${MODEL_KEYS.current}`);
    items.delete(`${MODEL_KEYS.snapshot}|${MODEL_KEYS.current}`);
    const expected = expectedItems();
    expect(items.size).toBe(expected.size);
    for (const [key, item] of items) {
      const { expires_at: expiresAt, ...rest } = item;
      expect(rest).toEqual(expected.get(key));
      expect(expiresAt).toBeGreaterThanOrEqual(startedAt + snapshotKeepDays * 86_400);
      expect(expiresAt).toBeLessThanOrEqual(endedAt + snapshotKeepDays * 86_400);
    }
    // The seeds hold more than one Data API page of related products, and a capped profile.
    expect([...items.keys()].filter((key) => key.startsWith('product#'))).toHaveLength(59);
    expect(expected.get(`customer#C001|${DAY}`)?.recent_purchases).toHaveLength(profileProducts);
    expect(pointer).toEqual({
      pk: 'snapshot',
      sk: 'current',
      as_of_date: DAY,
      exported_at: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/),
    });
    expect(pointer).not.toHaveProperty('expires_at');
  });

  it('reads the same with another client: the AWS CLI', async () => {
    const key = (pk: string, sk: string) => JSON.stringify({ pk: { S: pk }, sk: { S: sk } });
    const get = (pk: string, sk: string) =>
      tools().awsJson<{ Item?: Record<string, Record<string, unknown>> }>([
        'dynamodb',
        'get-item',
        '--table-name',
        table,
        '--key',
        key(pk, sk),
      ]);

    const pointer = await get(MODEL_KEYS.snapshot, MODEL_KEYS.current);
    const everywhere = await get(MODEL_KEYS.popularEverywhere, DAY);
    const { Item: sdkItem } = await documents().send(
      new GetCommand({ TableName: table, Key: { pk: MODEL_KEYS.popularEverywhere, sk: DAY } }),
    );

    expect(pointer.Item?.as_of_date).toEqual({ S: DAY });
    const products = everywhere.Item?.products as { L: { M: Record<string, any> }[] };
    expect(
      products.L.map(({ M }) => ({ product_id: M.product_id.S, buyers: Number(M.buyers.N) })),
    ).toEqual(sdkItem?.products);
  });

  it('loses nothing to throttled writes: the night is written again whole, the pointer moved last', async () => {
    const before = functions.invocations().length;
    const { Item: previous } = await documents().send(
      new GetCommand({ TableName: table, Key: { pk: 'snapshot', sk: 'current' } }),
    );
    cloud().faults.inject({
      service: 'dynamodb',
      operation: 'BatchWriteItem',
      times: 3,
      error: { code: 'ProvisionedThroughputExceededException', status: 400 },
    });

    await announceEltSuccess(new EventBridgeClient(cloud().clientConfig), cloud(), deployment, DAY);
    await functions.idle({ timeoutMs: 120_000 });

    expect(cloud().faults.triggered.filter((fault) => fault.service === 'dynamodb')).toHaveLength(
      3,
    );
    expect(functions.invocations().slice(before).at(-1)?.outcome).toBe('success');
    const items = await itemsByKey();
    items.delete(`${MODEL_KEYS.snapshot}|${MODEL_KEYS.current}`);
    expect(items.size).toBe(expectedItems().size);
    const { Item: pointer } = await documents().send(
      new GetCommand({ TableName: table, Key: { pk: 'snapshot', sk: 'current' } }),
    );
    expect(pointer?.as_of_date).toBe(DAY);
    expect(String(pointer?.exported_at) > String(previous?.exported_at)).toBe(true);
  });

  it('refuses a night without a snapshot: retried, dead-lettered, the pointer kept', async () => {
    const before = functions.invocations().length;
    const emptyDay = '2026-03-05';

    await announceEltSuccess(
      new EventBridgeClient(cloud().clientConfig),
      cloud(),
      deployment,
      emptyDay,
    );
    await functions.idle({ timeoutMs: 120_000 });

    const attempts = functions.invocations().slice(before);
    expect(attempts.map((attempt) => [attempt.attempt, attempt.outcome])).toEqual([
      [1, 'error'],
      [2, 'error'],
      [3, 'error'],
    ]);
    expect(attempts[0]?.error).toMatch(/^EmptySnapshotError: The snapshot of 2026-03-05 holds 0/);
    const spec = deployment.functions.find(
      (each) => each.functionName === exportFunctionName(PLATFORM),
    )!;
    if (spec.trigger.kind !== 'async') throw new Error('the export is invoked asynchronously');
    const parked = await drain(new SQSClient(cloud().clientConfig), spec.trigger.deadLetterQueue);
    expect(parked.map((message) => JSON.parse(message.body) as unknown)).toEqual([
      expect.objectContaining({
        requestContext: expect.objectContaining({ condition: 'RetriesExhausted' }),
        responsePayload: expect.objectContaining({ errorType: 'EmptySnapshotError' }),
      }),
    ]);
    const { Item } = await documents().send(
      new GetCommand({ TableName: table, Key: { pk: 'snapshot', sk: 'current' } }),
    );
    expect(Item?.as_of_date).toBe(DAY);
  });
});
