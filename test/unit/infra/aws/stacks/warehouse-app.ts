/**
 * Builds the warehouse stack two ways for its tests (not a test file itself):
 * - `synthWarehouseApp`: the whole platform app as `cdk synth` builds it (cdk-nag included), for
 *   the template and the findings;
 * - `standaloneWarehouse`: the warehouse stack alone over stand-in dependencies, fast enough to
 *   build many times (SQL fixtures, props).
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, Stack, aws_ec2 as ec2, aws_kms as kms, aws_s3 as s3 } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import {
  WarehouseStack,
  type WarehouseStackProps,
} from '../../../../../infra/aws/stacks/warehouse';
import { describeFinding, synthWithNag } from '../../../../fixtures/nag-synth';
import { ZONE_NAMES, loadPlatform, type ZoneName } from '../../../../../infra/platform';

export interface WarehouseApp {
  readonly warehouse: WarehouseStack;
  readonly template: Template;
  /** cdk-nag findings not acknowledged anywhere in the app, as `<rule> <construct path>`. */
  readonly nagFindings: string[];
}

export function synthWarehouseApp(env: 'dev' | 'prod'): WarehouseApp {
  const synthesis = synthWithNag({ env });
  const { warehouse } = synthesis.stacks;
  return {
    warehouse,
    template: synthesis.templateOf(warehouse),
    nagFindings: synthesis.findings.map(describeFinding),
  };
}

/** A `sql/` folder with the given migrations and one load, one transform and one model. */
export function sqlFixture(migrations: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'hybrid-lake-sql-'));
  for (const folder of ['migrations', 'loads', 'transforms', 'models'])
    mkdirSync(join(root, folder));
  for (const [name, text] of Object.entries(migrations)) {
    writeFileSync(join(root, 'migrations', name), text);
  }
  writeFileSync(join(root, 'loads', '01_events.sql'), 'DELETE FROM staging.events;\n');
  writeFileSync(join(root, 'transforms', '01_facts.sql'), 'SELECT 1;\n');
  writeFileSync(join(root, 'models', 'churn.sql'), 'DROP MODEL IF EXISTS ml.churn;\n');
  return root;
}

/**
 * The warehouse stack over stand-ins for the lake buckets, catalog key and VPC (three isolated
 * subnets unless told otherwise).
 */
export function standaloneWarehouse(
  props: Partial<WarehouseStackProps> & { zoneCount?: number; outdir?: string } = {},
): { stack: WarehouseStack; template: Template } {
  const { zoneCount, outdir, ...stackProps } = props;
  const platform = props.platform ?? loadPlatform('dev');
  // With an outdir, the functions are bundled as in `cdk synth`.
  const app = new App(
    outdir === undefined ? { context: { 'aws:cdk:bundling-stacks': [] } } : { outdir },
  );
  const env = { account: '123456789012', region: 'eu-west-1' };
  const dependencies = new Stack(app, 'Dependencies', { env });
  const zoneBuckets = Object.fromEntries(
    ZONE_NAMES.map((zone) => [
      zone,
      new s3.Bucket(dependencies, `Bucket-${zone}`, {
        encryption: s3.BucketEncryption.KMS,
        encryptionKey: new kms.Key(dependencies, `Key-${zone}`),
      }),
    ]),
  ) as unknown as Record<ZoneName, s3.IBucket>;
  const vpc = new ec2.Vpc(dependencies, 'Vpc', {
    availabilityZones: ['eu-west-1a', 'eu-west-1b', 'eu-west-1c'].slice(0, zoneCount ?? 3),
    natGateways: 0,
    subnetConfiguration: [{ name: 'private', subnetType: ec2.SubnetType.PRIVATE_ISOLATED }],
  });
  const stack = new WarehouseStack(app, 'Warehouse', {
    env,
    platform,
    zoneBuckets,
    catalogKey: new kms.Key(dependencies, 'CatalogKey'),
    vpc,
    cleanToCuratedJobName: 'hybrid-lake-dev-clean-to-curated',
    ...stackProps,
  });
  return { stack, template: Template.fromStack(stack) };
}
