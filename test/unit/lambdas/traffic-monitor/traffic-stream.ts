/**
 * Traffic for the monitor's core, as MSK batches carry it: requests and accesses with offsets per
 * partition, minute by minute, and the settings the tests run the core with.
 */
import { loadPlatform } from '../../../../infra/platform';
import { monitoredTopicColumns } from '../../../../lambdas/traffic-monitor/config';
import { MINUTE_MS } from '../../../../lambdas/traffic-monitor/minute-tally';
import type { MonitorSettings } from '../../../../lambdas/traffic-monitor/monitor';
import type { KafkaRecordSpec } from '../../../fixtures/msk-events';

export const platform = loadPlatform('dev');
export const rule = platform.trafficMonitor.botRule;
export const DAY = Date.UTC(2026, 11, 5);
export const settings: MonitorSettings = {
  topics: monitoredTopicColumns(platform),
  partitions: ['web-logs:0', 'web-logs:1', 'access-events:0', 'access-events:1'],
  rule,
  allowedLatenessMs: 60_000,
  partitionIdleMs: 300_000,
  incidentQuietMinutes: 5,
  maxMinutesClosedPerBatch: 1440,
};

/** Records with offsets per partition, in the order they are produced. */
export class Stream {
  private readonly offsets = new Map<string, number>();

  private next(topic: string, partition: number): number {
    const key = `${topic}-${partition}`;
    const offset = this.offsets.get(key) ?? 0;
    this.offsets.set(key, offset + 1);
    return offset;
  }

  request(at: number, client: string, partition = 0): KafkaRecordSpec {
    return {
      topic: 'web-logs',
      partition,
      offset: this.next('web-logs', partition),
      value: {
        request_id: `r-${partition}-${this.offsets.get(`web-logs-${partition}`)}`,
        request_time: new Date(at).toISOString(),
        client_ip: client,
        url: '/',
      },
    };
  }

  access(at: number, device: string, partition = 0): KafkaRecordSpec {
    return {
      topic: 'access-events',
      partition,
      offset: this.next('access-events', partition),
      value: {
        event_time: new Date(at).toISOString(),
        device,
        content_type: 'movie',
        country: 'FR',
      },
    };
  }

  raw(topic: string, partition: number, value: string): KafkaRecordSpec {
    return { topic, partition, offset: this.next(topic, partition), value };
  }
}

/** `perMinute(m)` requests in minute m, spread over both partitions and the minute, plus accesses. */
export function minutes(
  stream: Stream,
  from: number,
  to: number,
  perMinute: (m: number) => number,
) {
  const records: KafkaRecordSpec[] = [];
  for (let m = from; m < to; m += 1) {
    const count = perMinute(m);
    for (let i = 0; i < count; i += 1) {
      const at = DAY + m * MINUTE_MS + Math.floor((i * MINUTE_MS) / count);
      const client = count > 100 && i % 10 !== 0 ? '2001:db8::b07' : `10.0.${m % 7}.${i % 40}`;
      records.push(stream.request(at, client, i % 2));
    }
    for (let partition = 0; partition < 2; partition += 1)
      records.push(
        stream.access(DAY + m * MINUTE_MS + 30_000, partition ? 'tv' : 'mobile', partition),
      );
  }
  return records;
}

/** Ordinary traffic: 25–35 requests a minute, deterministic. */
export const ordinary = (m: number) => 25 + ((m * 7) % 11);
