import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { Match, type Template } from 'aws-cdk-lib/assertions';
import { catalogTables, loadPlatform } from '../../../../../infra/platform';
import { synthWarehouseApp } from './warehouse-app';
import {
  CATCH_UP_FAILURES_METRIC,
  ELT_DATABASE_ROLE,
  SQL_SOURCE_DIRECTORY,
} from '../../../../../infra/aws/facts/warehouse';

type Json = Record<string, any>;

const apps = { dev: synthWarehouseApp('dev'), prod: synthWarehouseApp('prod') };
const { template } = apps.prod;

function only(template: Template, type: string): Json {
  const resources = Object.values(template.findResources(type));
  expect(resources).toHaveLength(1);
  return resources[0]!.Properties as Json;
}

function logicalIdOf(template: Template, type: string): string {
  const ids = Object.keys(template.findResources(type));
  expect(ids).toHaveLength(1);
  return ids[0]!;
}

/** The statements of the policy attached to the role whose logical ID starts with `rolePrefix`. */
function statementsOf(template: Template, rolePrefix: string): Json[] {
  return Object.values(template.findResources('AWS::IAM::Policy'))
    .filter((policy) =>
      (policy.Properties.Roles as Json[]).some((role) => String(role.Ref).startsWith(rolePrefix)),
    )
    .flatMap((policy) => policy.Properties.PolicyDocument.Statement as Json[]);
}

function functionNamed(template: Template, name: string): Json {
  const functions = Object.values(
    template.findResources('AWS::Lambda::Function', { Properties: { FunctionName: name } }),
  );
  expect(functions).toHaveLength(1);
  return functions[0]!.Properties as Json;
}

/** `<prefix><account><suffix>` as the template joins it. */
const withAccount = (prefix: string, suffix: string) => ({
  'Fn::Join': ['', [prefix, { Ref: 'AWS::AccountId' }, suffix]],
});
/** An array with exactly these members, in any order. */
const sameMembers = (members: unknown[]) => ({
  asymmetricMatch: (actual: unknown) =>
    Array.isArray(actual) &&
    actual.length === members.length &&
    (
      expect.arrayContaining(members) as { asymmetricMatch(other: unknown): boolean }
    ).asymmetricMatch(actual),
  toAsymmetricMatcher: () => `sameMembers(${JSON.stringify(members)})`,
});
const getAtt = (logicalId: unknown, attribute: string) => ({
  'Fn::GetAtt': [logicalId, attribute],
});

describe('WarehouseStack (prod): namespace', () => {
  const namespace = only(template, 'AWS::RedshiftServerless::Namespace');

  it('keeps the admin password in Secrets Manager, encrypted with a platform key', () => {
    expect(namespace).toMatchObject({
      ManageAdminPassword: true,
      AdminUsername: 'warehouse_admin',
      AdminPasswordSecretKmsKeyId: getAtt(
        expect.stringMatching(/^ServerlessAdminSecretKey/),
        'Arn',
      ),
    });
    expect(namespace).not.toHaveProperty('AdminUserPassword');
  });

  it('encrypts the data with its own rotating key', () => {
    const keyId = (namespace.KmsKeyId as Json)['Fn::GetAtt'][0] as string;
    expect(keyId).toMatch(/^ServerlessDataKey/);
    expect(template.toJSON().Resources[keyId].Properties).toMatchObject({
      EnableKeyRotation: true,
    });
    template.hasResourceProperties('AWS::KMS::Alias', {
      AliasName: 'alias/hybrid-lake/prod/warehouse',
    });
  });

  it('exports the user, connection and user-activity audit logs', () =>
    expect(namespace.LogExports).toEqual(['userlog', 'connectionlog', 'useractivitylog']));

  it('names the namespace and database after the definition', () =>
    expect(namespace).toMatchObject({ NamespaceName: 'hybrid-lake-prod', DbName: 'analytics' }));

  it('attaches the COPY role and makes it the default, and attaches the Redshift ML role', () => {
    const copyRole = getAtt(expect.stringMatching(/^CopyRole/), 'Arn');
    expect(namespace.IamRoles).toEqual([copyRole, getAtt(expect.stringMatching(/^MlRole/), 'Arn')]);
    expect(namespace.DefaultIamRoleArn).toEqual(copyRole);
  });

  it('is retained with the stack in prod', () =>
    template.hasResource('AWS::RedshiftServerless::Namespace', {
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
    }));
});

describe('WarehouseStack: workgroup', () => {
  it.each([
    ['dev', 4],
    ['prod', 16],
  ] as const)('gives %s the base capacity of its definition (%i RPUs)', (env, rpus) => {
    expect(only(apps[env].template, 'AWS::RedshiftServerless::Workgroup').BaseCapacity).toBe(rpus);
    expect(loadPlatform(env).environment.warehouse.baseCapacity).toBe(rpus);
  });

  const workgroup = only(template, 'AWS::RedshiftServerless::Workgroup');

  it('is not publicly accessible and routes through the VPC', () =>
    expect(workgroup).toMatchObject({ PubliclyAccessible: false, EnhancedVpcRouting: true }));

  it('requires TLS and logs user activity', () =>
    expect(workgroup.ConfigParameters).toEqual([
      { ParameterKey: 'require_ssl', ParameterValue: 'true' },
      { ParameterKey: 'enable_user_activity_logging', ParameterValue: 'true' },
    ]));

  it("runs in the network stack's three isolated subnets", () => {
    expect(workgroup.SubnetIds).toEqual(
      [1, 2, 3].map((index) => ({
        'Fn::ImportValue': expect.stringMatching(
          new RegExp(`^hybrid-lake-prod-network:ExportsOutputRefVpcprivateSubnet${index}Subnet`),
        ),
      })),
    );
  });

  it('sets no capacity ceiling when the definition has none', () =>
    expect(workgroup).not.toHaveProperty('MaxCapacity'));

  it('belongs to the namespace, created after it', () => {
    expect(workgroup).toMatchObject({
      WorkgroupName: 'hybrid-lake-prod',
      NamespaceName: 'hybrid-lake-prod',
    });
    template.hasResource('AWS::RedshiftServerless::Workgroup', {
      DependsOn: [logicalIdOf(template, 'AWS::RedshiftServerless::Namespace')],
    });
  });

  it('has its own security group, with no inbound rule and only HTTPS out', () => {
    const groupId = logicalIdOf(template, 'AWS::EC2::SecurityGroup');
    expect(workgroup.SecurityGroupIds).toEqual([getAtt(groupId, 'GroupId')]);
    const group = only(template, 'AWS::EC2::SecurityGroup');
    expect(group).not.toHaveProperty('SecurityGroupIngress');
    expect(group.SecurityGroupEgress).toEqual([
      expect.objectContaining({ IpProtocol: 'tcp', FromPort: 443, ToPort: 443 }),
    ]);
    template.resourceCountIs('AWS::EC2::SecurityGroupIngress', 0);
  });
});

describe('WarehouseStack (prod): COPY and Spectrum role', () => {
  const bucket = (zone: string, suffix = '') =>
    withAccount(`arn:aws:s3:::hybrid-lake-prod-${zone}-`, `-eu-west-1${suffix}`);
  const glue = (resource: string) => withAccount('arn:aws:glue:eu-west-1:', `:${resource}`);
  const platform = loadPlatform('prod');
  const tables = (zone: string) =>
    catalogTables(platform)
      .filter((table) => table.zone === zone)
      .map((table) => glue(`table/hybrid_lake_prod_${zone}/${table.table}`));

  it('may be assumed by Redshift only', () =>
    template.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: {
        Statement: [
          {
            Action: 'sts:AssumeRole',
            Effect: 'Allow',
            Principal: {
              Service: ['redshift-serverless.amazonaws.com', 'redshift.amazonaws.com'],
            },
          },
        ],
      },
      Description: Match.stringLikeRegexp('COPY and Spectrum'),
    }));

  it('reads the clean and curated zones and their catalog, and nothing else', () => {
    const importedKey = (name: string) => ({
      'Fn::ImportValue': expect.stringMatching(new RegExp(`^hybrid-lake-prod-${name}`)),
    });
    expect(statementsOf(template, 'CopyRole')).toEqual([
      {
        Sid: 'ListSourceBuckets',
        Effect: 'Allow',
        Action: ['s3:GetBucketLocation', 's3:ListBucket'],
        Resource: [bucket('clean'), bucket('curated')],
      },
      {
        Sid: 'ReadSourceObjects',
        Effect: 'Allow',
        Action: 's3:GetObject',
        Resource: [bucket('clean', '/*'), bucket('curated', '/*')],
      },
      {
        Sid: 'DecryptSourceObjects',
        Effect: 'Allow',
        Action: 'kms:Decrypt',
        Resource: [
          importedKey('data-lake:ExportsOutputFnGetAttCleanZoneKey'),
          importedKey('data-lake:ExportsOutputFnGetAttCuratedZoneKey'),
        ],
        Condition: { StringEquals: { 'kms:ViaService': 's3.eu-west-1.amazonaws.com' } },
      },
      {
        Sid: 'ReadSourceCatalog',
        Effect: 'Allow',
        Action: [
          'glue:BatchGetPartition',
          'glue:GetDatabase',
          'glue:GetPartition',
          'glue:GetPartitions',
          'glue:GetTable',
          'glue:GetTables',
        ],
        // In any order (CDK orders a statement's resources itself), exactly these.
        Resource: sameMembers([
          glue('catalog'),
          glue('database/hybrid_lake_prod_clean'),
          glue('database/hybrid_lake_prod_curated'),
          ...tables('clean'),
          ...tables('curated'),
        ]),
      },
      {
        Sid: 'DecryptCatalog',
        Effect: 'Allow',
        Action: 'kms:Decrypt',
        Resource: importedKey('catalog:ExportsOutputFnGetAttEncryptionKey'),
        Condition: { StringEquals: { 'kms:ViaService': 'glue.eu-west-1.amazonaws.com' } },
      },
    ]);
  });
});

describe('WarehouseStack (prod): Redshift ML role and bucket', () => {
  const mlBucket = (suffix = '') =>
    withAccount('arn:aws:s3:::hybrid-lake-prod-warehouse-ml-', `-eu-west-1${suffix}`);
  const key = getAtt(expect.stringMatching(/^MlArtifactsKey/), 'Arn');
  const sagemaker = (resource: string) =>
    withAccount('arn:aws:sagemaker:eu-west-1:', `:${resource}/redshiftml-*`);

  it('may be assumed by Redshift and SageMaker only', () =>
    template.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: {
        Statement: [
          {
            Action: 'sts:AssumeRole',
            Effect: 'Allow',
            Principal: {
              Service: [
                'redshift-serverless.amazonaws.com',
                'redshift.amazonaws.com',
                'sagemaker.amazonaws.com',
              ],
            },
          },
        ],
      },
      Description: Match.stringLikeRegexp('Redshift ML'),
    }));

  it('trains in SageMaker under Redshift ML job names, with its own bucket and key, and nothing else', () =>
    expect(statementsOf(template, 'MlRole')).toEqual([
      {
        Sid: 'TrainAndCompileModels',
        Effect: 'Allow',
        Action: [
          'sagemaker:CreateCompilationJob',
          'sagemaker:CreateTrainingJob',
          'sagemaker:DescribeCompilationJob',
          'sagemaker:DescribeTrainingJob',
          'sagemaker:StopCompilationJob',
          'sagemaker:StopTrainingJob',
        ],
        Resource: [sagemaker('compilation-job'), sagemaker('training-job')],
      },
      {
        Sid: 'PassItselfToSageMaker',
        Effect: 'Allow',
        Action: 'iam:PassRole',
        Resource: getAtt(expect.stringMatching(/^MlRole/), 'Arn'),
        Condition: { StringEquals: { 'iam:PassedToService': 'sagemaker.amazonaws.com' } },
      },
      {
        Sid: 'ListArtifacts',
        Effect: 'Allow',
        Action: ['s3:GetBucketLocation', 's3:ListBucket', 's3:ListBucketMultipartUploads'],
        Resource: mlBucket(),
      },
      {
        Sid: 'ReadWriteArtifacts',
        Effect: 'Allow',
        Action: [
          's3:AbortMultipartUpload',
          's3:DeleteObject',
          's3:GetObject',
          's3:ListMultipartUploadParts',
          's3:PutObject',
        ],
        Resource: mlBucket('/*'),
      },
      {
        Sid: 'EncryptArtifacts',
        Effect: 'Allow',
        Action: ['kms:Decrypt', 'kms:DescribeKey', 'kms:Encrypt', 'kms:GenerateDataKey*'],
        Resource: key,
      },
      {
        Sid: 'GrantKeyToSageMaker',
        Effect: 'Allow',
        Action: 'kms:CreateGrant',
        Resource: key,
      },
      {
        Sid: 'PullAlgorithmImages',
        Effect: 'Allow',
        Action: [
          'ecr:BatchCheckLayerAvailability',
          'ecr:BatchGetImage',
          'ecr:GetAuthorizationToken',
          'ecr:GetDownloadUrlForLayer',
        ],
        Resource: '*',
      },
      {
        Sid: 'TrainingJobLogs',
        Effect: 'Allow',
        Action: [
          'logs:CreateLogGroup',
          'logs:CreateLogStream',
          'logs:DescribeLogStreams',
          'logs:PutLogEvents',
        ],
        Resource: withAccount(
          'arn:aws:logs:eu-west-1:',
          ':log-group:/aws/sagemaker/TrainingJobs:*',
        ),
      },
      {
        Sid: 'TrainingJobMetrics',
        Effect: 'Allow',
        Action: 'cloudwatch:PutMetricData',
        Resource: '*',
        Condition: {
          StringEquals: { 'cloudwatch:namespace': ['/aws/sagemaker/TrainingJobs', 'SageMaker'] },
        },
      },
    ]));

  it('keeps training data in an encrypted, logged bucket that forgets it within a week', () =>
    template.hasResourceProperties('AWS::S3::Bucket', {
      BucketName: withAccount('hybrid-lake-prod-warehouse-ml-', '-eu-west-1'),
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [
          Match.objectLike({
            BucketKeyEnabled: true,
            ServerSideEncryptionByDefault: {
              SSEAlgorithm: 'aws:kms',
              KMSMasterKeyID: { 'Fn::GetAtt': [Match.stringLikeRegexp('^MlArtifactsKey'), 'Arn'] },
            },
          }),
        ],
      },
      LoggingConfiguration: Match.objectLike({
        DestinationBucketName: withAccount('hybrid-lake-prod-access-logs-', '-eu-west-1'),
        LogFilePrefix: 'warehouse-ml/',
      }),
      LifecycleConfiguration: {
        Rules: Match.arrayWith([Match.objectLike({ ExpirationInDays: 7, Status: 'Enabled' })]),
      },
    }));
});

describe('WarehouseStack (prod): Data API access of the functions', () => {
  const workgroupArn = getAtt(
    logicalIdOf(template, 'AWS::RedshiftServerless::Workgroup'),
    'Workgroup.WorkgroupArn',
  );
  const adminSecretArn = getAtt(
    expect.stringMatching(/^ServerlessAdminSecretLookup/),
    'namespace.adminPasswordSecretArn',
  );
  const redshiftActionsOf = (statements: Json[]) =>
    statements
      .flatMap((statement) => [statement.Action as string | string[]].flat())
      .filter((action) => /^(redshift-data|redshift-serverless|secretsmanager|tag):/.test(action))
      .sort();

  it.each(['MigrationsFunction', 'EltFunction'])(
    '%s submits to this workgroup only, and follows up its own statements only',
    (rolePrefix) => {
      expect(statementsOf(template, rolePrefix)).toEqual(
        expect.arrayContaining([
          {
            Sid: 'SubmitStatementsToTheWorkgroup',
            Effect: 'Allow',
            Action: ['redshift-data:BatchExecuteStatement', 'redshift-data:ExecuteStatement'],
            Resource: workgroupArn,
          },
          {
            Sid: 'FollowOwnStatements',
            Effect: 'Allow',
            Action: [
              'redshift-data:CancelStatement',
              'redshift-data:DescribeStatement',
              'redshift-data:GetStatementResult',
            ],
            Resource: '*',
            Condition: {
              StringEquals: { 'redshift-data:statement-owner-iam-userid': '${aws:userid}' },
            },
          },
        ]),
      );
    },
  );

  it('migrations connect as the namespace admin: its secret and key, no GetCredentials', () => {
    const statements = statementsOf(template, 'MigrationsFunction');
    expect(statements).toEqual(
      expect.arrayContaining([
        {
          Sid: 'ReadTheConnectionSecret',
          Effect: 'Allow',
          Action: 'secretsmanager:GetSecretValue',
          Resource: adminSecretArn,
        },
        {
          Sid: 'DecryptTheConnectionSecret',
          Effect: 'Allow',
          Action: 'kms:Decrypt',
          Resource: getAtt(expect.stringMatching(/^ServerlessAdminSecretKey/), 'Arn'),
          Condition: {
            StringEquals: { 'kms:ViaService': 'secretsmanager.eu-west-1.amazonaws.com' },
          },
        },
      ]),
    );
    // Nothing else touches Redshift or secrets, and no key but the admin secret's is used.
    expect(redshiftActionsOf(statements)).toEqual([
      'redshift-data:BatchExecuteStatement',
      'redshift-data:CancelStatement',
      'redshift-data:DescribeStatement',
      'redshift-data:ExecuteStatement',
      'redshift-data:GetStatementResult',
      'secretsmanager:GetSecretValue',
    ]);
    expect(
      statements.filter((statement) => String(statement.Action).startsWith('kms:')),
    ).toHaveLength(1);
  });

  it('the ELT connects as its own IAM identity, tagged with the database role elt_writer', () => {
    const statements = statementsOf(template, 'EltFunction');
    expect(statements).toEqual(
      expect.arrayContaining([
        {
          Sid: 'ConnectAsOwnIdentity',
          Effect: 'Allow',
          Action: 'redshift-serverless:GetCredentials',
          Resource: workgroupArn,
        },
        {
          Sid: 'ReadOwnDatabaseRolesTag',
          Effect: 'Allow',
          Action: ['tag:GetResources', 'tag:GetTagKeys'],
          Resource: '*',
        },
      ]),
    );
    expect(redshiftActionsOf(statements)).toEqual([
      'redshift-data:BatchExecuteStatement',
      'redshift-data:CancelStatement',
      'redshift-data:DescribeStatement',
      'redshift-data:ExecuteStatement',
      'redshift-data:GetStatementResult',
      'redshift-serverless:GetCredentials',
      'tag:GetResources',
      'tag:GetTagKeys',
    ]);
    const roleId = (functionNamed(template, 'hybrid-lake-prod-warehouse-elt').Role as Json)[
      'Fn::GetAtt'
    ][0] as string;
    expect(template.toJSON().Resources[roleId].Properties.Tags).toEqual(
      expect.arrayContaining([{ Key: 'RedshiftDbRoles', Value: 'elt_writer' }]),
    );
  });

  it('only the ELT role carries database roles', () => {
    const tagged = Object.entries(template.findResources('AWS::IAM::Role')).filter(([, role]) =>
      ((role.Properties.Tags as Json[] | undefined) ?? []).some(
        (tag) => tag.Key === 'RedshiftDbRoles',
      ),
    );
    expect(tagged.map(([id]) => id)).toEqual([expect.stringMatching(/^EltFunction/)]);
  });

  it('names a database role the migrations create', () => {
    const migrations = readdirSync(join(SQL_SOURCE_DIRECTORY, 'migrations')).map((file) =>
      readFileSync(join(SQL_SOURCE_DIRECTORY, 'migrations', file), 'utf8'),
    );
    expect(
      migrations.some((sql) => new RegExp(`^CREATE ROLE ${ELT_DATABASE_ROLE};$`, 'm').test(sql)),
    ).toBe(true);
  });

  it('reads the managed admin secret from the namespace, which CloudFormation does not return', () => {
    const lookup = Object.values(template.findResources('Custom::AWS')).find((resource) =>
      JSON.stringify(resource.Properties.Create).includes('GetNamespace'),
    );
    const call = ((lookup?.Properties.Create as Json)['Fn::Join'][1] as unknown[])
      .map((part) => (typeof part === 'string' ? part : '<namespace>'))
      .join('');
    expect(JSON.parse(call)).toEqual({
      service: 'RedshiftServerless',
      action: 'GetNamespace',
      parameters: { namespaceName: '<namespace>' },
      physicalResourceId: { id: '<namespace>' },
      outputPaths: ['namespace.adminPasswordSecretArn'],
    });
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: [
          {
            Action: 'redshift-serverless:GetNamespace',
            Effect: 'Allow',
            Resource: getAtt(
              logicalIdOf(template, 'AWS::RedshiftServerless::Namespace'),
              'Namespace.NamespaceArn',
            ),
          },
        ],
      },
    });
  });
});

describe('WarehouseStack (prod): migrations on deploy', () => {
  const migrations = functionNamed(template, 'hybrid-lake-prod-warehouse-migrations');

  it('runs the migrations handler with the workgroup, database and bundled SQL', () =>
    expect(migrations.Environment.Variables).toEqual({
      PLATFORM_ENV: 'prod',
      WAREHOUSE_WORKGROUP: 'hybrid-lake-prod',
      WAREHOUSE_DATABASE: 'analytics',
      WAREHOUSE_SECRET_ARN: getAtt(
        expect.stringMatching(/^ServerlessAdminSecretLookup/),
        'namespace.adminPasswordSecretArn',
      ),
      SQL_DIRECTORY: '/var/task/sql',
      POWERTOOLS_SERVICE_NAME: 'warehouse-migrations',
      NODE_OPTIONS: '--enable-source-maps',
    }));

  it('is a custom resource of the Provider framework, after the workgroup', () => {
    const resource = template.findResources('Custom::WarehouseMigrations');
    const [migrationsResource] = Object.values(resource);
    expect(migrationsResource).toMatchObject({
      Properties: {
        ServiceToken: getAtt(expect.stringMatching(/^MigrationsProviderframeworkonEvent/), 'Arn'),
        MigrationsFingerprint: expect.stringMatching(/^[0-9a-f]{64}$/),
        WorkgroupName: 'hybrid-lake-prod',
        Database: 'analytics',
      },
      DependsOn: [logicalIdOf(template, 'AWS::RedshiftServerless::Workgroup')],
    });
  });

  it("gives CDK's framework function its own log group and role, without managed policies", () => {
    const framework = functionNamed(template, 'hybrid-lake-prod-warehouse-migrations-provider');
    expect(framework.Role).toEqual(getAtt(expect.stringMatching(/^MigrationsProviderRole/), 'Arn'));
    expect(framework.LoggingConfig).toEqual({
      LogGroup: { Ref: expect.stringMatching(/^MigrationsProviderLogs/) },
      LogFormat: 'JSON',
      // The framework's failures (a handler it could not invoke) are errors, not fatal.
      ApplicationLogLevel: 'ERROR',
    });
    template.hasResourceProperties('AWS::IAM::Role', {
      Description: 'Runs hybrid-lake-prod-warehouse-migrations-provider',
      ManagedPolicyArns: Match.absent(),
    });
  });
});

describe('WarehouseStack (prod): ELT after the batch jobs', () => {
  const elt = functionNamed(template, 'hybrid-lake-prod-warehouse-elt');
  const eltId = Object.keys(
    template.findResources('AWS::Lambda::Function', {
      Properties: { FunctionName: 'hybrid-lake-prod-warehouse-elt' },
    }),
  )[0]!;
  const deadLetterId = logicalIdOf(template, 'AWS::SQS::Queue');

  it('loads Parquet from the clean and curated buckets with the COPY role', () =>
    expect(elt.Environment.Variables).toEqual({
      PLATFORM_ENV: 'prod',
      WAREHOUSE_WORKGROUP: 'hybrid-lake-prod',
      WAREHOUSE_DATABASE: 'analytics',
      SQL_DIRECTORY: '/var/task/sql',
      CLEAN_BUCKET: withAccount('hybrid-lake-prod-clean-', '-eu-west-1'),
      CURATED_BUCKET: withAccount('hybrid-lake-prod-curated-', '-eu-west-1'),
      COPY_ROLE_ARN: getAtt(expect.stringMatching(/^CopyRole/), 'Arn'),
      COPY_FORMAT: 'parquet',
      ML_ROLE_ARN: getAtt(expect.stringMatching(/^MlRole/), 'Arn'),
      ML_BUCKET: { Ref: expect.stringMatching(/^MlArtifactsBucket/) },
      ML_KMS_KEY_ID: getAtt(expect.stringMatching(/^MlArtifactsKey/), 'Arn'),
      POWERTOOLS_SERVICE_NAME: 'warehouse-elt',
      NODE_OPTIONS: '--enable-source-maps',
    }));

  it('runs one day at a time', () => expect(elt.ReservedConcurrentExecutions).toBe(1));

  it('is started by the success of clean_to_curated, named by the ETL stack', () =>
    template.hasResourceProperties('AWS::Events::Rule', {
      Name: 'hybrid-lake-prod-warehouse-elt-after-clean-to-curated',
      EventPattern: {
        source: ['aws.glue'],
        'detail-type': ['Glue Job State Change'],
        detail: {
          jobName: [
            {
              'Fn::ImportValue': Match.stringLikeRegexp(
                '^hybrid-lake-prod-etl:ExportsOutputRefCleanToCurated',
              ),
            },
          ],
          state: ['SUCCEEDED'],
        },
      },
      Targets: [
        {
          Arn: getAtt(eltId, 'Arn'),
          Id: 'Target0',
          DeadLetterConfig: { Arn: getAtt(deadLetterId, 'Arn') },
          RetryPolicy: { MaximumEventAgeInSeconds: 86400, MaximumRetryAttempts: 185 },
        },
      ],
    }));

  const defaultBus = withAccount('arn:aws:events:eu-west-1:', ':event-bus/default');

  it('retries a failed run twice, then sends it to the dead-letter queue; announces a success on the default bus', () =>
    expect(only(template, 'AWS::Lambda::EventInvokeConfig')).toEqual({
      FunctionName: { Ref: eltId },
      Qualifier: '$LATEST',
      MaximumRetryAttempts: 2,
      MaximumEventAgeInSeconds: 21600,
      DestinationConfig: {
        OnFailure: { Destination: getAtt(deadLetterId, 'Arn') },
        OnSuccess: { Destination: defaultBus },
      },
    }));

  it('may put events on the default bus only, for its on-success records', () => {
    const puts = statementsOf(template, 'EltFunction').filter((statement) =>
      [statement.Action].flat().some((action) => String(action).startsWith('events:')),
    );
    expect(puts).toEqual([
      {
        Sid: 'AnnounceSuccessfulRuns',
        Effect: 'Allow',
        Action: 'events:PutEvents',
        Resource: defaultBus,
      },
    ]);
  });

  it('lets only the rule and the function put messages on the KMS-encrypted queue', () => {
    expect(only(template, 'AWS::SQS::Queue')).toMatchObject({
      KmsMasterKeyId: getAtt(expect.stringMatching(/^EltDeadLetterKey/), 'Arn'),
      MessageRetentionPeriod: 1209600,
    });
    const policy = only(template, 'AWS::SQS::QueuePolicy');
    expect(policy.PolicyDocument.Statement).toContainEqual(
      expect.objectContaining({
        Action: 'sqs:SendMessage',
        Principal: { Service: 'events.amazonaws.com' },
        Condition: { ArnEquals: { 'aws:SourceArn': getAtt(expect.any(String), 'Arn') } },
      }),
    );
    expect(statementsOf(template, 'EltFunction')).toContainEqual({
      Sid: 'DeadLetterFailedRuns',
      Effect: 'Allow',
      Action: 'sqs:SendMessage',
      Resource: getAtt(deadLetterId, 'Arn'),
    });
  });

  it('raises platform alarms (no action: the fabric picks them up) for dead letters, errors, undelivered successes, failed catch-ups and model failures', () => {
    const alarms = Object.values(template.findResources('AWS::CloudWatch::Alarm')).map(
      (alarm) => alarm.Properties as Json,
    );
    expect(alarms.map((alarm) => String(alarm.AlarmName)).sort()).toEqual([
      'hybrid-lake-prod-warehouse-elt-catch-up-failures',
      'hybrid-lake-prod-warehouse-elt-dead-letters',
      'hybrid-lake-prod-warehouse-elt-destination-failures',
      'hybrid-lake-prod-warehouse-elt-errors',
      'hybrid-lake-prod-warehouse-elt-model-failures',
    ]);
    for (const alarm of alarms) expect(alarm).not.toHaveProperty('AlarmActions');
    expect(
      alarms.find((alarm) => String(alarm.AlarmName).endsWith('model-failures')),
    ).toMatchObject({
      Namespace: 'HybridLake',
      MetricName: 'ModelFailures',
      Dimensions: [{ Name: 'service', Value: 'warehouse-elt' }],
      Statistic: 'Sum',
      Threshold: 0,
      ComparisonOperator: 'GreaterThanThreshold',
      TreatMissingData: 'notBreaching',
    });
  });

  it('alarms on a catch-up that failed, from the count the ELT publishes', () => {
    const alarm = Object.values(template.findResources('AWS::CloudWatch::Alarm')).find(
      (each) => each.Properties.AlarmName === 'hybrid-lake-prod-warehouse-elt-catch-up-failures',
    )!.Properties as Json;
    expect(alarm).toMatchObject({
      Namespace: 'HybridLake',
      MetricName: CATCH_UP_FAILURES_METRIC,
      Dimensions: [{ Name: 'service', Value: 'warehouse-elt' }],
      Statistic: 'Sum',
      Threshold: 0,
      ComparisonOperator: 'GreaterThanThreshold',
      TreatMissingData: 'notBreaching',
    });
  });

  it('alarms when Lambda could not deliver a success record to the bus', () => {
    const alarm = Object.values(template.findResources('AWS::CloudWatch::Alarm')).find(
      (each) => each.Properties.AlarmName === 'hybrid-lake-prod-warehouse-elt-destination-failures',
    )!.Properties as Json;
    expect(alarm).toMatchObject({
      Namespace: 'AWS/Lambda',
      MetricName: 'DestinationDeliveryFailures',
      Dimensions: [{ Name: 'FunctionName', Value: { Ref: eltId } }],
      Statistic: 'Sum',
      Threshold: 0,
      ComparisonOperator: 'GreaterThanThreshold',
    });
  });

  it('waits for the first migrations before it can run', () => {
    const migrationsId = logicalIdOf(template, 'Custom::WarehouseMigrations');
    template.hasResource('AWS::Lambda::Function', {
      Properties: { FunctionName: 'hybrid-lake-prod-warehouse-elt' },
      DependsOn: Match.arrayWith([migrationsId]),
    });
  });
});

describe('WarehouseStack: place in the app', () => {
  it('depends on the lake, catalog, network and ETL stacks', () =>
    expect(apps.prod.warehouse.dependencies.map((stack) => stack.stackName).sort()).toEqual([
      'hybrid-lake-prod-catalog',
      'hybrid-lake-prod-data-lake',
      'hybrid-lake-prod-etl',
      'hybrid-lake-prod-network',
    ]));

  it('outputs what the CLIs and a manual run need', () => {
    const outputs = template.toJSON().Outputs as Json;
    expect(outputs.WorkgroupName.Value).toBe('hybrid-lake-prod');
    expect(outputs.DatabaseName.Value).toBe('analytics');
    expect(outputs.EltFunctionName.Description).toMatch(/"day":"YYYY-MM-DD"/);
  });

  it('retains the namespace in dev too, unless a deploy passes allowDestroy', () =>
    apps.dev.template.hasResource('AWS::RedshiftServerless::Namespace', {
      DeletionPolicy: 'Retain',
    }));
});
