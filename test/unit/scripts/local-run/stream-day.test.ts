/** The day's streamed records, in the order the run sends them. */
import { loadPlatform } from '../../../../infra/platform';
import type { RawObject } from '../../../../scripts/generate-data';
import { dayRecords } from '../../../../scripts/local-run/stream-day';

const platform = loadPlatform('dev');
const object = (dataset: string, firstEventMs: number, lines: string[]): RawObject => ({
  dataset,
  key: `${dataset}/x/part-${firstEventMs}.json`,
  body: Buffer.from(lines.map((line) => `${line}\n`).join('')),
  records: lines.length,
  firstEventMs,
});

it('sends the streamed datasets’ records in event-time order across datasets, to their topics', () => {
  const records = dayRecords(platform, [
    object('access_events', 3_000, ['a3']),
    object('transactions', 1_000, ['t1', 't1b']),
    object('customers', 0, ['c0']), // a batch dataset: written straight to the lake, not streamed
    object('web_logs', 2_000, ['w2']),
    object('access_events', 1_000, ['a1']),
  ]);
  expect(records.map((record) => [record.topic, record.value])).toEqual([
    ['purchases', 't1'],
    ['purchases', 't1b'],
    ['access-events', 'a1'],
    ['web-logs', 'w2'],
    ['access-events', 'a3'],
  ]);
});
