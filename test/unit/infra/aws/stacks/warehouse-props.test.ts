import { existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Duration, RemovalPolicy, aws_logs as logs } from 'aws-cdk-lib';
import { WarehouseNetworkError } from '../../../../../infra/aws/constructs/warehouse-serverless';
import { loadPlatform } from '../../../../../infra/platform';
import { sqlFixture, standaloneWarehouse } from './warehouse-app';
import { lambdaHandlerEntry } from '../../../../../infra/aws/facts/functions';

type Json = Record<string, any>;

const functionProps = (
  template: ReturnType<typeof standaloneWarehouse>['template'],
  name: string,
) =>
  Object.values(
    template.findResources('AWS::Lambda::Function', { Properties: { FunctionName: name } }),
  )[0]?.Properties as Json;

// One test per documented @default of the stack and its constructs, so the docs cannot drift.
describe('WarehouseStack defaults', () => {
  const { template } = standaloneWarehouse();
  const migrations = functionProps(template, 'hybrid-lake-dev-warehouse-migrations');
  const elt = functionProps(template, 'hybrid-lake-dev-warehouse-elt');

  it('gives both functions 256 MB and Lambda’s 15-minute maximum', () => {
    for (const fn of [migrations, elt]) {
      expect(fn).toMatchObject({ MemorySize: 256, Timeout: 900 });
    }
  });

  it('retries a failed ELT run twice', () =>
    template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', { MaximumRetryAttempts: 2 }));

  it('keeps function logs three months', () =>
    template.hasResourceProperties('AWS::Logs::LogGroup', {
      LogGroupName: '/aws/lambda/hybrid-lake-dev-warehouse-elt',
      RetentionInDays: 90,
    }));

  it('retains the namespace, keys, log groups and dead-letter queue', () => {
    for (const type of [
      'AWS::RedshiftServerless::Namespace',
      'AWS::KMS::Key',
      'AWS::Logs::LogGroup',
      'AWS::SQS::Queue',
    ]) {
      for (const resource of Object.values(template.findResources(type))) {
        expect(resource.DeletionPolicy).toBe('Retain');
      }
    }
  });

  it('takes the settings of the environment from the definition', () =>
    template.hasResourceProperties('AWS::RedshiftServerless::Workgroup', {
      BaseCapacity: loadPlatform('dev').environment.warehouse.baseCapacity,
    }));
});

describe('WarehouseStack props', () => {
  it('applies explicit settings, including a capacity ceiling', () => {
    const { template } = standaloneWarehouse({
      settings: { databaseName: 'lake', baseCapacity: 32, maxCapacity: 64 },
    });
    template.hasResourceProperties('AWS::RedshiftServerless::Workgroup', {
      BaseCapacity: 32,
      MaxCapacity: 64,
    });
    template.hasResourceProperties('AWS::RedshiftServerless::Namespace', { DbName: 'lake' });
  });

  it('sizes and times the functions as told', () => {
    const { template } = standaloneWarehouse({
      migrations: { memorySize: 512, timeout: Duration.minutes(5) },
      elt: { memorySize: 1024, retryAttempts: 0, logRetention: logs.RetentionDays.ONE_MONTH },
    });
    expect(functionProps(template, 'hybrid-lake-dev-warehouse-migrations')).toMatchObject({
      MemorySize: 512,
      Timeout: 300,
    });
    expect(functionProps(template, 'hybrid-lake-dev-warehouse-elt')).toMatchObject({
      MemorySize: 1024,
    });
    template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', { MaximumRetryAttempts: 0 });
  });

  it('destroys the namespace only when told to', () => {
    const { template } = standaloneWarehouse({ removalPolicy: RemovalPolicy.DESTROY });
    template.hasResource('AWS::RedshiftServerless::Namespace', { DeletionPolicy: 'Delete' });
  });

  it('refuses a VPC with fewer than three isolated subnets (enhanced VPC routing needs three AZs)', () =>
    expect(() => standaloneWarehouse({ zoneCount: 2 })).toThrow(
      new WarehouseNetworkError(
        'the workgroup needs isolated subnets in at least 3 Availability Zones (enhanced VPC routing); the VPC has 2',
      ),
    ));
});

describe('WarehouseStack bundling (esbuild, no Docker)', () => {
  // Any handler of the repository bundles the same way; what is under test is the SQL beside it.
  const handler = lambdaHandlerEntry('failure-alerts');
  const outdir = mkdtempSync(join(tmpdir(), 'hybrid-lake-warehouse-bundle-'));
  const sql = sqlFixture({ 'V001__schemas.sql': 'CREATE SCHEMA staging;\n' });
  standaloneWarehouse({
    outdir,
    sqlDirectory: sql,
    migrations: { handlerEntry: handler },
    elt: { handlerEntry: handler },
  });
  const bundles = readdirSync(outdir)
    .filter((name) => name.startsWith('asset.'))
    .map((name) => join(outdir, name))
    .filter((path) => existsSync(join(path, 'index.js')));

  it('puts the migrations in one bundle and the loads, transforms and models in the other', () => {
    const sqlFolders = bundles
      .map((path) => (existsSync(join(path, 'sql')) ? readdirSync(join(path, 'sql')).sort() : []))
      .filter((folders) => folders.length > 0)
      .map((folders) => folders.join(','))
      .sort();
    expect(sqlFolders).toEqual(['loads,models,transforms', 'migrations']);
  });

  it('ships the migration files themselves', () => {
    const withMigrations = bundles.find((path) => existsSync(join(path, 'sql', 'migrations')));
    expect(readdirSync(join(withMigrations!, 'sql', 'migrations'))).toEqual(['V001__schemas.sql']);
  });
});
