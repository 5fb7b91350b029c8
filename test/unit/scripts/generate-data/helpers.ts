/** A generated day shared by the tests of a file: generation is deterministic, so once is enough. */
import { loadPlatform, sourceDatasets, type SourceDataset } from '../../../../infra/platform';
import {
  generateDay,
  generateRawDay,
  type GeneratedDay,
  type RawDay,
} from '../../../../scripts/generate-data/generate-day';
import type { GenerationSize } from '../../../../scripts/generate-data/sizes';

export const PLATFORM = loadPlatform('dev');
export const DAY = '2026-03-02';
export const SEED = 42;
/** A month of customer history: enough to hold every kind of object, quick to make. */
export const HISTORY_DAYS = 30;

const days = new Map<string, GeneratedDay>();
const rawDays = new Map<string, RawDay>();

export function dayOf(size: GenerationSize = 'small', seed = SEED): GeneratedDay {
  const id = `${size}/${seed}`;
  let day = days.get(id);
  if (day === undefined) {
    day = generateDay({ platform: PLATFORM, seed, day: DAY, size, historyDays: HISTORY_DAYS });
    days.set(id, day);
  }
  return day;
}

export function rawDayOf(size: GenerationSize = 'small', seed = SEED): RawDay {
  const id = `${size}/${seed}`;
  let day = rawDays.get(id);
  if (day === undefined) {
    day = generateRawDay({ platform: PLATFORM, seed, day: DAY, size, historyDays: HISTORY_DAYS });
    rawDays.set(id, day);
  }
  return day;
}

export function datasetNamed(name: string): SourceDataset {
  const dataset = sourceDatasets(PLATFORM).find((candidate) => candidate.name === name);
  if (dataset === undefined) throw new Error(`no dataset ${name}`);
  return dataset;
}

/** `{year: '2026', …}` from a key's `k=v` folders. */
export function partitionValuesOf(key: string): Record<string, string> {
  return Object.fromEntries(
    key
      .split('/')
      .filter((segment) => segment.includes('='))
      .map((segment) => segment.split('=') as [string, string]),
  );
}

/** Records of each dataset in the truth, by dataset name. */
export function truthByDataset(day: GeneratedDay): Record<string, readonly object[]> {
  return {
    access_events: day.truth.accessEvents,
    web_logs: day.truth.webLogs,
    transactions: day.truth.transactions,
    interactions: day.truth.interactions,
    customers: day.truth.customers,
  };
}

/**
 * A truth record in the form the clean job's values print in: times as ISO-8601 with
 * milliseconds and Z, decimals as text, every column of the definition in order.
 */
export function cleanForm(dataset: SourceDataset, record: object): Record<string, unknown> {
  const values = record as Record<string, unknown>;
  return Object.fromEntries(
    dataset.columns.map(({ name }) => {
      if (name === 'unit_price') {
        const cents = values.unit_price_cents as number;
        return [name, `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, '0')}`];
      }
      const value = values[name];
      return [name, value instanceof Date ? value.toISOString() : (value ?? null)];
    }),
  );
}
