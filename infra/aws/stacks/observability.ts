import {
  ArnFormat,
  CrossStackReferences,
  Duration,
  ReferenceStrength,
  Stack,
  type StackProps,
  Token,
  aws_cloudwatch as cloudwatch,
  type aws_sqs as sqs,
} from 'aws-cdk-lib';
import type { Construct, IConstruct } from 'constructs';
import { resourcePrefix, type Platform } from '../../platform';
import {
  REQUESTS_ANOMALY_ALARM,
  requestsPerMinute,
  trafficMetric,
} from '../constructs/traffic-monitor';
import { streamedRecords } from '../constructs/streaming-job-watch';
import {
  ALERT_PUBLISHED_LOG_MESSAGE,
  alertTopicName,
  failureAlertsFunctionName,
} from '../facts/alerting';
import { etlJobNames } from '../facts/etl';
import { platformDashboardName } from '../facts/observability';
import {
  TRANSFER_LAG_METRIC,
  TRANSFER_METRIC_NAMESPACE,
  TRANSFER_SERVICE_NAME,
} from '../facts/replication';
import { kafkaClusterName } from '../facts/streaming';
import {
  ACCESS_DIMENSIONS,
  TRAFFIC_METRICS,
  TRAFFIC_METRIC_NAMESPACE,
  TRAFFIC_MONITOR_SERVICE_NAME,
  requestsAnomalyAlarmName,
  trafficMonitorFunctionName,
} from '../facts/traffic';

/** A dead-letter queue, and the function whose failures it holds. */
export interface DeadLetterQueue {
  /** The function's name: its alarm on this queue is `<owner>-dead-letters`. */
  readonly owner: string;
  readonly queue: sqs.IQueue;
}

export interface ObservabilityStackProps extends StackProps {
  readonly platform: Platform;
  /** Every dead-letter and on-failure queue of the platform. */
  readonly deadLetterQueues: readonly DeadLetterQueue[];
  /** The transfer function's work queue (`ReplicationStack.queue.queue`). */
  readonly transferQueue: sqs.IQueue;
  /**
   * The platform's alarms, shown by state. Each is read by its name, which every platform alarm
   * fixes (the alert fabric routes alarms on it), so the dashboard imports none of them.
   */
  readonly alarms: readonly cloudwatch.Alarm[];
}

/** The dashboard cannot be built from what it was given. */
export class ObservabilityConfigurationError extends Error {
  override readonly name = 'ObservabilityConfigurationError';
}

/** Every alarm in the given scopes (stacks), in construct order. */
export function alarmsIn(scopes: readonly IConstruct[]): cloudwatch.Alarm[] {
  return scopes.flatMap((scope) =>
    scope.node
      .findAll()
      .filter((construct): construct is cloudwatch.Alarm => construct instanceof cloudwatch.Alarm),
  );
}

/** The name an alarm was given. @throws ObservabilityConfigurationError if it has none. */
export function fixedAlarmName(alarm: cloudwatch.Alarm): string {
  const name = (alarm.node.defaultChild as cloudwatch.CfnAlarm).alarmName;
  if (name === undefined || Token.isUnresolved(name)) {
    throw new ObservabilityConfigurationError(
      `the alarm ${alarm.node.path} has no fixed name; platform alarms are named <prefix>-… so the alert fabric routes them`,
    );
  }
  return name;
}

/**
 * The failure-alerts function's `source` for a Glue job run that failed, timed out or was
 * stopped (`ALERT_SOURCES` of lambdas/failure-alerts/alert.ts).
 */
export const GLUE_JOB_ALERT_SOURCE = 'glue-job';

const MINUTE = Duration.minutes(1);
const FIVE_MINUTES = Duration.minutes(5);
const FULL_WIDTH = 24;
/** CloudWatch's limit on the alarms of one alarm status widget. */
const MAX_ALARMS_PER_WIDGET = 100;

/**
 * The operators' CloudWatch dashboard (docs/decisions.md, "The CloudWatch dashboard"): the
 * platform's alarms; web traffic against the bot rule's ceiling and the anomaly band; the
 * audience by device, country and content type; consumer lag on MSK; transfer lag and
 * dead letters; Glue jobs; alerts sent. It holds one resource and reads what it charts by the
 * names the facts derive; only the queues' names, which CloudFormation chooses, are imported.
 */
export class ObservabilityStack extends Stack {
  readonly dashboard: cloudwatch.Dashboard;

  constructor(scope: Construct, id: string, props: ObservabilityStackProps) {
    super(scope, id, props);
    // Strong (exports), like every stack of the platform: a queue the dashboard charts cannot be
    // replaced under it without a deploy of this stack first.
    CrossStackReferences.of(this).consume(ReferenceStrength.STRONG);
    const { platform } = props;

    this.dashboard = new cloudwatch.Dashboard(this, 'Dashboard', {
      dashboardName: platformDashboardName(platform),
      defaultInterval: Duration.hours(3),
      widgets: [
        [this.header(platform)],
        ...this.alarmStates(props.alarms).map((widget) => [widget]),
        [heading('Web traffic (traffic monitor, per event-time minute)')],
        this.traffic(platform),
        [heading('Audience: accesses by device, country and content type')],
        ACCESS_DIMENSIONS.map((dimension) => accessesBy(dimension)),
        [heading('Consumer lag')],
        this.consumerLag(platform),
        [heading('S3 → ADLS transfer and dead letters')],
        this.transferAndDeadLetters(props),
        [heading('Glue jobs and alerts')],
        this.jobsAndAlerts(platform),
      ],
    });
  }

  /**
   * Every alarm by state, those in ALARM first, then by their last change: one widget per
   * hundred alarms, the most one takes.
   */
  private alarmStates(alarms: readonly cloudwatch.Alarm[]): cloudwatch.AlarmStatusWidget[] {
    const named = alarms.map((alarm) => this.alarmNamed(fixedAlarmName(alarm)));
    const widgets: cloudwatch.AlarmStatusWidget[] = [];
    for (let start = 0; start < named.length; start += MAX_ALARMS_PER_WIDGET) {
      const some = named.slice(start, start + MAX_ALARMS_PER_WIDGET);
      widgets.push(
        new cloudwatch.AlarmStatusWidget({
          title: 'Platform alarms (they reach the alert topic through failure-alerts)',
          alarms: some,
          sortBy: cloudwatch.AlarmStatusWidgetSortBy.STATE_UPDATED_TIMESTAMP,
          width: FULL_WIDTH,
          // About four alarms a row at full width, under the title.
          height: 1 + Math.max(1, Math.ceil(some.length / 4)),
        }),
      );
    }
    return widgets;
  }

  private header(platform: Platform): cloudwatch.TextWidget {
    return new cloudwatch.TextWidget({
      markdown: [
        `# ${resourcePrefix(platform)}: pipeline and business`,
        'Minutes are event time, published once a minute closes (a few minutes late). Alarms have no action of their own: the alert fabric deduplicates them and publishes to the alert topic.',
      ].join('\n'),
      width: FULL_WIDTH,
      height: 2,
    });
  }

  /** Requests with the bot rule's ceiling and the anomaly band; the anomaly alarm; clients, flags. */
  private traffic(platform: Platform): cloudwatch.IWidget[] {
    const ceiling = platform.trafficMonitor.botRule.maxRequestsPerMinute;
    const requests = requestsPerMinute().with({ label: 'Requests' });
    const band = new cloudwatch.MathExpression({
      expression: `ANOMALY_DETECTION_BAND(requests, ${REQUESTS_ANOMALY_ALARM.stdDevs})`,
      usingMetrics: { requests },
      label: `Expected (${REQUESTS_ANOMALY_ALARM.stdDevs} standard deviations, as the anomaly alarm)`,
      period: requests.period,
    });
    return [
      new cloudwatch.GraphWidget({
        title: 'Web requests per minute',
        left: [requests, band],
        leftAnnotations: [
          {
            value: ceiling,
            label: `Bot rule ceiling (maxRequestsPerMinute ${ceiling})`,
            color: cloudwatch.Color.RED,
          },
        ],
        leftYAxis: { min: 0, showUnits: false },
        width: 12,
        height: 7,
      }),
      new cloudwatch.Column(
        new cloudwatch.AlarmStatusWidget({
          title: 'Requests above the anomaly band',
          alarms: [this.alarmNamed(requestsAnomalyAlarmName(platform))],
          width: 12,
          height: 2,
        }),
        new cloudwatch.GraphWidget({
          title: 'Distinct clients and flagged minutes',
          left: [
            trafficMetric(TRAFFIC_METRICS.distinctClients, cloudwatch.Stats.MAXIMUM).with({
              label: 'Distinct clients',
            }),
          ],
          right: [
            trafficMetric(TRAFFIC_METRICS.flaggedMinutes, cloudwatch.Stats.SUM).with({
              label: 'Flagged minutes (bot rule)',
            }),
          ],
          leftYAxis: { min: 0, showUnits: false },
          rightYAxis: { min: 0, showUnits: false },
          width: 12,
          height: 5,
        }),
      ),
    ];
  }

  /**
   * The traffic monitor's offset lag, as Lambda reports it for the function, and every consumer
   * group's lag on the cluster, as MSK reports it; the streaming jobs' micro-batches.
   */
  private consumerLag(platform: Platform): cloudwatch.IWidget[] {
    const cluster = kafkaClusterName(platform);
    const jobNames = etlJobNames(platform);
    return [
      new cloudwatch.GraphWidget({
        title: 'Traffic monitor: offset lag (records, Lambda)',
        left: [
          new cloudwatch.Metric({
            namespace: 'AWS/Lambda',
            metricName: 'OffsetLag',
            dimensionsMap: { FunctionName: trafficMonitorFunctionName(platform) },
            statistic: cloudwatch.Stats.MAXIMUM,
            period: MINUTE,
            label: 'Offset lag, both topics',
          }),
        ],
        leftYAxis: { min: 0, showUnits: false },
        width: 8,
        height: 6,
      }),
      new cloudwatch.GraphWidget({
        title: 'Consumer groups: lag on MSK (records)',
        left: [
          search(
            `{AWS/Kafka,"Cluster Name","Consumer Group",Topic} MetricName="SumOffsetLag" "Cluster Name"="${cluster}"`,
            cloudwatch.Stats.MAXIMUM,
            MINUTE,
            "${PROP('Dim.Consumer Group')} ${PROP('Dim.Topic')}",
          ),
        ],
        leftYAxis: { min: 0, showUnits: false },
        width: 8,
        height: 6,
      }),
      new cloudwatch.GraphWidget({
        title: 'Streaming jobs: records per 5 minutes (MSK → raw)',
        left: platform.topics.map((topic) =>
          streamedRecords(jobNames.streaming(topic.name), {
            statistic: cloudwatch.Stats.SUM,
            period: FIVE_MINUTES,
          }).with({ label: topic.name }),
        ),
        leftYAxis: { min: 0, showUnits: false },
        width: 8,
        height: 6,
      }),
    ];
  }

  /** The transfer's lag, by its own metric and by its queue; every dead-letter queue's depth. */
  private transferAndDeadLetters(props: ObservabilityStackProps): cloudwatch.IWidget[] {
    return [
      new cloudwatch.GraphWidget({
        title: 'S3 → ADLS lag (seconds)',
        left: [
          new cloudwatch.Metric({
            namespace: TRANSFER_METRIC_NAMESPACE,
            metricName: TRANSFER_LAG_METRIC,
            dimensionsMap: { service: TRANSFER_SERVICE_NAME },
            statistic: cloudwatch.Stats.MAXIMUM,
            period: MINUTE,
            label: 'Event to mirrored, slowest object',
          }),
          props.transferQueue.metricApproximateAgeOfOldestMessage({
            statistic: cloudwatch.Stats.MAXIMUM,
            period: MINUTE,
            label: 'Oldest event waiting in the transfer queue',
          }),
        ],
        leftYAxis: { min: 0, showUnits: false },
        width: 12,
        height: 6,
      }),
      new cloudwatch.GraphWidget({
        title: 'Dead letters (messages visible)',
        left: props.deadLetterQueues.map(({ owner, queue }) =>
          queue.metricApproximateNumberOfMessagesVisible({
            statistic: cloudwatch.Stats.MAXIMUM,
            period: MINUTE,
            label: owner,
          }),
        ),
        leftYAxis: { min: 0, showUnits: false },
        width: 12,
        height: 6,
      }),
    ];
  }

  /** Glue runs that did not succeed, as the alert fabric saw them; the alerts it published. */
  private jobsAndAlerts(platform: Platform): cloudwatch.IWidget[] {
    return [
      new cloudwatch.LogQueryWidget({
        title: 'Glue job runs failed, timed out or stopped (alerts from failure-alerts)',
        logGroupNames: [`/aws/lambda/${failureAlertsFunctionName(platform)}`],
        queryLines: [
          'fields @timestamp, resource as job, severity, message',
          `filter source = "${GLUE_JOB_ALERT_SOURCE}" and message = "${ALERT_PUBLISHED_LOG_MESSAGE}"`,
          'sort @timestamp desc',
          'limit 100',
        ],
        view: cloudwatch.LogQueryVisualizationType.TABLE,
        width: 12,
        height: 6,
      }),
      new cloudwatch.GraphWidget({
        title: 'Alerts published to the alert topic',
        left: [
          new cloudwatch.Metric({
            namespace: 'AWS/SNS',
            metricName: 'NumberOfMessagesPublished',
            dimensionsMap: { TopicName: alertTopicName(platform) },
            statistic: cloudwatch.Stats.SUM,
            period: FIVE_MINUTES,
            label: 'Messages published (per 5 minutes)',
          }),
        ],
        leftYAxis: { min: 0, showUnits: false },
        width: 12,
        height: 6,
      }),
    ];
  }

  /** An alarm of this account and region by name: no export, no dependency on its stack. */
  private alarmNamed(alarmName: string): cloudwatch.IAlarm {
    const arn = this.formatArn({
      service: 'cloudwatch',
      resource: 'alarm',
      resourceName: alarmName,
      arnFormat: ArnFormat.COLON_RESOURCE_NAME,
    });
    const id = `Alarm-${alarmName}`;
    const known = this.node.tryFindChild(id) as cloudwatch.IAlarm | undefined;
    return known ?? cloudwatch.Alarm.fromAlarmArn(this, id, arn);
  }
}

/** A section title across the dashboard. */
function heading(text: string): cloudwatch.TextWidget {
  return new cloudwatch.TextWidget({ markdown: `## ${text}`, width: FULL_WIDTH, height: 1 });
}

/** `Accesses` by one dimension: one line per value the monitor published (at most 50 and `other`). */
function accessesBy(dimension: (typeof ACCESS_DIMENSIONS)[number]): cloudwatch.GraphWidget {
  return new cloudwatch.GraphWidget({
    title: `Accesses per minute by ${dimension}`,
    left: [
      search(
        `{${TRAFFIC_METRIC_NAMESPACE},service,${dimension}} MetricName="${TRAFFIC_METRICS.accesses}" service="${TRAFFIC_MONITOR_SERVICE_NAME}"`,
        cloudwatch.Stats.SUM,
        MINUTE,
        `\${PROP('Dim.${dimension}')}`,
      ),
    ],
    leftYAxis: { min: 0, showUnits: false },
    width: 8,
    height: 6,
  });
}

/** A CloudWatch SEARCH expression: one series per metric the query matches. */
function search(
  query: string,
  statistic: string,
  period: Duration,
  label: string,
): cloudwatch.MathExpression {
  return new cloudwatch.MathExpression({
    expression: `SEARCH('${query}', '${statistic}', ${period.toSeconds()})`,
    usingMetrics: {},
    label,
    period,
  });
}
