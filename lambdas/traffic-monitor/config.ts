/**
 * The monitor's configuration, read once at cold start. The CDK sets these variables (none is
 * secret); the rule and the topics come from the platform definition of `PLATFORM_ENV`.
 */
import {
  TRAFFIC_MONITOR_DEFAULTS,
  TRAFFIC_MONITOR_EVENT_BUS,
  monitoredTopics,
} from '../../infra/aws/facts/traffic';
import { sourceDatasets, type Platform } from '../../infra/platform';
import { positiveIntEnv, requireEnv } from '../shared/env';
import type { MonitorSettings } from './monitor';
import type { MonitoredTopic } from './minute-tally';
import { partitionName } from './minute-tally';

export interface TrafficMonitorConfig {
  /** `PLATFORM_ENV` */
  readonly platformEnv: string;
  /** `STATE_TABLE_NAME`: key `pk` S + `sk` S, TTL `expiresAt`. */
  readonly stateTableName: string;
  /** `EVENT_BUS_NAME` @default default */
  readonly eventBusName: string;
  /** `ALLOWED_LATENESS_SECONDS` */
  readonly allowedLatenessSeconds: number;
  /** `PARTITION_IDLE_SECONDS` */
  readonly partitionIdleSeconds: number;
  /** `INCIDENT_QUIET_MINUTES` */
  readonly incidentQuietMinutes: number;
  /** `STATE_RETENTION_HOURS` */
  readonly stateRetentionHours: number;
}

export function loadTrafficMonitorConfig(
  environment: NodeJS.ProcessEnv = process.env,
): TrafficMonitorConfig {
  const defaults = TRAFFIC_MONITOR_DEFAULTS;
  return {
    platformEnv: requireEnv('PLATFORM_ENV', environment),
    stateTableName: requireEnv('STATE_TABLE_NAME', environment),
    eventBusName: environment.EVENT_BUS_NAME?.trim() || TRAFFIC_MONITOR_EVENT_BUS,
    allowedLatenessSeconds: positiveIntEnv(
      'ALLOWED_LATENESS_SECONDS',
      defaults.allowedLatenessSeconds,
      environment,
    ),
    partitionIdleSeconds: positiveIntEnv(
      'PARTITION_IDLE_SECONDS',
      defaults.partitionIdleSeconds,
      environment,
    ),
    incidentQuietMinutes: positiveIntEnv(
      'INCIDENT_QUIET_MINUTES',
      defaults.incidentQuietMinutes,
      environment,
    ),
    stateRetentionHours: positiveIntEnv(
      'STATE_RETENTION_HOURS',
      defaults.stateRetentionHours,
      environment,
    ),
  };
}

/** The two monitored topics with the columns the monitor reads, from the platform definition. */
export function monitoredTopicColumns(platform: Platform): MonitoredTopic[] {
  const { requests, audience } = monitoredTopics(platform);
  return [
    { name: requests.name, role: 'requests', ...columnsOf(platform, requests.dataset) },
    { name: audience.name, role: 'audience', ...columnsOf(platform, audience.dataset) },
  ];
}

/** The monitored topics, their partitions and the rule, from the platform definition. */
export function monitorSettings(platform: Platform, config: TrafficMonitorConfig): MonitorSettings {
  const { requests, audience } = monitoredTopics(platform);
  return {
    topics: monitoredTopicColumns(platform),
    partitions: [requests, audience].flatMap((topic) =>
      Array.from({ length: topic.partitions }, (_, partition) =>
        partitionName(topic.name, partition),
      ),
    ),
    rule: platform.trafficMonitor.botRule,
    allowedLatenessMs: config.allowedLatenessSeconds * 1000,
    partitionIdleMs: config.partitionIdleSeconds * 1000,
    incidentQuietMinutes: config.incidentQuietMinutes,
    // A day of minutes: a backlog after an outage is closed in a few invocations.
    maxMinutesClosedPerBatch: 1440,
  };
}

/** The schema guarantees every topic's dataset exists (`platformSchema`'s topic check). */
function columnsOf(
  platform: Platform,
  dataset: string,
): {
  eventTimeColumn: string;
  recordIdColumn: string;
} {
  const found = sourceDatasets(platform).find((candidate) => candidate.name === dataset)!;
  return { eventTimeColumn: found.eventTimeColumn, recordIdColumn: found.recordIdColumn };
}
