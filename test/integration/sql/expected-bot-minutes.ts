/**
 * The bot-suspicion definition of sql/queries/bot_suspicion.sql, restated over the generated
 * web log records: requests per UTC minute; the trailing window's mean and (population)
 * standard deviation with empty minutes counted as 0; a z-score once a full window of history
 * exists, the deviation floored at 1; flagged above the ceiling, or at z >= threshold with
 * enough requests.
 */
import type { WebLog } from './warehouse-dataset';

export interface BotParameters {
  readonly maxRequestsPerMinute: number;
  readonly trailingMinutes: number;
  readonly zThreshold: number;
  readonly minRequests: number;
}

export interface SuspiciousMinute {
  readonly minute: Date;
  readonly requests: number;
  readonly distinctClients: number;
  readonly trailingMean: number;
  readonly trailingStddev: number;
  readonly zScore: number | null;
  readonly reason: 'ceiling' | 'spike' | 'ceiling_and_spike';
}

const MINUTE_MS = 60_000;

export function suspiciousMinutes(
  logs: readonly WebLog[],
  parameters: BotParameters,
): SuspiciousMinute[] {
  const perMinute = new Map<number, WebLog[]>();
  for (const log of logs) {
    const minute = Math.floor(log.request_time.getTime() / MINUTE_MS) * MINUTE_MS;
    perMinute.set(minute, [...(perMinute.get(minute) ?? []), log]);
  }
  const minutes = [...perMinute.keys()].sort((a, b) => a - b);
  const firstMinute = minutes[0] ?? 0;
  const window = parameters.trailingMinutes;
  const result: SuspiciousMinute[] = [];
  for (const minute of minutes) {
    const requests = perMinute.get(minute)!.length;
    let sum = 0;
    let sumOfSquares = 0;
    for (let back = 1; back <= window; back += 1) {
      const count = perMinute.get(minute - back * MINUTE_MS)?.length ?? 0;
      sum += count;
      sumOfSquares += count * count;
    }
    const mean = sum / window;
    const stddev = Math.sqrt(Math.max(sumOfSquares / window - mean * mean, 0));
    const fullWindow = minute >= firstMinute + window * MINUTE_MS;
    const zScore = fullWindow ? (requests - mean) / Math.max(stddev, 1) : null;
    const overCeiling = requests > parameters.maxRequestsPerMinute;
    const spike =
      zScore !== null && zScore >= parameters.zThreshold && requests >= parameters.minRequests;
    if (!overCeiling && !spike) continue;
    result.push({
      minute: new Date(minute),
      requests,
      distinctClients: new Set(perMinute.get(minute)!.map((log) => log.client_ip)).size,
      trailingMean: mean,
      trailingStddev: stddev,
      zScore,
      reason: overCeiling && spike ? 'ceiling_and_spike' : overCeiling ? 'ceiling' : 'spike',
    });
  }
  return result;
}
