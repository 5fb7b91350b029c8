import { Tags, Validations, type App } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { loadPlatform, stackName, type Platform } from '../platform';
import { failureAlertsFunctionName } from './facts/alerting';
import { registrationFunctionName } from './facts/catalog';
import { activityFunctionName, exportFunctionName } from './facts/recommendations';
import { transferFunctionName } from './facts/replication';
import { trafficMonitorFunctionName } from './facts/traffic';
import { SQL_SOURCE_DIRECTORY, eltFunctionName } from './facts/warehouse';
import { dataRemovalPolicy, readDeployOptions } from './options/deploy-options';
import { AlertingStack } from './stacks/alerting';
import { CatalogStack } from './stacks/catalog';
import { DataLakeStack } from './stacks/data-lake';
import { EtlStack } from './stacks/etl';
import { NetworkStack } from './stacks/network';
import { ObservabilityStack, alarmsIn } from './stacks/observability';
import { MarketplaceApiStack } from './stacks/marketplace-api';
import { ReplicationStack } from './stacks/replication';
import { StreamingStack } from './stacks/streaming';
import { WarehouseStack } from './stacks/warehouse';

export interface PlatformStacks {
  readonly platform: Platform;
  readonly alerting: AlertingStack;
  readonly dataLake: DataLakeStack;
  readonly catalog: CatalogStack;
  readonly replication: ReplicationStack;
  readonly network: NetworkStack;
  readonly streaming: StreamingStack;
  readonly etl: EtlStack;
  readonly warehouse: WarehouseStack;
  readonly marketplaceApi: MarketplaceApiStack;
  readonly observability: ObservabilityStack;
}

/**
 * Adds every stack of the platform to `app`, for the environment chosen with `-c env=…`.
 * cdk-nag runs as a policy-validation plugin, so an unacknowledged finding fails `cdk synth`
 * and `cdk deploy`.
 */
export function addPlatformStacks(app: App): PlatformStacks {
  const options = readDeployOptions(app);
  const platform = loadPlatform(options.environmentName);
  const removalPolicy = dataRemovalPolicy(platform, options, app);
  const stackProps = {
    platform,
    env: {
      account: platform.environment.account ?? process.env.CDK_DEFAULT_ACCOUNT,
      region: platform.environment.region,
    },
    // Stacks that hold retained data cannot be deleted by accident.
    terminationProtection: !platform.environment.dataMayBeDestroyed,
  };

  const alerting = new AlertingStack(app, stackName(platform, 'alerting'), {
    ...stackProps,
    description:
      'hybrid-lake: failure alerts (EventBridge rules, dedupe, failure-alerts Lambda) to a KMS-encrypted SNS topic',
    alertEmail: options.alertEmail,
    removalPolicy,
  });
  const dataLake = new DataLakeStack(app, stackName(platform, 'data-lake'), {
    ...stackProps,
    description:
      'hybrid-lake: S3 data lake zones with encryption, versioning, logging and lifecycle',
    dataRemovalPolicy: removalPolicy,
  });
  const catalog = new CatalogStack(app, stackName(platform, 'catalog'), {
    ...stackProps,
    description:
      'hybrid-lake: Glue Data Catalog (encrypted), security configurations, partition registration',
    zoneBuckets: dataLake.zoneBuckets,
    removalPolicy,
  });
  const network = new NetworkStack(app, stackName(platform, 'network'), {
    ...stackProps,
    description:
      'hybrid-lake: VPC (isolated subnets, VPC endpoints, flow logs; NAT egress with Elastic IPs for the transfer function)',
    removalPolicy,
  });
  const replication = new ReplicationStack(app, stackName(platform, 'replication'), {
    ...stackProps,
    description: 'hybrid-lake: S3 → ADLS Gen2 mirror (EventBridge, SQS, transfer Lambda, alarms)',
    zoneBuckets: dataLake.zoneBuckets,
    egress: network.transferEgress,
    removalPolicy,
  });
  const streaming = new StreamingStack(app, stackName(platform, 'streaming'), {
    ...stackProps,
    description:
      'hybrid-lake: Amazon MSK (IAM auth, TLS, KMS), the Kafka topics of the definition and the traffic monitor',
    vpc: network.vpc,
    clientSecurityGroup: network.etlSecurityGroup,
    producerSecurityGroup: network.apiSecurityGroup,
    endpointSecurityGroup: network.endpointSecurityGroup,
    removalPolicy,
  });
  const etl = new EtlStack(app, stackName(platform, 'etl'), {
    ...stackProps,
    description: 'hybrid-lake: Glue jobs (MSK → raw streaming, raw → clean → curated workflow)',
    zoneBuckets: dataLake.zoneBuckets,
    catalogKey: catalog.encryption.key,
    securityConfigurations: catalog.encryption.securityConfigurations,
    vpc: network.vpc,
    etlSecurityGroup: network.etlSecurityGroup,
    kafka: streaming.kafka,
  });
  const warehouse = new WarehouseStack(app, stackName(platform, 'warehouse'), {
    ...stackProps,
    description:
      'hybrid-lake: Redshift Serverless (KMS, audit logs, isolated subnets), COPY role, migrations on deploy, daily ELT',
    zoneBuckets: dataLake.zoneBuckets,
    catalogKey: catalog.encryption.key,
    vpc: network.vpc,
    cleanToCuratedJobName: etl.cleanToCurated.jobName,
    removalPolicy,
  });
  const marketplaceApi = new MarketplaceApiStack(app, stackName(platform, 'marketplace-api'), {
    ...stackProps,
    description:
      'hybrid-lake: the marketplace API (API Gateway REST, IAM auth, WAF) putting purchases and interactions on Kafka, and the recent activity the recommendations read',
    kafka: streaming.kafka,
    vpc: network.vpc,
    apiSecurityGroup: network.apiSecurityGroup,
    warehouse: {
      workgroupName: warehouse.serverless.workgroup.workgroupName,
      workgroupArn: warehouse.serverless.workgroupArn,
      databaseName: warehouse.databaseName,
      sqlDirectory: SQL_SOURCE_DIRECTORY,
      eltFunctionArn: warehouse.elt.function.function.functionArn,
    },
    removalPolicy,
  });

  const observability = new ObservabilityStack(app, stackName(platform, 'observability'), {
    ...stackProps,
    description:
      'hybrid-lake: the CloudWatch dashboard of the pipeline and the business (traffic, audience, lag, dead letters, jobs, alerts)',
    deadLetterQueues: [
      { owner: failureAlertsFunctionName(platform), queue: alerting.failureAlerts.deadLetterQueue },
      {
        owner: registrationFunctionName(platform),
        queue: catalog.registration.queue.deadLetterQueue,
      },
      { owner: transferFunctionName(platform), queue: replication.queue.deadLetterQueue },
      {
        owner: trafficMonitorFunctionName(platform),
        queue: streaming.trafficMonitor.onFailureQueue,
      },
      { owner: eltFunctionName(platform), queue: warehouse.elt.deadLetterQueue },
      {
        owner: activityFunctionName(platform),
        queue: marketplaceApi.recordActivity.onFailureQueue,
      },
      {
        owner: exportFunctionName(platform),
        queue: marketplaceApi.recommendationExport.deadLetterQueue,
      },
    ],
    transferQueue: replication.queue.queue,
    alarms: alarmsIn([
      alerting,
      dataLake,
      catalog,
      network,
      replication,
      streaming,
      etl,
      warehouse,
      marketplaceApi,
    ]),
  });

  Tags.of(app).add('project', platform.project);
  Tags.of(app).add('environment', platform.environmentName);
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true }));
  return {
    platform,
    alerting,
    dataLake,
    catalog,
    replication,
    network,
    streaming,
    etl,
    warehouse,
    marketplaceApi,
    observability,
  };
}
