/**
 * Lambda entry point, invoked by the MSK event source mappings on the web-logs and
 * access-events topics. Thin: configuration, clients and observability are created once per
 * container; every decision lives in monitor.ts.
 */
import { Metrics } from '@aws-lambda-powertools/metrics';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import type { Context } from 'aws-lambda';
import { TRAFFIC_MONITOR_SERVICE_NAME, monitoredTopics } from '../../infra/aws/facts/traffic';
import { loadPlatform } from '../../infra/platform';
import { METRIC_NAMESPACE, createObservability } from '../shared/observability';
import { botAttackDetail, putBotAttackEvent } from './alert-event';
import { loadTrafficMonitorConfig, monitorSettings } from './config';
import { dynamoDbTrafficState } from './dynamodb-traffic-state';
import { emitMinuteMetrics } from './minute-metrics';
import { createMonitorHandler, type MonitorResult } from './monitor-handler';

const config = loadTrafficMonitorConfig();
const platform = loadPlatform(config.platformEnv);
const { logger, metrics, tracer } = createObservability(TRAFFIC_MONITOR_SERVICE_NAME);
// The minutes' metrics carry their own timestamps: kept apart from the invocation's.
const minuteMetrics = new Metrics({
  namespace: METRIC_NAMESPACE,
  serviceName: TRAFFIC_MONITOR_SERVICE_NAME,
});
const dynamodb = tracer.captureAWSv3Client(new DynamoDBClient({}));
const eventBridge = tracer.captureAWSv3Client(new EventBridgeClient({}));
const state = dynamoDbTrafficState(dynamodb, config.stateTableName, config.stateRetentionHours);
const requestsTopic = monitoredTopics(platform).requests.name;
const rule = platform.trafficMonitor.botRule;

export const handler: (event: unknown, context: Context) => Promise<MonitorResult> =
  createMonitorHandler({
    settings: monitorSettings(platform, config),
    ports: {
      state,
      putAlert: (summary) =>
        putBotAttackEvent(
          eventBridge,
          config.eventBusName,
          botAttackDetail(summary, platform.environmentName, requestsTopic, rule),
        ),
      emitMinute: (summary) => {
        emitMinuteMetrics(minuteMetrics, summary, Date.now());
      },
      now: () => Date.now(),
    },
    logger,
    metrics,
  });
