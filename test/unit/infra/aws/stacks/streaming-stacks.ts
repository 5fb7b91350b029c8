/**
 * Builds the platform app as `cdk synth` does (cdk-nag plugin included, via addPlatformStacks)
 * and returns its network, streaming and ETL stacks. Shared by the tests of those stacks; not a
 * test file itself.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { addPlatformStacks } from '../../../../../infra/aws/platform-app';
import { EtlStack } from '../../../../../infra/aws/stacks/etl';
import type { NetworkStack } from '../../../../../infra/aws/stacks/network';
import type { StreamingStack } from '../../../../../infra/aws/stacks/streaming';
import { cdkJsonContext } from '../../../../../infra/aws/synthesize';

/** Stand-ins for the PySpark scripts: the stacks only package them. */
export function glueSourceFixture(): string {
  const root = mkdtempSync(join(tmpdir(), 'hybrid-lake-glue-'));
  mkdirSync(join(root, 'jobs'));
  mkdirSync(join(root, 'tests'));
  mkdirSync(join(root, 'hybrid_lake_etl'));
  for (const job of ['stream_to_raw', 'raw_to_clean', 'clean_to_curated']) {
    writeFileSync(join(root, 'jobs', `${job}.py`), `# ${job}\n`);
  }
  writeFileSync(join(root, 'hybrid_lake_etl', '__init__.py'), '');
  writeFileSync(join(root, 'tests', 'test_fixture.py'), '');
  return root;
}

export interface StreamingApp {
  readonly network: NetworkStack;
  readonly streaming: StreamingStack;
  readonly etl: EtlStack;
  readonly templates: { network: Template; streaming: Template; etl: Template };
  /** cdk-nag findings not acknowledged, as `<rule> <construct path>`. */
  readonly nagFindings: string[];
}

export function synthStreamingApp(
  context: Record<string, unknown>,
  options: { glueSourceDirectory?: string } = {},
): StreamingApp {
  const outdir = mkdtempSync(join(tmpdir(), 'hybrid-lake-streaming-'));
  const app = new App({
    outdir,
    context: { ...cdkJsonContext(), 'aws:cdk:bundling-stacks': [], ...context },
  });
  const platformStacks = addPlatformStacks(app);
  const { network, streaming } = platformStacks;
  const etl =
    options.glueSourceDirectory === undefined
      ? platformStacks.etl
      : // Another copy of the ETL stack, packaging the given directory instead of infra/glue.
        new EtlStack(app, `${platformStacks.etl.stackName}-fixture`, {
          platform: platformStacks.platform,
          env: {
            account: platformStacks.platform.environment.account ?? process.env.CDK_DEFAULT_ACCOUNT,
            region: platformStacks.platform.environment.region,
          },
          zoneBuckets: platformStacks.dataLake.zoneBuckets,
          catalogKey: platformStacks.catalog.encryption.key,
          securityConfigurations: platformStacks.catalog.encryption.securityConfigurations,
          vpc: network.vpc,
          etlSecurityGroup: network.etlSecurityGroup,
          kafka: streaming.kafka,
          glueSourceDirectory: options.glueSourceDirectory,
        });

  const printed = jest.spyOn(console, 'error').mockImplementation(() => undefined);
  try {
    app.synth();
  } catch {
    // A failing validation throws after writing the report; templates are read from disk below.
  } finally {
    printed.mockRestore();
  }
  const templateOf = (name: string) =>
    Template.fromJSON(
      JSON.parse(readFileSync(join(outdir, `${name}.template.json`), 'utf8')) as Record<
        string,
        unknown
      >,
    );
  return {
    network,
    streaming,
    etl,
    templates: {
      network: templateOf(network.stackName),
      streaming: templateOf(streaming.stackName),
      etl: templateOf(etl.stackName),
    },
    nagFindings: readNagFindings(outdir),
  };
}

function readNagFindings(outdir: string): string[] {
  const reportPath = join(outdir, 'validation-report.json');
  // The plugin writes a report on every synth; without one, nothing was checked.
  expect(existsSync(reportPath)).toBe(true);
  const report = JSON.parse(readFileSync(reportPath, 'utf8')) as {
    pluginReports: {
      pluginName: string;
      violations: { ruleName: string; violatingConstructs: { constructPath: string }[] }[];
    }[];
  };
  return report.pluginReports
    .filter((plugin) => plugin.pluginName === 'AwsSolutions')
    .flatMap((plugin) =>
      plugin.violations.flatMap((violation) =>
        violation.violatingConstructs.map(
          (construct) => `${violation.ruleName} ${construct.constructPath}`,
        ),
      ),
    );
}
