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
      '--DATASETS': platform.datasets.map((dataset) => dataset.name).join(','),
      '--RAW_DATABASE': 'hybrid_lake_prod_raw',
      '--CLEAN_BUCKET': withAccount('hybrid-lake-prod-clean-', '-eu-west-1'),
      '--RECORD_ID_COLUMNS': platform.datasets
        .map((dataset) => `${dataset.name}:${dataset.recordIdColumn}`)
        .join(','),
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
