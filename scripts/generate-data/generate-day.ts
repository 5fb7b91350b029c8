/**
 * One synthetic day of the raw zone, from a seed, and the customer history before it: the
 * producer's world and generators make the records, the daily rhythm spreads them over the day,
 * a few are spoiled, one micro-batch per stream dataset is replayed, and one client bursts. The
 * shop's orders and signed-in visits follow each customer's planted behaviour, over
 * `historyDays` days and the day itself (`customer-history.ts`); the history arrives as one
 * backfill file per dataset and day. Pure: the same options always give the same bytes. The day
 * carries its own answer key: `truth` is what a correct clean zone holds after rejecting the
 * spoiled records and deduplicating by record id, with the behaviour planted in each customer
 * (made again from the seed on first use), and `figures` counts it all.
 */
import { sourceDatasets, type Platform, type SourceDataset } from '../../infra/platform';
import { Random } from '../produce-events/random';
import { buildWorld, type World } from '../produce-events/world';
import { botBurst } from './bot-burst';
import { customerActivity, DEFAULT_HISTORY_DAYS, type CustomerActivity } from './customer-history';
import { customerDrafts } from './customers';
import { dayStartMs, drawTimes, minuteWeights } from './day-times';
import type { Draft } from './drafts';
import { microBatches, replayOf, type DraftObject } from './raw-objects';
import type { CleanDay } from './records';
import { datasetCounts, type GenerationSize } from './sizes';
import {
  ACCESS_EVENTS,
  INTERACTIONS,
  keptDrafts,
  spoiledDrafts,
  streamDrafts,
  TRANSACTIONS,
} from './stream-datasets';
import { visitGenerator } from '../produce-events/generators/interactions';
import { backgroundWebLogs, type LineTrait } from './web-logs';
import { affinityFigures } from './affinity-figures';
import type { GeneratedFigures, HistoryFigures, WebLogLineFigures } from './generated-figures';

export interface GenerateDayOptions {
  readonly platform: Platform;
  /** PRNG seed, 0 to 2^32 - 1. */
  readonly seed: number;
  /** The UTC day, YYYY-MM-DD. */
  readonly day: string;
  readonly size: GenerationSize;
  /** Days of customer history before `day`. @default DEFAULT_HISTORY_DAYS */
  readonly historyDays?: number;
}

export interface RawObject {
  readonly dataset: string;
  /** Key in the raw bucket. */
  readonly key: string;
  /** JSON lines. */
  readonly body: Buffer;
  /** Records (lines) in the body. */
  readonly records: number;
  /** The earliest event time among its records (ms): what a replay of the day orders by. */
  readonly firstEventMs?: number;
  /** Part of the customer history before the day: a backfill file, written as it is. */
  readonly history?: boolean;
}

export interface GeneratedDay {
  readonly day: string;
  readonly seed: number;
  readonly size: GenerationSize;
  readonly objects: readonly RawObject[];
  readonly truth: CleanDay;
  readonly figures: GeneratedFigures;
}

/** The busiest ordinary minute of web traffic stays near this share of the bot ceiling. */
export const WEB_PEAK_SHARE_OF_CEILING = 2 / 3;
/** Datasets whose streaming job is made to rerun one micro-batch. */
const REPLAYED = ['access_events', 'web_logs', 'transactions', 'interactions'];
const DAY_MS = 86_400_000;

/** Every object of the day with the verdict on each of its records (for tests and `generateDay`). */
export interface RawDay {
  readonly objects: readonly DraftObject<unknown>[];
  /** The backfill files of the customer history, one per dataset and day. */
  readonly history: readonly DraftObject<unknown>[];
  readonly botBurst: BurstSummary;
}

interface BurstSummary {
  readonly startMs: number;
  readonly minutes: number;
  readonly clientIp: string;
  readonly requests: number;
}

/**
 * The day as one thunk per dataset: each makes that dataset's objects when called, so a large
 * day can be turned into bytes one dataset at a time instead of holding every draft at once.
 */
interface DayPlan {
  readonly datasets: readonly {
    readonly name: string;
    readonly objects: () => DraftObject<unknown>[];
  }[];
  /** The history's backfill files, per dataset. */
  readonly history: readonly {
    readonly name: string;
    readonly objects: () => DraftObject<unknown>[];
  }[];
  readonly historyDays: number;
  readonly activity: () => CustomerActivity;
  readonly botBurst: BurstSummary;
  readonly world: World;
}

function planDay(options: GenerateDayOptions): DayPlan {
  const { platform, seed, day, size } = options;
  const start = dayStartMs(day);
  const root = new Random(seed);
  const weights = minuteWeights();
  const ceiling = platform.trafficMonitor.botRule.maxRequestsPerMinute;
  const totalWeight = weights.reduce((sum, weight) => sum + weight, 0);
  const counts = datasetCounts(size, WEB_PEAK_SHARE_OF_CEILING * ceiling * totalWeight);
  const world = buildWorld(root.fork('world'));
  const times = (dataset: string, count: number, resolutionMs = 1) =>
    drawTimes(root.fork(`times:${dataset}`), start, weights, count, resolutionMs);
  const stream = (name: string) => root.fork(`dataset:${name}`);
  const dirt = (name: string) => root.fork(`dirt:${name}`);
  const datasetNamed = (name: string): SourceDataset => {
    const dataset = sourceDatasets(platform).find((candidate) => candidate.name === name);
    if (dataset === undefined) throw new RangeError(`the platform defines no dataset "${name}"`);
    return dataset;
  };
  const burst = botBurst(root.fork('bot-burst'), start, ceiling);
  const historyDays = options.historyDays ?? DEFAULT_HISTORY_DAYS;
  let activity: CustomerActivity | undefined;
  const shop = () =>
    (activity ??= customerActivity(world, root.fork('customer-activity'), start, historyDays));
  const today = (records: CustomerActivity['transactions']) =>
    records.filter((record) => record.time >= start).map((record) => record.raw);
  const before = (records: CustomerActivity['transactions']) =>
    records.filter((record) => record.time < start).map((record) => record.raw);
  // Each dataset draws from its own streams, so the order the thunks run in changes nothing.
  const drafts: Record<string, () => readonly Draft<unknown>[]> = {
    access_events: () =>
      streamDrafts(
        ACCESS_EVENTS,
        datasetNamed('access_events'),
        world,
        stream('access_events'),
        dirt('access_events'),
        times('access_events', counts.access_events),
      ),
    web_logs: () => [
      ...backgroundWebLogs(
        world,
        stream('web_logs'),
        dirt('web_logs'),
        root.fork('odd:web_logs'),
        times('web_logs', counts.web_logs, 1000),
      ),
      ...burst.drafts,
    ],
    // The day's orders are the customers' own (their behaviour decides who orders today).
    transactions: () =>
      spoiledDrafts(
        TRANSACTIONS,
        datasetNamed('transactions'),
        today(shop().transactions),
        dirt('transactions'),
      ),
    // Anonymous visits, as many as the size asks for, among the customers' signed-in ones.
    interactions: () => {
      const anonymous = visitGenerator(world, stream('interactions'), 0);
      const raws = [
        ...times('interactions', counts.interactions).map((time) => ({
          time,
          raw: anonymous.next(new Date(time)),
        })),
        ...shop().interactions.filter((record) => record.time >= start),
      ].sort((a, b) => a.time - b.time);
      return spoiledDrafts(
        INTERACTIONS,
        datasetNamed('interactions'),
        raws.map((record) => record.raw),
        dirt('interactions'),
      );
    },
    customers: () =>
      customerDrafts(
        world,
        stream('customers'),
        dirt('customers'),
        start,
        times('customers', counts.customers, 1000),
      ),
  };
  return {
    datasets: sourceDatasets(platform).map((dataset) => ({
      name: dataset.name,
      objects: () => {
        const keys = root.fork(`object-keys:${dataset.name}`);
        const batches = microBatches(dataset, drafts[dataset.name]?.() ?? [], start, keys);
        if (!REPLAYED.includes(dataset.name) || batches.length === 0) return batches;
        return [...batches, replayOf(root.fork(`replay:${dataset.name}`).pick(batches), keys)];
      },
    })),
    history: [
      {
        name: 'transactions',
        objects: () =>
          microBatches(
            datasetNamed('transactions'),
            keptDrafts(TRANSACTIONS, datasetNamed('transactions'), before(shop().transactions)),
            start,
            root.fork('history-keys:transactions'),
            DAY_MS,
          ),
      },
      {
        name: 'interactions',
        objects: () =>
          microBatches(
            datasetNamed('interactions'),
            keptDrafts(INTERACTIONS, datasetNamed('interactions'), before(shop().interactions)),
            start,
            root.fork('history-keys:interactions'),
            DAY_MS,
          ),
      },
    ],
    historyDays,
    activity: shop,
    world,
    botBurst: {
      startMs: burst.startMs,
      minutes: burst.minutes,
      clientIp: burst.clientIp,
      requests: burst.drafts.length,
    },
  };
}

export function generateRawDay(options: GenerateDayOptions): RawDay {
  const plan = planDay(options);
  return {
    objects: plan.datasets.flatMap((dataset) => dataset.objects()),
    history: plan.history.flatMap((dataset) => dataset.objects()),
    botBurst: plan.botBurst,
  };
}

type DatasetFigures = GeneratedFigures['datasets'][number];

/**
 * One dataset's objects summed up, and, when `keep` is set, the records its clean zone keeps
 * (first copy of each id).
 */
function summarise(
  name: string,
  objects: readonly DraftObject<unknown>[],
  keep: boolean,
): {
  figures: DatasetFigures;
  kept: unknown[];
  badEmails: number;
  traits: Map<string, number>;
  reasons: Map<string, number>;
} {
  const figures = {
    dataset: name,
    objects: objects.length,
    records: 0,
    bytes: 0,
    dirtyRecords: 0,
    duplicates: 0,
  };
  const kept: unknown[] = [];
  const seen = new Set<string>();
  const traits = new Map<string, number>();
  const reasons = new Map<string, number>();
  const add = (counts: Map<string, number>, key: string) =>
    counts.set(key, (counts.get(key) ?? 0) + 1);
  let badEmails = 0;
  for (const object of objects) {
    figures.records += object.drafts.length;
    figures.bytes += object.body.length;
    for (const { outcome, traits: odd = [] } of object.drafts) {
      if (!outcome.kept) {
        figures.dirtyRecords += 1;
        add(reasons, outcome.reason);
        if (outcome.reason.startsWith('email:')) badEmails += 1;
      } else if (seen.has(outcome.id)) {
        figures.duplicates += 1;
      } else {
        seen.add(outcome.id);
        for (const trait of odd) add(traits, trait);
        if (keep) kept.push(outcome.record);
      }
    }
  }
  return { figures, kept, badEmails, traits, reasons };
}

/** The web log's figures from its summary (`WebLogLineFigures`). */
function webLogLineFigures(
  summary: Pick<ReturnType<typeof summarise>, 'traits' | 'reasons'> | undefined,
): WebLogLineFigures {
  const trait = (name: LineTrait) => summary?.traits.get(name) ?? 0;
  return {
    commonLogFormat: trait('commonLogFormat'),
    hostNameClients: trait('hostNameClients'),
    dashBytes: trait('dashBytes'),
    withoutProtocol: trait('withoutProtocol'),
    nonAsciiPaths: trait('nonAsciiPaths'),
    rejected: Object.fromEntries(
      [...(summary?.reasons ?? [])].sort(([a], [b]) => (a < b ? -1 : 1)),
    ),
  };
}

/**
 * What a correct clean zone holds of one dataset, and the day's burst, without making the other
 * datasets: a check of one dataset (the bot rule on a large day's web logs) needs no more. The
 * same records as the answer key's, since each dataset draws from its own streams.
 */
export function cleanDataset(
  options: GenerateDayOptions,
  name: string,
): { kept: unknown[]; botBurst: RawDay['botBurst'] } {
  const plan = planDay(options);
  const dataset = plan.datasets.find((candidate) => candidate.name === name);
  if (dataset === undefined) throw new RangeError(`the platform defines no dataset "${name}"`);
  return { kept: summarise(name, dataset.objects(), true).kept, botBurst: plan.botBurst };
}

/** The answer key: what a correct clean zone holds, made again from the seed (generation is pure). */
function answerKey(options: GenerateDayOptions): CleanDay {
  const plan = planDay(options);
  const kept: Record<string, unknown[]> = {};
  for (const dataset of plan.datasets)
    kept[dataset.name] = summarise(dataset.name, dataset.objects(), true).kept;
  const history: Record<string, unknown[]> = {};
  for (const dataset of plan.history)
    history[dataset.name] = summarise(dataset.name, dataset.objects(), true).kept;
  return {
    accessEvents: kept.access_events ?? [],
    webLogs: kept.web_logs ?? [],
    transactions: kept.transactions ?? [],
    interactions: kept.interactions ?? [],
    customers: kept.customers ?? [],
    history: {
      days: plan.historyDays,
      transactions: history.transactions ?? [],
      interactions: history.interactions ?? [],
    },
    plantedCustomers: plan.activity().planted,
  } as CleanDay;
}

export function generateDay(options: GenerateDayOptions): GeneratedDay {
  const plan = planDay(options);
  const objects: RawObject[] = [];
  const datasets: DatasetFigures[] = [];
  let badEmails = 0;
  let webLogs: ReturnType<typeof summarise> | undefined;
  const history: HistoryFigures['datasets'][number][] = [];
  const keep = (made: readonly DraftObject<unknown>[], isHistory: boolean) => {
    for (const { dataset, key, body, drafts } of made)
      objects.push({
        dataset,
        key,
        body,
        records: drafts.length,
        firstEventMs: drafts.reduce((first, draft) => Math.min(first, draft.time), Infinity),
        ...(isHistory && { history: true }),
      });
  };
  // The backfill goes first: it is older than the day, and a replay writes in time order.
  for (const dataset of plan.history) {
    const made = dataset.objects();
    const { figures } = summarise(dataset.name, made, false);
    history.push({
      dataset: dataset.name,
      objects: figures.objects,
      records: figures.records,
      bytes: figures.bytes,
    });
    keep(made, true);
  }
  for (const dataset of plan.datasets) {
    // The drafts of one dataset are dropped before the next is made.
    const made = dataset.objects();
    const summary = summarise(dataset.name, made, false);
    datasets.push(summary.figures);
    badEmails += summary.badEmails;
    if (dataset.name === 'web_logs') webLogs = summary;
    keep(made, false);
  }
  // The answer key is made on first use: a run that never reads it (npm start) does not hold
  // every clean record of the day (hundreds of MiB at size large).
  let truth: CleanDay | undefined;
  return {
    day: options.day,
    seed: options.seed,
    size: options.size,
    objects,
    get truth(): CleanDay {
      truth ??= answerKey(options);
      return truth;
    },
    figures: {
      datasets,
      history: { days: plan.historyDays, datasets: history },
      badEmails,
      webLogLines: webLogLineFigures(webLogs),
      botBurst: {
        startMinute: new Date(plan.botBurst.startMs).toISOString(),
        minutes: plan.botBurst.minutes,
        clientIp: plan.botBurst.clientIp,
        requests: plan.botBurst.requests,
      },
      affinities: affinityFigures(plan.world),
    },
  };
}

/**
 * The day `generateDay(options)` made, with `figures` already counted and its objects and answer
 * key made again from the seed on first use (generation is pure). For a caller that drops the
 * objects once they are written: a large day's bytes are then held once, by the store they were
 * written to, not also by the caller for the rest of its run.
 */
export function regeneratedDay(
  options: GenerateDayOptions,
  figures: GeneratedFigures,
): GeneratedDay {
  let objects: readonly RawObject[] | undefined;
  let truth: CleanDay | undefined;
  return {
    day: options.day,
    seed: options.seed,
    size: options.size,
    figures,
    get objects() {
      objects ??= generateDay(options).objects;
      return objects;
    },
    get truth() {
      truth ??= answerKey(options);
      return truth;
    },
  };
}
