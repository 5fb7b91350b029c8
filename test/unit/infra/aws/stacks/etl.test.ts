import type { Stack } from 'aws-cdk-lib';
import { Match, type Template } from 'aws-cdk-lib/assertions';
import { join, resolve } from 'node:path';
import { rmSync } from 'node:fs';
import {
  ETL_SIZING,
  EtlConfigurationError,
  GLUE_SOURCE_DIRECTORY,
} from '../../../../../infra/aws/stacks/etl';
import { loadPlatform } from '../../../../../infra/platform';
import { glueSourceFixture, synthStreamingApp } from './streaming-stacks';
import { platformAlarmPrefix } from '../../../../../infra/aws/facts/alerting';

type Json = Record<string, any>;

const platform = loadPlatform('prod');
const app = synthStreamingApp({ env: 'prod' });
const template = app.templates.etl;

function job(template: Template, name: string): Json {
  const jobs = Object.values(
    template.findResources('AWS::Glue::Job', { Properties: { Name: name } }),
  );
  expect(jobs).toHaveLength(1);
  return jobs[0]!.Properties as Json;
}

function jobLogicalId(name: string): string {
  const ids = Object.keys(template.findResources('AWS::Glue::Job', { Properties: { Name: name } }));
  expect(ids).toHaveLength(1);
  return ids[0]!;
}

/** `<prefix><account>-eu-west-1<suffix>` as the template joins it. */
const withAccount = (prefix: string, suffix: string) => ({
  'Fn::Join': ['', [prefix, { Ref: 'AWS::AccountId' }, suffix]],
});

/** Every statement of the policy attached to the role whose logical ID starts with `rolePrefix`. */
function statementsOf(rolePrefix: string): Json[] {
  return Object.values(template.findResources('AWS::IAM::Policy'))
    .filter((policy) =>
      (policy.Properties.Roles as Json[]).some((role) => String(role.Ref).startsWith(rolePrefix)),
    )
    .flatMap((policy) => policy.Properties.PolicyDocument.Statement as Json[]);
}

const assetsBucket = { 'Fn::Sub': 'cdk-hnb659fds-assets-${AWS::AccountId}-eu-west-1' };
const commonArguments = {
  '--enable-continuous-cloudwatch-log': 'true',
  '--enable-glue-datacatalog': 'true',
  // Glue turns metrics on by the key's presence; the value is ignored.
  '--enable-metrics': '',
  '--extra-py-files': {
    'Fn::Join': ['', ['s3://', assetsBucket, expect.stringMatching(/^\/[0-9a-f]{64}\.zip$/)]],
  },
};

describe('EtlStack (prod): streaming jobs', () => {
  it.each(platform.topics.map((topic) => [topic.name, topic.dataset]))(
    'reads topic %s into raw/%s with the argument contract of stream_to_raw.py',
    (topic, datasetName) => {
      const dataset = platform.datasets.find((candidate) => candidate.name === datasetName)!;
      const properties = job(template, `hybrid-lake-prod-stream-to-raw-${topic}`);

      expect(properties).toMatchObject({
        Command: { Name: 'gluestreaming', PythonVersion: '3' },
        GlueVersion: '4.0',
        WorkerType: 'G.1X',
        NumberOfWorkers: 2,
        MaxRetries: 2,
        SecurityConfiguration: 'hybrid-lake-prod-raw',
        Connections: { Connections: [{ Ref: expect.stringMatching(/^KafkaConnection/) }] },
      });
      expect(properties.DefaultArguments).toEqual({
        ...commonArguments,
        '--job-language': 'python',
        '--enable-observability-metrics': 'true',
        '--TOPIC': topic,
        '--DATASET': dataset.name,
        '--EVENT_TIME_COLUMN': dataset.eventTimeColumn,
        '--RAW_BUCKET': withAccount('hybrid-lake-prod-raw-', '-eu-west-1'),
        '--CHECKPOINT_LOCATION': withAccount(
          's3://hybrid-lake-prod-raw-',
          `-eu-west-1/_checkpoints/${topic}/`,
        ),
        '--KAFKA_CONNECTION': { Ref: expect.stringMatching(/^KafkaConnection/) },
        '--WINDOW_SECONDS': '60',
        '--PARTITION_KEYS': dataset.partitionKeys.map((key) => key.name).join(','),
      });
    },
  );

  it('partitions daily datasets by day, hourly ones by hour, as their catalog tables do', () => {
    const keys = (topic: string): unknown =>
      job(template, `hybrid-lake-prod-stream-to-raw-${topic}`).DefaultArguments['--PARTITION_KEYS'];

    expect(keys('purchases')).toBe('year,month,day');
    expect(keys('access-events')).toBe('year,month,day,hour');
  });

  it('connects to MSK over TLS with IAM, from the ETL security group inside the VPC', () => {
    template.hasResourceProperties('AWS::Glue::Connection', {
      ConnectionInput: {
        Name: 'hybrid-lake-prod-kafka',
        ConnectionType: 'KAFKA',
        ConnectionProperties: {
          KAFKA_BOOTSTRAP_SERVERS: {
            'Fn::ImportValue': Match.stringLikeRegexp('BootstrapBrokerStringSaslIam'),
          },
          KAFKA_SSL_ENABLED: 'true',
          KAFKA_SASL_MECHANISM: 'AWS_MSK_IAM',
        },
        PhysicalConnectionRequirements: {
          SecurityGroupIdList: [{ 'Fn::ImportValue': Match.stringLikeRegexp('EtlSecurityGroup') }],
          SubnetId: { 'Fn::ImportValue': Match.stringLikeRegexp('privateSubnet1') },
        },
      },
    });
  });

  it("places a streaming job's interfaces only in its connection's subnet and security group", () => {
    const create = statementsOf('StreamToRawRoleaccessevents').filter(
      (statement) => statement.Action === 'ec2:CreateNetworkInterface',
    );

    expect(create).toHaveLength(1);
    const resources = JSON.stringify(create[0]!.Resource);
    expect(resources).toContain(':network-interface/*');
    expect(resources).toMatch(/:security-group\/",\{"Fn::ImportValue":"[^"]*EtlSecurityGroup/);
    expect(resources).toMatch(/:subnet\/",\{"Fn::ImportValue":"[^"]*privateSubnet1/);
    expect(resources).not.toContain('security-group/*');
  });

  it('lets a streaming job consume its own topic only', () => {
    const kafka = statementsOf('StreamToRawRoleaccessevents').filter((statement) =>
      JSON.stringify(statement.Action).includes('kafka-cluster:'),
    );
    const text = JSON.stringify(kafka);

    expect(kafka.map((statement) => statement.Action as string[])).toEqual([
      ['kafka-cluster:Connect', 'kafka-cluster:DescribeCluster'],
      ['kafka-cluster:DescribeTopic', 'kafka-cluster:ReadData'],
      ['kafka-cluster:AlterGroup', 'kafka-cluster:DescribeGroup'],
    ]);
    expect(text).toContain('/access-events"');
    expect(text).not.toContain('web-logs');
    expect(text).toContain('group/hybrid-lake-prod-kafka/*/*');
    expect(text).not.toMatch(/WriteData|CreateTopic|AlterCluster/);
  });
});

describe('EtlStack (prod): streaming jobs stay running', () => {
  const customResources = Object.values(template.findResources('Custom::AWS'));
  const alarms = Object.values(template.findResources('AWS::CloudWatch::Alarm'));

  it.each(platform.topics.map((topic) => [topic.name]))(
    'starts the %s job on deploy, treating a run already going as success',
    (topic) => {
      const jobRef = { Ref: jobLogicalId(`hybrid-lake-prod-stream-to-raw-${topic}`) };
      const starts = customResources.filter((resource) =>
        JSON.stringify(resource.Properties.Create).includes(JSON.stringify(jobRef)),
      );

      expect(starts).toHaveLength(1);
      // AwsCustomResource serialises the SDK call as JSON with the job name joined in.
      const [, parts] = starts[0]!.Properties.Create['Fn::Join'] as [string, unknown[]];
      const call = JSON.parse(
        parts.map((part) => (typeof part === 'string' ? part : 'JOB')).join(''),
      ) as Json;
      expect(call).toMatchObject({
        service: 'Glue',
        action: 'StartJobRun',
        parameters: { JobName: 'JOB' },
        ignoreErrorCodesMatching: 'ConcurrentRunsExceededException',
      });
      expect(starts[0]!.Properties.Update).toEqual(starts[0]!.Properties.Create);
    },
  );

  it('lets the starter start the streaming jobs and nothing else', () => {
    const starter = Object.values(template.findResources('AWS::IAM::Policy')).filter((policy) =>
      JSON.stringify(policy.Properties.PolicyDocument).includes('glue:StartJobRun'),
    );
    const statements = starter.flatMap(
      (policy) => policy.Properties.PolicyDocument.Statement as Json[],
    );

    const jobRefs = platform.topics.map((topic) => ({
      Ref: jobLogicalId(`hybrid-lake-prod-stream-to-raw-${topic.name}`),
    }));

    expect(statements.map((statement) => statement.Action as unknown)).toEqual(
      jobRefs.map(() => 'glue:StartJobRun'),
    );
    expect(statements.map((statement) => statement.Resource as unknown)).toEqual(
      jobRefs.map((ref) => ({
        'Fn::Join': ['', ['arn:aws:glue:eu-west-1:', { Ref: 'AWS::AccountId' }, ':job/', ref]],
      })),
    );
  });

  it.each(platform.topics.map((topic) => [topic.name]))(
    'alarms, through the alert fabric, when the %s job reports no micro-batch for 15 minutes',
    (topic) => {
      const silent = alarms.filter(
        (alarm) => alarm.Properties.AlarmName === `hybrid-lake-prod-stream-to-raw-${topic}-silent`,
      );

      expect(silent).toHaveLength(1);
      expect(silent[0]!.Properties).toMatchObject({
        Namespace: 'Glue',
        MetricName: 'glue.driver.streaming.numRecords',
        Statistic: 'SampleCount',
        Period: 300,
        EvaluationPeriods: 3,
        Threshold: 1,
        ComparisonOperator: 'LessThanThreshold',
        TreatMissingData: 'breaching',
      });
      expect(silent[0]!.Properties.Dimensions).toEqual(
        expect.arrayContaining([
          {
            Name: 'JobName',
            Value: { Ref: jobLogicalId(`hybrid-lake-prod-stream-to-raw-${topic}`) },
          },
          { Name: 'JobRunId', Value: 'ALL' },
          { Name: 'Type', Value: 'count' },
        ]),
      );
      // No direct action: the AlarmRaised rule matches the platform prefix and deduplicates.
      expect(silent[0]!.Properties.AlarmActions).toBeUndefined();
      expect(silent[0]!.Properties.AlarmName).toMatch(
        new RegExp(`^${platformAlarmPrefix(platform)}`),
      );
    },
  );
});

describe('EtlStack (prod): batch jobs', () => {
  it('runs raw_to_clean on Glue 5.0 with bookmarks and the argument contract', () => {
    const properties = job(template, 'hybrid-lake-prod-raw-to-clean');

    expect(properties).toMatchObject({
      Command: { Name: 'glueetl', PythonVersion: '3' },
      GlueVersion: '5.0',
      WorkerType: 'G.1X',
      NumberOfWorkers: 10,
      Timeout: 180,
      MaxRetries: 2,
      SecurityConfiguration: 'hybrid-lake-prod-clean',
    });
    expect(properties.DefaultArguments).toMatchObject({
      ...commonArguments,
      '--job-bookmark-option': 'job-bookmark-enable',
      '--DATASETS': 'access_events,web_logs,transactions,interactions,customers',
      '--RAW_DATABASE': 'hybrid_lake_prod_raw',
      '--CLEAN_BUCKET': withAccount('hybrid-lake-prod-clean-', '-eu-west-1'),
      '--RECORD_ID_COLUMNS':
        'access_events:event_id,web_logs:request_id,transactions:transaction_id,' +
        'interactions:interaction_id,customers:customer_id',
    });
    expect(properties.Connections).toBeUndefined();
  });

  it('runs clean_to_curated with the curated security configuration', () => {
    const properties = job(template, 'hybrid-lake-prod-clean-to-curated');

    expect(properties).toMatchObject({
      Command: { Name: 'glueetl' },
      GlueVersion: '5.0',
      SecurityConfiguration: 'hybrid-lake-prod-curated',
    });
    expect(properties.DefaultArguments).toMatchObject({
      ...commonArguments,
      '--job-bookmark-option': 'job-bookmark-enable',
      '--CLEAN_DATABASE': 'hybrid_lake_prod_clean',
      '--CURATED_DATABASE': 'hybrid_lake_prod_curated',
      '--CURATED_BUCKET': withAccount('hybrid-lake-prod-curated-', '-eu-west-1'),
    });
  });

  it('starts raw_to_clean daily and chains clean_to_curated on its success, in one workflow', () => {
    template.resourceCountIs('AWS::Glue::Workflow', 1);
    template.hasResourceProperties('AWS::Glue::Trigger', {
      Type: 'SCHEDULED',
      Schedule: 'cron(0 2 * * ? *)',
      StartOnCreation: true,
      Actions: [{ JobName: { Ref: Match.stringLikeRegexp('^RawToClean') } }],
      WorkflowName: { Ref: Match.stringLikeRegexp('^BatchWorkflow') },
    });
    template.hasResourceProperties('AWS::Glue::Trigger', {
      Type: 'CONDITIONAL',
      StartOnCreation: true,
      Predicate: {
        Conditions: [
          {
            JobName: { Ref: Match.stringLikeRegexp('^RawToClean') },
            State: 'SUCCEEDED',
            LogicalOperator: 'EQUALS',
          },
        ],
      },
      Actions: [{ JobName: { Ref: Match.stringLikeRegexp('^CleanToCurated') } }],
      WorkflowName: { Ref: Match.stringLikeRegexp('^BatchWorkflow') },
    });
  });

  it('lets raw_to_clean read raw and write clean, and nothing else of the lake', () => {
    const statements = statementsOf('RawToCleanRole');
    const text = JSON.stringify(statements);

    expect(statements).toContainEqual(
      expect.objectContaining({
        Action: ['s3:GetBucketLocation', 's3:GetObject', 's3:ListBucket'],
        Resource: [
          withAccount('arn:aws:s3:::hybrid-lake-prod-raw-', '-eu-west-1'),
          withAccount('arn:aws:s3:::hybrid-lake-prod-raw-', '-eu-west-1/*'),
        ],
      }),
    );
    expect(statements).toContainEqual(
      expect.objectContaining({
        Action: expect.arrayContaining(['s3:PutObject', 's3:DeleteObject']),
        Resource: [
          withAccount('arn:aws:s3:::hybrid-lake-prod-clean-', '-eu-west-1'),
          withAccount('arn:aws:s3:::hybrid-lake-prod-clean-', '-eu-west-1/*'),
        ],
      }),
    );
    expect(text).not.toMatch(/hybrid-lake-prod-(curated|landing)-/);
    expect(text).toContain('logs:AssociateKmsKey');
    expect(text).not.toContain('kafka-cluster');
    expect(text).not.toContain('ec2:');
  });

  it('lets raw_to_clean, and only it, publish Data Quality results and their metrics', () => {
    const publishes = (rolePrefix: string) =>
      statementsOf(rolePrefix).filter((statement) =>
        JSON.stringify(statement.Action).includes('glue:PublishDataQuality'),
      );
    const metricNamespaces = (rolePrefix: string) =>
      statementsOf(rolePrefix)
        .filter((statement) => statement.Action === 'cloudwatch:PutMetricData')
        .map((statement) => statement.Condition.StringEquals['cloudwatch:namespace'] as unknown);

    expect(publishes('RawToCleanRole')).toEqual([
      expect.objectContaining({
        Action: 'glue:PublishDataQuality',
        Resource: {
          'Fn::Join': [
            '',
            ['arn:aws:glue:eu-west-1:', { Ref: 'AWS::AccountId' }, ':dataQualityRuleset/*'],
          ],
        },
      }),
    ]);
    expect(metricNamespaces('RawToCleanRole')).toEqual([['Glue', 'Glue Data Quality']]);
    expect(publishes('CleanToCuratedRole')).toEqual([]);
    expect(metricNamespaces('CleanToCuratedRole')).toEqual(['Glue']);
    expect(publishes('StreamToRawRole')).toEqual([]);
  });

  it('writes the catalog only in the target zone database', () => {
    const catalog = statementsOf('RawToCleanRole').filter((statement) =>
      JSON.stringify(statement.Resource).includes(':glue:'),
    );
    const writers = catalog.filter((statement) =>
      (statement.Action as string[]).includes('glue:BatchCreatePartition'),
    );

    expect(writers).toHaveLength(1);
    expect(JSON.stringify(writers[0]!.Resource)).toContain('database/hybrid_lake_prod_clean');
    expect(JSON.stringify(writers[0]!.Resource)).not.toContain('hybrid_lake_prod_raw');
  });
});

describe('EtlStack: security configurations and sizing', () => {
  it('names security configurations that encrypt logs and bookmarks with KMS', () => {
    const catalog = app.etl.node.scope!.node.findChild('hybrid-lake-prod-catalog') as Stack;
    const names = Object.values(app.templates.etl.findResources('AWS::Glue::Job')).map(
      (resource) => resource.Properties.SecurityConfiguration as string,
    );
    const configurations = (catalog.node.findChild('Encryption') as any)
      .securityConfigurations as Map<string, { name: string; encryptionConfiguration: Json }>;

    for (const name of new Set(names)) {
      const configuration = [...configurations.values()].find(
        (candidate) => candidate.name === name,
      );
      expect(configuration?.encryptionConfiguration).toMatchObject({
        cloudWatchEncryption: { cloudWatchEncryptionMode: 'SSE-KMS' },
        jobBookmarksEncryption: { jobBookmarksEncryptionMode: 'CSE-KMS' },
      });
    }
    expect(app.etl.dependencies).toContain(catalog);
  });

  it('sizes dev on the smallest workers', () => {
    const dev = synthStreamingApp({ env: 'dev' }).templates.etl;

    expect(job(dev, 'hybrid-lake-dev-stream-to-raw-purchases')).toMatchObject({
      WorkerType: 'G.025X',
      NumberOfWorkers: ETL_SIZING.dev.streaming.numberOfWorkers,
    });
    expect(job(dev, 'hybrid-lake-dev-raw-to-clean')).toMatchObject({
      WorkerType: 'G.1X',
      NumberOfWorkers: 2,
      Timeout: 60,
      MaxRetries: 1,
    });
  });

  it('packages the scripts of infra/glue by default', () => {
    expect(GLUE_SOURCE_DIRECTORY).toBe(resolve(__dirname, '../../../../../infra/glue'));
  });

  it('names the missing script when one is absent', () => {
    const source = glueSourceFixture();
    rmSync(join(source, 'jobs', 'raw_to_clean.py'));

    expect(() => synthWith(source)).toThrow(EtlConfigurationError);
    expect(() => synthWith(source)).toThrow(/raw_to_clean\.py is missing/);
  });
});

function synthWith(glueSourceDirectory: string): void {
  synthStreamingApp({ env: 'dev' }, { glueSourceDirectory });
}
