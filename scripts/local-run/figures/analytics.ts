/**
 * The business questions answered through the Redshift Data API: every query in sql/queries,
 * over the generated day, with its declared defaults otherwise.
 */
import { join } from 'node:path';
import type { Row, WarehouseSession } from '../../../lambdas/shared/warehouse/data-api';
import { listQueries, loadQuery } from '../../../lambdas/shared/warehouse/queries';
import type { AnalyticsFigures } from '../report/figures';

const DAY_PARAMETERS = ['from_date', 'to_date', 'as_of_date'] as const;

export async function answerQueries(
  session: WarehouseSession,
  sqlDirectory: string,
  day: string,
): Promise<AnalyticsFigures> {
  const directory = join(sqlDirectory, 'queries');
  const queries: { name: string; description: string; rows: Row[] }[] = [];
  let botThreshold = Number.NaN;
  for (const info of listQueries(directory)) {
    const declared = new Set(info.declared.map((parameter) => parameter.name));
    const overrides = Object.fromEntries(
      DAY_PARAMETERS.filter((name) => declared.has(name)).map((name) => [name, day]),
    );
    const query = loadQuery(directory, info.name, overrides);
    const rows = await session.query(query.sql, query.parameters);
    queries.push({ name: info.name, description: info.description, rows });
    if (info.name === 'bot_suspicion')
      botThreshold = Number(
        info.declared.find((parameter) => parameter.name === 'max_requests_per_minute')
          ?.defaultValue,
      );
  }
  const perMinute = queries.find((query) => query.name === 'requests_per_minute')?.rows ?? [];
  const bot = queries.find((query) => query.name === 'bot_suspicion')?.rows ?? [];
  return {
    queries,
    requestsPerMinute: everyMinuteOf(day, perMinute),
    botThreshold,
    suspectedBotMinutes: bot.map((row) => String(row.request_minute)),
  };
}

/** The 1 440 minutes of the day, zeros where the query returned no row. */
export function everyMinuteOf(
  day: string,
  rows: readonly Row[],
): AnalyticsFigures['requestsPerMinute'] {
  const counts = new Map(
    rows.map((row) => [minuteKey(String(row.request_minute)), Number(row.requests)]),
  );
  const start = Date.parse(`${day}T00:00:00Z`);
  return Array.from({ length: 1440 }, (_, index) => {
    const minute = new Date(start + index * 60_000).toISOString().slice(0, 16);
    return { minute: `${minute}:00Z`, requests: counts.get(minute) ?? 0 };
  });
}

/** `2026-03-02 14:05:00` (the Data API's timestamp text) → `2026-03-02T14:05`. */
function minuteKey(text: string): string {
  return text.replace(' ', 'T').slice(0, 16);
}
