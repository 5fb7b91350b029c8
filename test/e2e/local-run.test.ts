/**
 * `npm start`'s run, in-process on a small day: everything the run claims is checked against
 * what the generator wrote and against answers computed here from the generated records, never
 * against the platform's own bookkeeping.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetPartitionsCommand, GlueClient } from '@aws-sdk/client-glue';
import { GetObjectCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { BlobServiceClient, StorageSharedKeyCredential } from '@azure/storage-blob';
import { catalogTables, derivedDatasets, loadPlatform, topicDataset } from '../../infra/platform';
import type { Row } from '../../lambdas/shared/warehouse/data-api';
import { listQueries } from '../../lambdas/shared/warehouse/queries';
import { ELT_CATCH_UP_DAYS } from '../../infra/aws/facts/warehouse';
import { writeReports } from '../../scripts/local-run/report';
import { runLocalPlatform, type LocalRunResult } from '../../scripts/local-run/run-local-platform';
import { MALFORMED_VALUES } from '../../scripts/local-run/stream-day';
import { eventTimeOf, partitionFolder } from '../fixtures/stream-placement';
import {
  bestSellersByBuyers,
  countryBestSellers,
  hits,
  nextPurchaseCases,
  type NextPurchaseCase,
} from '../fixtures/next-purchase-reference';
import {
  accessCountByIp,
  bytesServed,
  contentTypeByRegion,
  mostSoldProducts,
  mostUsedDevices,
  mostVisitedPages,
  peakHours,
  peakMinutes,
  requestsPerMinute,
  rfmSegments,
  sqlTimestamp,
  webPeakHours,
  webSessions,
  webStatusMix,
} from '../integration/sql/expected-answers';
import { suspiciousMinutes } from '../integration/sql/expected-bot-minutes';
import { customerRfm } from '../integration/sql/rfm-reference';
import { churnTraining, customerFeatures } from '../integration/sql/features-reference';
import {
  adjustedRandIndex,
  areaUnderCurve,
  churnCandidateRanks,
  churnModelQuality,
  segmentSummary,
  segmentsOf,
} from '../integration/sql/model-reference';
import { RedshiftDataClient } from '@aws-sdk/client-redshift-data';
import { WarehouseSession } from '../../lambdas/shared/warehouse/data-api';

jest.setTimeout(600_000);

const DAY = '2026-03-02';
const PLATFORM = loadPlatform('dev');
const SQL = join(__dirname, '..', '..', 'sql');
let reportDirectory: string;
let run: LocalRunResult;
let s3: S3Client;
let blobs: BlobServiceClient;
let glue: GlueClient;

/** A Data API session on the run's warehouse, as the platform's own callers open one. */
function warehouseSession(): WarehouseSession {
  return new WarehouseSession(
    new RedshiftDataClient(run.kept!.cloud.clientConfig),
    {
      workgroupName: run.deployment.warehouse.workgroupName,
      database: run.deployment.warehouse.database,
    },
    { pollMs: 20 },
  );
}

beforeAll(async () => {
  reportDirectory = mkdtempSync(join(tmpdir(), 'local-run-'));
  run = await runLocalPlatform({
    env: 'dev',
    day: DAY,
    seed: 7,
    size: 'small',
    reportDirectory,
    port: 0,
    azurePort: 0,
    keep: true,
    quiet: true,
    killStreamJobs: true,
  });
  const cloud = run.kept!.cloud;
  s3 = new S3Client(cloud.clientConfig);
  glue = new GlueClient(cloud.clientConfig);
  blobs = new BlobServiceClient(
    cloud.azure.endpoint,
    new StorageSharedKeyCredential(cloud.azure.accountName, cloud.azure.accountKey),
  );
});

afterAll(async () => {
  await run?.kept?.stop();
  rmSync(reportDirectory, { recursive: true, force: true });
});

const md5 = (data: Buffer): string => createHash('md5').update(data).digest('base64');
const STREAMED = new Set(PLATFORM.topics.map((topic) => topic.dataset));
const linesOf = (body: Buffer): string[] =>
  body
    .toString('utf8')
    .split('\n')
    .filter((line) => line !== '');

/** The topics the marketplace API feeds, and the resource of each. */
const apiResourceOf = new Map(
  PLATFORM.marketplaceApi.ingestion.map((route) => [route.topic, route.resource]),
);

function parsedObject(line: string): Record<string, unknown> | undefined {
  try {
    const value = JSON.parse(line) as unknown;
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

const canonicalLine = (line: string): string => canonical(parsedObject(line) ?? { line });

/** The ids of the records the clean zone keeps of the day (the answer key), by dataset. */
function keptRecordIds(dataset: string): string[] {
  const { truth } = run.generated;
  if (dataset === 'transactions') return truth.transactions.map((each) => each.transaction_id);
  if (dataset === 'interactions') return truth.interactions.map((each) => each.interaction_id);
  throw new Error(`no answer key for ${dataset}`);
}

const canonical = (record: Record<string, unknown>): string =>
  JSON.stringify(Object.fromEntries(Object.entries(record).sort(([a], [b]) => (a < b ? -1 : 1))));

async function bodyOf(bucket: string, key: string): Promise<Buffer> {
  const object = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  return Buffer.from(await object.Body!.transformToByteArray());
}

async function keysOf(bucket: string): Promise<string[]> {
  const keys: string[] = [];
  let ContinuationToken: string | undefined;
  do {
    const page = await s3.send(new ListObjectsV2Command({ Bucket: bucket, ContinuationToken }));
    keys.push(...(page.Contents ?? []).map((object) => object.Key!));
    ContinuationToken = page.NextContinuationToken;
  } while (ContinuationToken);
  return keys;
}

describe('npm start, on a small day', () => {
  it('mirrors every raw object to ADLS byte for byte, with nothing partial left', async () => {
    const raw = run.deployment.buckets.raw;
    const keys = (await keysOf(raw)).filter((key) => !key.startsWith('_'));
    const mirror = blobs.getContainerClient('raw');
    for (const key of keys) {
      const properties = await mirror.getBlobClient(key).getProperties();
      expect({ key, md5: Buffer.from(properties.contentMD5!).toString('base64') }).toEqual({
        key,
        md5: md5(await bodyOf(raw, key)),
      });
    }
    // What is written straight into the raw zone (the customer history, the batch datasets, and
    // the interactions object corrupted at rest, then repaired) is there as generated.
    const direct = run.generated.objects.filter((object) => keys.includes(object.key));
    const written = (object: (typeof direct)[number]) =>
      object.history === true || !STREAMED.has(object.dataset);
    expect(direct.filter((object) => !written(object))).toHaveLength(1);
    expect(direct.filter(written)).toEqual(run.generated.objects.filter(written));
    expect(direct.filter((object) => object.history).length).toBeGreaterThan(300);
    for (const object of direct) expect(md5(await bodyOf(raw, object.key))).toBe(md5(object.body));
    expect(run.temporaryFiles).toEqual([]);
    expect(run.figures.reconcile.drift).toBe(false);
    for (const zone of run.figures.reconcile.zones) {
      expect(zone).toMatchObject({ missing: 0, extra: 0, different: 0 });
      expect(zone.adlsObjects).toBe(zone.s3Objects);
    }
    const rawZone = run.figures.reconcile.zones.find((zone) => zone.zone === 'raw');
    expect(rawZone?.s3Objects).toBe(keys.length);
    // Curated is compared on real objects: every file the ETL wrote there, one per aggregate and day.
    const curatedKeys = await keysOf(run.deployment.buckets.curated);
    const curatedZone = run.figures.reconcile.zones.find((zone) => zone.zone === 'curated');
    expect(curatedKeys.length).toBeGreaterThanOrEqual(derivedDatasets(PLATFORM).length);
    expect(curatedZone?.s3Objects).toBe(curatedKeys.length);
  });

  it('streams every generated record into the raw zone exactly once, under its event time, through a kill of the streaming jobs', async () => {
    const raw = run.deployment.buckets.raw;
    const keys = await keysOf(raw);
    // Killed in the middle of a batch (files written, end not committed): the restarted job
    // wrote that batch again from its write-ahead record.
    expect(run.figures.stream.restarts).toBe(1);
    expect(run.figures.stream.replayedBatches).toBeGreaterThanOrEqual(1);
    for (const topic of PLATFORM.topics) {
      const dataset = PLATFORM.datasets.find((candidate) => candidate.name === topic.dataset)!;
      const partitionKeys = dataset.partitionKeys.map((key) => key.name);
      const generated = run.generated.objects.filter((object) => object.dataset === dataset.name);
      const directKeys = new Set(
        generated.map((object) => object.key).filter((key) => keys.includes(key)),
      );
      const streamedLines = generated
        .filter((object) => !directKeys.has(object.key))
        .flatMap((object) => linesOf(object.body));
      const placeable = streamedLines.filter((line) => eventTimeOf(line, dataset.eventTimeColumn));
      const unplaceable = streamedLines.filter(
        (line) => !eventTimeOf(line, dataset.eventTimeColumn),
      );

      const written: string[] = [];
      for (const key of keys.filter(
        (candidate) => candidate.startsWith(`${dataset.name}/`) && !directKeys.has(candidate),
      ))
        for (const line of linesOf(await bodyOf(raw, key))) {
          written.push(line);
          const folder = key.slice(dataset.name.length + 1, key.lastIndexOf('/'));
          expect({ line, folder }).toEqual({
            line,
            folder: partitionFolder(eventTimeOf(line, dataset.eventTimeColumn)!, partitionKeys),
          });
        }
      const resource = apiResourceOf.get(topic.name);
      if (resource !== undefined) {
        // Through the marketplace API: it refused the planted dirty records and the malformed
        // lines at the door (a kept record is one whose id the answer key keeps), and put the
        // rest on the topic as JSON it wrote again, so records are compared, not bytes.
        const keptIds = new Set(keptRecordIds(dataset.name));
        const accepted = streamedLines.filter((line) => {
          const record = parsedObject(line);
          return (
            record !== undefined &&
            keptIds.has(String(record[topicDataset(PLATFORM, topic).recordIdColumn]))
          );
        });
        expect(written.map(canonicalLine).sort()).toEqual(accepted.map(canonicalLine).sort());
        expect(
          run.figures.marketplace.resources.find((each) => each.resource === resource),
        ).toMatchObject({
          records: streamedLines.length + MALFORMED_VALUES.length,
          accepted: accepted.length,
          refused: streamedLines.length - accepted.length + MALFORMED_VALUES.length,
        });
        expect(
          keys.filter((candidate) => candidate.startsWith(`_rejected/${dataset.name}/`)),
        ).toEqual([]);
        expect(run.figures.stream.topics.find((each) => each.topic === topic.name)).toMatchObject({
          produced: accepted.length,
          written: accepted.length,
          rejected: 0,
        });
        continue;
      }
      // Exactly once: the multiset of lines, the replayed micro-batch's duplicates included.
      expect(written.sort()).toEqual(placeable.sort());

      const rejected: Record<string, unknown>[] = [];
      for (const key of keys.filter((candidate) =>
        candidate.startsWith(`_rejected/${dataset.name}/`),
      ))
        for (const line of linesOf(await bodyOf(raw, key)))
          rejected.push(JSON.parse(line) as Record<string, unknown>);
      expect(new Set(rejected.map((row) => row._reject_reason))).toEqual(
        new Set([`${dataset.eventTimeColumn}:missing_or_unreadable`]),
      );
      // The rejected record is the one received (a non-JSON value under `_corrupt_record`),
      // compared with its keys in one order.
      const original = (row: Record<string, unknown>) =>
        typeof row._corrupt_record === 'string'
          ? row._corrupt_record
          : canonical(
              Object.fromEntries(
                Object.entries(row).filter(([name]) => !name.startsWith('_reject')),
              ),
            );
      const received = (line: string) => {
        try {
          return canonical(JSON.parse(line) as Record<string, unknown>);
        } catch {
          return line;
        }
      };
      expect(rejected.map(original).sort()).toEqual(
        [...unplaceable, ...MALFORMED_VALUES].map(received).sort(),
      );
      expect(run.figures.stream.topics.find((each) => each.topic === topic.name)).toMatchObject({
        written: placeable.length,
        rejected: unplaceable.length + MALFORMED_VALUES.length,
      });
    }
    expect(run.figures.stream.latencyMs.max).toBeGreaterThan(0);
    expect(run.figures.stream.lagSeries.at(-1)?.records).toBe(0);
  });

  it('registers exactly the partitions the lake holds for tables registered by events', async () => {
    for (const table of catalogTables(PLATFORM).filter((each) => each.registeredByEvents)) {
      const bucket = run.deployment.buckets[table.zone];
      const pattern = new RegExp(
        `^${table.dataset.name}/${table.dataset.partitionKeys.map((key) => `${key.name}=([^/]+)`).join('/')}/[^/]+$`,
      );
      const written = new Set(
        (await keysOf(bucket))
          .map((key) => pattern.exec(key)?.slice(1).join('/'))
          .filter((values): values is string => values !== undefined),
      );
      const { Partitions = [] } = await glue.send(
        new GetPartitionsCommand({ DatabaseName: table.database, TableName: table.table }),
      );
      const registered = new Set(Partitions.map((partition) => partition.Values!.join('/')));
      expect({ table: table.table, zone: table.zone, partitions: [...registered].sort() }).toEqual({
        table: table.table,
        zone: table.zone,
        partitions: [...written].sort(),
      });
      // Every curated dataset is written for the run's day, so its table has that partition.
      if (table.zone === 'curated') expect(registered.size).toBeGreaterThan(0);
    }
    expect(run.figures.partitions.registered).toBeGreaterThan(0);
  });

  it('alerts for the two injected failures and the bot burst, and nothing else', () => {
    expect(run.alerts).toHaveLength(3);
    const text = run.alerts.map((alert) => `${alert.source} ${alert.subject} ${alert.summary}`);
    // Exactly one bot-attack alert, for the burst the generator planted, from its first minute.
    const bot = run.alerts.filter((alert) => alert.source === 'bot-attack');
    expect(bot).toHaveLength(1);
    const burstStart = run.figures.generated.botBurst.startMinute.slice(11, 16);
    expect(bot[0]!.subject).toContain(`in ${burstStart} UTC`);
    expect(run.figures.trafficMonitor.botAlerts).toBe(1);
    expect(run.figures.trafficMonitor.firstRecordToAlertSeconds).toBeGreaterThan(0);
    expect(
      text.filter((line) => line.includes(run.deployment.glueJobs.streaming[0]!)),
    ).toHaveLength(1);
    expect(text.filter((line) => /dead-letters/.test(line))).toHaveLength(1);
    expect(run.figures.mirror.deadLettered).toBe(1);
  });

  it('answers every business question as computed independently from the generated records', () => {
    const { truth } = run.generated;
    const answer = (name: string): readonly Row[] => {
      const query = run.figures.analytics.queries.find((each) => each.name === name);
      if (!query) throw new Error(`no answer for ${name}`);
      return query.rows;
    };
    const defaults = (name: string): Record<string, string> =>
      Object.fromEntries(
        listQueries(join(SQL, 'queries'))
          .find((query) => query.name === name)!
          .declared.map((parameter) => [parameter.name, parameter.defaultValue]),
      );
    const rfm = customerRfm([...truth.history.transactions, ...truth.transactions], DAY);
    const bot = defaults('bot_suspicion');

    expect(answer('peak_hours')).toEqual(
      peakHours(truth.accessEvents, Number(defaults('peak_hours').top_n)),
    );
    expect(answer('peak_minutes')).toEqual(
      peakMinutes(truth.accessEvents, Number(defaults('peak_minutes').top_n)),
    );
    expect(answer('most_used_devices')).toEqual(mostUsedDevices(truth.accessEvents));
    expect(answer('content_type_by_region')).toEqual(contentTypeByRegion(truth.accessEvents));
    const ip = defaults('access_count_by_ip');
    expect(answer('access_count_by_ip')).toEqual(
      accessCountByIp(truth.webLogs, Number(ip.min_requests), Number(ip.top_n)),
    );
    expect(answer('most_visited_pages')).toEqual(
      mostVisitedPages(truth.webLogs, Number(defaults('most_visited_pages').top_n)),
    );
    expect(answer('web_peak_hours')).toEqual(
      webPeakHours(truth.webLogs, Number(defaults('web_peak_hours').top_n)),
    );
    expect(answer('web_status_mix')).toEqual(
      webStatusMix(truth.webLogs, Number(defaults('web_status_mix').top_n)),
    );
    expect(answer('bytes_served')).toEqual(
      bytesServed(truth.webLogs, Number(defaults('bytes_served').top_n)),
    );
    expect(answer('web_sessions')).toEqual(
      webSessions(truth.webLogs, Number(defaults('web_sessions').session_gap_minutes)),
    );
    expect(answer('most_sold_products')).toEqual(
      mostSoldProducts(truth.transactions, Number(defaults('most_sold_products').top_n)),
    );
    expect(answer('rfm_segments')).toEqual(rfmSegments(rfm, DAY));
    expect(answer('requests_per_minute')).toEqual(requestsPerMinute(truth.webLogs));
    const flagged = suspiciousMinutes(truth.webLogs, {
      maxRequestsPerMinute: Number(bot.max_requests_per_minute),
      trailingMinutes: Number(bot.trailing_minutes),
      poissonZ: Number(bot.poisson_z),
      minRequests: Number(bot.min_requests),
    });
    expect(answer('bot_suspicion').map((row) => [row.request_minute, row.requests])).toEqual(
      flagged.map((minute) => [sqlTimestamp(minute.minute), minute.requests]),
    );
    // The injected burst is what the bot query flags.
    const burstStart = Date.parse(run.generated.figures.botBurst.startMinute);
    expect(flagged.length).toBeGreaterThan(0);
    for (const minute of flagged) {
      expect(minute.minute.getTime()).toBeGreaterThanOrEqual(burstStart);
      expect(minute.minute.getTime()).toBeLessThan(
        burstStart + run.generated.figures.botBurst.minutes * 60_000,
      );
    }
  });

  it("keeps the web log's common log format and odd lines as the generator planted them", async () => {
    const { webLogLines } = run.generated.figures;
    // The clean job rejected exactly the planted lines, by reason, but those whose time no
    // reader can place: the streaming job turned them away before the clean job saw them.
    const clean = run.deployment.buckets.clean;
    const reasons: Record<string, number> = {};
    for (const key of (await keysOf(clean)).filter((k) => k.startsWith('_rejected/web_logs/')))
      for (const line of linesOf(await bodyOf(clean, key))) {
        const reason = String((JSON.parse(line) as Record<string, unknown>)._reject_reason);
        if (!reason.endsWith(':duplicate_record_id')) reasons[reason] = (reasons[reason] ?? 0) + 1;
      }
    const unplaced = run.generated.objects
      .filter((object) => object.dataset === 'web_logs')
      .flatMap((object) => linesOf(object.body))
      .filter((line) => !eventTimeOf(line, 'request_time')).length;
    const expected = { ...webLogLines.rejected };
    expected['raw_line:invalid_request_time'] =
      (expected['raw_line:invalid_request_time'] ?? 0) - unplaced;
    expect(reasons).toEqual(
      Object.fromEntries(Object.entries(expected).filter(([, count]) => count > 0)),
    );
    expect(Object.keys(reasons)).toEqual(
      expect.arrayContaining(['raw_line:truncated_line', 'raw_line:not_access_log_format']),
    );

    // The warehouse holds the legacy server's lines as parsed: host names (some longer than
    // any address), no user agent, `-` sizes as 0 bytes (no body), decoded paths.
    const session = warehouseSession();
    const [held] = await session.query(
      `SELECT
         COUNT(*) - COUNT(user_agent) AS without_agent,
         SUM(CASE WHEN client_ip NOT LIKE '%:%' AND LOWER(client_ip) <> UPPER(client_ip) THEN 1 ELSE 0 END) AS host_names,
         MAX(LENGTH(client_ip)) AS longest_client,
         COUNT(*) - COUNT(bytes_sent) AS unknown_bytes,
         SUM(CASE WHEN user_agent IS NULL AND bytes_sent = 0 THEN 1 ELSE 0 END) AS legacy_no_body,
         SUM(CASE WHEN OCTET_LENGTH(url) <> LENGTH(url) THEN 1 ELSE 0 END) AS non_ascii_urls
       FROM dw.fact_web_request WHERE request_date = CAST(:day AS DATE)`,
      { day: DAY },
    );
    expect(webLogLines.commonLogFormat).toBeGreaterThan(0);
    expect(webLogLines.withoutProtocol).toBeGreaterThan(0);
    expect([
      held?.without_agent,
      held?.host_names,
      held?.unknown_bytes,
      held?.legacy_no_body,
      held?.non_ascii_urls,
    ]).toEqual([
      webLogLines.commonLogFormat,
      webLogLines.hostNameClients,
      0,
      webLogLines.dashBytes,
      webLogLines.nonAsciiPaths,
    ]);
    expect(Number(held?.longest_client)).toBeGreaterThan(45);
  });

  it('trains the customer models, whose answers follow from their predictions, and meets the targets against the planted truth', async () => {
    const { truth } = run.generated;
    const transactions = [...truth.history.transactions, ...truth.transactions];
    const interactions = [...truth.history.interactions, ...truth.interactions];
    const features = customerFeatures(transactions, interactions, DAY);
    const training = churnTraining(transactions, interactions, DAY);
    const session = warehouseSession();
    const predictions = async (sql: string) =>
      new Map(
        (await session.query(sql, { day: DAY })).map((row) => [
          String(row.customer_id),
          Number(row.prediction),
        ]),
      );
    const churnInputs = `tenure_days, recency_days, orders, orders_30d, orders_90d,
      mean_gap_days, spend_pct, basket_pct, categories, sessions_30d, views_per_session_90d,
      cart_adds_90d, mobile_share_90d`;
    const riskNow = await predictions(
      `SELECT customer_id, ml.predict_churn(${churnInputs}) AS prediction
       FROM dw.fact_customer_features WHERE as_of_date = CAST(:day AS DATE)`,
    );
    const riskAtCutoff = await predictions(
      `SELECT customer_id, ml.predict_churn(${churnInputs}) AS prediction
       FROM dw.fact_churn_training WHERE as_of_date = CAST(:day AS DATE)`,
    );
    const clusterOf = await predictions(
      `SELECT customer_id, ml.predict_segment(recency_days, tenure_days, orders_90d, spend_pct,
         basket_pct, categories, overdue_log, recent_order_share) AS prediction
       FROM ml.segment_features WHERE as_of_date = CAST(:day AS DATE)`,
    );
    const answer = (name: string) =>
      run.figures.analytics.queries.find((query) => query.name === name)!.rows;
    const rounded = (rows: readonly Row[]) =>
      rows.map((row) =>
        Object.fromEntries(
          Object.entries(row).map(([key, value]) => [
            key,
            typeof value === 'number' && !Number.isInteger(value)
              ? Math.round(value * 1e9) / 1e9
              : value,
          ]),
        ),
      );

    // The answers, from each customer's prediction.
    expect(rounded(answer('customer_segments'))).toEqual(segmentSummary(features, clusterOf));
    const quality = churnModelQuality(
      training.filter((row) => row.holdout),
      riskAtCutoff,
      0.5,
    );
    expect(rounded(answer('churn_model_quality'))).toEqual([
      { ...quality, auc: Math.round(quality.auc * 1e9) / 1e9 },
    ]);
    expect(
      answer('churn_candidates').map((row) => ({
        customer_id: row.customer_id,
        priority_rank: Number(row.priority_rank),
      })),
    ).toEqual(churnCandidateRanks(features, riskNow, 0.5, 50));

    // Against the planted truth: the churn risk of the active customers the model never trained
    // on ranks those who leave within the month above those who stay; the segments match the
    // planted behaviours.
    const planted = new Map(truth.plantedCustomers.map((each) => [each.customer_id, each]));
    const horizon = new Date(Date.parse(DAY) + 30 * 86_400_000).toISOString().slice(0, 10);
    const trainedOn = new Set(training.filter((row) => !row.holdout).map((row) => row.customer_id));
    const unseen = features.filter(
      (row) => row.recency_days < 90 && !trainedOn.has(row.customer_id),
    );
    const judged = unseen.map((row) => {
      const stop = planted.get(row.customer_id)!.stops_after;
      return {
        score: riskNow.get(row.customer_id)!,
        recency: row.recency_days,
        positive: stop !== undefined && stop <= horizon,
        stillBuying: stop === undefined || stop > DAY,
      };
    });
    const auc = areaUnderCurve(judged);
    // Where a prediction is worth something: customers who have not stopped yet. Recency alone
    // is the baseline the model must beat there.
    const buying = judged.filter((row) => row.stillBuying);
    const buyingAuc = areaUnderCurve(buying);
    const recencyAuc = areaUnderCurve(buying.map((row) => ({ ...row, score: row.recency })));
    const segments = segmentsOf(features, clusterOf);
    const ari = adjustedRandIndex(
      features.map((row) => segments.get(row.customer_id)!),
      features.map((row) => planted.get(row.customer_id)!.behaviour),
    );
    const four = (value: number) => Math.round(value * 10_000) / 10_000;
    expect(run.figures.models.churn).toMatchObject({
      customers: unseen.length,
      auc: four(auc),
      stillBuying: {
        customers: buying.length,
        leaving: buying.filter((row) => row.positive).length,
        auc: four(buyingAuc),
        recencyAuc: four(recencyAuc),
      },
    });
    expect(run.figures.models.segments).toMatchObject({
      customers: features.length,
      ari: Math.round(ari * 10_000) / 10_000,
    });
    expect(buyingAuc).toBeGreaterThanOrEqual(0.85);
    expect(buyingAuc).toBeGreaterThan(recencyAuc + 0.1);
    expect(ari).toBeGreaterThanOrEqual(0.6);
  });

  /**
   * The run's recommendation figures, held to the answer key: who is judged, the baseline and the
   * hits, recomputed from the generator's records alone. Returns the recomputed tallies.
   */
  function judgedRecommendations() {
    const { truth, figures } = run.generated;
    const judged = run.figures.recommendations;
    if (judged === undefined) throw new Error('the run did not measure the recommendations');
    const { limit } = judged;
    expect(limit).toBe(10);
    // Who is judged, the baseline and the hits, from the answer key alone: each customer's first
    // order planned after the day, which nothing the platform read holds.
    const cases = nextPurchaseCases(
      truth,
      DAY,
      PLATFORM.marketplaceApi.recommendations.justBoughtDays,
    );
    const bestSellers = bestSellersByBuyers(truth);
    const answers = new Map(judged.answers.map((answer) => [answer.customer_id, answer]));
    expect(judged.answers).toHaveLength(cases.length);
    expect([...answers.keys()].sort()).toEqual(cases.map((each) => each.customerId).sort());
    for (const answer of judged.answers) {
      expect(answer.product_ids.length).toBeLessThanOrEqual(limit);
      for (const product of answer.product_ids)
        expect(figures.affinities.companions).toHaveProperty([product]);
    }
    const four = (value: number) => Math.round(value * 10_000) / 10_000;
    const tally = (group: readonly NextPurchaseCase[]) => {
      const api = group.filter((each) =>
        hits(answers.get(each.customerId)!.product_ids, each, limit),
      ).length;
      const baseline = group.filter((each) =>
        hits(countryBestSellers(each, bestSellers, limit), each, limit),
      ).length;
      const rate = (n: number) => (group.length === 0 ? null : four(n / group.length));
      return {
        customers: group.length,
        api: { hits: api, hitRate: rate(api) },
        baseline: { hits: baseline, hitRate: rate(baseline) },
      };
    };
    const all = tally(cases);
    expect(judged).toMatchObject({
      ...all,
      activeOnDay: tally(cases.filter((each) => each.activeOnDay)),
      notActiveOnDay: tally(cases.filter((each) => !each.activeOnDay)),
      strategies: {
        personalised: judged.answers.filter((each) => each.strategy === 'personalised').length,
        popular: judged.answers.filter((each) => each.strategy === 'popular').length,
      },
      ratio: four(all.api.hits / all.baseline.hits),
    });
    return { cases, all };
  }

  it('judges the recommendations against the held-out next purchases, as recomputed from the answer key', () => {
    const { cases, all } = judgedRecommendations();
    // A baseline worth beating: far above a random ten of 600 products.
    expect(all.baseline.hits / cases.length).toBeGreaterThan(0.1);
  });

  it('recommends the held-out next purchases at least twice as often as the country best sellers', () => {
    const { all } = judgedRecommendations();
    expect(all.api.hits).toBeGreaterThanOrEqual(2 * all.baseline.hits);
  });

  it("holds every day of sales and interactions in the ELT's catch-up window, from its one nightly run", async () => {
    const { truth } = run.generated;
    const windowStart = new Date(Date.parse(DAY) - (ELT_CATCH_UP_DAYS - 1) * 86_400_000)
      .toISOString()
      .slice(0, 10);
    const daysOf = (times: readonly unknown[]) =>
      [...new Set(times.map((time) => new Date(String(time)).toISOString().slice(0, 10)))]
        .filter((day) => day >= windowStart && day <= DAY)
        .sort();
    const loadedDays = async (table: string, column: string) =>
      (
        await warehouseSession().query(
          `SELECT DISTINCT CAST(${column} AS VARCHAR) AS day FROM ${table} ORDER BY 1`,
        )
      ).map((row: Row) => String(row.day));
    const sold = daysOf(
      [...truth.history.transactions, ...truth.transactions].map((line) => line.transaction_time),
    );
    const visited = daysOf(
      [...truth.history.interactions, ...truth.interactions].map((each) => each.interaction_time),
    );

    expect(sold.length).toBeGreaterThan(80);
    expect(await loadedDays('dw.fact_sale', 'sale_date')).toEqual(sold);
    expect(await loadedDays('dw.fact_interaction', 'interaction_date')).toEqual(visited);
  });

  it('writes the customer snapshots of the day as computed independently from the history, and loads them', async () => {
    const { truth } = run.generated;
    const transactions = [...truth.history.transactions, ...truth.transactions];
    const interactions = [...truth.history.interactions, ...truth.interactions];
    const [year, month, day] = DAY.split('-');
    const curated = async (name: string) => {
      const bucket = run.deployment.buckets.curated;
      const prefix = `${name}/year=${year}/month=${month}/day=${day}/`;
      const keys = (await keysOf(bucket)).filter((key) => key.startsWith(prefix));
      const rows: Record<string, unknown>[] = [];
      for (const key of keys)
        for (const line of linesOf(await bodyOf(bucket, key)))
          rows.push(JSON.parse(line) as Record<string, unknown>);
      return rows.sort((a, b) => (String(a.customer_id) < String(b.customer_id) ? -1 : 1));
    };
    const features = customerFeatures(transactions, interactions, DAY);
    const training = churnTraining(transactions, interactions, DAY);

    expect(await curated('customer_features')).toEqual(features);
    expect(await curated('churn_training')).toEqual(
      [...training].sort((a, b) => (a.customer_id < b.customer_id ? -1 : 1)),
    );
    // Six months of history: most customers have bought, and both labels occur in training.
    expect(features.length).toBeGreaterThan(truth.plantedCustomers.length * 0.8);
    expect(new Set(training.map((row) => row.churned))).toEqual(new Set([0, 1]));
    const session = warehouseSession();
    const counted = await session.query(
      `SELECT
         (SELECT COUNT(*) FROM dw.fact_customer_features WHERE as_of_date = CAST(:day AS DATE)) AS features,
         (SELECT COUNT(*) FROM dw.fact_churn_training WHERE as_of_date = CAST(:day AS DATE)) AS training`,
      { day: DAY },
    );
    expect(counted.map((row) => [Number(row.features), Number(row.training)])).toEqual([
      [features.length, training.length],
    ]);
  });

  it('ran the ETL and the warehouse load off the job events, and wrote the report files', async () => {
    expect(run.figures.etl.map((job) => job.state)).toEqual(['SUCCEEDED', 'SUCCEEDED']);
    const elt = run.figures.functions.find((fn) => fn.functionName.endsWith('-warehouse-elt'));
    expect(elt).toMatchObject({ invocations: 1, errors: 0 });
    const transfer = run.figures.functions.find((fn) => fn.functionName.endsWith('-s3-to-adls'));
    expect(transfer!.retries).toBeGreaterThan(0);
    const rawObjects = (await keysOf(run.deployment.buckets.raw)).filter(
      (key) => !key.startsWith('_'),
    );
    expect(run.figures.mirror.objects).toBeGreaterThanOrEqual(rawObjects.length);

    const { jsonPath, htmlPath } = await writeReports(run.figures, reportDirectory);
    expect(JSON.parse(readFileSync(jsonPath, 'utf8'))).toEqual(run.figures);
    expect(readFileSync(htmlPath, 'utf8')).toContain('data-chart="requests-per-minute"');
  });
});
