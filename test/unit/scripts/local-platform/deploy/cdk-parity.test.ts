/**
 * The local deployment against the synthesized CDK app: every setting the local runtime takes
 * from a function spec or a local rule is the one CloudFormation gets.
 */
import type { Stack } from 'aws-cdk-lib';
import { bucketName } from '../../../../../infra/platform';
import type {
  LocalDeployment,
  LocalFunctionSpec,
  QueueRef,
} from '../../../../../scripts/local-platform/deployment';
import { localFabricAlarmArnPrefix } from '../../../../../scripts/local-platform/deploy/alerting';
import { renderEventPattern } from '../../../../../scripts/local-platform/deploy/event-pattern';
import {
  ASYNC_INVOKE_SETTINGS,
  asyncTrigger,
  eltSpec,
  failureAlertsSpec,
  migrationsSpec,
  recordActivitySpec,
  recommendationExportSpec,
  registrationSpec,
  trafficMonitorSpec,
  transferSpec,
} from '../../../../../scripts/local-platform/deploy/function-specs';
import { defaultBusArn } from '../../../../../scripts/local-platform/deploy/async-trigger';
import { migrationsCreateEvent } from '../../../../../scripts/local-platform/deploy/migrations-event';
import {
  ingestSpec,
  marketplaceApiRoutes,
  recommendSpec,
} from '../../../../../scripts/local-platform/deploy/marketplace-api';
import {
  recentActivityTableName,
  recommendFunctionName,
  recommendationModelTableName,
} from '../../../../../infra/aws/facts/recommendations';
import { synth } from '../../../../fixtures/synth';
import {
  failureRules,
  dedupeTableName,
  failureRuleName,
  alertTopicName,
} from '../../../../../infra/aws/facts/alerting';
import {
  MIGRATIONS_LOGICAL_ID,
  eltFunctionName,
  eltRuleName,
  eltTriggerPattern,
} from '../../../../../infra/aws/facts/warehouse';
import { etlJobNames } from '../../../../../infra/aws/facts/etl';
import {
  exportRuleName,
  exportTriggerPattern,
} from '../../../../../infra/aws/facts/recommendation-export';

type Json = Record<string, any>;

const synthesized = synth();
const {
  platform,
  alerting,
  replication,
  catalog,
  warehouse: warehouseStack,
  etl,
  streaming,
  marketplaceApi,
} = synthesized.stacks;
const templateOf = (stack: Stack): Json =>
  synthesized.assembly.getStackByName(stack.stackName).template as Json;

/** The account a deployment resolves `AWS::AccountId` to, and the definition's region. */
const ACCOUNT = '123456789012';
const REGION = platform.environment.region;

/** The template's `Fn::Join`s of pseudo parameters, as a deployment in ACCOUNT resolves them. */
function resolvePseudo(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(resolvePseudo);
  if (typeof value !== 'object' || value === null) return value;
  const pseudo: Record<string, string> = {
    'AWS::AccountId': ACCOUNT,
    'AWS::Region': REGION,
    'AWS::Partition': 'aws',
  };
  const ref = (value as { Ref?: string }).Ref;
  if (ref !== undefined && pseudo[ref] !== undefined) return pseudo[ref];
  const join = (value as { 'Fn::Join'?: [string, unknown[]] })['Fn::Join'];
  if (join) {
    return join[1]
      .map((part) => {
        const ref = (part as { Ref?: string }).Ref;
        return ref !== undefined && pseudo[ref] !== undefined ? pseudo[ref] : part;
      })
      .join(join[0]);
  }
  return Object.fromEntries(
    Object.entries(value).map(([key, inner]) => [key, resolvePseudo(inner)]),
  );
}

const queue = (name: string): QueueRef => ({
  name,
  url: `http://127.0.0.1:4566/000000000000/${name}`,
  arn: `arn:aws:sqs:us-east-1:000000000000:${name}`,
});
const local = { localBatchingWindowSeconds: 1, visibilityTimeoutSeconds: 5 };
const buckets = Object.fromEntries(
  platform.zones.map((zone) => [zone.name, bucketName(platform, zone.name, ACCOUNT, REGION)]),
) as LocalDeployment['buckets'];
const warehouseTarget: LocalDeployment['warehouse'] = {
  workgroupName: 'hybrid-lake-dev',
  database: platform.environment.warehouse.databaseName,
  copyRoleArn: 'arn:aws:iam::000000000000:role/hybrid-lake-dev-warehouse-copy',
  eltFunctionArn: 'arn:aws:lambda:us-east-1:000000000000:function:hybrid-lake-dev-warehouse-elt',
  ml: {
    roleArn: 'arn:aws:iam::000000000000:role/hybrid-lake-dev-warehouse-ml',
    bucketName: bucketName(platform, 'warehouse-ml', ACCOUNT, REGION),
    keyArn: 'arn:aws:kms:us-east-1:000000000000:key/hybrid-lake-dev-warehouse-ml',
  },
};
const SECRET = 'arn:aws:secretsmanager:us-east-1:000000000000:secret:local-AbC123';

/** Each local spec with the stack that deploys the function. */
const specs: readonly [LocalFunctionSpec, Stack][] = [
  [
    transferSpec(platform, {
      ...local,
      queue: queue('transfer'),
      deadLetterQueue: queue('transfer-dlq'),
      accountId: ACCOUNT,
      accountUrl: 'http://127.0.0.1:10000/devstoreaccount1',
      tenantId: 'local-tenant',
      sharedKeySecretArn: SECRET,
    }),
    replication,
  ],
  [
    registrationSpec(platform, {
      ...local,
      queue: queue('registration'),
      deadLetterQueue: queue('registration-dlq'),
      accountId: ACCOUNT,
    }),
    catalog,
  ],
  [
    failureAlertsSpec(platform, {
      topicArn: 'arn:aws:sns:us-east-1:000000000000:hybrid-lake-dev-alerts',
      dedupeTableName: dedupeTableName(platform),
      trigger: asyncTrigger(
        queue('alerts'),
        queue('alerts-dlq'),
        ASYNC_INVOKE_SETTINGS.failureAlerts,
      ),
    }),
    alerting,
  ],
  [
    eltSpec(platform, {
      warehouse: warehouseTarget,
      buckets,
      trigger: asyncTrigger(
        queue('elt'),
        queue('elt-dlq'),
        ASYNC_INVOKE_SETTINGS.elt,
        defaultBusArn({ region: REGION, accountId: ACCOUNT }),
      ),
    }),
    warehouseStack,
  ],
  [
    migrationsSpec(platform, { warehouse: warehouseTarget, adminSecretArn: SECRET }),
    warehouseStack,
  ],
  [
    trafficMonitorSpec(platform, {
      stateTableName: 'hybrid-lake-dev-traffic-monitor-minutes',
      onFailure: queue('hybrid-lake-dev-traffic-monitor-on-failure'),
      clusterArn: 'arn:aws:kafka:eu-west-1:000000000000:cluster/hybrid-lake-dev-kafka/local',
      localBatchingWindowSeconds: 0.25,
    }),
    streaming,
  ],
  [
    ingestSpec(platform, {
      idempotencyTableName: 'hybrid-lake-dev-ingest-events-idempotency',
      kafka: {
        bootstrapServers: '127.0.0.1:9098',
        auth: { mode: 'iam', caFile: '/tmp/hybrid-lake-kafka-ca.pem' },
      },
    }),
    marketplaceApi,
  ],
  [
    recordActivitySpec(platform, {
      tableName: 'hybrid-lake-dev-recent-activity',
      onFailure: queue('hybrid-lake-dev-record-activity-on-failure'),
      clusterArn: 'arn:aws:kafka:eu-west-1:000000000000:cluster/hybrid-lake-dev-kafka/local',
      localBatchingWindowSeconds: 0.25,
    }),
    marketplaceApi,
  ],
  [
    recommendSpec(platform, {
      recentActivityTableName: recentActivityTableName(platform),
      modelTableName: recommendationModelTableName(platform),
    }),
    marketplaceApi,
  ],
  [
    recommendationExportSpec(platform, {
      warehouse: warehouseTarget,
      modelTableName: recommendationModelTableName(platform),
      trigger: asyncTrigger(
        queue('export'),
        queue('export-dlq'),
        ASYNC_INVOKE_SETTINGS.recommendationExport,
      ),
    }),
    marketplaceApi,
  ],
];

/** Variables whose local value points at a local resource (or says how to reach it). */
const LOCAL_VALUES = new Set([
  'ADLS_ACCOUNT_URL',
  'ADLS_AUTH_MODE',
  'AZURE_TENANT_ID',
  'AZURE_CLIENT_ID',
  'ALERT_TOPIC_ARN',
  'DEDUPE_TABLE_NAME',
  'WAREHOUSE_WORKGROUP',
  'WAREHOUSE_SECRET_ARN',
  'SQL_DIRECTORY',
  'CLEAN_BUCKET',
  'CURATED_BUCKET',
  'COPY_ROLE_ARN',
  'ML_ROLE_ARN',
  'ML_BUCKET',
  'ML_KMS_KEY_ID',
  'COPY_FORMAT',
  'STATE_TABLE_NAME',
  'KAFKA_BOOTSTRAP_SERVERS',
  'IDEMPOTENCY_TABLE_NAME',
  'RECENT_ACTIVITY_TABLE_NAME',
  'RECOMMENDATION_MODEL_TABLE_NAME',
]);
/**
 * Variables only the local deployment sets: shared-key auth exists for the emulator only, and the
 * emulator's Kafka listener has a private certificate authority (MSK's chains to Amazon's).
 */
const LOCAL_ONLY = new Set(['ADLS_SHARED_KEY_SECRET_ARN', 'NODE_EXTRA_CA_CERTS']);

function resourcesOf(template: Json, type: string): [string, Json][] {
  return Object.entries(template.Resources as Json).filter(
    ([, resource]) => (resource as Json).Type === type,
  ) as [string, Json][];
}

function onlyOne<T>(found: T[], what: string): T {
  if (found.length !== 1) throw new Error(`expected one ${what}, found ${found.length}`);
  return found[0]!;
}

function functionOf(template: Json, functionName: string): [string, Json] {
  return onlyOne(
    resourcesOf(template, 'AWS::Lambda::Function').filter(
      ([, resource]) => resource.Properties.FunctionName === functionName,
    ),
    `function ${functionName}`,
  );
}

function referencing(template: Json, type: string, functionId: string): Json[] {
  return resourcesOf(template, type)
    .filter(([, resource]) => resource.Properties.FunctionName?.Ref === functionId)
    .map(([, resource]) => resource.Properties as Json);
}

describe.each(specs.map(([spec, stack]) => [spec.functionName, spec, stack] as const))(
  '%s',
  (_name, spec, stack) => {
    const template = templateOf(stack);
    const [functionId, fn] = functionOf(template, spec.functionName);
    const properties = fn.Properties as Json;

    it('has the timeout, memory and reserved concurrency of the deployed function', () => {
      // An SQS-triggered function's local timeout is its queue's short visibility timeout.
      const timeout = Number(properties.Timeout);
      expect(spec.timeoutSeconds).toBe(
        spec.trigger.kind === 'sqs' ? Math.min(timeout, local.visibilityTimeoutSeconds) : timeout,
      );
      expect(spec.memoryMiB).toBe(properties.MemorySize);
      expect(spec.reservedConcurrency).toBe(properties.ReservedConcurrentExecutions);
    });

    it('sets the deployed variables, with the deployed values where they are not local resources', () => {
      const deployed = properties.Environment.Variables as Record<string, unknown>;
      const names = Object.keys(spec.environment).filter((name) => !LOCAL_ONLY.has(name));

      expect(names.sort()).toEqual(Object.keys(deployed).sort());
      for (const name of names.filter((candidate) => !LOCAL_VALUES.has(candidate)))
        expect([name, spec.environment[name]]).toEqual([name, resolvePseudo(deployed[name])]);
    });

    it('is triggered as deployed', () => {
      const { trigger } = spec;
      const mappings = referencing(template, 'AWS::Lambda::EventSourceMapping', functionId);
      const invokeConfigs = referencing(template, 'AWS::Lambda::EventInvokeConfig', functionId);
      if (trigger.kind === 'sqs') {
        const mapping = onlyOne(mappings, 'event source mapping');
        expect(trigger.batchSize).toBe(mapping.BatchSize);
        expect(mapping.FunctionResponseTypes).toEqual(['ReportBatchItemFailures']);
        expect(trigger.maxConcurrency).toBe(mapping.ScalingConfig?.MaximumConcurrency);
        const queueId = mapping.EventSourceArn['Fn::GetAtt'][0] as string;
        const redrive = template.Resources[queueId].Properties.RedrivePolicy as Json;
        expect(trigger.maxReceiveCount).toBe(redrive.maxReceiveCount);
        expect(invokeConfigs).toEqual([]);
      } else if (trigger.kind === 'async') {
        const invokeConfig = onlyOne(invokeConfigs, 'event invoke config');
        expect(trigger.retryAttempts).toBe(invokeConfig.MaximumRetryAttempts);
        // Lambda's default (6 h) when the function sets none.
        expect(trigger.maxEventAgeSeconds).toBe(invokeConfig.MaximumEventAgeInSeconds ?? 21_600);
        // The on-success destination (the ELT's: the default bus), or none, as deployed.
        const onSuccess = invokeConfig.DestinationConfig?.OnSuccess?.Destination as unknown;
        expect(trigger.onSuccessBusArn).toEqual(
          onSuccess === undefined ? undefined : resolvePseudo(onSuccess as Json),
        );
        expect(mappings).toEqual([]);
      } else if (trigger.kind === 'kafka') {
        // One MSK mapping per topic, with its consumer group; only the batching window is local.
        expect(
          mappings.map((mapping) => ({
            topic: mapping.Topics[0],
            consumerGroup: mapping.AmazonManagedKafkaEventSourceConfig.ConsumerGroupId,
          })),
        ).toEqual(trigger.mappings);
        for (const mapping of mappings) {
          expect(mapping.BatchSize).toBe(trigger.batchSize);
          expect(mapping.MaximumRetryAttempts).toBe(trigger.maxRetryAttempts);
          expect(mapping.DestinationConfig.OnFailure.Destination['Fn::GetAtt'][0]).toEqual(
            expect.any(String),
          );
        }
        expect(invokeConfigs).toEqual([]);
      } else {
        expect([...mappings, ...invokeConfigs]).toEqual([]);
      }
    });

    it('names the alarm on its dead-letter queue as deployed', () => {
      const alarms = resourcesOf(template, 'AWS::CloudWatch::Alarm')
        .map(([, alarm]) => alarm.Properties as Json)
        .filter((alarm) => alarm.AlarmName === spec.deadLetterAlarmName);
      if (spec.trigger.kind === 'direct') {
        expect(spec.deadLetterAlarmName).toBeUndefined();
        return;
      }
      const alarm = onlyOne(alarms, `alarm ${spec.deadLetterAlarmName}`);
      const watched = alarm.Dimensions[0].Value['Fn::GetAtt'][0] as string;
      const deadLetterQueueId =
        spec.trigger.kind === 'sqs'
          ? (template.Resources[
              onlyOne(
                referencing(template, 'AWS::Lambda::EventSourceMapping', functionId),
                'mapping',
              ).EventSourceArn['Fn::GetAtt'][0]
            ].Properties.RedrivePolicy.deadLetterTargetArn['Fn::GetAtt'][0] as string)
          : spec.trigger.kind === 'kafka'
            ? (referencing(template, 'AWS::Lambda::EventSourceMapping', functionId)[0]!
                .DestinationConfig.OnFailure.Destination['Fn::GetAtt'][0] as string)
            : (referencing(template, 'AWS::Lambda::EventInvokeConfig', functionId)[0]!
                .DestinationConfig.OnFailure.Destination['Fn::GetAtt'][0] as string);
      expect(watched).toBe(deadLetterQueueId);
    });
  },
);

describe('the marketplace API', () => {
  it('serves locally the methods the stack deploys, with their authorisation', () => {
    const template = templateOf(marketplaceApi);
    const resources = Object.fromEntries(resourcesOf(template, 'AWS::ApiGateway::Resource'));
    const pathOf = (id: string | undefined): string => {
      const resource = id === undefined ? undefined : resources[id];
      if (!resource) return '';
      return `${pathOf(resource.Properties.ParentId?.Ref as string | undefined)}/${resource.Properties.PathPart as string}`;
    };
    const deployed = resourcesOf(template, 'AWS::ApiGateway::Method')
      .map(([, method]) => method.Properties as Json)
      .filter((method) => method.HttpMethod !== 'OPTIONS')
      .map((method) => ({
        method: method.HttpMethod as string,
        resourcePath: pathOf(method.ResourceId.Ref as string),
        authorization: method.AuthorizationType as string,
      }));
    const local = marketplaceApiRoutes(platform).map(({ method, resourcePath, authorization }) => ({
      method,
      resourcePath,
      authorization,
    }));
    const byPath = (a: { resourcePath: string }, b: { resourcePath: string }) =>
      a.resourcePath < b.resourcePath ? -1 : 1;
    expect(local.sort(byPath)).toEqual(deployed.sort(byPath));
  });

  it('integrates each method with the function the stack integrates it with', () => {
    const template = templateOf(marketplaceApi);
    const functionNameOf = (id: string) =>
      (template.Resources[id] as Json).Properties.FunctionName as string;
    const deployed = resourcesOf(template, 'AWS::ApiGateway::Method')
      .map(([, method]) => method.Properties as Json)
      .filter((method) => method.Integration.Type === 'AWS_PROXY')
      .map((method) => {
        const parts = method.Integration.Uri['Fn::Join'][1] as unknown[];
        const target = parts.find(
          (part): part is Json => typeof part === 'object' && part !== null && 'Fn::GetAtt' in part,
        )!;
        return functionNameOf(target['Fn::GetAtt'][0] as string);
      })
      .sort();
    const local = marketplaceApiRoutes(platform)
      .flatMap((route) => ('functionName' in route ? [route.functionName] : []))
      .sort();

    expect(local).toEqual(deployed);
    expect(local).toContain(recommendFunctionName(platform));
  });

  it("gives the recommender the stack's two tables", () => {
    const template = templateOf(marketplaceApi);
    const [, recommender] = functionOf(template, recommendFunctionName(platform));
    const deployed = recommender.Properties.Environment.Variables as Record<string, Json>;
    const tableNameOf = (variable: string) =>
      (template.Resources[deployed[variable]!.Ref as string] as Json).Properties
        .TableName as string;
    const local = recommendSpec(platform, {
      recentActivityTableName: recentActivityTableName(platform),
      modelTableName: recommendationModelTableName(platform),
    }).environment;

    for (const variable of ['RECENT_ACTIVITY_TABLE_NAME', 'RECOMMENDATION_MODEL_TABLE_NAME'])
      expect([variable, local[variable]]).toEqual([variable, tableNameOf(variable)]);
  });
});

describe('rules and names', () => {
  it('renders every failure rule exactly as CloudFormation gets it', () => {
    const template = templateOf(alerting);
    const prefix = localFabricAlarmArnPrefix(platform, { region: REGION, accountId: ACCOUNT });
    const rules = failureRules(platform, prefix);

    for (const rule of rules) {
      const [, deployed] = onlyOne(
        resourcesOf(template, 'AWS::Events::Rule').filter(
          ([, resource]) => resource.Properties.Name === failureRuleName(platform, rule.id),
        ),
        `rule ${rule.id}`,
      );
      expect(renderEventPattern(rule.eventPattern)).toEqual(
        resolvePseudo(deployed.Properties.EventPattern),
      );
    }
    expect(rules.map((rule) => rule.id)).toContain('AlarmRaised');
  });

  it('renders the ELT rule as CloudFormation gets it, for the clean_to_curated job', () => {
    const template = templateOf(warehouseStack);
    const [, deployed] = onlyOne(
      resourcesOf(template, 'AWS::Events::Rule').filter(
        ([, resource]) => resource.Properties.Name === eltRuleName(platform),
      ),
      'ELT rule',
    );
    // The job name crosses stacks as an export of the ETL stack's job.
    const pattern = deployed.Properties.EventPattern as Json;
    const exportName = pattern.detail.jobName[0]['Fn::ImportValue'] as string;
    const etlTemplate = templateOf(etl);
    const output = Object.values(etlTemplate.Outputs as Json).find(
      (candidate) => (candidate as Json).Export?.Name === exportName,
    ) as Json;
    const jobName = etlTemplate.Resources[output.Value.Ref].Properties.Name as string;
    const cleanToCurated = etlJobNames(platform).cleanToCurated;

    expect(jobName).toBe(cleanToCurated);
    expect(renderEventPattern(eltTriggerPattern(cleanToCurated))).toEqual({
      ...pattern,
      detail: { ...pattern.detail, jobName: [jobName] },
    });
  });

  it('renders the export rule as CloudFormation gets it, for the ELT function of the warehouse stack', () => {
    const template = templateOf(marketplaceApi);
    const [, deployed] = onlyOne(
      resourcesOf(template, 'AWS::Events::Rule').filter(
        ([, resource]) => resource.Properties.Name === exportRuleName(platform),
      ),
      'export rule',
    );
    // The ELT's ARN crosses stacks as an export of the warehouse stack's function, then a colon.
    const pattern = deployed.Properties.EventPattern as Json;
    const [joiner, [imported, colon]] = pattern.detail.requestContext.functionArn[0].prefix[
      'Fn::Join'
    ] as [string, [Json, string]];
    const warehouseTemplate = templateOf(warehouseStack);
    const output = Object.values(warehouseTemplate.Outputs as Json).find(
      (candidate) => (candidate as Json).Export?.Name === imported['Fn::ImportValue'],
    ) as Json;
    const [functionId, attribute] = output.Value['Fn::GetAtt'] as [string, string];
    const eltArn = warehouseTarget.eltFunctionArn;

    expect([joiner, colon, attribute]).toEqual(['', ':', 'Arn']);
    expect(warehouseTemplate.Resources[functionId].Properties.FunctionName).toBe(
      eltFunctionName(platform),
    );
    expect(eltArn.endsWith(`:function:${eltFunctionName(platform)}`)).toBe(true);
    expect(renderEventPattern(exportTriggerPattern(eltArn))).toEqual({
      ...pattern,
      detail: {
        ...pattern.detail,
        requestContext: { functionArn: [{ prefix: `${eltArn}:` }] },
      },
    });
  });

  it('names the Glue jobs as the ETL stack does', () => {
    const names = resourcesOf(templateOf(etl), 'AWS::Glue::Job').map(
      ([, job]) => job.Properties.Name as string,
    );
    const local = etlJobNames(platform);

    expect(names.sort()).toEqual(
      [
        local.rawToClean,
        local.cleanToCurated,
        ...platform.topics.map((topic) => local.streaming(topic.name)),
      ].sort(),
    );
  });

  it('names the alert topic and the dedupe table, with its key and TTL, as deployed', () => {
    const template = templateOf(alerting);
    const [, topic] = onlyOne(resourcesOf(template, 'AWS::SNS::Topic'), 'topic');
    const [, table] = onlyOne(resourcesOf(template, 'AWS::DynamoDB::Table'), 'table');

    expect(topic.Properties.TopicName).toBe(alertTopicName(platform));
    expect(table.Properties).toMatchObject({
      TableName: dedupeTableName(platform),
      KeySchema: [{ AttributeName: 'fingerprint', KeyType: 'HASH' }],
      AttributeDefinitions: [{ AttributeName: 'fingerprint', AttributeType: 'S' }],
      TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
    });
  });

  it('sends the migrations function the Create request of the deployed custom resource', () => {
    const template = templateOf(warehouseStack);
    const deployed = template.Resources[MIGRATIONS_LOGICAL_ID] as Json;
    const event = migrationsCreateEvent({
      platform,
      warehouse: warehouseTarget,
      secrets: { adlsSharedKeyArn: SECRET, warehouseAdminArn: SECRET },
    } as LocalDeployment);

    expect(deployed.Type).toBe(event.ResourceType);
    expect(Object.keys(event.ResourceProperties).sort()).toEqual(
      Object.keys(deployed.Properties as Json).sort(),
    );
    expect(event.ResourceProperties).toMatchObject({
      MigrationsFingerprint: deployed.Properties.MigrationsFingerprint,
      Database: deployed.Properties.Database,
      WorkgroupName: deployed.Properties.WorkgroupName,
    });
    expect(event.ResponseURL).toBe('...');
  });
});
