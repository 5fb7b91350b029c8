/**
 * The operators' dashboard, read from the synthesized app: each widget charts the metric its
 * producer emits (namespace, name, dimensions, statistic), the ceiling comes from the platform
 * definition, the anomaly band is the alarm's, and the dead letters and alarms are every one the
 * other stacks define.
 */
import { App, Stack, aws_cloudwatch as cloudwatch, aws_sqs as sqs } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { ALERT_PUBLISHED_LOG_MESSAGE } from '../../../../../infra/aws/facts/alerting';
import { REQUESTS_ANOMALY_ALARM } from '../../../../../infra/aws/constructs/traffic-monitor';
import {
  ObservabilityConfigurationError,
  ObservabilityStack,
  alarmsIn,
  fixedAlarmName,
  GLUE_JOB_ALERT_SOURCE,
} from '../../../../../infra/aws/stacks/observability';
import { loadPlatform, type Platform } from '../../../../../infra/platform';
import { ALERT_SOURCES } from '../../../../../lambdas/failure-alerts/alert';
import { METRIC_NAMESPACE } from '../../../../../lambdas/shared/observability';
import type { TemplateJson } from '../../../../fixtures/stack-references';
import { synth } from '../../../../fixtures/synth';

type Json = Record<string, any>;

interface Widget {
  readonly type: string;
  readonly width: number;
  readonly height: number;
  readonly properties: Json;
}

/** A queue of the app, as `<stack>/<logical id>`. */
type QueueRef = string;

/**
 * The dashboard body as CloudWatch reads it once deployed: the account and region as
 * placeholders, each imported queue name as `queue:<stack>/<logical id>` of the queue exported.
 */
function dashboardBody(dashboard: Json, templates: ReadonlyMap<string, TemplateJson>): Json {
  const [separator, parts] = dashboard.Properties.DashboardBody['Fn::Join'] as [string, unknown[]];
  const text = parts
    .map((part) => {
      if (typeof part === 'string') return part;
      const ref = (part as Json).Ref as string | undefined;
      if (ref === 'AWS::AccountId') return 'ACCOUNT';
      if (ref === 'AWS::Region') return 'REGION';
      const imported = (part as Json)['Fn::ImportValue'] as string | undefined;
      if (imported === undefined) throw new Error(`unexpected token ${JSON.stringify(part)}`);
      return `queue:${exportedQueue(imported, templates)}`;
    })
    .join(separator);
  return JSON.parse(text) as Json;
}

/** The queue whose name a stack exports under `exportName`. */
function exportedQueue(exportName: string, templates: ReadonlyMap<string, TemplateJson>): QueueRef {
  for (const [stackName, template] of templates) {
    const output = Object.values(template.Outputs ?? {}).find(
      (candidate) => candidate.Export?.Name === exportName,
    );
    if (output === undefined) continue;
    const [logicalId, attribute] = (output.Value as Json)['Fn::GetAtt'] as [string, string];
    expect(attribute).toBe('QueueName');
    expect(template.Resources[logicalId]?.Type).toBe('AWS::SQS::Queue');
    return `${stackName}/${logicalId}`;
  }
  throw new Error(`no stack exports ${exportName}`);
}

/** `[namespace, name, dim, value, …, options]` of a dashboard metric line. */
function metricLine(line: unknown[]): {
  namespace: string;
  name: string;
  dimensions: Record<string, string>;
  options: Json;
} {
  const [namespace, name, ...rest] = line as string[];
  const options = (rest.length % 2 === 1 ? rest.pop() : {}) as unknown as Json;
  const dimensions: Record<string, string> = {};
  for (let index = 0; index < rest.length; index += 2) dimensions[rest[index]!] = rest[index + 1]!;
  return { namespace: namespace!, name: name!, dimensions, options };
}

describe('ObservabilityStack (prod)', () => {
  const platform = loadPlatform('prod');
  const { assembly, stacks } = synth({ env: 'prod' });
  const templates = new Map(
    assembly.stacks.map((artifact) => [artifact.stackName, artifact.template as TemplateJson]),
  );
  const templateOf = (stack: Stack) => templates.get(stack.stackName)!;
  const own = templateOf(stacks.observability);
  const [dashboard, ...others] = Object.values(own.Resources);
  const body = dashboardBody(dashboard as Json, templates);
  const widgets = body.widgets as Widget[];
  const titled = (title: string): Widget => {
    const found = widgets.filter((widget) => widget.properties.title === title);
    expect(found).toHaveLength(1);
    return found[0]!;
  };
  const linesOf = (title: string) => titled(title).properties.metrics as unknown[][];
  const alarmArn = (name: string) => `arn:aws:cloudwatch:eu-west-1:ACCOUNT:alarm:${name}`;

  it('is one dashboard, named from the facts, in a stack of its own after the others', () => {
    expect(others).toEqual([]);
    expect(dashboard).toMatchObject({
      Type: 'AWS::CloudWatch::Dashboard',
      Properties: { DashboardName: 'hybrid-lake-prod-platform' },
    });
    expect(stacks.observability.stackName).toBe('hybrid-lake-prod-observability');
    expect(stacks.observability.terminationProtection).toBe(true);
  });

  it('lays its widgets out on the 24-column grid without overlap', () => {
    const cells = new Set<string>();
    for (const widget of widgets as (Widget & { x: number; y: number })[]) {
      expect(widget.x + widget.width).toBeLessThanOrEqual(24);
      for (let x = widget.x; x < widget.x + widget.width; x += 1) {
        for (let y = widget.y; y < widget.y + widget.height; y += 1) {
          const cell = `${x},${y}`;
          expect(cells.has(cell)).toBe(false);
          cells.add(cell);
        }
      }
    }
  });

  describe('web requests per minute', () => {
    const widget = titled('Web requests per minute');
    const [requests, band] = widget.properties.metrics as unknown[][];
    const anomalyAlarm = Object.values(templateOf(stacks.streaming).Resources).find(
      (resource) =>
        resource.Type === 'AWS::CloudWatch::Alarm' &&
        resource.Properties.AlarmName === 'hybrid-lake-prod-traffic-monitor-requests-anomaly',
    )!.Properties;

    it("draws Requests summed per minute, the traffic monitor's metric", () => {
      const line = metricLine(requests!);
      expect(line).toMatchObject({
        namespace: METRIC_NAMESPACE,
        name: 'Requests',
        dimensions: { service: 'traffic-monitor' },
        options: { id: 'requests', stat: 'Sum', period: 60 },
      });
    });

    it('draws the anomaly band of that metric, 3 standard deviations, as the alarm judges it', () => {
      expect(band).toEqual([
        expect.objectContaining({ expression: 'ANOMALY_DETECTION_BAND(requests, 3)', period: 60 }),
      ]);
      expect(REQUESTS_ANOMALY_ALARM.stdDevs).toBe(3);
      // The alarm's band: same metric, statistic, period and width.
      const alarmMetrics = anomalyAlarm.Metrics as Json[];
      const watched = alarmMetrics.find((metric) => metric.MetricStat !== undefined)!;
      const alarmBand = alarmMetrics.find((metric) => metric.Expression !== undefined)!;
      expect(alarmBand.Expression).toBe(`ANOMALY_DETECTION_BAND(${watched.Id}, 3)`);
      expect(watched.MetricStat).toEqual({
        Metric: {
          Namespace: METRIC_NAMESPACE,
          MetricName: 'Requests',
          Dimensions: [{ Name: 'service', Value: 'traffic-monitor' }],
        },
        Period: 60,
        Stat: 'Sum',
      });
    });

    it("marks the bot rule's ceiling, taken from the platform definition", () => {
      expect(widget.properties.annotations.horizontal).toEqual([
        expect.objectContaining({
          value: platform.trafficMonitor.botRule.maxRequestsPerMinute,
          yAxis: 'left',
        }),
      ]);
      expect(platform.trafficMonitor.botRule.maxRequestsPerMinute).toBe(600);
    });

    it("shows the anomaly alarm's state beside it", () => {
      expect(titled('Requests above the anomaly band')).toMatchObject({
        type: 'alarm',
        properties: { alarms: [alarmArn('hybrid-lake-prod-traffic-monitor-requests-anomaly')] },
      });
    });

    it('draws distinct clients and flagged minutes', () => {
      const [clients, flagged] = linesOf('Distinct clients and flagged minutes').map(metricLine);
      expect(clients).toMatchObject({
        namespace: METRIC_NAMESPACE,
        name: 'DistinctClients',
        dimensions: { service: 'traffic-monitor' },
        options: { stat: 'Maximum', period: 60 },
      });
      expect(flagged).toMatchObject({
        namespace: METRIC_NAMESPACE,
        name: 'FlaggedMinutes',
        dimensions: { service: 'traffic-monitor' },
        options: { stat: 'Sum', period: 60, yAxis: 'right' },
      });
    });
  });

  it.each(['Device', 'ContentType', 'Country'])(
    'searches Accesses by %s alone, for the traffic monitor',
    (dimension) => {
      expect(linesOf(`Accesses per minute by ${dimension}`)).toEqual([
        [
          {
            expression: `SEARCH('{HybridLake,service,${dimension}} MetricName="Accesses" service="traffic-monitor"', 'Sum', 60)`,
            label: `\${PROP('Dim.${dimension}')}`,
            period: 60,
          },
        ],
      ]);
    },
  );

  describe('consumer lag', () => {
    it("draws Lambda's OffsetLag of the traffic monitor, by function", () => {
      expect(linesOf('Traffic monitor: offset lag (records, Lambda)').map(metricLine)).toEqual([
        {
          namespace: 'AWS/Lambda',
          name: 'OffsetLag',
          dimensions: { FunctionName: 'hybrid-lake-prod-traffic-monitor' },
          options: expect.objectContaining({ stat: 'Maximum', period: 60 }),
        },
      ]);
    });

    it("searches MSK's SumOffsetLag of every consumer group of the platform's cluster", () => {
      const cluster = Object.values(templateOf(stacks.streaming).Resources).find(
        (resource) => resource.Type === 'AWS::MSK::Cluster',
      )!.Properties.ClusterName as string;
      expect(cluster).toBe('hybrid-lake-prod-kafka');
      expect(linesOf('Consumer groups: lag on MSK (records)')).toEqual([
        [
          expect.objectContaining({
            expression: `SEARCH('{AWS/Kafka,"Cluster Name","Consumer Group",Topic} MetricName="SumOffsetLag" "Cluster Name"="${cluster}"', 'Maximum', 60)`,
          }),
        ],
      ]);
    });

    it('draws the records of every streaming job, by the job names the ETL stack gives them', () => {
      const streamingJobs = Object.values(templateOf(stacks.etl).Resources)
        .filter(
          (resource) =>
            resource.Type === 'AWS::Glue::Job' &&
            resource.Properties.Command.Name === 'gluestreaming',
        )
        .map((resource) => resource.Properties.Name as string);
      const lines = linesOf('Streaming jobs: records per 5 minutes (MSK → raw)').map(metricLine);
      expect(lines.map((line) => line.dimensions.JobName).sort()).toEqual(streamingJobs.sort());
      expect(lines).toHaveLength(platform.topics.length);
      for (const line of lines) {
        expect(line).toMatchObject({
          namespace: 'Glue',
          name: 'glue.driver.streaming.numRecords',
          dimensions: { JobRunId: 'ALL', Type: 'count' },
          options: { stat: 'Sum' },
        });
      }
    });
  });

  describe('transfer and dead letters', () => {
    const queuesOf = (predicate: (properties: Json) => boolean): QueueRef[] =>
      [...templates].flatMap(([stackName, template]) =>
        Object.entries(template.Resources)
          .filter(
            ([, resource]) =>
              resource.Type === 'AWS::SQS::Queue' && predicate(resource.Properties ?? {}),
          )
          .map(([logicalId]) => `${stackName}/${logicalId}`),
      );

    it("draws the transfer's own lag metric and the age of its work queue's oldest event", () => {
      const [lag, age] = linesOf('S3 → ADLS lag (seconds)').map(metricLine);
      expect(lag).toMatchObject({
        namespace: METRIC_NAMESPACE,
        name: 'LagSeconds',
        dimensions: { service: 's3-to-adls' },
        options: { stat: 'Maximum', period: 60 },
      });
      const transferQueues = queuesOf(
        (properties) => properties.RedrivePolicy !== undefined,
      ).filter((queue) => queue.startsWith('hybrid-lake-prod-replication/'));
      expect(transferQueues).toHaveLength(1);
      expect(age).toMatchObject({
        namespace: 'AWS/SQS',
        name: 'ApproximateAgeOfOldestMessage',
        dimensions: { QueueName: `queue:${transferQueues[0]}` },
        options: { stat: 'Maximum', period: 60 },
      });
    });

    it("draws every queue of the platform that is not a work queue: each function's dead letters", () => {
      const lines = linesOf('Dead letters (messages visible)').map(metricLine);
      const deadLetterQueues = queuesOf((properties) => properties.RedrivePolicy === undefined);
      expect(deadLetterQueues).toHaveLength(7);
      expect(lines.map((line) => line.dimensions.QueueName).sort()).toEqual(
        deadLetterQueues.map((queue) => `queue:${queue}`).sort(),
      );
      for (const line of lines) {
        expect(line).toMatchObject({
          namespace: 'AWS/SQS',
          name: 'ApproximateNumberOfMessagesVisible',
          options: { stat: 'Maximum', period: 60 },
        });
      }
      expect(lines.map((line) => line.options.label as string).sort()).toEqual(
        [
          'export-recommendations',
          'failure-alerts',
          'record-activity',
          'register-partitions',
          's3-to-adls',
          'traffic-monitor',
          'warehouse-elt',
        ].map((service) => `hybrid-lake-prod-${service}`),
      );
    });

    it('charts the on-failure queue of the traffic monitor among them', () => {
      const onFailure = Object.keys(templateOf(stacks.streaming).Resources).find((id) =>
        id.startsWith('TrafficMonitorOnFailureQueue'),
      );
      const lines = linesOf('Dead letters (messages visible)').map(metricLine);
      expect(lines).toContainEqual(
        expect.objectContaining({
          dimensions: { QueueName: `queue:hybrid-lake-prod-streaming/${onFailure}` },
          options: expect.objectContaining({ label: 'hybrid-lake-prod-traffic-monitor' }),
        }),
      );
    });
  });

  describe('jobs, alarms and alerts', () => {
    it('shows the state of every alarm of the platform, by name', () => {
      const alarmNames = [...templates].flatMap(([stackName, template]) =>
        stackName === stacks.observability.stackName
          ? []
          : Object.values(template.Resources)
              .filter((resource) => resource.Type === 'AWS::CloudWatch::Alarm')
              .map((resource) => resource.Properties.AlarmName as string),
      );
      expect(alarmNames.length).toBeGreaterThanOrEqual(17);
      const widget = titled('Platform alarms (they reach the alert topic through failure-alerts)');
      expect(widget.type).toBe('alarm');
      expect([...(widget.properties.alarms as string[])].sort()).toEqual(
        alarmNames.map(alarmArn).sort(),
      );
    });

    it("lists the Glue runs the alert fabric reported, from failure-alerts' log group", () => {
      const widget = titled(
        'Glue job runs failed, timed out or stopped (alerts from failure-alerts)',
      );
      expect(widget.type).toBe('log');
      expect(widget.properties.view).toBe('table');
      expect(widget.properties.query).toBe(
        [
          "SOURCE '/aws/lambda/hybrid-lake-prod-failure-alerts' | fields @timestamp, resource as job, severity, message",
          'filter source = "glue-job" and message = "Alert published"',
          'sort @timestamp desc',
          'limit 100',
        ].join('\n| '),
      );
      expect(ALERT_SOURCES).toContain(GLUE_JOB_ALERT_SOURCE);
      expect(ALERT_PUBLISHED_LOG_MESSAGE).toBe('Alert published');
    });

    it('draws the messages published to the alert topic', () => {
      const topicName = Object.values(templateOf(stacks.alerting).Resources).find(
        (resource) => resource.Type === 'AWS::SNS::Topic',
      )!.Properties.TopicName as string;
      expect(linesOf('Alerts published to the alert topic').map(metricLine)).toEqual([
        {
          namespace: 'AWS/SNS',
          name: 'NumberOfMessagesPublished',
          dimensions: { TopicName: topicName },
          options: expect.objectContaining({ stat: 'Sum' }),
        },
      ]);
      expect(topicName).toBe('hybrid-lake-prod-alerts');
    });
  });
});

describe('ObservabilityStack built apart', () => {
  const build = (platform: Platform, extra?: (scope: Stack) => cloudwatch.Alarm[]) => {
    const app = new App();
    const env = { account: '123456789012', region: platform.environment.region };
    const producer = new Stack(app, 'Producer', { env });
    const queue = new sqs.Queue(producer, 'Queue');
    const stack = new ObservabilityStack(app, 'Observability', {
      env,
      platform,
      deadLetterQueues: [{ owner: 'fn', queue }],
      transferQueue: queue,
      alarms: extra?.(producer) ?? [],
    });
    return Template.fromStack(stack);
  };

  it('takes the ceiling from whatever the definition says', () => {
    const platform = loadPlatform('dev');
    const raised: Platform = {
      ...platform,
      trafficMonitor: {
        ...platform.trafficMonitor,
        botRule: { ...platform.trafficMonitor.botRule, maxRequestsPerMinute: 1234 },
      },
    };
    const body = JSON.stringify(build(raised).toJSON());
    expect(body).toContain('\\"horizontal\\":[{\\"value\\":1234,');
    expect(body).not.toContain('\\"value\\":600,');
  });

  it('refuses an alarm without a fixed name: the fabric could not route it', () => {
    expect(() =>
      build(loadPlatform('dev'), (scope) => [
        new cloudwatch.Alarm(scope, 'Unnamed', {
          metric: new cloudwatch.Metric({ namespace: 'N', metricName: 'M' }),
          threshold: 1,
          evaluationPeriods: 1,
        }),
      ]),
    ).toThrow(ObservabilityConfigurationError);
  });

  it('finds the alarms of a scope, and reads their names', () => {
    const app = new App();
    const scope = new Stack(app, 'Scope');
    new cloudwatch.Alarm(scope, 'Named', {
      alarmName: 'hybrid-lake-dev-something',
      metric: new cloudwatch.Metric({ namespace: 'N', metricName: 'M' }),
      threshold: 1,
      evaluationPeriods: 1,
    });
    expect(alarmsIn([scope]).map(fixedAlarmName)).toEqual(['hybrid-lake-dev-something']);
  });
});
