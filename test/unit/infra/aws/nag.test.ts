import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, aws_s3 as s3 } from 'aws-cdk-lib';
import { addPlatformStacks, type PlatformStacks } from '../../../../infra/aws/platform-app';
import { cdkJsonContext } from '../../../../infra/aws/synthesize';

interface Violation {
  readonly rule: string;
  readonly path: string;
  readonly severity: string;
}

/**
 * Synthesizes the platform with cdk-nag (AwsSolutions) registered as the app registers it, and
 * returns its findings from the policy-validation report (acknowledged ones are not reported).
 */
function nagFindings(
  context: Record<string, unknown>,
  addToApp: (stacks: PlatformStacks) => void = () => undefined,
): { stacks: PlatformStacks; violations: Violation[] } {
  const outdir = mkdtempSync(join(tmpdir(), 'hybrid-lake-nag-'));
  const app = new App({
    outdir,
    context: { ...cdkJsonContext(), 'aws:cdk:bundling-stacks': [], ...context },
  });
  const stacks = addPlatformStacks(app);
  addToApp(stacks);
  const printed = jest.spyOn(console, 'error').mockImplementation(() => undefined);
  try {
    app.synth();
  } catch {
    // A failing validation throws after writing the report, which is what we read below.
  } finally {
    printed.mockRestore();
  }
  const reportPath = join(outdir, 'validation-report.json');
  expect(existsSync(reportPath)).toBe(true);
  const report = JSON.parse(readFileSync(reportPath, 'utf8')) as {
    pluginReports: {
      pluginName: string;
      violations: {
        ruleName: string;
        severity: string;
        violatingConstructs: { constructPath: string }[];
      }[];
    }[];
  };
  // The report also carries synth warnings (e.g. allowDestroy's) under their own plugin name.
  const nagReports = report.pluginReports.filter((plugin) => plugin.pluginName === 'AwsSolutions');
  const violations = nagReports.flatMap((plugin) =>
    plugin.violations.flatMap((violation) =>
      violation.violatingConstructs.map((construct) => ({
        rule: violation.ruleName,
        path: construct.constructPath,
        severity: violation.severity,
      })),
    ),
  );
  return { stacks, violations };
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
