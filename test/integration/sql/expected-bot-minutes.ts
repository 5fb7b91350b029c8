/**
 * The bot-suspicion rule of sql/queries/bot_suspicion.sql, restated over the generated web log
 * records: requests per UTC minute; the trailing window's mean rate with empty minutes counted
 * as 0; Anscombe's z, 2·(√(x + 3/8) − √(rate + 3/8)), once a full window of history exists;
 * flagged above the ceiling, or at z ≥ threshold with enough requests.
 */
import type { WebLog } from './warehouse-dataset';

export interface BotParameters {
  readonly maxRequestsPerMinute: number;
  readonly trailingMinutes: number;
  readonly poissonZ: number;
  readonly minRequests: number;
}

export interface SuspiciousMinute {
  readonly minute: Date;
  readonly requests: number;
  readonly distinctClients: number;
  readonly trailingRate: number;
  readonly poissonZ: number | null;
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
    for (let back = 1; back <= window; back += 1)
      sum += perMinute.get(minute - back * MINUTE_MS)?.length ?? 0;
    const rate = sum / window;
    const fullWindow = minute >= firstMinute + window * MINUTE_MS;
    const poissonZ = fullWindow
      ? 2 * (Math.sqrt(requests + 3 / 8) - Math.sqrt(rate + 3 / 8))
      : null;
    const overCeiling = requests > parameters.maxRequestsPerMinute;
    const spike =
      poissonZ !== null && poissonZ >= parameters.poissonZ && requests >= parameters.minRequests;
    if (!overCeiling && !spike) continue;
    result.push({
      minute: new Date(minute),
      requests,
      distinctClients: new Set(perMinute.get(minute)!.map((log) => log.client_ip)).size,
      trailingRate: rate,
      poissonZ,
      reason: overCeiling && spike ? 'ceiling_and_spike' : overCeiling ? 'ceiling' : 'spike',
    });
  }
  return result;
}
