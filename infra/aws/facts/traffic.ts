/**
 * The traffic monitor's facts, read by the constructs, the local deployment and the function
 * alike: its names, its settings, the topics it reads, the state table's layout, the event it
 * raises and the metrics it emits (lambdas/traffic-monitor/README.md).
 */
import { resourcePrefix, type Platform, type Topic } from '../../platform';

/** The folder and Powertools service name of the function. */
export const TRAFFIC_MONITOR_SERVICE_NAME = 'traffic-monitor';

/** The datasets whose topics the monitor reads: requests come from one, audience facts from the other. */
const MONITORED_DATASETS = {
  requests: 'web_logs',
  audience: 'access_events',
} as const;

/** The defaults of the construct's options; the local deployment reads the same. */
export const TRAFFIC_MONITOR_DEFAULTS = {
  memorySize: 1024,
  timeoutSeconds: 60,
  /** Records per invocation (the MSK mapping allows up to 10,000). */
  batchSize: 10_000,
  /** How long the mapping gathers a batch: the alert waits at most this long for it. */
  maxBatchingWindowSeconds: 5,
  /** Retries of a failed batch before it goes to the on-failure destination. */
  maxRetryAttempts: 10,
  /** A minute closes once every partition has moved this far past its end. */
  allowedLatenessSeconds: 120,
  /**
   * A partition that has brought no record for this long (wall clock) no longer holds minutes
   * open: a quiet partition must not stop the alert, while one that is merely behind (a
   * mapping catching up or retrying) still does for this long.
   */
  partitionIdleSeconds: 300,
  /** An incident ends after this many consecutive minutes that are not flagged. */
  incidentQuietMinutes: 5,
  /** How long the state table keeps a minute (TTL); the trailing window needs far less. */
  stateRetentionHours: 48,
} as const;

/** `hybrid-lake-dev-traffic-monitor` */
export function trafficMonitorFunctionName(platform: Platform): string {
  return `${resourcePrefix(platform)}-${TRAFFIC_MONITOR_SERVICE_NAME}`;
}

/** `hybrid-lake-dev-traffic-monitor-minutes`: per-minute windows, the clock and minute summaries. */
export function trafficStateTableName(platform: Platform): string {
  return `${trafficMonitorFunctionName(platform)}-minutes`;
}

/** The state table's keys and TTL attribute, as the function expects them. */
export const TRAFFIC_STATE_TABLE = {
  partitionKey: 'pk',
  sortKey: 'sk',
  ttlAttribute: 'expiresAt',
} as const;

/** The consumer group of the mapping on `topic` (one mapping per topic, as MSK mappings take one). */
export function trafficMonitorConsumerGroup(platform: Platform, topic: Topic): string {
  return `${trafficMonitorFunctionName(platform)}-${topic.name}`;
}

/** The topics the monitor reads, from the platform definition. @throws Error if one is missing. */
export function monitoredTopics(platform: Platform): { requests: Topic; audience: Topic } {
  const find = (dataset: string): Topic => {
    const topic = platform.topics.find((candidate) => candidate.dataset === dataset);
    if (!topic) throw new Error(`the platform definition has no topic for ${dataset}`);
    return topic;
  };
  return {
    requests: find(MONITORED_DATASETS.requests),
    audience: find(MONITORED_DATASETS.audience),
  };
}

/** The EventBridge event the monitor puts when a bot attack begins (one per incident). */
export const BOT_ATTACK_EVENT = {
  source: 'hybrid-lake.traffic-monitor',
  detailType: 'Bot Attack Suspected',
} as const;

/** The metrics the monitor emits per minute (EMF, timestamped with the minute). */
export const TRAFFIC_METRICS = {
  /** Web requests in the minute; no dimension but the service. */
  requests: 'Requests',
  /** Distinct client addresses among them. */
  distinctClients: 'DistinctClients',
  /** Access events in the minute, by `Device`, by `ContentType` and by `Country` (one dimension each). */
  accesses: 'Accesses',
  /** Records that were not valid JSON or lacked their event time (not counted anywhere else). */
  malformedRecords: 'MalformedRecords',
  /** Records for a minute already closed (later than the allowed lateness). */
  lateRecords: 'LateRecords',
  /** Minutes flagged by the bot rule. */
  flaggedMinutes: 'FlaggedMinutes',
} as const;

/** The dimensions of `Accesses`, each on its own. */
export const ACCESS_DIMENSIONS = ['Device', 'ContentType', 'Country'] as const;

/**
 * The namespace the function's metrics go to: the platform's one (`METRIC_NAMESPACE` of
 * lambdas/shared/observability.ts, which a unit test holds equal).
 */
export { TRANSFER_METRIC_NAMESPACE as TRAFFIC_METRIC_NAMESPACE } from './replication';

/**
 * `hybrid-lake-dev-traffic-monitor-requests-anomaly`: the alarm on `Requests` above its expected
 * band. It starts with the platform prefix, so the alert fabric's alarm rule routes it.
 */
export function requestsAnomalyAlarmName(platform: Platform): string {
  return `${trafficMonitorFunctionName(platform)}-requests-anomaly`;
}

/** The bus the monitor puts its events on: the account's default bus, as every rule reads. */
export const TRAFFIC_MONITOR_EVENT_BUS = 'default';
