import { existsSync } from 'node:fs';
import { join } from 'node:path';
import {
  Stack,
  type StackProps,
  type aws_ec2 as ec2,
  aws_glue as glue,
  type aws_kms as kms,
  type aws_s3 as s3,
  aws_s3_assets as assets,
  CrossStackReferences,
  ReferenceStrength,
} from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import {
  bucketName,
  catalogDatabaseName,
  resourcePrefix,
  type Platform,
  type ZoneName,
} from '../../platform';
import { EtlJobRole, type ZoneAccess } from '../constructs/etl-job-role';
import {
  BATCH_GLUE_VERSION,
  ETL_SIZING,
  STREAMING_GLUE_VERSION,
  type EtlSizing,
} from '../props/etl-settings';
import { acknowledgeSecurityConfigurationByName } from '../nag/etl-nag';
import { nagName } from '../nag/nag-names';
import { StreamingJobWatch } from '../constructs/streaming-job-watch';
import { acknowledgeAwsCustomResourceFunction } from '../nag/aws-custom-resource-nag';
import {
  GLUE_SOURCE_DIRECTORY,
  cleanToCuratedArguments,
  etlJobNames,
  rawToCleanArguments,
} from '../facts/etl';

export { BATCH_GLUE_VERSION, ETL_SIZING, STREAMING_GLUE_VERSION, type EtlSizing };

/** What the ETL jobs need of the Kafka cluster (`StreamingStack.kafka`). */
export interface KafkaClusterAccess {
  readonly clusterArn: string;
  readonly bootstrapBrokersSaslIam: string;
  topicArn(topicName: string): string;
  groupArn(pattern: string): string;
}

export { GLUE_SOURCE_DIRECTORY };

/** Seconds of records each streaming micro-batch collects before it writes (`--WINDOW_SECONDS`). */
export const STREAM_WINDOW_SECONDS = 60;

export interface EtlStackProps extends StackProps {
  readonly platform: Platform;
  /** `DataLakeStack.zoneBuckets`; each carries its KMS key. */
  readonly zoneBuckets: Readonly<Record<ZoneName, s3.IBucket>>;
  /** `CatalogStack.encryption.key`. */
  readonly catalogKey: kms.IKey;
  /** `CatalogStack.encryption.securityConfigurations`: a job runs with the one of the zone it writes. */
  readonly securityConfigurations: ReadonlyMap<ZoneName, glue.CfnSecurityConfiguration>;
  readonly vpc: ec2.IVpc;
  /** `NetworkStack.etlSecurityGroup`: the group the brokers admit. */
  readonly etlSecurityGroup: ec2.ISecurityGroup;
  /** `StreamingStack.kafka`. */
  readonly kafka: KafkaClusterAccess;
  /** Where `jobs/*.py` and `hybrid_lake_etl/` are. @default GLUE_SOURCE_DIRECTORY */
  readonly glueSourceDirectory?: string;
  /** @default ETL_SIZING[platform.environmentName] */
  readonly sizing?: EtlSizing;
  /** When the batch chain starts. @default daily at 02:00 UTC */
  readonly schedule?: glue.TriggerSchedule;
}

/** The ETL stack cannot be built from what it was given. */
export class EtlConfigurationError extends Error {
  override readonly name = 'EtlConfigurationError';
}

/**
 * The Glue jobs of the lake: one streaming job per topic (MSK → raw), then a daily chain
 * raw → clean → curated in one workflow. Each job has its own least-privilege role and runs with
 * the security configuration of the zone it writes.
 */
export class EtlStack extends Stack {
  readonly connection: glue.Connection;
  /** By topic name. */
  readonly streamingJobs: ReadonlyMap<string, glue.PySparkStreamingJob>;
  readonly rawToClean: glue.PySparkEtlJob;
  readonly cleanToCurated: glue.PySparkEtlJob;
  readonly workflow: glue.Workflow;
  /** The role of every job. */
  readonly roles: EtlJobRole[];

  constructor(scope: Construct, id: string, props: EtlStackProps) {
    super(scope, id, props);
    // Strong (exports): the lake, catalog, network and streaming stacks cannot be deleted while jobs use them.
    CrossStackReferences.of(this).consume(ReferenceStrength.STRONG);
    const { platform } = props;
    const prefix = resourcePrefix(platform);
    const jobNames = etlJobNames(platform);
    const sizing = props.sizing ?? ETL_SIZING[platform.environmentName];
    const sourceDirectory = props.glueSourceDirectory ?? GLUE_SOURCE_DIRECTORY;
    const configurations = new Map<ZoneName, glue.ISecurityConfiguration>();
    const securityConfiguration = (zone: ZoneName) => {
      const known = configurations.get(zone);
      if (known) return known;
      const configuration = this.securityConfiguration(props, zone);
      configurations.set(zone, configuration);
      return configuration;
    };
    const bucket = (zone: ZoneName) => bucketName(platform, zone, this.account, this.region);
    const zoneAccess = (zone: ZoneName): ZoneAccess => {
      const key = props.zoneBuckets[zone].encryptionKey;
      if (!key) throw new EtlConfigurationError(`the ${zone} bucket carries no KMS key`);
      return { bucketName: bucket(zone), key };
    };
    this.roles = [];

    const script = (name: string) => {
      const path = join(sourceDirectory, 'jobs', `${name}.py`);
      if (!existsSync(path))
        throw new EtlConfigurationError(`the Glue job script ${path} is missing`);
      return glue.Code.fromAsset(path);
    };
    // Glue puts a zip given in --extra-py-files on the Python path: hybrid_lake_etl/ at its root.
    const helpers = new assets.Asset(this, 'HelperModule', {
      path: sourceDirectory,
      exclude: ['jobs', 'tests', '**/__pycache__', '*.pyc'],
    });
    const helperCode = glue.Code.fromBucket(helpers.bucket, helpers.s3ObjectKey);
    const common = {
      extraPythonFiles: [helperCode],
      continuousLogging: { enabled: true },
      enableMetrics: true,
      maxRetries: sizing.maxRetries,
    };

    const subnet = props.vpc.isolatedSubnets[0];
    if (!subnet) throw new EtlConfigurationError('the VPC has no isolated subnet for Glue');
    this.connection = new glue.Connection(this, 'KafkaConnection', {
      connectionName: `${prefix}-kafka`,
      type: glue.ConnectionType.KAFKA,
      description: 'MSK over TLS with IAM authentication, from inside the VPC',
      properties: {
        KAFKA_BOOTSTRAP_SERVERS: props.kafka.bootstrapBrokersSaslIam,
        KAFKA_SSL_ENABLED: 'true',
        KAFKA_SASL_MECHANISM: 'AWS_MSK_IAM',
      },
      network: glue.ConnectionNetwork.subnet(subnet),
      securityGroups: [props.etlSecurityGroup],
    });

    const streamingJobs = new Map<string, glue.PySparkStreamingJob>();
    const streamScript = script('stream_to_raw');
    for (const topic of platform.topics) {
      const dataset = platform.datasets.find((candidate) => candidate.name === topic.dataset);
      if (!dataset) throw new EtlConfigurationError(`topic ${topic.name} names no dataset`);
      const access = new EtlJobRole(this, `StreamToRawRole-${topic.name}`, {
        description: `Glue stream_to_raw for topic ${topic.name}`,
        reads: [],
        writes: [zoneAccess('raw')],
        catalogKey: props.catalogKey,
        catalog: [{ database: catalogDatabaseName(platform, 'raw'), write: false }],
        kafka: {
          clusterArn: props.kafka.clusterArn,
          topicArn: props.kafka.topicArn(topic.name),
          groupArn: props.kafka.groupArn('*'),
        },
        network: {
          connectionName: this.connection.connectionName,
          subnets: [subnet],
          securityGroups: [props.etlSecurityGroup],
        },
      });
      this.roles.push(access);
      const job = new glue.PySparkStreamingJob(this, `StreamToRaw-${topic.name}`, {
        ...common,
        jobName: jobNames.streaming(topic.name),
        description: `Kafka topic ${topic.name} → raw/${dataset.name}`,
        script: streamScript,
        role: access.role,
        glueVersion: STREAMING_GLUE_VERSION,
        workerConfiguration: sizing.streaming,
        connections: [this.connection],
        securityConfiguration: securityConfiguration('raw'),
        defaultArguments: {
          '--TOPIC': topic.name,
          '--DATASET': dataset.name,
          '--EVENT_TIME_COLUMN': dataset.eventTimeColumn,
          '--RAW_BUCKET': bucket('raw'),
          '--CHECKPOINT_LOCATION': `s3://${bucket('raw')}/_checkpoints/${topic.name}/`,
          '--KAFKA_CONNECTION': this.connection.connectionName,
          '--WINDOW_SECONDS': String(STREAM_WINDOW_SECONDS),
          // Daily datasets have no hour level: the raw paths must match the catalog table.
          '--PARTITION_KEYS': dataset.partitionKeys.map((key) => key.name).join(','),
          '--enable-glue-datacatalog': 'true',
        },
      });
      streamingJobs.set(topic.name, job);
      new StreamingJobWatch(this, `Watch-${topic.name}`, {
        job,
        alarmName: `${jobNames.streaming(topic.name)}-silent`,
      });
    }
    acknowledgeAwsCustomResourceFunction(this, 'glue:StartJobRun on each streaming job');
    this.streamingJobs = streamingJobs;

    const batch = {
      ...common,
      glueVersion: BATCH_GLUE_VERSION,
      workerConfiguration: sizing.batch,
      timeout: sizing.batchTimeout,
    };
    const batchArguments = {
      '--job-bookmark-option': 'job-bookmark-enable',
      '--enable-glue-datacatalog': 'true',
    };
    this.rawToClean = new glue.PySparkEtlJob(this, 'RawToClean', {
      ...batch,
      jobName: jobNames.rawToClean,
      description: 'raw → clean: typed, validated, deduplicated by record id',
      script: script('raw_to_clean'),
      // raw_to_clean.py evaluates each dataset's ruleset and publishes the outcome.
      role: this.batchRole('RawToCleanRole', props, zoneAccess, 'raw', 'clean', true).role,
      securityConfiguration: securityConfiguration('clean'),
      defaultArguments: {
        ...batchArguments,
        ...rawToCleanArguments(platform, bucket('clean')),
      },
    });
    this.cleanToCurated = new glue.PySparkEtlJob(this, 'CleanToCurated', {
      ...batch,
      jobName: jobNames.cleanToCurated,
      description: 'clean → curated: analytics-ready aggregates',
      script: script('clean_to_curated'),
      role: this.batchRole('CleanToCuratedRole', props, zoneAccess, 'clean', 'curated').role,
      securityConfiguration: securityConfiguration('curated'),
      defaultArguments: {
        ...batchArguments,
        ...cleanToCuratedArguments(platform, bucket('curated')),
      },
    });

    this.workflow = new glue.Workflow(this, 'BatchWorkflow', {
      workflowName: `${prefix}-batch`,
      description: 'raw → clean, then clean → curated when it succeeds',
      maxConcurrentRuns: 1,
    });
    this.workflow.addScheduledTrigger('Schedule', {
      name: `${prefix}-raw-to-clean-schedule`,
      schedule: props.schedule ?? glue.TriggerSchedule.cron({ minute: '0', hour: '2' }),
      actions: [glue.Action.job(this.rawToClean)],
      startOnCreation: true,
    });
    this.workflow.addConditionalTrigger('AfterRawToClean', {
      name: `${prefix}-clean-to-curated-after-raw-to-clean`,
      predicate: {
        conditions: [glue.Condition.job(this.rawToClean, glue.JobState.SUCCEEDED)],
      },
      actions: [glue.Action.job(this.cleanToCurated)],
      startOnCreation: true,
    });

    for (const job of [...streamingJobs.values(), this.rawToClean, this.cleanToCurated]) {
      acknowledgeSecurityConfigurationByName(job);
    }
    // Every job reads its script and the helper zip from the CDK assets bucket (read-only grant).
    const assetObjects = `Resource::${nagName(this, helpers.bucket.arnForObjects('*'))}`;
    for (const role of this.roles) {
      role.acknowledgeWildcard(
        assetObjects,
        'Objects of the CDK assets bucket: the job scripts and helper module, read-only.',
      );
      for (const action of ['s3:GetObject*', 's3:GetBucket*', 's3:List*']) {
        role.acknowledgeWildcard(
          `Action::${action}`,
          'The read-only grant CDK gives a Glue job on its script assets; no zone bucket is granted a wildcard action.',
        );
      }
    }
  }

  private batchRole(
    id: string,
    props: EtlStackProps,
    zoneAccess: (zone: ZoneName) => ZoneAccess,
    source: ZoneName,
    target: ZoneName,
    publishesDataQuality = false,
  ): EtlJobRole {
    const role = new EtlJobRole(this, id, {
      description: `Glue ${source} to ${target}`,
      reads: [zoneAccess(source)],
      writes: [zoneAccess(target)],
      catalogKey: props.catalogKey,
      catalog: [
        { database: catalogDatabaseName(props.platform, source), write: false },
        { database: catalogDatabaseName(props.platform, target), write: true },
      ],
      publishesDataQuality,
    });
    this.roles.push(role);
    return role;
  }

  private securityConfiguration(props: EtlStackProps, zone: ZoneName): glue.ISecurityConfiguration {
    const configuration = props.securityConfigurations.get(zone);
    if (configuration?.name === undefined) {
      throw new EtlConfigurationError(`no Glue security configuration for the ${zone} zone`);
    }
    // The configuration is referenced by name, which creates no dependency by itself.
    const owner = Stack.of(configuration);
    if (owner !== this) this.addStackDependency(owner);
    return glue.SecurityConfiguration.fromSecurityConfigurationName(
      this,
      `SecurityConfiguration-${zone}`,
      configuration.name,
    );
  }
}
