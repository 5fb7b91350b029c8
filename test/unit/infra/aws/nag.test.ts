import { aws_s3 as s3 } from 'aws-cdk-lib';
import type { PlatformStacks } from '../../../../infra/aws/platform-app';
import { synthWithNag, type NagFinding } from '../../../fixtures/nag-synth';

/**
 * Synthesizes the platform with cdk-nag (AwsSolutions) registered as the app registers it, and
 * returns its findings from the policy-validation report (acknowledged ones are not reported).
 */
function nagFindings(
  context: Record<string, unknown>,
  addToApp: (stacks: PlatformStacks) => void = () => undefined,
): { stacks: PlatformStacks; violations: NagFinding[] } {
  const { stacks, findings } = synthWithNag(context, (_app, platformStacks) => {
    addToApp(platformStacks);
  });
  return { stacks, violations: findings };
}

describe.each([
  ['dev', { env: 'dev' }],
  ['prod', { env: 'prod' }],
  ['dev with allowDestroy', { env: 'dev', allowDestroy: 'true' }],
])('cdk-nag AwsSolutions on %s', (_name, context) => {
  const { stacks, violations } = nagFindings(context);

  it.each([
    ['alerting', stacks.alerting.stackName],
    ['data lake', stacks.dataLake.stackName],
    ['catalog', stacks.catalog.stackName],
    ['replication', stacks.replication.stackName],
    ['network', stacks.network.stackName],
    ['streaming', stacks.streaming.stackName],
    ['etl', stacks.etl.stackName],
    ['warehouse (the ELT announcing its successes)', stacks.warehouse.stackName],
    ['marketplace API (the recommendation export)', stacks.marketplaceApi.stackName],
    ['observability', stacks.observability.stackName],
  ])('finds nothing unacknowledged in the %s stack', (_stack, stackName) => {
    expect(violations.filter((violation) => violation.path.startsWith(`${stackName}/`))).toEqual(
      [],
    );
  });

  it('finds nothing anywhere else in the app', () => {
    expect(violations).toEqual([]);
  });
});

describe('the cdk-nag check itself', () => {
  it('fails the synth of the platform app when a stack gains a non-compliant resource', () => {
    const { violations } = nagFindings({ env: 'dev' }, (stacks) => {
      new s3.Bucket(stacks.dataLake, 'UnloggedBucket', { enforceSSL: true });
    });

    expect(violations).toContainEqual({
      rule: 'AwsSolutions-S1',
      path: 'hybrid-lake-dev-data-lake/UnloggedBucket/Resource',
      severity: 'error',
    });
  });
});
