/**
 * `npm run bench:traffic-monitor`: the monitor's core on a full MSK batch (10,000 records, the
 * mapping's largest), in records per second: reading the event (base64, JSON, event time),
 * grouping by minute, counting into the windows and closing the minutes. The baseline, measured
 * in the same run, is the least any reader of the batch pays: base64-decoding and parsing every
 * value, nothing else. State (DynamoDB) and EventBridge are left out: their calls are per window
 * and per minute, not per record. Then the alert path end to end (`alert-latency.ts`).
 */
import '../../shared/aws-sdk-node-notice';
import { performance } from 'node:perf_hooks';
import type { MSKEvent, MSKRecord } from 'aws-lambda';
import { loadPlatform } from '../../../infra/platform';
import { closeMinute } from '../../../lambdas/traffic-monitor/minute-close';
import { monitoredTopicColumns } from '../../../lambdas/traffic-monitor/config';
import { MINUTE_MS, tallyBatch } from '../../../lambdas/traffic-monitor/minute-tally';
import { countSlice } from '../../../lambdas/traffic-monitor/window-counts';
import { benchMachine } from '../machine';
import { median } from '../statistics';
import { alertLatency } from './alert-latency';

const BATCH = 10_000;
const REPEATS = 15;
const PARTITIONS = 12;
const START = Date.UTC(2026, 11, 5, 20);
const platform = loadPlatform('dev');
const topics = monitoredTopicColumns(platform);

/** A batch as the mapping delivers it: web logs and access events with every column, over three minutes. */
function batch(): MSKEvent {
  const records: MSKEvent['records'] = {};
  for (let i = 0; i < BATCH; i += 1) {
    const at = new Date(START + Math.floor((i * 3 * MINUTE_MS) / BATCH)).toISOString();
    const web = i % 3 !== 0;
    const partition = i % PARTITIONS;
    const value = web
      ? {
          request_id: `r${i.toString(16).padStart(16, '0')}`,
          client_ip: `198.51.100.${i % 250}`,
          request_time: at,
          method: 'GET',
          url: `/products/${i % 600}?ref=home`,
          status: 200,
          bytes_sent: 5120 + (i % 900),
          referrer: 'https://shop.example/',
          user_agent:
            'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/124.0 Safari/537.36',
        }
      : {
          event_id: `e${i}`,
          user_id: `u${i % 5000}`,
          event_time: at,
          device: ['mobile', 'tablet', 'desktop', 'smart_tv', 'console'][i % 5],
          content_id: `c${i % 800}`,
          content_type: ['movie', 'series', 'documentary', 'live', 'music'][i % 5],
          country: ['FR', 'DE', 'ES', 'IT', 'GB', 'US'][i % 6],
          city: 'Lyon',
          session_id: `s${i % 900}`,
          duration_seconds: 300 + (i % 2000),
        };
    const topic = web ? 'web-logs' : 'access-events';
    const list = (records[`${topic}-${partition}`] ??= []);
    const record: MSKRecord = {
      topic,
      partition,
      offset: list.length,
      timestamp: START,
      timestampType: 'CREATE_TIME',
      key: '',
      value: Buffer.from(JSON.stringify(value)).toString('base64'),
      headers: [],
    };
    list.push(record);
  }
  return {
    eventSource: 'aws:kafka',
    eventSourceArn: 'arn:aws:kafka:eu-west-1:000000000000:cluster/bench/1',
    bootstrapServers: 'localhost:9098',
    records,
  };
}

function core(event: MSKEvent): number {
  const rule = platformRule;
  const tally = tallyBatch(event, topics, START + 86_400_000);
  const windows = new Map<number, ReturnType<typeof countSlice>[]>();
  for (const slice of tally.slices) {
    const list = windows.get(slice.minute) ?? [];
    list.push(countSlice(undefined, slice));
    windows.set(slice.minute, list);
  }
  let requests = 0;
  for (const [minute, list] of windows) {
    const summary = closeMinute(
      minute,
      list.flatMap((window) => (window ? [window.counts] : [])),
      {
        trailing: Array.from({ length: rule.trailingMinutes }, () => 30),
        fullWindow: true,
        previousIncident: undefined,
      },
      rule,
      5,
    );
    requests += summary.requests;
  }
  return requests;
}

function baseline(event: MSKEvent): number {
  let fields = 0;
  for (const list of Object.values(event.records))
    for (const record of list)
      fields += Object.keys(
        JSON.parse(Buffer.from(record.value, 'base64').toString('utf8')) as object,
      ).length;
  return fields;
}

const platformRule = platform.trafficMonitor.botRule;

function rate(work: (event: MSKEvent) => number, event: MSKEvent): number {
  work(event); // warm-up
  const seconds: number[] = [];
  for (let repeat = 0; repeat < REPEATS; repeat += 1) {
    const started = performance.now();
    work(event);
    seconds.push((performance.now() - started) / 1000);
  }
  return BATCH / median(seconds);
}

async function main(): Promise<void> {
  const event = batch();
  const payloadMiB = Buffer.byteLength(JSON.stringify(event)) / 1024 / 1024;
  const coreRate = rate(core, event);
  const baselineRate = rate(baseline, event);
  const figures = {
    machine: benchMachine(),
    batchRecords: BATCH,
    payloadMiB: Math.round(payloadMiB * 100) / 100,
    coreRecordsPerSecond: Math.round(coreRate),
    baselineRecordsPerSecond: Math.round(baselineRate),
    coreOverBaseline: Math.round((coreRate / baselineRate) * 100) / 100,
    target: 100_000,
    targetMet: coreRate >= 100_000,
    alert: await alertLatency(),
    alertTargetSeconds: 5,
  };
  console.log(JSON.stringify(figures, null, 2));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
