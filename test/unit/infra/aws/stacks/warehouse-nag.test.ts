import { Validations } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';
import { synthWarehouseApp } from './warehouse-app';

const apps = { dev: synthWarehouseApp('dev'), prod: synthWarehouseApp('prod') };

describe.each(['dev', 'prod'] as const)('cdk-nag AwsSolutions on the warehouse in %s', (env) => {
  const { warehouse, nagFindings } = apps[env];

  it('finds nothing unacknowledged in the warehouse stack', () =>
    expect(nagFindings.filter((finding) => finding.includes(` ${warehouse.stackName}/`))).toEqual(
      [],
    ));

  it('finds nothing anywhere else in the app', () => expect(nagFindings).toEqual([]));
});

describe('acknowledgements of the warehouse stack (prod)', () => {
  const { warehouse } = apps.prod;
  const acknowledgements = warehouse.node.findAll().flatMap((construct: IConstruct) =>
    construct.node.metadata
      .filter((entry) => entry.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
      .flatMap((entry) => Object.entries(entry.data as Record<string, string>))
      .map(([id, reason]) => ({ path: construct.node.path, id, reason })),
  );

  const bucketObjects = (zone: string) =>
    `AwsSolutions-IAM5[Resource::arn:aws:s3:::hybrid-lake-prod-${zone}-<AWS::AccountId>-eu-west-1/*]`;
  const logGroupOf = (prefix: string): unknown =>
    expect.stringMatching(
      new RegExp(`^AwsSolutions-IAM5\\[Resource::<${prefix}[0-9A-F]{8}\\.Arn>\\]$`),
    );

  it('acknowledges exactly these findings, each wildcard by its exact resource', () =>
    expect(
      acknowledgements.map(({ path, id }) => [
        path.replace(`${warehouse.stackName}/`, ''),
        id.replace(/^Annotation::/, ''),
      ]),
    ).toEqual([
      ['CopyRole/Role/DefaultPolicy', bucketObjects('clean')],
      ['CopyRole/Role/DefaultPolicy', bucketObjects('curated')],
      ['Ml/Role/DefaultPolicy', bucketObjects('warehouse-ml')],
      ...['training-job', 'compilation-job'].map((resource) => [
        'Ml/Role/DefaultPolicy',
        `AwsSolutions-IAM5[Resource::arn:aws:sagemaker:eu-west-1:<AWS::AccountId>:${resource}/redshiftml-*]`,
      ]),
      ['Ml/Role/DefaultPolicy', 'AwsSolutions-IAM5[Action::kms:GenerateDataKey*]'],
      [
        'Ml/Role/DefaultPolicy',
        'AwsSolutions-IAM5[Resource::arn:aws:logs:eu-west-1:<AWS::AccountId>:log-group:/aws/sagemaker/TrainingJobs:*]',
      ],
      ['Ml/Role/DefaultPolicy', 'AwsSolutions-IAM5[Resource::*]'],
      // CDK's AwsCustomResource function, which reads the namespace's admin secret ARN.
      [
        'AWS679f53fac002430cb0da5b7982bd2287',
        'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
      ],
      ['Migrations/Function/Role/DefaultPolicy', logGroupOf('MigrationsFunctionLogGroup')],
      ['Migrations/Function/Role/DefaultPolicy', 'AwsSolutions-IAM5[Resource::*]'],
      ['Migrations/Function/Function', 'AwsSolutions-L1'],
      ['Migrations/ProviderRole/DefaultPolicy', logGroupOf('MigrationsProviderLogsLogGroup')],
      [
        'Migrations/ProviderRole/DefaultPolicy',
        expect.stringMatching(
          /^AwsSolutions-IAM5\[Resource::<MigrationsFunction[0-9A-F]{8}\.Arn>:\*\]$/,
        ),
      ],
      ['Elt/Function/Role/DefaultPolicy', logGroupOf('EltFunctionLogGroup')],
      ['Elt/Function/Role/DefaultPolicy', 'AwsSolutions-IAM5[Resource::*]'],
      ['Elt/Function/Function', 'AwsSolutions-L1'],
      ['Elt/DeadLetterQueue', 'AwsSolutions-SQS3'],
    ]));

  it('gives each one a reason that says why, not just that', () => {
    for (const { reason } of acknowledgements) expect(reason.length).toBeGreaterThan(60);
  });

  it('explains the Data API wildcard by the condition that narrows it', () => {
    const dataApi = acknowledgements.filter(
      ({ id, path }) => id.endsWith('IAM5[Resource::*]') && path.includes('Function/Role'),
    );
    expect(dataApi).toHaveLength(2);
    for (const { reason } of dataApi) expect(reason).toMatch(/statement-owner-iam-userid/);
    // Only the ELT reads tags (its RedshiftDbRoles tag); the reason says so there only.
    expect(
      dataApi.map(({ path, reason }) => [path.split('/')[1], /tag:GetResources/.test(reason)]),
    ).toEqual([
      ['Migrations', false],
      ['Elt', true],
    ]);
  });
});
